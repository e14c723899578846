"""Offline sentence segmentation: NLTK's Punkt with abbreviation parameters shipped as a lexicon.

Punkt needs no downloaded data when it is given its parameters; we give it the abbreviations news
text uses, so nothing calls `nltk.download`.
"""

from __future__ import annotations

import importlib.abc
import re
import sys
from contextlib import contextmanager
from typing import Iterator

from .document import Sentence
from .lexicon import derived_cache, load_words

PLAIN_END_RE = re.compile(r"([A-Za-z]{2,})([.?!])(?:\s+\S|[)\";}\]*:@'({\[!?])")
_RE_FLAGS = re.IGNORECASE | re.MULTILINE | re.DOTALL | re.UNICODE | re.VERBOSE | re.ASCII  # not `regex`'s own


class _Refuse(importlib.abc.MetaPathFinder):
    """Makes optional imports fail, so a package falls back to the code path without them."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names

    def find_spec(self, name, path, target=None):  # noqa: ANN001 - importlib's signature
        if name.split(".")[0] in self.names:
            raise ImportError(f"{name} is not loaded for sentence splitting")
        return None


@contextmanager
def _without(*names: str) -> Iterator[None]:
    finder = _Refuse(tuple(n for n in names if n not in sys.modules))
    sys.meta_path.insert(0, finder)
    try:
        yield
    finally:
        sys.meta_path.remove(finder)


def _punkt():
    # `import nltk` loads every NLTK module, and some of them load SciPy when it is installed: 1 s
    # of start-up that Punkt never uses. Those modules treat SciPy as optional, so it is refused here.
    with _without("scipy", "sklearn"):
        from nltk.tokenize import punkt
    return punkt


def _plain(pattern) -> re.Pattern[str]:  # noqa: ANN001 - one of NLTK's guarded patterns
    """NLTK's own pattern compiled by the standard library.

    NLTK runs every pattern through a ReDoS guard (the `regex` engine under a timeout), which makes
    Punkt spend most of its time in the guard. These are Punkt's fixed patterns, not ones a user
    supplies, so they run unguarded; `tests/test_document.py` checks the sentences stay the same."""
    return re.compile(pattern.pattern, pattern.flags & _RE_FLAGS)


@derived_cache
def _tokenizer():
    punkt = _punkt()

    class LanguageVars(punkt.PunktLanguageVars):
        re_boundary_realignment = _plain(punkt.PunktLanguageVars.re_boundary_realignment)

        def __init__(self) -> None:
            self.word_tokenizer = _plain(super()._word_tokenizer_re())
            self.period_context = _plain(super().period_context_re())

        def _word_tokenizer_re(self) -> re.Pattern[str]:
            return self.word_tokenizer

        def period_context_re(self) -> re.Pattern[str]:
            return self.period_context

    class Token(punkt.PunktToken):
        _RE_ELLIPSIS = _plain(punkt.PunktToken._RE_ELLIPSIS)
        _RE_NUMERIC = _plain(punkt.PunktToken._RE_NUMERIC)
        _RE_INITIAL = _plain(punkt.PunktToken._RE_INITIAL)
        _RE_ALPHA = _plain(punkt.PunktToken._RE_ALPHA)
        _RE_NON_PUNCT = re.compile(r"[^\W\d]")

        @property
        def is_non_punct(self) -> bool:
            return bool(self._RE_NON_PUNCT.search(self.type))

    class Tokenizer(punkt.PunktSentenceTokenizer):
        def text_contains_sentbreak(self, text: str) -> bool:
            """Punkt's answer, without building its tokens for the common case: a plain word, its
            end mark and a following token. A word of two or more letters ending in "?", "!" or a
            full stop that is not an abbreviation is a break whatever follows (with no trained
            collocations, sentence starters or orthographic context, Punkt's second pass only
            revisits abbreviations, initials and numbers)."""
            plain = PLAIN_END_RE.match(text)
            if plain and (plain[2] != "." or plain[1].lower() not in self._params.abbrev_types):
                return True
            return super().text_contains_sentbreak(text)

    params = punkt.PunktParameters()
    params.abbrev_types = {a.lower().rstrip(".") for a in load_words("abbreviations")}
    return Tokenizer(params, lang_vars=LanguageVars(), token_cls=Token)


def split_sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Sentences of `text[start:end]` with offsets into `text`."""
    chunk = text[start:end]
    return [Sentence(start + a, start + b, chunk[a:b]) for a, b in _tokenizer().span_tokenize(chunk)]

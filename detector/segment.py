"""Offline sentence segmentation: NLTK's Punkt with abbreviation parameters shipped as a lexicon.

Punkt needs no downloaded data when it is given its parameters; we give it the abbreviations news
text uses, so nothing calls `nltk.download`.
"""

from __future__ import annotations

import importlib.abc
import sys
from contextlib import contextmanager
from typing import Iterator

from .document import Sentence
from .lexicon import derived_cache, load_words


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
        from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer
    return PunktParameters, PunktSentenceTokenizer


@derived_cache
def _tokenizer():
    parameters, tokenizer = _punkt()
    params = parameters()
    params.abbrev_types = {a.lower().rstrip(".") for a in load_words("abbreviations")}
    return tokenizer(params)


def split_sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Sentences of `text[start:end]` with offsets into `text`."""
    chunk = text[start:end]
    return [Sentence(start + a, start + b, chunk[a:b]) for a, b in _tokenizer().span_tokenize(chunk)]

"""MT801: a word the language model of native English finds far less likely than its frequency and
context lead one to expect, and that a replacement or a deletion makes the sentence clearly likelier."""

from __future__ import annotations

import math
from collections.abc import Iterator as Iterating
from contextlib import contextmanager
from dataclasses import replace
from typing import Callable, ClassVar, Iterator

from ..config import Config
from ..document import Document
from ..findings import Finding
from ..rules.base import Rule, register
from .suspicion import Scorer, Suspect, category, suspects
from .weights import ModelUnavailable, gguf_path

# A suspect is a candidate unless its best replacement leaves the words after it this much less likely
# (nats): set on web_dev, where candidates at -2 are right 0.38 of the time (29), at 0.5 0.38 (13)
# and without a floor 0.28 (67); the candidate model weighs the rest.
MIN_RIGHT = -2.0
MIN_RIGHT_DELETION = 6.0  # deleting a word saves its own cost: the words after it must gain more

_scorer: list[tuple[Scorer, list[str] | None]] = []  # stand-ins for the model (training reads cached scores)


@contextmanager
def scoring_with(scorer: Scorer, vocab: list[str] | None = None) -> Iterating[None]:
    """Within this block MT801 scores text with `scorer` (and reads token ids with `vocab`, default
    the model's) instead of running the model."""
    _scorer.append((scorer, vocab))
    try:
        yield
    finally:
        _scorer.pop()


def available() -> str | None:
    """None when the model can run, else why not (one line)."""
    try:
        gguf_path()
        import gguf  # noqa: F401
    except ModelUnavailable as exc:
        return str(exc)
    except ImportError as exc:
        return f"the package {exc.name} is not installed"
    return None


def _confidence(s: Suspect) -> float:
    """The rule's own confidence, before the candidate model weighs its signals: rises with the
    margin by which the variant wins (2.5 nats: even odds) and the word's excess surprisal."""
    z = 0.6 * (s.right - 2.5) + 0.2 * (s.word.excess - 6.0)
    return round(1.0 / (1.0 + math.exp(-z)), 3)


@register
class UnexpectedWord(Rule):
    """A word that fluent English does not expect here, where another word (or none) reads far better.

    What: per word, surprisal under a small language model of native English (SmolLM2-135M) beyond
    what the word's frequency and the model's uncertainty predict; the suspicious ones are re-scored
    with the model's own likeliest words, mined substitution pairs and deletion in their place, so
    the words after them decide.
    Why: translation and spinners leave words that are real English but wrong in context: false
    friends, word-for-word renderings and synonym swaps that no list names.
    Example: "the minister held a press convention on Monday" -> "press conference".
    Fix: unsafe; the winning variant is offered, an editor decides.
    """

    code = "MT801"
    name = "unexpected-word"
    category = "calque"
    confidence = 0.6
    uses_language_model: ClassVar[bool] = True

    def check(self, doc: Document) -> Iterator[Finding]:
        from .lm import load_model, score_sentences

        score, vocab = _scorer[-1] if _scorer else (score_sentences, None)
        for s in suspects(doc, score, vocab or load_model().tokenizer.tokens):
            if s.replacement is None or s.right < (MIN_RIGHT_DELETION if s.replacement == "" else MIN_RIGHT):
                continue  # the words after it reject every variant: nothing to weigh
            w = s.word
            start, end = w.start, w.end
            if s.replacement == "":  # delete the word and the space before it
                while start > 0 and doc.text[start - 1] == " ":
                    start -= 1
            message = (f"'{w.word}' is unexpected here ({w.excess:.1f} nats more surprising than its "
                       f"frequency predicts); " +
                       (f"the words after it read {s.right:.1f} nats likelier without it" if not s.replacement
                        else f"with '{s.replacement}' ({s.source}) the words after it read {s.right:.1f} "
                             "nats likelier"))
            found = self.finding(doc, start, end, message, s.replacement, _confidence(s),
                                 category=category(w.word, s.replacement or ""))
            found.signals = s.signals()
            yield found


__all__ = ["UnexpectedWord", "available", "ModelUnavailable", "scoring_with"]


def fluency_setting(config: Config, on: bool | None, warn: Callable[[str], None]) -> Config:
    """`config` with the fluency stage as `on` asks (None: as configured), and off when the model
    cannot run; in that case `warn` gets one line saying why."""
    if on is not None:
        config = replace(config, fluency=on)
    if config.fluency and (why := available()) is not None:
        warn(f"warning: fluency checks (MT801) are off: {why}.")
        return replace(config, fluency=False)
    return config

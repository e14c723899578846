"""MT801: a word the language model of native English finds far less likely than its frequency and
context lead one to expect, and that a replacement or a deletion makes the sentence clearly likelier."""

from __future__ import annotations

import math
from typing import ClassVar, Iterator

from ..findings import Finding
from ..fluency.mode import MIN_RIGHT, MIN_RIGHT_DELETION, _scorer
from ..fluency.suspicion import Suspect, category, suspects
from ..text.document import Document
from .base import Rule, register


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
    Example: "the minister held a news convention on Monday" -> "news conference".
    Fix: unsafe; the winning variant is offered, an editor decides.
    """

    code = "MT801"
    name = "unexpected-word"
    category = "calque"
    confidence = 0.6
    uses_language_model: ClassVar[bool] = True

    def check(self, doc: Document) -> Iterator[Finding]:
        from ..fluency.lm import load_model, score_sentences

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

"""MT52x: words and headline parts glued together by scraping or translation."""

from __future__ import annotations

import re
from typing import Iterator

from ..document import Document
from ..findings import UNSAFE, Finding
from ..frequency import zipf
from ..lexicon import load_words
from .base import Rule, register

GLUED_CAPS_RE = re.compile(r"\b([A-Z][a-z]+|[a-z]{3,}|[A-Z]{2,})([A-Z][a-z]+)\b")  # always a whole word
JUNCTION_RE = re.compile(r"[A-Z](?<=[A-Za-z][A-Z])[a-z]")  # a capital inside a word, before a small letter
JOINERS = ("because", "although", "which", "where", "while", "that", "and", "but", "the", "with", "when")
GLUED_LOWER_RE = re.compile(rf"\b([a-z]{{3,}})({'|'.join(JOINERS)})\b")
OPENERS = frozenset({"But", "And", "The", "As", "In", "After", "Before", "While", "When", "Updated",
                     "Read", "Photo", "Video", "Democracy", "Share", "Watch", "Also", "By"})


@register
class GluedHeadline(Rule):
    """Two words run together with a capital in the middle: headline parts glued by scraping.

    Why: scrapers drop the line break between a headline, its subheads and the body.
    Example: "talks end in ViennaMerkel sees progress".
    Fix: "Vienna. Merkel" (unsafe: the missing mark may be a full stop or a line break).
    """

    code = "MT521"
    name = "glued-headline"
    category = "run_on"
    fix = UNSAFE
    confidence = 0.8

    @staticmethod
    def _glued(text: str, pos: int) -> Iterator[re.Match[str]]:
        """`GLUED_CAPS_RE.finditer(text, pos)`, trying only the words with a capital inside them."""
        last_start = -1
        for junction in JUNCTION_RE.finditer(text, pos):
            start = junction.start()
            while start > pos and (text[start - 1].isalnum() or text[start - 1] == "_"):
                start -= 1
            if start != last_start:
                last_start = start
                m = GLUED_CAPS_RE.match(text, start)
                if m:
                    yield m

    def check(self, doc: Document) -> Iterator[Finding]:
        camel = load_words("camelcase")
        counts = doc.word_counts
        for m in self._glued(doc.text, doc.body_start):
            left, right = m.group(1), m.group(2)
            word = m.group()
            if word in camel or re.match(r"(?:Mc|Mac|O)$", left) or counts.get(word, 0) > 1:
                continue
            right_known = counts.get(right, 0) > 0 or right in OPENERS
            left_known = counts.get(left, 0) > 0 or (right in OPENERS and zipf(left) >= 3.5)
            if not (right_known and left_known) or zipf(word) >= 2.0:
                continue
            yield self.finding(doc, m.start(), m.end(),
                               f"'{word}' runs '{left}' into '{right}': parts of a headline glued together",
                               f"{left}. {right}")


@register
class GluedWords(Rule):
    """A word glued to a following conjunction or article: "lyingbecause".

    Why: translation and text extraction lose the space between two words.
    Example: "he is lyingbecause the budget".
    Fix: "lying because" (unsafe: the split is inferred from word frequencies).
    """

    code = "MT522"
    name = "glued-words"
    category = "stray_punct"
    fix = UNSAFE
    confidence = 0.7

    @staticmethod
    def _is_glued(m: re.Match[str]) -> bool:
        return zipf(m.group()) == 0 and zipf(m.group(1)) >= 3.0

    def check(self, doc: Document) -> Iterator[Finding]:
        # Every match is a whole word: the text is searched only when one of its words is glued.
        ending = [w for w in doc.word_runs if w.endswith(JOINERS)]
        if not any((m := GLUED_LOWER_RE.fullmatch(w)) and self._is_glued(m) for w in ending):
            return
        for m in GLUED_LOWER_RE.finditer(doc.text, doc.body_start):
            word, left = m.group(), m.group(1)
            if not self._is_glued(m):
                continue
            yield self.finding(doc, m.start(), m.end(), f"'{word}' glues '{left}' to '{m.group(2)}'",
                               f"{left} {m.group(2)}")

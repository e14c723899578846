"""MT426: a hyphen spaced off one of the words it joins."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import SAFE, UNCORROBORATED, UNSAFE, Finding
from ...language.lexicon import load_words
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose

# "self -made", "anti -dumping", "talks -after", "Novak -AFP)": a space before the hyphen only.
SPACE_BEFORE_RE = re.compile(r"(?<![\w-])([A-Za-z]+) -(?=([A-Za-z][a-z]*))(?![A-Za-z]+-)")
# "self- employed": a space after the hyphen only; "pre- and post-war" is a suspended hyphen.
SPACE_AFTER_RE = re.compile(r"(?<![\w-])([A-Za-z]+)- (?!(?:and|or|to|nor|und)\b)([a-z]+)\b")


@register
class HyphenSpacing(Rule):
    """A hyphen with a space on one side only: "self -made", "anti -dumping", "talks -after".

    Why: a hyphen joins the parts of a compound with no space (Guardian style guide "hyphens", AP
    Stylebook "hyphen"); a dash between clauses takes a space on both sides (BBC News style "dashes";
    Guardian "dashes"). A space on one side only is a compound split by a detokeniser, or a dash glued
    to a word.
    Example: "a self -made fortune", "the anti -dumping duties", "anger grew -following a week".
    Fix: a compound with a known first element closes up: "self-made" (safe); otherwise the mark was
    a dash: "grew – after" (unsafe, below the default threshold unless other kinds of glitch on the
    page corroborate it: edited copy slips this way too, "the economy -which stagnated").
    """

    code = "MT426"
    name = "hyphen-spacing"
    category = "stray_punct"
    fix = SAFE
    confidence = 0.8

    def check(self, doc: Document) -> Iterator[Finding]:
        prefixes = load_words("typography_prefixes")
        for para, m in finditer_prose(SPACE_BEFORE_RE, doc, "-"):
            left, right = m.group(1), m.group(2)
            start, end = para.start + m.start(), para.start + m.end()
            if left.lower() in prefixes:
                yield self.finding(doc, start, end, f"'{left} -{right}': a compound split before its hyphen",
                                   f"{left}-")
            else:
                yield self.finding(doc, start + len(left), end,
                                   f"' -{right}': a dash glued to '{right}'", " – ", confidence=UNCORROBORATED,
                                   fix=UNSAFE)
        for para, m in finditer_prose(SPACE_AFTER_RE, doc, "-"):
            left, right = m.group(1), m.group(2)
            if left.lower() not in prefixes:
                continue
            start = para.start + m.start()
            yield self.finding(doc, start, start + len(left) + 2,
                               f"'{left}- {right}': a compound split after its hyphen", f"{left}-")

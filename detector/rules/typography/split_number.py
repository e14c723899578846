"""MT428: a year or a figure split by a space: "by the summer of 20 21", "12 500 troops"."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import UNCORROBORATED, UNSAFE, Finding
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose

DIGITS_SPACED_RE = re.compile(r"\d[  ]\d")  # in every match of both patterns
YEAR_LEAD = r"(?:in|of|since|until|till|by|from|year|spring|summer|autumn|fall|winter|early|late|mid|end)"
SPLIT_YEAR_RE = re.compile(rf"(?i:\b{YEAR_LEAD}) (?-i:(1[89]|20) (\d\d))(?![\d,.-]|\s?%| ?\d)")
# Thousands grouped by a space (or a no-break space): SI and continental style, "12 500".
SPACE_THOUSANDS_RE = re.compile(r"(?<![\d,.])(?<!\d )\b([1-9]\d{0,2})((?:[  ]\d{3})+)(?![\d,.-]|[  ]\d)")


@register
class SplitNumber(Rule):
    """A number broken by a space: a year ("by 20 21") or thousands grouped by spaces ("12 500").

    Why: English news writes years whole and groups thousands with commas (AP Stylebook "numerals",
    BBC News style "numbers", Guardian style guide "numbers": "2019", "12,500"); the space grouping is
    the SI and continental convention that translation keeps, and a split year is OCR or
    detokenisation damage.
    Example: "a new bridge by the summer of 20 21", "some 12 500 troops".
    Fix: "2021", "12,500" (unsafe: two numbers may stand side by side in a list; a single space-grouped
    figure in a page is reported below the default threshold unless other kinds of glitch on the page
    corroborate it).
    """

    code = "MT428"
    name = "split-number"
    category = "stray_punct"
    fix = UNSAFE
    confidence = 0.75

    def check(self, doc: Document) -> Iterator[Finding]:
        if not DIGITS_SPACED_RE.search(doc.body):
            return
        for para, m in finditer_prose(SPLIT_YEAR_RE, doc):
            start = para.start + m.start(1)
            yield self.finding(doc, start, para.start + m.end(),
                               f"the year {m.group(1)}{m.group(2)} split by a space", m.group(1) + m.group(2))
        grouped = list(finditer_prose(SPACE_THOUSANDS_RE, doc))
        # One such figure may be two numbers side by side ("of the 65 737 jets"): kept below the default
        # threshold; a page that groups thousands this way does it throughout.
        confidence = 0.7 if len(grouped) > 1 else UNCORROBORATED
        for para, m in grouped:
            groups = re.split(r"[  ]", m.group(2).strip())
            yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                               "thousands grouped by a space: English news groups them with commas",
                               ",".join([m.group(1), *groups]), confidence=confidence)

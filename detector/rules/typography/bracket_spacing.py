"""MT430: a bracket glued to the word outside it, or a comma before an opening bracket."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import SAFE, Finding
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose

# "Union(FU)": a word, "(" and two characters or more that are not a plural ending "(s)", "(es)".
OPEN_GLUED_RE = re.compile(r"(?<=[A-Za-z]{2})\((?=[A-Z0-9][^()\s]*[^()]*\))")
# "(Lyon)reports": ")" and a word; "(re)opened" and "(s)he" have a short lower-case inside.
CLOSE_GLUED_RE = re.compile(r"\(([^()]{2,})\)(?=[A-Za-z]{2})")
COMMA_BEFORE_RE = re.compile(r"(?<=[a-z]), \((?=[A-Z]{2,6}\))")  # an acronym after its expansion


@register
class BracketSpacing(Rule):
    """A bracket with no space between it and the word outside: "Union(FU)", "(Lyon)reports".

    Why: round brackets take a space outside and none inside (Guardian style guide "brackets", AP
    Stylebook "parentheses"); a comma goes after the closing bracket, never before the opening one
    (Chicago Manual of Style 6.18, Guardian "brackets"). Scrapers drop the space when they join text
    runs.
    Example: "the opposition Farmers' Union(FU)", "the town hall (Lyon)reports", "the flood agency, (FRA)".
    Fix: "Union (FU)", "(Lyon) reports", "the flood agency (FRA)" (safe; the comma only before an
    acronym in brackets, as asides after a comma occur in edited copy). "(s)he", "(re)open" and
    "friend(s)" are left alone.
    A single one on a page that reads as edited is reported below the default threshold (see
    `pipeline/corroborate.py`).
    """

    code = "MT430"
    name = "bracket-spacing"
    category = "stray_punct"
    fix = SAFE
    confidence = 0.8
    lone_needs_corroboration = True

    def check(self, doc: Document) -> Iterator[Finding]:
        for para, m in finditer_prose(OPEN_GLUED_RE, doc, "("):
            start = para.start + m.start()
            yield self.finding(doc, start, start + 1, "no space before '('", " (")
        for para, m in finditer_prose(CLOSE_GLUED_RE, doc, ")"):
            inside = m.group(1)
            if inside.islower() and len(inside) <= 4:
                continue
            start = para.start + m.end() - 1
            yield self.finding(doc, start, start + 1, "no space after ')'", ") ")
        for para, m in finditer_prose(COMMA_BEFORE_RE, doc, "("):
            start = para.start + m.start()
            yield self.finding(doc, start, start + 3, "a comma before an opening bracket", " (")

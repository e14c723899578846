"""MT420: a space before a comma, full stop, colon, semicolon, question or exclamation mark."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import SAFE, UNCORROBORATED, Finding
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose

# A word, closing mark or figure, spaces, then the mark and the end of the word: " ." before "5" is a
# decimal (".5 calibre"), " .com" a domain, " . . ." a run of dots (MT401).
SPACE_BEFORE_RE = re.compile(r"(?<=[\w”’)\]%])([.!?]?[”’\"]?)( +)([,;:.!?])(?=[\s”’\"]|$)")


@register
class SpaceBeforeMark(Rule):
    """A space before a comma, full stop, colon, semicolon, question or exclamation mark.

    Why: English sets these marks tight against the word before them (AP Stylebook, Guardian style
    guide "punctuation"; the spaced colon and question mark are French typography, carried over by
    translation, and tokenised MT output detokenised badly leaves "old ." and "word ,").
    Example: "a boy aged ten .", "the ministry , which", "the question is : who".
    Fix: close the space: "aged ten." (safe); after a closing quotation mark and a full stop,
    "postponed.” , she said" becomes "postponed,” she said". A single spaced mark in an article is reported
    below the default threshold (in edited copy it is most often a removed link), unless other kinds of
    glitch on the page corroborate it.
    """

    code = "MT420"
    name = "space-before-mark"
    category = "stray_punct"
    fix = SAFE
    confidence = 0.85

    def check(self, doc: Document) -> Iterator[Finding]:
        found = list(self._spaced(doc))
        # One spaced mark in an article that sets every other mark tight is, in edited copy, most often
        # a link or a footnote the scraper removed: kept below the default threshold. A translation
        # detokenised badly repeats it; a mark after a closing quote and a full stop is never a link.
        alone = len(found) < 2
        for finding, after_quote in found:
            if alone and not after_quote:
                finding.confidence = UNCORROBORATED
            yield finding

    def _spaced(self, doc: Document) -> Iterator[tuple[Finding, bool]]:
        for para, m in finditer_prose(SPACE_BEFORE_RE, doc):
            text = para.text
            lead, mark = m.group(1), m.group(3)
            after = text[m.end():m.end() + 3]
            if mark == "." and (after.lstrip().startswith(".") or text[m.start() - 1:m.start()] == "."):
                continue  # a run of dots: MT401
            if mark == ":" and text[m.start() - 1:m.start()].isdigit() and after.strip()[:1].isdigit():
                continue  # a score or ratio set "3 : 1"
            start = para.start + m.start()
            if lead and lead[0] in ".!?" and mark == ",":
                suggestion = ("," if lead[0] == "." else lead[0]) + lead[1:]
            elif lead and lead[0] in ".!?" and mark in ".!?":
                suggestion = lead  # "said.” ." keeps the first mark
            else:
                suggestion = lead + mark
            yield self.finding(doc, start, para.start + m.end(),
                               f"a space before '{mark}': English sets it against the word",
                               suggestion), bool(lead)

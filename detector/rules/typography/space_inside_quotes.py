"""MT421: a space inside quotation marks, or around the apostrophe of a possessive."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import SAFE, Finding
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose, open_double_quote

# An opening mark at a word start with a space after it: "“ long-awaited", "\" We" (straight ones only
# where the paragraph has no quotation open, so the mark opens one).
OPEN_SPACE_RE = re.compile(r"(?:(?<=^)|(?<=[\s(\[—–-]))([“‘\"])( +)(?=[\w‘’'$£€])")
# A closing mark after a word with a space before it: "deadline. ”", "the plan is off  ”,".
CLOSE_SPACE_RE = re.compile(r"(?<=[\w.!?,%)])( +)(”)(?=[\s,.;:!?)]|$)")
# The apostrophe of a possessive or contraction spaced off: "Russia’ s", "Russia ’s", "don’ t".
APOSTROPHE_RE = re.compile(r"(?<=[a-zA-Z])(?: ([’'])(s|t|ll|re|ve|d|m)|([’']) (s|t|ll|re|ve|m))(?![\w-])")


@register
class SpaceInsideQuotes(Rule):
    """A space between a quotation mark and the words it quotes, or around an apostrophe.

    Why: quotation marks and apostrophes sit against their words in English (AP Stylebook
    "quotation marks"; Guardian style guide "quotation marks"; Unicode ch. 6.2 treats them as
    punctuation of the word). Tokenised MT output and detokenisers leave "“ long-awaited" and "Russia’ s".
    Example: "a “ long-awaited reform", "\" We were ready early", "the result. ”", "Kyiv’ s mayor".
    Fix: close the space: "“long-awaited", "Kyiv’s" (safe).
    A single one on a page that reads as edited is reported below the default threshold (see
    `pipeline/corroborate.py`).
    """

    code = "MT421"
    name = "space-inside-quotes"
    category = "stray_punct"
    fix = SAFE
    confidence = 0.85
    lone_needs_corroboration = True

    def check(self, doc: Document) -> Iterator[Finding]:
        for para, m in finditer_prose(OPEN_SPACE_RE, doc, "“‘\""):
            mark = m.group(1)
            if mark in "“\"" and open_double_quote(para.text, m.start()):
                continue  # a quotation is open: the mark closes it (MT423 sees "“" turned the wrong way)
            if mark == "‘" and not re.match(r"\w", para.text[m.end():m.end() + 1]):
                continue
            if mark == '"' and m.start() > 0:
                continue  # a straight mark spaced on both sides inside a paragraph may close a quotation
            start = para.start + m.start()
            yield self.finding(doc, start, para.start + m.end(),
                               "a space after an opening quotation mark", mark)
        for para, m in finditer_prose(CLOSE_SPACE_RE, doc, "”"):  # no word after it: the mark closes
            start = para.start + m.start()
            yield self.finding(doc, start, para.start + m.end(),
                               "a space before a closing quotation mark", "”")
        for para, m in finditer_prose(APOSTROPHE_RE, doc, "’'"):
            mark, ending = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
            before = para.text[:m.start()]
            if mark == "’" and before.count("‘") > before.count("’"):
                continue  # a closing single quotation mark: "the ‘reset’ s..." is not an apostrophe
            if mark == "'" and before.count("'") % 2 == 1:
                continue
            start = para.start + m.start()
            yield self.finding(doc, start, para.start + m.end(),
                               f"a space around the apostrophe of '{mark}{ending}'", mark + ending)

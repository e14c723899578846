"""MT429: no space after the end of a sentence: "the trade unions.This means"."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import SAFE, Finding
from ...language.frequency import zipf
from ...language.lexicon import load_words
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose

# A word of two letters or more ending in a small letter, a full stop, question mark or ellipsis, and a
# capitalised word: initials ("J.K."), "U.S.", decimals and times (10.30) have no such shape.
MIN_ZIPF = 4.0  # a sentence opener is a frequent word (wordfreq) or one the page uses on its own
GLUED_END_RE = re.compile(r"(?<![\w.])([A-Za-z]*[a-z]{2})([.?…]|!)([A-Z][a-z]+)\b")


@register
class SentenceSpace(Rule):
    """A sentence end with no space before the next sentence: "unions.This", "war…There".

    Why: a full stop, question mark or ellipsis that ends a sentence is followed by a space (AP
    Stylebook "ellipsis", Guardian style guide "full stops"); scrapers and engines that join segments
    drop it. Host names ("Amazon.com"), file names, e-mail addresses, initials, "U.S.", decimals and
    times have no capitalised word after a word's full stop, and brands written with a full stop inside
    ("One.Tel": a second part that is rare in English and not used alone on the page) are left alone.
    Example: "to discuss it with the trade unions.This means", "the war in the north…There".
    Fix: the space: "unions. This" (safe).
    A single one on a page that reads as edited is reported below the default threshold (see
    `pipeline/corroborate.py`).
    """

    code = "MT429"
    name = "sentence-space"
    category = "run_on"
    fix = SAFE
    confidence = 0.85
    lone_needs_corroboration = True

    def check(self, doc: Document) -> Iterator[Finding]:
        camel = load_words("camelcase")
        for para, m in finditer_prose(GLUED_END_RE, doc):
            left, mark, right = m.groups()
            token = m.group()
            glued = doc.body.count(token)
            if token in camel or doc.word_counts.get(right, 0) <= glued and (glued > 1 or zipf(right) < MIN_ZIPF):
                continue  # a brand ("One.Tel"): its second part is neither frequent nor used alone
            if mark == "!" and left[0].isupper():
                continue  # "Yahoo!News"
            start = para.start + m.start(2)
            yield self.finding(doc, start, start + len(mark) + len(right),
                               f"no space after '{mark}' before '{right}'", f"{mark} {right}")

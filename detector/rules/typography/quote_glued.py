"""MT422: a double quotation mark glued to the words on both sides of it."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import SAFE, UNSAFE, Finding
from ...language.lexicon import load_words
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose, open_double_quote

LATIN = r"A-Za-zÀ-ÖØ-öø-ɏ"
# A letter or sentence mark, the mark, a letter: "them“said", "which”the", "RTV9.”By". Digits are left
# alone (the inch mark of 5'10").
GLUED_RE = re.compile(rf"(?<=[{LATIN}.!?,])([“”\"])(?=[{LATIN}])")


@register
class QuoteGlued(Rule):
    """A quotation mark with no space on either side, between two words or a full stop and a word.

    Why: a quotation mark opens after a space and closes before one (AP Stylebook and Guardian style
    guide, "quotation marks"); engines and scrapers that rebuild spacing around punctuation drop the
    space on the side where the mark faces away from the word.
    Example: "faster than them“said the coach", "the channel RTV9.”By noon", "urged people to”stay".
    Fix: the space on the open side, the mark turned to face its words: "RTV9.” By", "to “stay"; and
    the comma before a reporting verb: "them,” said" (safe when only a space is added and the
    quotation state of the paragraph says which way the mark faces; unsafe when a comma is added).
    A single one on a page that reads as edited is reported below the default threshold (see
    `pipeline/corroborate.py`).
    """

    code = "MT422"
    name = "quote-glued"
    category = "stray_punct"
    fix = SAFE
    confidence = 0.85
    lone_needs_corroboration = True

    def check(self, doc: Document) -> Iterator[Finding]:
        verbs = load_words("speech_verbs")
        for para, m in finditer_prose(GLUED_RE, doc, "“”\""):
            text = para.text
            before = text[m.start() - 1]
            word = re.match(r"[\w’']+", text[m.end():]).group()
            start, end = para.start + m.start(), para.start + m.end()
            opening, closing = ('"', '"') if m.group(1) == '"' else ("“", "”")  # the page's own style
            if open_double_quote(text, m.start()):
                if word in verbs and before.isalpha():
                    yield self.finding(doc, start, end + len(word),
                                       f"a closing quotation mark glued to '{word}' with no comma",
                                       f",{closing} {word}", fix=UNSAFE)
                else:
                    yield self.finding(doc, start, end, "a closing quotation mark glued to the next word",
                                       closing + " ")
            else:
                lead = " " if before != " " else ""
                yield self.finding(doc, start, end, "an opening quotation mark glued to the word before",
                                   lead + opening)

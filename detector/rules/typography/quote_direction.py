"""MT423: a curly double quotation mark turned the wrong way."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import SAFE, Finding
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose, open_double_quote

# An opening mark after a word and before a mark or a space: "the end“.", "forward “." (closing).
OPENING_AS_CLOSING_RE = re.compile(r"(?<=[\w.!?,])( ?)“(?=[.,;:!?]|\s|$)|(?<=\w) “(?=[.,;:!?])")
# A closing mark after a space or at a paragraph start, before a word: "said ”the" (opening).
CLOSING_AS_OPENING_RE = re.compile(r"(?:(?<=^)|(?<=\s))”(?=\w)")


@register
class QuoteDirection(Rule):
    """A curly double quotation mark that faces away from the words it quotes.

    Why: “ opens and ” closes (Unicode Standard ch. 6.2, English usage; AP and Guardian style);
    conversion from guillemets and low-9 quotes or from straight marks by a naive "smart quotes" pass
    turns marks the wrong way.
    Example: "protects the old plan“.", "act soon, “ the mayor said", "urged ”the people".
    Fix: turn the mark: "plan”.", "soon,” the mayor said", "“the people" (safe: the
    quotation state of the paragraph and the spaces around the mark say which way it faces).
    A single one on a page that reads as edited is reported below the default threshold (see
    `pipeline/corroborate.py`).
    """

    code = "MT423"
    name = "quote-direction"
    category = "stray_punct"
    fix = SAFE
    confidence = 0.85
    lone_needs_corroboration = True

    def check(self, doc: Document) -> Iterator[Finding]:
        for para, m in finditer_prose(OPENING_AS_CLOSING_RE, doc, "“"):
            text = para.text
            follows = text[m.end():m.end() + 1]
            at_end = not text[m.end():].strip()
            if not open_double_quote(text, m.start()) and not at_end and (not follows or follows not in ".,;:!?"):
                continue
            end = m.end()
            if text[end:end + 1] == " " and re.match(r" +[a-z]", text[end:]):
                end += len(re.match(r" +", text[end:]).group()) - 1  # "harvest, “ the": keep one space
            yield self.finding(doc, para.start + m.start(), para.start + end,
                               "an opening quotation mark where the quotation closes", "”")
        for para, m in finditer_prose(CLOSING_AS_OPENING_RE, doc, "”"):
            if open_double_quote(para.text, m.start()):
                continue
            yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                               "a closing quotation mark where a quotation opens", "“")

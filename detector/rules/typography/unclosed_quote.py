"""MT434: a quotation opened in a paragraph and never closed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Iterator

from ...findings import UNSAFE, Finding
from ...text.document import Document, Sentence
from ..base import Rule, register
from .context import prose_paragraphs, quote_roles

SENTENCE_END_RE = re.compile(r"[.!?”\"’]\s*$")
LAST_WORDS_RE = re.compile(r"[\w’'-]+ ?[.!?]$")  # "old ." too: the space is MT420's


def _closed_later(paragraphs: Sequence[Sentence], k: int) -> int | None:
    """The later paragraph whose first quotation mark closes the quotation left open at the end of
    paragraph k (a quotation run over paragraphs without the opening mark repeated), if any."""
    for j in range(k + 1, len(paragraphs)):
        roles = quote_roles(paragraphs[j].text)
        if roles:
            return j if not roles[0][1] and paragraphs[j].text[roles[0][0]] in "”»" else None
    return None


@register
class UnclosedQuote(Rule):
    """A curly quotation opened in a paragraph and not closed by its end, or opened twice.

    Why: a quotation closes before its paragraph ends unless the next paragraph continues it and
    opens with a quotation mark again (AP Stylebook and Guardian style guide, "quotation marks");
    translation and scraping drop closing marks. A second opening mark before the first closes is a
    stray one (English nests single marks inside double ones). A speech run over paragraphs whose
    closing mark comes in a later paragraph, with no mark between, is one quotation set without the
    repeated opening marks: a house style, not a lost mark. A closing mark after a comma ends speech
    before its attribution ("...,” the coach said"): the mark is right, and the lost opening is MT411's.
    Example: "the captain said: “We must rest before the final." followed by a paragraph that does not
    open with “; "“The museum will reopen “once the roof is repaired,” the trust said."; a
    closing mark alone in its paragraph with no quotation left open before it.
    Fix: close the quotation at the paragraph end: "game.”" (unsafe: where it closes is a guess); a
    stray opening mark has no suggestion.
    """

    code = "MT434"
    name = "unclosed-quote"
    category = "quote_fragment"
    fix = UNSAFE
    confidence = 0.7

    def check(self, doc: Document) -> Iterator[Finding]:
        paragraphs = doc.paragraphs
        prose = {p.start for p in prose_paragraphs(doc)}
        continued = False  # the previous paragraph left a quotation open
        closes_carried: set[int] = set()  # paragraphs whose first mark closes a quotation opened before
        for k, para in enumerate(paragraphs):
            if para.start not in prose:
                continued = False
                continue
            text = para.text
            open_at = None
            roles = quote_roles(text)
            if k in closes_carried:
                continued = True
            # a hard-wrapped line: its paragraph began on an earlier line
            wrapped = text[:1].islower() or (k > 0 and not SENTENCE_END_RE.search(paragraphs[k - 1].text))
            for n, (i, opens) in enumerate(roles):
                if opens and open_at is not None and text[open_at] in "“«" and text[i] in "“«" \
                        and n + 1 < len(roles) and not roles[n + 1][1]:
                    word = re.match(r"[“«][\w’'-]*", text[open_at:]).group()
                    yield self.finding(doc, para.start + open_at, para.start + open_at + len(word),
                                       "a quotation opens here and opens again before it closes", None)
                elif not opens and text[i] in "”»" and not continued and not wrapped \
                        and len(roles) == 1 and text[i - 1:i] != ",":
                    word = re.search(r"[\w’'-]*[.,!?]?$", text[:i]).group()
                    yield self.finding(doc, para.start + i - len(word), para.start + i + 1,
                                       "a quotation closes here but never opens", None, confidence=0.6)
                open_at = i if opens else None
            continued = open_at is not None
            # The last paragraph of a stored excerpt may be cut short; a quotation continued in the next
            # paragraph opens it with a quotation mark again.
            if open_at is None or text[open_at] not in "“«" or k + 1 == len(paragraphs):
                continue
            following = paragraphs[k + 1].text.lstrip()
            if following.startswith(("“", "‘", '"', "«")) or following[:1].islower():
                continue  # continued in the next paragraph, or on the next line of a wrapped one
            carried = _closed_later(paragraphs, k)
            if carried is not None:
                closes_carried.add(carried)
                continue
            end = LAST_WORDS_RE.search(text.rstrip())
            if end and end.start() > open_at:
                yield self.finding(doc, para.start + end.start(), para.start + end.end(),
                                   "the quotation opened in this paragraph never closes",
                                   end.group().replace(" ", "") + "”")

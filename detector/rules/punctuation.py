"""MT40x: broken sentence punctuation left by translation and scraping."""

from __future__ import annotations

import re
from typing import Iterator

from ..findings import SAFE, UNSAFE, Finding
from ..language.lexicon import load_words
from ..language.prefilter import Guarded
from ..text.document import Document
from .base import Rule, register
from .typography.context import in_web_token

# Each pattern starts with the mark it looks for and checks what precedes it afterwards: a pattern that
# opens with a look-behind is tried at every position of the text, one that opens with a mark is not.
STRAY_PERIOD_RE = re.compile(r"\.(?<=[\w)\]”’\"]\.)( )([a-z][a-z’'-]*)")
MARKUP_AFTER_RE = re.compile(r" ?/? ?(?:>|&gt;)")
ROMAN_ORDINAL_RE = re.compile(r"([IVX](?<!\w.)[IVX]{1,4})\. (?=(?:on|in|at|of|and|was|is|has|had|who|will|the|to|from|for)\b)")
DOUBLE_PERIOD_RE = Guarded(re.compile(r"([.!?])(?<=[\w”’\")\]][.!?])( \.)(?! ?\.)"))
PERIOD_COMMA_RE = Guarded(re.compile(r"\.(?<=\w\.)( ,)"))
# two full stops glued after a word, before the next sentence ("the budget.. The"): not an ellipsis (three)
GLUED_DOUBLE_PERIOD_RE = Guarded(re.compile(r"(?<=[\w”’\")\]])\.\.(?=\s+[“\"‘]?[A-Z])"))
DOT_RUN_RE = Guarded(re.compile(r" ?(?:\. ){3,}\.(?: \.)+"))


def _previous_word(text: str, end: int) -> str:
    m = re.search(r"([\w.]+)$", text[max(0, end - 30):end])
    return m.group(1) if m else ""


@register
class StrayPeriod(Rule):
    """A full stop followed by a lower-case continuation: a sentence broken in the middle.

    Why: translation engines split and rejoin segments; the joins leave a period inside a clause.
    Example: "arrives shortly. the month.", "resume. talks".
    Fix: drop the period: "resume talks" (safe: a lower-case word after a period never
    starts a sentence; abbreviations, ellipses and URLs are left alone).
    """

    code = "MT401"
    name = "stray-period"
    category = "stray_punct"
    fix = SAFE
    confidence = 0.85

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        abbreviations = load_words("abbreviations")
        capitalised = load_words("capitalised_abbreviations")
        for m in STRAY_PERIOD_RE.finditer(text, doc.body_start):
            before = _previous_word(text, m.start())
            nxt = m.group(2)
            if before.lower().rstrip(".") in abbreviations or before in capitalised or "." in before \
                    or text[m.start() - 1:m.start()] == "." or ROMAN_ORDINAL_RE.match(text, m.start() - len(before)):
                continue
            if before.isdigit() or re.fullmatch(r"[A-Z]", before) or re.match(r"(?:com|org|net|html?|php|www|i[A-Z])", nxt):
                continue
            if text[m.end():m.end() + 1] in ("’", "'") or re.match(r"[A-Z]", text[m.end():m.end() + 1] or " "):
                continue
            if MARKUP_AFTER_RE.match(text, m.end()):
                continue  # "br /&gt;": an HTML tag left in the page, not a word
            if in_web_token(text, m.end() - len(nxt), m.end()):
                continue  # "rise. pic.twitter.com/x": an embedded post's link after the sentence
            yield self.finding(doc, m.start(), m.end(),
                               f"a full stop before the lower-case '{nxt}' breaks the sentence",
                               " " + nxt)
        for m in ROMAN_ORDINAL_RE.finditer(text, doc.body_start):
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group(1)}.' is a German-style ordinal: English writes '{m.group(1)}'",
                               f"{m.group(1)} ", confidence=0.75)
        for m in DOT_RUN_RE.finditer(text, doc.body_start):
            yield self.finding(doc, m.start(), m.end(), "a run of stray full stops", "", confidence=0.8)


@register
class DoubledPunctuation(Rule):
    """Two terminal marks in a row: ". ." or ". ,".

    Why: the source's own full stop survives next to the one the engine adds when it rejoins
    segments.
    Example: "the mayor noted. .", "and more. .", "the deadline. ,”", "the budget.. The".
    Fix: keep one mark: "the mayor noted." (safe).
    """

    code = "MT402"
    name = "doubled-punctuation"
    category = "double_punct"
    fix = SAFE
    confidence = 0.9

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in DOUBLE_PERIOD_RE.finditer(text, doc.body_start):
            if DOT_RUN_RE.match(text, m.start(1) - 1):
                continue
            yield self.finding(doc, m.start(), m.end(), "doubled full stop", m.group(1))
        for m in GLUED_DOUBLE_PERIOD_RE.finditer(text, doc.body_start):
            yield self.finding(doc, m.start(), m.end(), "two full stops end the sentence", ".")
        for m in PERIOD_COMMA_RE.finditer(text, doc.body_start):
            yield self.finding(doc, m.start(), m.end(), "a full stop followed by a comma", ",",
                               confidence=0.85, fix=UNSAFE)

"""MT432: the punctuation between a quotation and its attribution: "regime”: said", ",” – said"."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import UNSAFE, Finding
from ...language.lexicon import derived_cache, load_words
from ...language.trie import alternation
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose, open_double_quote

PRONOUN = r"(?:he|she|they)"  # lower case: ".” He said the talks" starts a new sentence


@derived_cache
def _patterns() -> dict[str, re.Pattern[str]]:
    verbs = alternation(load_words("speech_verbs"))
    return {
        # a colon, semicolon or dash after the closing mark: "regime”: said", "detail,” – said"
        "mark": re.compile(rf"([.,]?)([”\"])\s*[:;–—-]\s+(?=(?:{verbs})\b|{PRONOUN} (?:{verbs})\b)"),
        # a full stop inside the closing mark before the verb: "delays.” said the mayor",
        # "useful.” she said"
        "period": re.compile(rf"\.(?<=\w\.)([”\"]) (?=(?:{verbs}|{PRONOUN} (?:{verbs}))\b)"),
        # a dialogue dash before a lower-case reporting verb: "in the assembly – said the MP"
        "dash": re.compile(rf" (?<=\w )[–—] (?=(?:{verbs}) [A-Z])"),
        # the attribution cut off as a sentence of its own: "the region. He added."
        "cut_off": re.compile(rf"(\.)(?<=\w\.)([”\"]?) (He|She|They) ({verbs})\.(?=\s|$)"),
        # a dialogue dash opening a paragraph that is only the attribution: "– She conceded."
        "dash_line": re.compile(rf"^[–—] ?([Hh]e|[Ss]he|They) ({verbs})\.$"),
    }


@register
class AttributionPunct(Rule):
    """A quotation joined to "he said" by a colon, a dash or a full stop instead of a comma.

    Why: English news ends a quoted statement with a comma inside the closing mark before its
    attribution (AP Stylebook and Reuters Handbook, "quotation marks"; BBC News style "quotes"); the
    dialogue dash and the colon before the verb are Polish, Russian and French conventions, and a full
    stop turns "he added" into a sentence of its own.
    Example: "a hostile regime”: said the official", "the rest is detail,” – said the
    coach", "of the region. He added.", "delays.” he said".
    Fix: "regime,” said", "detail,” said", "of the region,” he added." (unsafe: the closing mark may
    belong elsewhere).
    """

    code = "MT432"
    name = "attribution-punct"
    category = "stray_punct"
    fix = UNSAFE
    confidence = 0.8

    def check(self, doc: Document) -> Iterator[Finding]:
        pats = _patterns()
        for para, m in finditer_prose(pats["mark"], doc, "”\""):
            yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                               "a mark between the quotation and its attribution where English has a comma",
                               "," + m.group(2) + " ")
        for para, m in finditer_prose(pats["period"], doc, "”\""):
            yield self.finding(doc, para.start + m.start(), para.start + m.start() + 2,
                               "a full stop before the closing mark of an attributed quotation", "," + m.group(1))
        for para, m in finditer_prose(pats["dash"], doc, "–—"):
            yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                               "a dialogue dash before the reporting verb", ", ", confidence=0.7)
        for para, m in finditer_prose(pats["cut_off"], doc):
            _, quote, pronoun, verb = m.groups()
            closing = quote or ("”" if open_double_quote(para.text, m.start()) else "")
            yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                               f"'{pronoun} {verb}.' cut off from its quotation by a full stop",
                               f",{closing} {pronoun.lower()} {verb}.", confidence=0.75)
        for para, m in finditer_prose(pats["dash_line"], doc, "–—"):
            yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                               f"'{m.group(1)} {m.group(2)}' set as a dialogue line of its own", None,
                               confidence=0.7)

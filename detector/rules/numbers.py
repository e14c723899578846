"""MT606 and MT607: figures written as English never writes them: an ordinal's suffix, a currency
named twice."""

from __future__ import annotations

import re
from typing import Iterator

from ..findings import Finding
from ..text.document import Document
from .base import Rule, register
from .typography.context import finditer_prose

ORDINAL_RE = re.compile(r"(?<![\w.,/-])(\d+)(st|nd|rd|th)\b")
CURRENCY_UNIT_RE = re.compile(r"(?<![\w])([$£€¥])\s?\d[\d.,]*(?:\s?(?:m|bn|k|million|billion|trillion))?"
                              r"( (cents?|dollars?|pounds?|euros?|pence|yen))\b")


def ordinal_suffix(number: int) -> str:
    """English's suffix for an ordinal figure: 1st, 2nd, 3rd, 4th, 11th-13th, 21st, 112th."""
    if number % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")


@register
class OrdinalSuffix(Rule):
    """An ordinal figure with the wrong suffix: "the 2st", "the 24rd".

    Why: a translation engine that copies the suffix of a neighbouring ordinal ("1st" -> "2st") or drops a
    digit leaves a suffix no English ordinal has (AP Stylebook and BBC News style, "numbers").
    Example: "The vote was moved to the 21th of May."
    Fix: the figure's own suffix ("21st"; unsafe: the digits may be what was lost).
    """

    code = "MT606"
    name = "ordinal-suffix"
    category = "other"
    confidence = 0.85

    def check(self, doc: Document) -> Iterator[Finding]:
        for para, m in finditer_prose(ORDINAL_RE, doc):
            figure, suffix = m.groups()
            right = ordinal_suffix(int(figure))
            if suffix != right:
                yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                                   f"'{m.group()}': the ordinal {figure} is written '{figure}{right}'",
                                   figure + right)


@register
class CurrencyUnitTwice(Rule):
    """A sum with both the currency sign and the currency's name: "$2.15 cents", "£4m pounds".

    Why: languages that put the unit after the figure ("1,42 dollars") come out with the sign added
    in front; English writes one or the other (AP Stylebook, "cents", "dollars"; BBC News style,
    "currencies").
    Example: "The tickets cost €40 euros each."
    Fix: drop the name ("€40"; unsafe: "$2.15 cents" may have meant "215 cents").
    """

    code = "MT607"
    name = "currency-unit-twice"
    category = "other"
    confidence = 0.85

    def check(self, doc: Document) -> Iterator[Finding]:
        for para, m in finditer_prose(CURRENCY_UNIT_RE, doc):
            sign, _, unit = m.groups()
            yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                               f"the sum has the sign '{sign}' and the name '{unit}'",
                               m.group()[:m.start(2) - m.start()])

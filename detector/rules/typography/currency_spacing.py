"""MT427: a space between a currency sign and its figure, or between a figure and "%"."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import SAFE, Finding
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose

CURRENCY_RE = re.compile(r"((?:\b(?:US|A|C|NZ|HK|S)\$|[$£€¥₹₽₴])) +(?=\d)")
PERCENT_RE = re.compile(r"(?<=\d) +%")


@register
class CurrencySpacing(Rule):
    """A space after a currency sign or before a percent sign: "£ 2,500", "$ 3.2bn", "4.7 %".

    Why: English news sets the sign against the figure (AP Stylebook "dollars", "percent"; BBC News
    style "currencies", "per cent": "£2,500", "$3.2bn", "4.7%"). The spaced forms follow ISO 31 and the
    French, German and Russian conventions that translation keeps.
    Example: "grants of £ 2,500", "exports fell 4.7 %", "profit of $ 12.8 billion".
    Fix: close the space: "£2,500", "4.7%" (safe).
    A single one on a page that reads as edited is reported below the default threshold (see
    `pipeline/corroborate.py`).
    """

    code = "MT427"
    name = "currency-spacing"
    category = "stray_punct"
    fix = SAFE
    confidence = 0.85
    lone_needs_corroboration = True

    def check(self, doc: Document) -> Iterator[Finding]:
        for para, m in finditer_prose(CURRENCY_RE, doc, "$£€¥₹₽₴"):
            yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                               f"a space after '{m.group(1)}'", m.group(1))
        for para, m in finditer_prose(PERCENT_RE, doc, "%"):
            yield self.finding(doc, para.start + m.start(), para.start + m.end(), "a space before '%'", "%")

"""MT425: straight double quotation marks in an article that otherwise uses curly ones."""

from __future__ import annotations

from typing import Iterator

from ...findings import SAFE, UNCORROBORATED, Finding
from ...text.document import Document
from ..base import Rule, register
from .context import in_web_token, prose_paragraphs, quote_roles

@register
class MixedQuotes(Rule):
    """A quotation opened with a straight mark (") and closed with a curly one, or the other way.

    Why: an edited page keeps one style of quotation mark (AP Stylebook and Guardian style guide on
    consistency; Unicode ch. 6.2: " is the typewriter mark, “ ” the typographic ones); a quotation
    whose two marks differ was rebuilt by an engine or pasted across systems. A page that uses
    straight marks throughout, or quotes one paragraph straight and another curly, is left alone.
    Example: "the minister said: "Too bad for them.”", "the storm of the decade." The damage".
    Fix: the straight mark turned curly, facing the quoted words: "“Too bad" (safe).
    Confidence is below the default threshold: edited pages mix the two styles too (content systems
    and pasted wire copy; 9 findings in 56,000 words of edited web news), so it shows with
    `--min-confidence 0.4`, or where other kinds of glitch on the page corroborate it.
    """

    code = "MT425"
    name = "mixed-quotes"
    category = "stray_punct"
    fix = SAFE
    confidence = UNCORROBORATED

    def check(self, doc: Document) -> Iterator[Finding]:
        if '"' not in doc.body or not ("“" in doc.body or "”" in doc.body):
            return
        for para in prose_paragraphs(doc):
            text = para.text
            roles = [(i, opens) for i, opens in quote_roles(text) if text[i] in "“”\"" and
                     not in_web_token(text, i, i + 1) and not text[i - 1:i].isdigit()]  # 5'10"
            for (i, opens), (j, closes) in zip(roles, roles[1:]):
                if not opens or closes or (text[i] == '"') == (text[j] == '"'):
                    continue
                k, mark = (i, "“") if text[i] == '"' else (j, "”")
                yield self.finding(doc, para.start + k, para.start + k + 1,
                                   f"a quotation opened with {text[i]} and closed with {text[j]}", mark)

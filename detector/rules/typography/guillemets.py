"""MT424: guillemets and low-9 quotation marks in English text."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import SAFE, Finding
from ...text.document import Document
from ..base import Rule, register
from .context import prose_paragraphs

MARK_RE = re.compile(r"[«»„“”]")


def _opens(text: str, i: int, depth: int) -> bool:
    """Whether the foreign mark at text[i] opens a quotation: « opens and » closes unless the
    quotation state and the spaces around the mark say otherwise (German reversed »...«)."""
    mark = text[i]
    before, after = text[i - 1:i], text[i + 1:i + 2]
    spaced_before = not before or before.isspace() or before in "([—–-"
    spaced_after = not after or after.isspace() or after in ".,;:!?)"
    if mark == "„":
        return True
    if mark == "«":
        return not (spaced_after and not spaced_before)  # "pupils.« " closes even with nothing open
    return depth == 0 and spaced_before and not spaced_after


@register
class Guillemets(Rule):
    """Guillemets (« ») or a low-9 opening mark („) among English quotation marks.

    Why: English news quotes with “ ” (AP Stylebook, Reuters Handbook, BBC and Guardian style guides
    quote foreign speech in English marks too); « » are French, Russian, Italian and Ukrainian
    typography, „ “ German and Polish, left by engines that keep the source's marks.
    Example: "«Our boats are here», the harbour master said", "»said", "„We will stay“".
    Fix: English marks tight against the quoted words: "“Our boats ...,” the harbour master said" (safe: the
    spaces around each mark say which way it faces; German reversed »...« is read the same way). A
    page that quotes with guillemets only keeps a house style and is not reported.
    """

    code = "MT424"
    name = "guillemets"
    category = "stray_punct"
    fix = SAFE
    confidence = 0.85

    def check(self, doc: Document) -> Iterator[Finding]:
        # A page quoting with guillemets throughout follows a house style (as one quoting with straight
        # marks does); mixed with English marks, they are damage.
        if not any(m in doc.body for m in "«»„") or not any(m in doc.body for m in "“”\""):
            return
        for para in prose_paragraphs(doc):
            text = para.text
            depth = 0
            for m in MARK_RE.finditer(text):
                mark, i = m.group(), m.start()
                if mark in "“”":
                    depth = max(0, depth + (1 if mark == "“" else -1))
                    continue
                if _opens(text, i, depth):
                    depth += 1
                    spaces = re.match(r" *", text[i + 1:]).group()
                    start, end, suggestion = i, i + 1 + len(spaces), "“"
                else:
                    depth = max(0, depth - 1)
                    spaces = re.search(r" *$", text[:i]).group()
                    start = i - len(spaces) if i > len(spaces) else i
                    end, suggestion = i + 1, "”"
                    if re.match(r"\w", text[end:end + 1]):
                        suggestion += " "
                yield self.finding(doc, para.start + start, para.start + end,
                                   f"'{mark}' is not an English quotation mark", suggestion)

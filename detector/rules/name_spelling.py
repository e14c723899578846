"""MT524: a name spelled two ways on one page."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from ..findings import UNCORROBORATED, Finding
from ..language.frequency import zipf
from ..text.document import Document
from .base import Rule, register

CAPITALISED_RE = re.compile(r"(?<![\w’'-])[A-Z][a-z]{3,}(?![\w-])")
RARE = 2.0  # wordfreq Zipf below which a capitalised word is a name, not a word ("Dravenco", not "Life")
COMMONER = 1.0  # how much more frequent in English a spelling must be to count as the usual one


def one_edit(a: str, b: str) -> bool:
    """Whether `a` becomes `b` by one letter changed, added, dropped, or two neighbours swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    if len(a) == len(b):
        diff = [i for i, (x, y) in enumerate(zip(a, b)) if x != y]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1
                                  and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]])
    short, long = sorted((a, b), key=len)
    return any(long[:i] + long[i + 1:] == short for i in range(len(long)))


@register
class NameVariant(Rule):
    """A name spelled two ways on one page: "Dravenko" and once "Dravenco".

    Why: news spells a name one way throughout (AP Stylebook, "names"; BBC News style, "names");
    translation engines transliterate a name afresh in each sentence ("Kuzmenkov", "Kuzmenkow") and
    mistype it. Edited copy slips this way too, so the finding is reported below the
    default threshold unless other glitches on the page corroborate it.
    Knowledge: a spelling used once is the variant of another on the page that is one letter away and
    used more often, or a name English knows and the variant does not (wordfreq); a plural or an
    adjective that only adds letters at the end ("Thuringia", "Thuringian") is a word of its own.
    Example: "Ms Hallorsen said ... Ms Hallorson added".
    Fix: the page's usual spelling (unsafe).
    """

    code = "MT524"
    name = "name-variant"
    category = "other"
    confidence = UNCORROBORATED

    def check(self, doc: Document) -> Iterator[Finding]:
        found = list(CAPITALISED_RE.finditer(doc.text, doc.body_start))
        counts = Counter(m.group() for m in found)
        for m in found:
            variant = m.group()
            if counts[variant] > 1 or zipf(variant.lower()) >= RARE:
                continue
            usual = [b for b, n in counts.items() if b[0] == variant[0] and not b.startswith(variant)
                     and not variant.startswith(b) and one_edit(variant, b)
                     and (n > 1 or zipf(b.lower()) >= max(RARE, zipf(variant.lower()) + COMMONER))]
            if usual:
                best = max(usual, key=lambda b: (counts[b], zipf(b.lower())))
                yield self.finding(doc, m.start(), m.end(),
                                   f"'{variant}' is written '{best}' elsewhere on the page", best)

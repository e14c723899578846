"""MT525: a Ukrainian place under its Russian-derived spelling."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import UNCORROBORATED, Finding
from ..language.lexicon import derived_cache, load_table
from ..language.trie import alternation
from ..text.document import Document
from .base import Rule, register

# Towns of the same name abroad keep it.
KEPT_RE = re.compile(r"^,? (?:Texas|Tex\.|Florida|Fla\.|Missouri|Washington|Ontario)\b")


@derived_cache
def _places() -> tuple[dict[str, tuple[str, str]], re.Pattern[str]]:
    """Russian-derived spelling -> (national spelling, reference), and a pattern finding them."""
    rows = {row["written"]: (row["native"], row["reference"]) for row in load_table("ukrainian_place_names")}
    return rows, re.compile(rf"(?<![\w’'-])({alternation(rows)})(?![\w-])")


@register
class RussianPlaceName(Rule):
    """A Ukrainian place under its Russian-derived spelling: "Kharkov" for Kharkiv.

    Why: English news writes Ukraine's places in its national romanisation (Cabinet of Ministers
    Resolution No. 55, 2010; AP Stylebook since 2019, Reuters, BBC News style): "Kyiv", "Odesa",
    "Mykolaiv", "Kharkiv". Translation from Russian, and copy translated from Russian-language sources, keep the
    Russian forms. Edited copy of earlier years, and outlets that keep the old names, have them
    too, so the finding is reported below the default threshold unless other glitches on the page or
    its mt_score corroborate it.
    Knowledge: `lexicons/ukrainian_place_names.tsv` (each row cites its source); Kiev and Odessa, English
    exonyms of long standing, are not in it; a town of the same name abroad ("Lvov, Ontario") is left alone.
    Example: "shelling of Nikolaev overnight".
    Fix: the national spelling, "Mykolaiv" (unsafe: a quotation or a name of an organisation may keep it).
    """

    code = "MT525"
    name = "russian-place-name"
    category = "other"
    confidence = UNCORROBORATED

    def check(self, doc: Document) -> Iterator[Finding]:
        places, pattern = _places()
        text = doc.text
        for m in pattern.finditer(text, doc.body_start):
            if KEPT_RE.search(text[m.end():m.end() + 12]):
                continue
            native, reference = places[m.group()]
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group()}' is the Russian-derived spelling; English news writes "
                               f"'{native}' ({reference})", native)

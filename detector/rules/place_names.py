"""Place names: MT525, a Ukrainian place under its Russian-derived spelling; MT526, a country in lower case."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..findings import SAFE, UNCORROBORATED, Finding
from ..language.gazetteer import country_names
from ..language.lexicon import derived_cache, load_table, load_words
from ..language.trie import alternation
from ..text.document import Document
from .base import Rule, register
from .typography.context import finditer_prose


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
    exonyms of long standing, are not in it.
    Example: "shelling of Nikolaev overnight".
    Fix: the national spelling, "Mykolaiv" (unsafe: a quotation or a name of an organisation may keep it).
    """

    code = "MT525"
    name = "russian-place-name"
    category = "other"
    confidence = UNCORROBORATED

    def check(self, doc: Document) -> Iterator[Finding]:
        places, pattern = _places()
        for m in pattern.finditer(doc.text, doc.body_start):
            native, reference = places[m.group()]
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group()}' is the Russian-derived spelling; English news writes "
                               f"'{native}' ({reference})", native)


@derived_cache
def _lower_countries() -> tuple[dict[str, str], re.Pattern[str]]:
    """Lower-case form -> the country's name, for the names whose lower case is no English word."""
    homographs = load_words("country_homographs")
    names = {n.lower(): n for n in country_names() if len(n) >= 4 and n.lower() not in homographs and n != n.lower()}
    return names, re.compile(rf"(?<![\w@#/.-])({alternation(names)})(?![\w@-]|\.\w)")


@register
class LowercaseCountry(Rule):
    """A country's name in lower case: "the united kingdom", "president of america".

    Why: a country's name is a proper noun, capitalised in every English style guide; spinners and
    engines that lower-case a sentence's words, and text pasted from a caseless source, leave it small.
    Knowledge: the country names of pycountry (ISO 3166) and `lexicons/country_aliases.txt`; names
    that are English words in lower case (`lexicons/country_homographs.txt`: "turkey", "china") are
    left alone, and so are web addresses, handles and hashtags.
    Example: "flights from the united kingdom were suspended".
    Fix: the capitalised name, "the United Kingdom" (safe: the lower-case form is no English word).
    """

    code = "MT526"
    name = "lowercase-country"
    category = "other"
    fix = SAFE
    confidence = 0.8

    def check(self, doc: Document) -> Iterator[Finding]:
        names, pattern = _lower_countries()
        for para, m in finditer_prose(pattern, doc):
            start = para.start + m.start()
            yield self.finding(doc, start, para.start + m.end(),
                               f"'{m.group()}' is a country's name: '{names[m.group()]}'", names[m.group()])

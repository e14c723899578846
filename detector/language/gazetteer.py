"""Who is an "it": countries, capitals used for governments, and organisations, found in text."""

from __future__ import annotations

import re

import pycountry

from .lexicon import derived_cache, load_words
from .trie import alternation


@derived_cache
def country_names() -> frozenset[str]:
    names = set(load_words("country_aliases"))
    for c in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(c, attr, None)
            if value and "," not in value and "(" not in value:
                names.add(value)
    return frozenset(names)


@derived_cache
def non_person_names() -> dict[str, str]:
    """Name -> kind (country, capital, body)."""
    kinds: dict[str, str] = {}
    for n in load_words("bodies"):
        kinds[n] = "organisation"
        if n[0].islower():
            kinds[n[0].upper() + n[1:]] = "organisation"
    for n in load_words("capitals"):
        kinds[n] = "capital"
    for n in country_names():
        kinds[n] = "country"
    return kinds


@derived_cache
def mention_regex() -> re.Pattern[str]:
    return re.compile("(" + alternation(non_person_names(), not_after=r"[\w’'-]") + r")(?![\w-]|[’']s\b)")


def is_non_person(name: str) -> bool:
    return name in non_person_names()

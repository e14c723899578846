"""The literal prefilter never rejects a text its pattern matches, and picks selective strings."""

from __future__ import annotations

import re

import pytest

from detector.prefilter import StringFinder, required_strings
from detector.rules.lexicon_rule import load_entries


@pytest.mark.parametrize("pattern, expected", [
    (r"\b(was|were) (processed|imputed) for\b",   # fixed parts spelled out in full
     {"was processed for", "were processed for", "was imputed for", "were imputed for"}),
    (r"\b[Tt]he old (?:[a-z]+ )?man", {"The old ", "the old "}),
    (r"(?:\w+ )?(president|premier) \d+", {"president ", "premier "}),
    (r"(?i)\bthe Old Republic\b", {"the old republic"}),
    (r"\b(?:take|took)\b[^.\n]{0,25}? on (?:my|his) cap\b", {" on my cap", " on his cap"}),
    (r"\b(ab|cd)\b", None),                      # nothing of three characters or more
    (r"\b(foo|ba)r?\b", None),                   # one alternative too short: no safe set
    (r"(?:alpha)*beta", {"beta"}),               # optional parts require nothing
    (r"(?i:Alpha) beta", {" beta"}),             # a group with its own flags is not trusted
])
def test_required_strings(pattern, expected):
    found = required_strings(re.compile(pattern))
    assert (set(found) if found is not None else None) == expected


@pytest.mark.parametrize("lexicon", ["calques", "titles"])
def test_every_example_passes_its_prefilter(lexicon):
    for entry in load_entries(lexicon):
        if entry.required and entry.example:
            text = entry.example.lower() if entry.ignore_case else entry.example
            assert any(r in text for r in entry.required), (entry.pattern.pattern, entry.required)


def test_string_finder_reports_overlapping_and_nested_strings():
    finder = StringFinder(frozenset({"safety", "safety council", "council", "unc", "xyz"}))
    assert finder.present("the safety council met") == {"safety", "safety council", "council", "unc"}
    assert finder.present("nothing here") == set()

"""The literal prefilter never rejects a text its pattern matches, and picks selective strings."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

from detector.prefilter import Guarded, StringFinder, required_strings
from detector.rules.lexicon_rule import load_entries
from helpers import SEEDS


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


def span(m: re.Match[str] | None) -> tuple[int, int] | None:
    return m.span() if m else None


def guarded_patterns() -> list[tuple[str, Guarded]]:
    import detector.rules as rules

    found = []
    for module in pkgutil.iter_modules(rules.__path__):
        mod = importlib.import_module(f"detector.rules.{module.name}")
        found += [(f"{module.name}.{name}", v) for name, v in vars(mod).items() if isinstance(v, Guarded)]
    return found


@pytest.mark.parametrize("name, guarded", guarded_patterns(), ids=lambda x: x if isinstance(x, str) else "")
def test_a_guarded_pattern_finds_what_its_regex_finds(name, guarded):
    assert guarded.required, f"{name} has no guard: use the plain regex"
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += [f"He said. . . . It is “ over ” now. “Yes.» MPs Blinkens MP Jo Li. both sides and both said "
              f"{s} and {s}." for s in sorted(guarded.required)]
    for text in texts:
        for pos in (0, 5):
            assert [m.span() for m in guarded.finditer(text, pos)] == \
                [m.span() for m in guarded.pattern.finditer(text, pos)]
            assert span(guarded.search(text, pos)) == span(guarded.pattern.search(text, pos))


def test_a_guard_skips_texts_without_its_strings():
    guarded = Guarded(re.compile(r" ?(?:\. ){3,}\.(?: \.)+"))
    assert guarded.required == {". . . "}
    assert list(guarded.finditer("Nothing here. Or here.")) == []
    assert [m.group() for m in guarded.finditer("Wait . . . . . Done")] == [" . . . . ."]

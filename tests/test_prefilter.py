"""The RE2 first pass never rejects a text its pattern matches, and does reject texts it cannot match."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest
import re2

from detector.language import prefilter
from detector.language.prefilter import Guarded, PatternSet, fold, superset
from detector.rules.lexicon_rule import load_entries, table_filter
from detector.text.document import Document
from helpers import SEEDS

VARIANTS = [lambda t: t, str.lower, str.upper, lambda t: t.replace(" ", "'"), lambda t: "x" + t.replace(" ", "_"),
            lambda t: "İ" + t, lambda t: t.upper().replace("S", "Σ") + " Σ", lambda t: t.replace("s", "ſ"),
            lambda t: t.replace("k", "\u212a"), lambda t: t.replace(" ", "\u00a0"), lambda t: t.replace("e", "é")]


@pytest.mark.parametrize("pattern, matching, other", [
    (r"\b(was|were) (processed|imputed) for\b", "it was imputed for", "it was imputed to"),
    (r"(?i)\bthe Old Republic\b", "THE OLD REPUBLIC", "the old repub"),
    (r"(?<![\w.])([a-z]{2})\.([A-Z][a-z]+)\b", "go.This", "go. This"),
    (r"(\w+) \1\b", "the the", "thethe"),
    (r"[^\W\d_]+ [“”]", "said “", "said \""),
    (r"\d{2,1200}x", "12x", "1x"),
    (r"(?i:Alpha) beta", "ALPHA beta", "ALPHA BETA"),
])
def test_superset_matches_what_the_pattern_matches(pattern, matching, other):
    compiled, loose = re.compile(pattern), re2.compile(superset(re.compile(pattern)))
    assert compiled.search(matching) and loose.search(matching)
    assert not loose.search(other)


def rule_patterns() -> list[re.Pattern[str]]:
    """Every regex of the rules' modules: module constants and the table rows."""
    import detector.rules as rules

    found = [e.pattern for lexicon in ("calques", "titles") for e in load_entries(lexicon)]
    for module in pkgutil.walk_packages(rules.__path__, "detector.rules."):
        for value in vars(importlib.import_module(module.name)).values():
            if isinstance(value, Guarded):
                value = value.pattern
            if isinstance(value, re.Pattern) and isinstance(value.pattern, str):
                found.append(value)
    return found


def test_every_rule_pattern_passes_wherever_it_matches():
    patterns = rule_patterns()
    assert len(patterns) > 50
    every = PatternSet(pass_first=0)
    for pattern in patterns:
        every.add(pattern)
    samples = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    samples += [e.example for lexicon in ("calques", "titles") for e in load_entries(lexicon)]
    matched = 0
    for sample in samples:
        for variant in VARIANTS:
            text = variant(sample)
            passed = every.possible(text)
            for i, pattern in enumerate(patterns):
                if pattern.search(text):
                    matched += 1
                    assert i in passed, (pattern.pattern, text[:80])
    assert matched > len(patterns)


def test_a_set_too_large_for_its_memory_is_split(monkeypatch):
    monkeypatch.setattr(prefilter, "SET_MEMORY", 1 << 20)
    words = [f"word{i}[a-z]{{0,40}}(?:x|y){{3}}" for i in range(300)]
    patterns = PatternSet(pass_first=0)
    for w in words:
        patterns.add(re.compile(w))
    assert patterns.possible("a word17abcxyx b") == {17}
    assert len(patterns._compiled()) > 1


def test_the_first_texts_pass_every_pattern():
    patterns = PatternSet(pass_first=6)
    patterns.add(re.compile("alpha"))
    patterns.add(re.compile("beta"))
    assert [patterns.possible(t) for t in ("one", "two", "alpha three")] == [{0, 1}, {0, 1}, {0}]


def test_a_text_asked_about_again_after_an_add_counts_once():
    patterns = PatternSet(pass_first=15)
    patterns.add(re.compile("alpha"))
    text = "alpha beta"
    patterns.possible(text)
    patterns.add(re.compile("beta"))  # a rule's first pattern registered while the first document is read
    assert patterns.possible(text) == {0, 1} and patterns._chars == len(text)


def test_a_pattern_added_later_is_asked_about_anew():
    patterns = PatternSet(pass_first=0)
    patterns.add(re.compile("alpha"))
    text = "alpha beta"
    assert patterns.possible(text) == {0}
    patterns.add(re.compile("beta"))
    assert patterns.possible(text) == {0, 1}


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
def test_a_guarded_pattern_finds_what_its_regex_finds(name, guarded, monkeypatch):
    monkeypatch.setattr(guarded.patterns, "pass_first", 0)  # the shared set filters from the first text
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    texts += ["He said. . . . It is “ over ” now. “Yes.» MPs Marlows MP Jo Li. both sides and both said it. "
              "Ready was. . . , they found’ and “she said.”"]
    for text in texts:
        for pos in (0, 5):
            assert [m.span() for m in guarded.finditer(text, pos)] == \
                [m.span() for m in guarded.pattern.finditer(text, pos)]
            assert span(guarded.search(text, pos)) == span(guarded.pattern.search(text, pos))


def test_a_guard_skips_texts_it_cannot_match():
    guarded = Guarded(re.compile(r" ?(?:\. ){3,}\.(?: \.)+"), PatternSet(pass_first=0))
    assert not guarded.possible("Nothing here. Or here.")
    assert list(guarded.finditer("Nothing here. Or here.")) == []
    assert [m.group() for m in guarded.finditer("Wait . . . . . Done")] == [" . . . . ."]


@pytest.mark.parametrize("lexicon", ["calques", "titles"])
def test_the_table_filter_passes_every_example(lexicon, monkeypatch):
    entries, table = load_entries(lexicon), table_filter(lexicon)
    monkeypatch.setattr(table, "pass_first", 0)
    for i, entry in enumerate(entries):
        for variant in VARIANTS:
            doc = Document.from_text(variant(entry.example))
            if entry.pattern.search(doc.text, doc.body_start):
                assert i in table.possible(doc.text), entry.example


@pytest.mark.parametrize("text", ["Don't stop_me now", "İstanbul and ΟΔΟΣ'Α ſafe", "α\u0345β", "STRASSE Kelvin \u212a"])
def test_fold_compares_as_the_regex_engine_ignores_case(text):
    for word in re.findall(r"\w+", text):
        assert re.fullmatch(re.escape(fold(word)), word, re.IGNORECASE)

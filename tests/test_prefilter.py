"""The literal prefilter never rejects a text its pattern matches, and picks selective strings."""

from __future__ import annotations

import importlib
import pkgutil
import re

import pytest

from detector.document import Document
from detector.prefilter import BOUNDARY, Guarded, anchors, fold, marked_strings, required_strings
from detector.rules.lexicon_rule import load_entries, table_filter
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


def plain(strings: frozenset[str]) -> set[str]:
    return {s.replace(BOUNDARY, "") for s in strings}


@pytest.mark.parametrize("lexicon", ["calques", "titles"])
def test_every_example_passes_its_prefilter(lexicon):
    table = table_filter(lexicon)
    for i, entry in enumerate(load_entries(lexicon)):
        if entry.required and entry.example:
            text = fold(entry.example) if entry.ignore_case else entry.example
            assert any(r in text for r in plain(entry.required)), (entry.pattern.pattern, entry.required)
            doc = Document.from_text(entry.example)
            assert i in table.entries(doc.body, doc.word_runs, lambda: doc.folded_word_runs), entry.example


def test_fold_compares_letters_as_the_regex_engine_does_when_it_ignores_case():
    for text in ["ſafety", "SAFETY", "İ", "ΟΔΟΣ σ", "K"]:
        for m in re.finditer(r"\w", text):
            assert re.fullmatch(re.escape(fold(m.group())), m.group(), re.I)
    assert fold("ſafety İS") == "safety is" and fold("ΟΣ ος") == fold("οσ οσ")


def test_marked_strings_show_where_words_begin_and_end():
    assert marked_strings(re.compile(r"\bsafety (council|guarantees)\b")) == \
        {"\0safety council\0", "\0safety guarantees\0"}
    assert marked_strings(re.compile(r"(?m)^Overlooking (the|next)\B")) == {"\0Overlooking the", "\0Overlooking next"}
    assert anchors("\0about safety\0") == ["about", "safety"]
    assert anchors("about safety") == []                 # "xabout safetyx" holds it too
    assert anchors("Hesse's Prime Minister") == ["s", "Prime"]
    assert anchors("\0old Soviet ") == ["old", "Soviet"]


VARIANTS = [lambda t: t, str.lower, str.upper, lambda t: t.replace(" ", "'"), lambda t: "x" + t.replace(" ", "_"),
            lambda t: "İ" + t, lambda t: t.upper().replace("S", "Σ") + " Σ", lambda t: t.replace("s", "ſ")]


@pytest.mark.parametrize("lexicon", ["calques", "titles"])
def test_the_table_filter_passes_every_pattern_that_matches_and_no_more_than_a_substring_test(lexicon):
    entries, table = load_entries(lexicon), table_filter(lexicon)
    samples = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    samples += [e.example for e in entries] + [e.counterexample for e in entries]
    samples += [s.replace(BOUNDARY, "") for e in entries for s in sorted(e.required or ())]
    matched = 0
    for sample in samples:
        for variant in VARIANTS:
            doc = Document.from_text(variant(sample))
            passed = table.entries(doc.body, doc.word_runs, lambda: doc.folded_word_runs)
            for i, e in enumerate(entries):
                if e.pattern.search(doc.text, doc.body_start):
                    matched += 1
                    assert i in passed, (e.pattern.pattern, doc.body)
                if i in passed and e.required:
                    assert any(r in (fold(doc.body) if e.ignore_case else doc.body) for r in plain(e.required))
    assert matched > len(entries)


@pytest.mark.parametrize("text", ["Don't stop_me now, 'quoted' l’homme", "İstanbul and ΟΔΟΣ'Α ſafe", "_a b_ c'd'e", "α\u0345β", ""])
def test_word_runs_are_the_runs_of_word_characters(text):
    doc = Document.from_text(text)
    assert doc.word_runs == set(re.findall(r"\w+", text))
    assert doc.folded_word_runs == set(re.findall(r"\w+", fold(text)))


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

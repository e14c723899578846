"""Every lexicon ships data the tests can check: each pattern-table row carries an example its rule
must flag and a counterexample it must leave alone; each word list loads and has no duplicates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from detector.config import Config
from detector.language.lexicon import BUILTIN_DIR, load_table, load_words, set_extra_dirs
from detector.pipeline.engine import scan_document
from detector.rules import REGISTRY
from detector.rules.lexicon_rule import LexiconRule, load_entries
from detector.text.document import Document

REQUIRED_COLUMNS = {"pattern", "suggestion", "topic", "unless", "category", "example", "counterexample"}

# Rows whose data the current rules get wrong. Each is a detector bug, reported; the marker is strict,
# so a fix makes the test XPASS and the entry must then be removed. Keyed by (table, example text).

def owners() -> dict[str, str]:
    """Table name -> code of the rule that reads it."""
    return {r.lexicon: code for code, r in REGISTRY.items() if isinstance(r, LexiconRule)}


def tables() -> list[Path]:
    """The pattern tables (a `pattern` column); crossdoc_pairs.tsv is tested in test_crossdoc.py."""
    return sorted(p for p in BUILTIN_DIR.glob("*.tsv")
                  if "pattern" in next(ln for ln in p.read_text(encoding="utf-8").splitlines()
                                       if not ln.startswith("#")).split("\t"))


def word_lists() -> list[Path]:
    return sorted(BUILTIN_DIR.glob("*.txt"))


def read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) for each data row, parsed independently of detector.language.lexicon."""
    numbered = [(n, line) for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if line and not line.startswith("#")]
    header = numbered[0][1].split("\t")
    rows = []
    for n, line in numbered[1:]:
        cells = line.split("\t")
        assert len(cells) <= len(header), f"{path.name}:{n}: more cells than columns"
        rows.append((n, dict(zip(header, cells + [""] * (len(header) - len(cells))))))
    return rows


def rows_params():
    params = []
    for path in tables():
        for n, row in read_rows(path):
            params.append(pytest.param(path.stem, n, row, id=f"{path.stem}:{n}"))
    return params


ROWS = rows_params()


@pytest.fixture(autouse=True)
def builtin_lexicons_only():
    set_extra_dirs([])
    yield


def scan_with(code: str, text: str):
    doc = Document.from_text(text + "\n", path="<lexicon example>")
    return scan_document(doc, Config(select=(code,), min_confidence=0)).findings


def test_the_two_tables_belong_to_the_expected_rules():
    assert owners().get("calques") == "MT301"
    assert owners().get("titles") == "MT212"
    assert {p.stem for p in tables()} <= set(owners()), "every .tsv table is read by a rule"


@pytest.mark.parametrize("path", tables(), ids=lambda p: p.name)
def test_table_header_and_rows_are_well_formed(path: Path):
    rows = read_rows(path)
    assert rows, f"{path.name} has no rows"
    assert REQUIRED_COLUMNS <= set(rows[0][1])
    patterns = [row["pattern"] for _, row in rows]
    assert len(patterns) == len(set(patterns)), "duplicate patterns"
    # The tool's own loader sees the same rows (csv quoting does not swallow tabs or quotes).
    loaded = load_table(path.stem)
    assert [r["example"] for r in loaded] == [row["example"] for _, row in rows]
    for n, row in rows:
        assert row["example"].strip() and row["counterexample"].strip(), f"{path.name}:{n}: example and counterexample"
        assert row["example"] != row["counterexample"], f"{path.name}:{n}"
        if row.get("confidence"):
            assert 0 < float(row["confidence"]) <= 1, f"{path.name}:{n}: confidence"


@pytest.mark.parametrize("lexicon,line,row", ROWS)
def test_example_is_flagged_by_the_owning_rule(lexicon, line, row):
    findings = scan_with(owners()[lexicon], row["example"])
    assert findings, f"{lexicon}.tsv:{line}: {row['example']!r} is not flagged"


@pytest.mark.parametrize("lexicon,line,row", ROWS)
def test_example_is_flagged_by_its_own_row(lexicon, line, row):
    """The finding comes from this row's pattern (not another row that happens to match)."""
    entries = [e for e in load_entries(lexicon) if e.example == row["example"]]
    assert len(entries) == 1, f"{lexicon}.tsv:{line}: example shared by several rows"
    entry = entries[0]
    text = row["example"] + "\n"
    spans = {(m.start(), m.end()) for m in entry.pattern.finditer(text) if m.end() > m.start()}
    assert spans, f"{lexicon}.tsv:{line}: the row's pattern does not match its own example"
    findings = scan_with(owners()[lexicon], row["example"])
    own = [f for f in findings if (f.start, f.end) in spans]
    assert own, f"{lexicon}.tsv:{line}: no finding at the row's match"
    for f in own:
        assert f.text == text[f.start:f.end]
        if row["suggestion"]:
            assert f.suggestion and f.suggestion != f.text
            rule_confidence = f.confidence if f.rule_confidence is None else f.rule_confidence
            assert rule_confidence == pytest.approx(float(row.get("confidence") or 0.75))


@pytest.mark.parametrize("lexicon,line,row", ROWS)
def test_counterexample_is_not_flagged(lexicon, line, row):
    findings = scan_with(owners()[lexicon], row["counterexample"])
    assert [(f.text, f.suggestion) for f in findings] == []


@pytest.mark.parametrize("path", word_lists(), ids=lambda p: p.name)
def test_word_list_loads_without_duplicates(path: Path):
    entries = [line.split("#", 1)[0].strip() for line in path.read_text(encoding="utf-8").splitlines()]
    entries = [e for e in entries if e]
    duplicates = sorted({e for e in entries if entries.count(e) > 1})
    assert duplicates == [], f"{path.name} repeats {duplicates}"
    loaded = load_words(path.stem)
    assert loaded == frozenset(entries)
    if path.stem != "accept":  # the user's allow-list ships empty
        assert loaded, f"{path.name} is empty"


@pytest.mark.parametrize("path", word_lists(), ids=lambda p: p.name)
def test_word_list_entries_are_clean(path: Path):
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        entry = line.split("#", 1)[0]
        if entry.strip():
            assert entry == entry.strip(), f"{path.name}:{n}: stray whitespace in {entry!r}"
            assert "\t" not in entry, f"{path.name}:{n}"


def test_placeholders_in_tables_name_existing_word_lists():
    names = {p.stem for p in word_lists()}
    for path in tables():
        for n, row in read_rows(path):
            for column in ("pattern", "topic", "unless"):
                for name in re.findall(r"\{([a-z_]+)\}", row.get(column, "")):
                    assert name in names, f"{path.name}:{n}: {{{name}}} has no word list"


def test_a_missing_built_in_word_list_is_an_error_not_an_empty_list():
    import pytest

    from detector.language.lexicon import load_words

    with pytest.raises(FileNotFoundError, match="no_such_list.txt"):
        load_words("no_such_list")

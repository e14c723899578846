"""Fixes settle in one run: properties over generated glitchy texts, and the settling itself."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from detector.config import Config
from detector.findings import SAFE, Finding, apply_fixes
from detector.pipeline import settle
from detector.pipeline.engine import DocumentReport
from detector.text.document import Document
from fix_fuzz import fixed, glitched_texts, problems, report_of
from helpers import write

TEXTS_PER_EXAMPLE = 5
EXAMPLES = 2000  # 10,000 generated texts


def test_fix_properties_hold_on_10000_generated_texts():
    """For every generated text: each finding's text is its span; fixing twice equals fixing once,
    with and without unsafe fixes; the reported edits rebuild the fixed text; no fix writes a
    quotation mark facing the wrong way."""
    seen = []

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(st.lists(glitched_texts(), min_size=TEXTS_PER_EXAMPLE, max_size=TEXTS_PER_EXAMPLE, unique=True))
    def check(texts):
        for text in texts:
            seen.append(text)
            assert problems(text) == [], text

    check()
    assert len(seen) >= 10_000
    assert len(set(seen)) > 9_000, "the generator should vary its texts"


@pytest.mark.parametrize("text, safe_fixed", [
    ("Officials said EL. . t would resume.\n", "Officials said EL t would resume.\n"),
    ("The minister said we we we would wait.\n", "The minister said we would wait.\n"),
    ("“We are done,” they said ». . it is over.\n", "“We are done,” they said” it is over.\n"),
    ("The talks were «useful.« Both sides will meet in May, he said “soon”.\n",
     "The talks were “useful.” Both sides will meet in May, he said “soon”.\n"),
])
def test_cascading_fixes_settle(text, safe_fixed):
    assert fixed(text, unsafe=False) == safe_fixed
    assert fixed(safe_fixed, unsafe=False) == safe_fixed
    once = fixed(text, unsafe=True)
    assert fixed(once, unsafe=True) == once


def test_edits_of_later_rounds_are_reported_against_the_original_text():
    text = "Officials said EL. . t would resume, and we we we agreed.\n"
    result = settle.settle_fixes(report_of(text), Config())
    assert result.settled and result.rounds == 2
    assert [(f.text, f.suggestion) for f in result.applied] == [(". . t", " t"), ("we we we", "we")]
    merged = result.applied[0]
    assert text[merged.start:merged.end] == merged.text
    assert "+" in merged.rule and merged.fix == SAFE  # two rules' fixes, one edit
    assert apply_fixes(text, result.applied)[0] == result.text


def _finding(start: int, end: int, text: str, suggestion: str) -> Finding:
    return Finding(start, end, text, "MT999", "other", "test", suggestion, 0.9, SAFE)


def test_fixes_that_never_settle_stop_after_the_bound(monkeypatch):
    """Two fixes that undo each other: the rounds stop at MAX_ROUNDS and say so."""
    def flip(doc, config):
        a, b = ("colour", "color") if "colour" in doc.text else ("color", "colour")
        at = doc.text.index(a)
        return DocumentReport(doc, [_finding(at, at + len(a), a, b)], 0.0, [])

    monkeypatch.setattr(settle, "scan_document", flip)
    doc = Document.from_text("The colour changed.\n")
    result = settle.settle_fixes(flip(doc, None), Config(), max_rounds=3)
    assert not result.settled and result.rounds == 3
    assert result.text == "The color changed.\n"  # three rounds: colour -> color -> colour -> color
    assert [(f.text, f.suggestion) for f in result.applied] == [("colour", "color")]


def test_an_insertion_next_to_an_earlier_edit_is_kept_apart_or_merged_consistently(monkeypatch):
    rounds = iter([[_finding(4, 4, "", "“")], []])

    def scan(doc, config):
        return DocumentReport(doc, next(rounds), 0.0, [])

    monkeypatch.setattr(settle, "scan_document", scan)
    text = "The the talks ended.\n"
    doc = Document.from_text(text)
    result = settle.settle_fixes(DocumentReport(doc, [_finding(0, 8, "The the ", "The ")], 0.0, []), Config())
    assert result.text == "The “talks ended.\n"
    assert apply_fixes(text, result.applied)[0] == result.text
    assert all(text[f.start:f.end] == f.text for f in result.applied)


def test_clean_settles_its_fixes_and_audits_them_against_the_source(cli, tmp_path):
    import json

    src = write(tmp_path / "corpus" / "a.txt", "Officials said EL. . t would resume, and we we we agreed.\n")
    result = cli("clean", src.parent, "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    cleaned = (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")
    assert cleaned == "Officials said EL t would resume, and we agreed.\n"
    rows = [json.loads(line) for line in (tmp_path / "out" / "audit.jsonl").read_text().splitlines()]
    edits = [e for row in rows for e in row["edits"]]
    original = src.read_text(encoding="utf-8")
    assert [(e["before"], e["after"]) for e in edits] == [(". . t", " t"), ("we we we", "we")]
    assert all(original[e["start"]:e["end"]] == e["before"] for e in edits)
    again = cli("clean", tmp_path / "out", "--out", tmp_path / "again", "--jobs", "1")
    assert again.exit_code == 0
    assert (tmp_path / "again" / "a.txt").read_text(encoding="utf-8") == cleaned

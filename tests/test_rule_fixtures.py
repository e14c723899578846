"""Run every per-rule fixture (tests/fixtures/rules/<CODE>.txt) through its rule alone."""

from __future__ import annotations

import pytest

from detector.config import Config
from detector.findings import CATEGORIES, apply_fixes
from detector.fluency.mode import available
from detector.pipeline.engine import scan_document
from detector.rules import REGISTRY
from detector.text.document import Document

# Rules that compare several documents (MT701) are tested in test_crossdoc.py.
PER_DOCUMENT = sorted(code for code, rule in REGISTRY.items() if rule.per_document)
from fixture_format import Case, FixtureError, all_cases, fixture_files, parse_fixture

CASES = all_cases()


def _param(case: Case):
    marks = [pytest.mark.xfail(reason=f"known {'miss' if case.kind == 'flag' else 'false alarm'}: "
                                      f"{case.title}", strict=True)] if case.xfail else []
    return pytest.param(case, id=case.id, marks=marks)


def run_rule(code: str, text: str):
    model = REGISTRY[code].uses_language_model
    if model and (why := available()) is not None:
        pytest.skip(f"{code} needs the fluency model: {why}")
    doc = Document.from_text(text, path=f"<{code} fixture>")
    report = scan_document(doc, Config(select=(code,), min_confidence=0, fluency=model, fluency_gate=0.0,
                                             fluency_min_confidence=0))
    return doc, report.findings


def test_every_rule_has_a_fixture_file():
    assert {p.stem for p in fixture_files()} == set(PER_DOCUMENT)


@pytest.mark.parametrize("code", PER_DOCUMENT)
def test_fixture_file_has_enough_cases(code):
    cases = [c for c in CASES if c.code == code]
    working_flags = [c for c in cases if c.kind == "flag" and not c.xfail]
    working_oks = [c for c in cases if c.kind == "ok" and not c.xfail]
    assert len(working_flags) >= 2, f"{code}: at least two positive cases that pass"
    assert len(working_oks) >= 3, f"{code}: at least three negative cases that pass"


def test_fixtures_do_not_reuse_seed_phrases():
    banned = ("blinken", "lavrov", "al jazeera", "kremlins", "geneva talks")
    for path in fixture_files():
        text = path.read_text(encoding="utf-8").lower()
        for phrase in banned:
            assert phrase not in text, f"{path.name} uses the seed phrase {phrase!r}"


def test_fixture_parser_rejects_malformed_files(tmp_path):
    bad = tmp_path / "MT999.txt"
    bad.write_text("=== flag: no span\nNothing is marked here.\n--- fixed\nNothing.\n", encoding="utf-8")
    with pytest.raises(FixtureError):
        parse_fixture(bad)
    bad.write_text("=== flag: no fixed section\nA [[marked]] span.\n", encoding="utf-8")
    with pytest.raises(FixtureError):
        parse_fixture(bad)
    good = tmp_path / "MT998.txt"
    good.write_text("# comment\n=== flag: two spans\nOne [[two]] three [[four]].\n--- fixed\nOne 2 three 4.\n"
                    "\n=== ok: clean\nNothing here.\n", encoding="utf-8")
    flag, ok = parse_fixture(good)
    assert flag.text == "One two three four.\n"
    assert [flag.text[a:b] for a, b in flag.spans] == ["two", "four"]
    assert flag.fixed == "One 2 three 4.\n" and ok.kind == "ok" and ok.text == "Nothing here.\n"


@pytest.mark.parametrize("case", [_param(c) for c in CASES if c.kind == "flag"])
def test_positive_case(case: Case):
    doc, findings = run_rule(case.code, case.text)
    assert all(f.rule == case.code for f in findings)
    found = sorted((f.start, f.end) for f in findings)
    expected = sorted(case.spans)
    assert [case.text[a:b] for a, b in found] == [case.text[a:b] for a, b in expected]
    assert found == expected
    for f in findings:
        assert f.text == doc.text[f.start:f.end]
        assert f.category in CATEGORIES
        assert 0 < f.confidence <= 1
    if case.no_fix:
        assert all(f.suggestion is None for f in findings)
        assert apply_fixes(case.text, findings)[0] == case.text
    else:
        assert all(f.suggestion is not None for f in findings)
        fixed, applied = apply_fixes(case.text, findings)
        assert fixed == case.fixed
        assert len(applied) == len(findings)


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES if c.kind == "flag" and c.fixed is not None])
def test_fixed_text_is_clean_for_the_rule(case: Case):
    """The corrected text of every positive case (known misses included) gives the rule nothing to flag."""
    _, findings = run_rule(case.code, case.fixed)
    assert [f.text for f in findings] == []


@pytest.mark.parametrize("case", [_param(c) for c in CASES if c.kind == "ok"])
def test_negative_case(case: Case):
    _, findings = run_rule(case.code, case.text)
    assert [(f.text, f.suggestion) for f in findings] == []

"""The typography rules' fixes settle: a fixed text gives none of them anything to report at an edit."""

from __future__ import annotations

import pytest

from detector.config import Config
from detector.findings import apply_fixes
from detector.pipeline.engine import scan_document
from detector.text.document import Document
from fixture_format import all_cases

TYPOGRAPHY = ("MT42", "MT43")
CASES = [c for c in all_cases() if c.code.startswith(TYPOGRAPHY) and c.kind == "flag" and not c.no_fix]


def _scan(text: str, select: tuple[str, ...]):
    return scan_document(Document.from_text(text), Config(select=select, min_confidence=0)).findings


@pytest.mark.parametrize("case", [pytest.param(c, id=c.id) for c in CASES])
def test_fix_settles_under_every_typography_rule(case):
    findings = _scan(case.text, (case.code,))
    fixed, applied = apply_fixes(case.text, findings)
    edits, shift = [], 0
    for f in sorted(applied, key=lambda f: f.start):
        start = f.start + shift
        edits.append((start, start + len(f.suggestion)))
        shift += len(f.suggestion) - (f.end - f.start)
    again = [(g.rule, g.text) for g in _scan(fixed, TYPOGRAPHY)
             if any(g.start <= end and start <= g.end for start, end in edits)]
    assert again == []

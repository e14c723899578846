"""The repository's seed articles: 003 and 004 are professionally edited, 001 and 002 machine-translated."""

from __future__ import annotations

import json

import pytest

from detector.config import Config
from detector.pipeline.engine import scan_document
from detector.text.document import Document
from helpers import SEEDS


def seed(prefix: str):
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    assert len(matches) == 1, f"seeds/{prefix}_*.txt"
    return matches[0]


def test_five_seed_articles():
    assert len(sorted(SEEDS.glob("*.txt"))) == 5


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_edited_seed_has_no_finding(cli, prefix):
    path = seed(prefix)
    result = cli("scan", path, "--format", "json")
    data = json.loads(result.stdout)
    assert data["documents"][0]["findings"] == [], [f["text"] for f in data["documents"][0]["findings"]]
    assert result.exit_code == 0


@pytest.mark.parametrize("prefix", ["003", "004"])
def test_edited_seed_has_no_finding_even_at_zero_confidence(prefix):
    """Low-confidence findings are hidden by default; the edited articles should not even produce those."""
    doc = Document.from_text(seed(prefix).read_text(encoding="utf-8"))
    findings = scan_document(doc, Config(min_confidence=0)).findings
    assert [(f.rule, f.text) for f in findings] == []


@pytest.mark.parametrize("prefix", ["001", "002"])
def test_translated_seed_has_findings(cli, prefix):
    path = seed(prefix)
    result = cli("scan", path, "--format", "json")
    assert result.exit_code == 1
    doc = json.loads(result.stdout)["documents"][0]
    assert len(doc["findings"]) >= 1
    text = path.read_text(encoding="utf-8")
    for f in doc["findings"]:
        assert text[f["start"]:f["end"]] == f["text"]


def test_translated_seeds_score_higher_than_edited_ones(cli):
    data = json.loads(cli("scan", *[seed(p) for p in ("001", "002", "003", "004")], "--format", "json").stdout)
    scores = [d["mt_score"] for d in data["documents"]]
    assert min(scores[:2]) > max(scores[2:])


def test_seed_folder_scan_as_a_real_process(run_detect):
    done = run_detect("scan", SEEDS, "--format", "jsonl")
    assert done.returncode == 1
    docs = [json.loads(line) for line in done.stdout.splitlines()]
    by_prefix = {d["path"].rsplit("/", 1)[-1][:3]: d for d in docs}
    assert set(by_prefix) == {"000", "001", "002", "003", "004"}
    assert by_prefix["003"]["findings"] == [] and by_prefix["004"]["findings"] == []
    assert by_prefix["001"]["findings"] and by_prefix["002"]["findings"]

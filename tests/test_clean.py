"""`detect clean`: folders and JSONL, audit and summary, idempotence, resumption after kill -9, Dask."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from detector.batch import CleanOptions, clean, content_hash
from helpers import detect_executable

SENTENCES = [
    "The council will meet on on Monday to discuss the budget for the coming year.",
    "The vote on the new harbour was postponed until the spring, the mayor said. .",
    "Farmers in the north reported a late harvest after weeks of heavy rain.",
    "The ministry said that exports of grain rose by a fifth in the first half of the year.",
    "Thousands of commuters were delayed when a signal failed outside the central station.",
    "The museum will reopen its east wing after two years of repairs. the director said.",
]


def article(i: int) -> str:
    picked = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(4)]
    return f"Report number {i} from the regional desk\n\n" + "\n\n".join(picked) + "\n"


def make_folder(root: Path, n: int) -> Path:
    for i in range(n):
        sub = root / f"desk{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"story{i:04d}.txt").write_text(article(i), encoding="utf-8")
    return root


def make_jsonl(path: Path, n: int, bad_line: bool = False) -> Path:
    lines = [json.dumps({"id": f"doc-{i}", "body": article(i), "source": "wire"}) for i in range(n)]
    if bad_line:
        lines.insert(2, "{not json")
    data = ("\n".join(lines) + "\n").encode()
    path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)
    return path


def test_folder_layout_audit_and_summary(cli, tmp_path):
    src = make_folder(tmp_path / "src", 9)
    result = cli("clean", src, "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    cleaned = (out / "desk0" / "story0000.txt").read_text(encoding="utf-8")
    assert "on on" not in cleaned and "said. ." not in cleaned and "meet on Monday" in cleaned
    assert (src / "desk0" / "story0000.txt").read_text(encoding="utf-8") == article(0), "SRC is never touched"
    audit = [json.loads(x) for x in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(audit) == 9 and all({"id", "mt_score", "edits"} <= set(a) for a in audit)
    edit = next(e for a in audit for e in a["edits"] if e["rule"] == "MT511")
    assert edit["before"] == "on on" and edit["after"] == "on" and 0 < edit["confidence"] <= 1
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == 9 and summary["edits"] == sum(len(a["edits"]) for a in audit)
    assert not (out / ".detect-clean").exists()


def test_cleaning_the_cleaned_output_changes_nothing(cli, tmp_path):
    src = make_folder(tmp_path / "src", 6)
    cli("clean", src, "--out", tmp_path / "once", "--jobs", "1")
    for p in ("audit.jsonl", "summary.json"):
        (tmp_path / "once" / p).unlink()
    cli("clean", tmp_path / "once", "--out", tmp_path / "twice", "--jobs", "1")
    assert json.loads((tmp_path / "twice" / "summary.json").read_text())["edits"] == 0
    for path in (tmp_path / "once").rglob("*.txt"):
        assert (tmp_path / "twice" / path.relative_to(tmp_path / "once")).read_bytes() == path.read_bytes()


def test_jsonl_gz_with_fields_and_a_malformed_line(cli, tmp_path):
    src = make_jsonl(tmp_path / "corpus.jsonl.gz", 8, bad_line=True)
    result = cli("clean", src, "--out", tmp_path / "out", "--text-field", "body", "--id-field", "id", "--jobs", "1")
    assert result.exit_code == 2
    assert "corpus.jsonl.gz:3: not JSON" in result.stderr and "copied unchanged" in result.stderr
    lines = gzip.open(tmp_path / "out" / "corpus.jsonl.gz", "rt", encoding="utf-8").read().splitlines()
    assert lines.pop(2) == "{not json", "the unreadable line keeps its place, unchanged"
    rows = [json.loads(x) for x in lines]
    assert [r["id"] for r in rows] == [f"doc-{i}" for i in range(8)]
    assert all(r["source"] == "wire" and "on on" not in r["body"] for r in rows)


def test_machine_translated_documents_are_routed(tmp_path):
    src = make_folder(tmp_path / "src", 4)
    summary = clean(src, tmp_path / "out", CleanOptions(mt_threshold=0.0))
    assert summary["machine_translated"] == 4
    assert len(list((tmp_path / "out" / "machine_translated").rglob("*.txt"))) == 4


def test_in_place_keeps_backups(cli, tmp_path):
    src = make_folder(tmp_path / "src", 3)
    result = cli("clean", src, "--in-place", "--jobs", "1")
    assert result.exit_code == 0, result.output
    story = src / "desk0" / "story0000.txt"
    assert "on on" not in story.read_text(encoding="utf-8")
    assert (src / "desk0" / "story0000.txt.bak").read_text(encoding="utf-8") == article(0)


def test_out_and_in_place_are_exclusive(cli, tmp_path):
    src = make_folder(tmp_path / "src", 1)
    assert cli("clean", src).exit_code == 2
    assert cli("clean", src, "--out", src).exit_code == 2


def test_a_resumed_job_with_other_options_is_refused(tmp_path):
    src = make_folder(tmp_path / "src", 2)
    (tmp_path / "out" / ".detect-clean").mkdir(parents=True)
    (tmp_path / "out" / ".detect-clean" / "job.json").write_text('{"fingerprint": "another job"}')
    with pytest.raises(ValueError, match="other options"):
        clean(src, tmp_path / "out", CleanOptions())


def _run(args: list, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.Popen([*detect_executable(), *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, **kw)


def test_kill_9_and_rerun_equals_an_uninterrupted_run(tmp_path):
    src = make_jsonl(tmp_path / "corpus.jsonl", 600)
    common = ["--text-field", "body", "--id-field", "id", "--jobs", "1", "--chunk-size", "5"]
    assert _run(["clean", src, "--out", tmp_path / "whole", *common]).wait(timeout=300) == 0
    proc = _run(["clean", src, "--out", tmp_path / "killed", *common])
    parts = tmp_path / "killed" / ".detect-clean" / "parts"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("*.audit.jsonl"))) < 3:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert parts.exists(), "the job was killed before it finished"
    done_before = len(list(parts.glob("*.audit.jsonl")))
    assert 3 <= done_before < 120
    assert _run(["clean", src, "--out", tmp_path / "killed", *common]).wait(timeout=300) == 0
    for name in ("corpus.jsonl", "audit.jsonl", "summary.json"):
        assert (tmp_path / "killed" / name).read_bytes() == (tmp_path / "whole" / name).read_bytes(), name
    assert not list((tmp_path / "killed").glob(".*.tmp"))


def test_dask_local_cluster_output_equals_the_local_run(tmp_path):
    pytest.importorskip("distributed")
    src = make_folder(tmp_path / "src", 12)
    clean(src, tmp_path / "local", CleanOptions(chunk_size=4), jobs=1)
    clean(src, tmp_path / "dask", CleanOptions(chunk_size=4), jobs=2, engine="dask")
    assert content_hash(tmp_path / "dask") == content_hash(tmp_path / "local")

"""Scanning many files: worker processes give the same report as one process, in path order."""

from __future__ import annotations

import json

from detector.apps import cli as cli_module
from detector.pipeline.scanner import PARALLEL_MIN_FILES
from helpers import write
from test_cli import CLEAN, GLITCHY


def _corpus(root, n: int) -> None:
    for i in range(n):
        write(root / f"{i:03d}.txt", GLITCHY if i % 3 else CLEAN.replace("budget", f"budget {i}"))
    write(root / "050_empty.txt", "")
    (root / "060_binary.txt").write_bytes(b"\x00\x01binary")


def test_workers_give_the_same_report_as_one_process(run_detect, tmp_path):
    _corpus(tmp_path, PARALLEL_MIN_FILES + 6)
    one = run_detect("scan", tmp_path, "--format", "json", "--jobs", "1")
    two = run_detect("scan", tmp_path, "--format", "json", "--jobs", "2")
    assert one.returncode == two.returncode == 2  # findings, and two files that cannot be read
    assert one.stdout == two.stdout
    assert one.stderr == two.stderr
    paths = [d["path"] for d in json.loads(two.stdout)["documents"]]
    assert paths == sorted(paths) and len(paths) == PARALLEL_MIN_FILES + 8


def test_progress_on_large_inputs(cli, tmp_path, monkeypatch):
    _corpus(tmp_path, 3)
    monkeypatch.setattr(cli_module, "PROGRESS_MIN_FILES", 3)
    result = cli("scan", tmp_path, "--format", "json")
    assert "5/5 documents" in result.stderr


def test_ctrl_c_stops_with_status_130(cli, tmp_path, monkeypatch):
    _corpus(tmp_path, 3)

    def interrupted(*args, **kwargs):
        yield from ()
        raise KeyboardInterrupt

    monkeypatch.setattr(cli_module, "scan_paths", interrupted)
    result = cli("scan", tmp_path)
    assert result.exit_code == 130
    assert "interrupted after 0 document(s)" in result.stderr

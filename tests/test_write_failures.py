"""Outputs that cannot be written (a full disk, a read-only folder, a path under a file): one line
`error: DST: reason`, exit status 2, no traceback; a rerun with room finishes as if nothing happened.
File modes: outputs follow the umask, rewrites in place keep the original's mode."""

from __future__ import annotations

import errno
import json
import os
import subprocess
from pathlib import Path

import pytest

from detector import atomic
from review_helpers import queue_article
from test_clean import _tree, make_folder, make_jsonl

JSONL_ARGS = ["--text-field", "body", "--id-field", "id", "--jobs", "1", "--chunk-size", "4"]


@pytest.fixture
def mount_tmpfs(tmp_path):
    """mount(folder, size_kib, read_only=False): a small tmpfs (root only; the test is skipped otherwise)."""
    mounted: list[Path] = []

    def mount(folder: Path, size_kib: int, read_only: bool = False) -> Path:
        folder.mkdir(parents=True, exist_ok=True)
        options = f"size={size_kib}k" + (",ro" if read_only else "")
        done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True)
        if done.returncode:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
        mounted.append(folder)
        return folder

    yield mount
    for folder in reversed(mounted):
        subprocess.run(["umount", "-l", str(folder)], check=False)


def _error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def test_a_full_disk_is_one_line_and_the_rerun_finishes_identical(cli, tmp_path, monkeypatch):
    src = make_jsonl(tmp_path / "corpus.jsonl", 40)
    assert cli("clean", src, "--out", tmp_path / "whole", *JSONL_ARGS).exit_code == 0
    out = tmp_path / "out"
    real_fsync, calls = os.fsync, []

    def fsync(fd: int) -> None:  # the disk fills up at the sixth file written
        calls.append(fd)
        if len(calls) >= 6:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real_fsync(fd)

    monkeypatch.setattr(atomic.os, "fsync", fsync)
    result = cli("clean", src, "--out", out, *JSONL_ARGS)
    assert result.exit_code == 2
    assert _error_lines(result.stderr) == [f"error: {out}: No space left on device"]
    assert "Traceback" not in result.stderr
    assert not list(out.rglob("*.tmp")), "the file being written when the disk filled is removed"
    monkeypatch.setattr(atomic.os, "fsync", real_fsync)
    assert cli("clean", src, "--out", out, *JSONL_ARGS).exit_code == 0
    assert _tree(out) == _tree(tmp_path / "whole")


def test_a_real_full_disk_then_room(run_detect, tmp_path, mount_tmpfs):
    src = make_folder(tmp_path / "src", 150)   # about 60 KiB of text, cleaned twice over (copies and audit)
    assert run_detect("clean", src, "--out", tmp_path / "whole", "--jobs", "1").returncode == 0
    full = mount_tmpfs(tmp_path / "disk", 48)
    done = run_detect("clean", src, "--out", full / "out", "--jobs", "1", "--chunk-size", "20")
    assert done.returncode == 2
    assert _error_lines(done.stderr) == [f"error: {full / 'out'}: No space left on device"], done.stderr
    assert "Traceback" not in done.stderr
    subprocess.run(["mount", "-o", "remount,size=2m", str(full)], check=True)
    done = run_detect("clean", src, "--out", full / "out", "--jobs", "1", "--chunk-size", "20")
    assert done.returncode == 0, done.stderr
    assert _tree(full / "out") == _tree(tmp_path / "whole")


def test_out_under_a_file_or_on_a_read_only_disk(run_detect, tmp_path, mount_tmpfs):
    src = make_folder(tmp_path / "src", 3)
    (tmp_path / "file.txt").write_text("not a folder\n")
    done = run_detect("clean", src, "--out", tmp_path / "file.txt" / "out", "--jobs", "1")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert _error_lines(done.stderr) == [f"error: {tmp_path / 'file.txt' / 'out'}: Not a directory"]
    read_only = mount_tmpfs(tmp_path / "ro", 64, read_only=True)
    done = run_detect("clean", src, "--out", read_only / "out", "--jobs", "1")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert _error_lines(done.stderr) == [f"error: {read_only / 'out'}: Read-only file system"]


def test_review_export_that_cannot_be_written(run_detect, tmp_path, mount_tmpfs, monkeypatch):
    db = queue_article(tmp_path)
    (tmp_path / "file.txt").write_text("not a folder\n")
    under_a_file = tmp_path / "file.txt" / "cleaned"
    done = run_detect("review", "export", under_a_file, "--db", db)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert _error_lines(done.stderr) == [f"error: {under_a_file}: Not a directory"]
    full = mount_tmpfs(tmp_path / "disk", 4)
    (full / "filler").write_bytes(b"x" * (4 * 1024 - 1))   # nothing more fits
    done = run_detect("review", "export", full / "cleaned", "--db", db)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert _error_lines(done.stderr) == [f"error: {full / 'cleaned'}: No space left on device"]
    assert not [p for p in (full / "cleaned").rglob("*") if p.is_file()], "no 0-byte or partial document"
    (full / "filler").unlink()
    done = run_detect("review", "export", full / "cleaned", "--db", db)
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (full / "cleaned").iterdir()) == ["council.txt", "decisions.jsonl"]
    read_only = mount_tmpfs(tmp_path / "ro", 64, read_only=True)
    done = run_detect("review", "export", read_only, "--db", db)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert _error_lines(done.stderr) == [f"error: {read_only}: Read-only file system"]


def _umask_run(args: list, umask: int) -> subprocess.CompletedProcess:
    from helpers import detect_executable

    return subprocess.run([*detect_executable(), *map(str, args)], capture_output=True, text=True,
                          preexec_fn=lambda: os.umask(umask), timeout=120)


def test_outputs_follow_the_umask_and_in_place_keeps_the_mode(tmp_path):
    src = make_folder(tmp_path / "src", 3)
    assert _umask_run(["clean", src, "--out", tmp_path / "out", "--jobs", "1"], 0o002).returncode == 0
    modes = {p.name: p.stat().st_mode & 0o777 for p in (tmp_path / "out").rglob("*") if p.is_file()}
    assert modes and set(modes.values()) == {0o664}, modes
    story = src / "desk0" / "story0000.txt"
    story.chmod(0o640)
    (src / "desk1" / "story0001.txt").chmod(0o604)
    assert _umask_run(["clean", src, "--in-place", "--jobs", "1"], 0o077).returncode == 0
    assert "on on" not in story.read_text(encoding="utf-8")
    assert story.stat().st_mode & 0o777 == 0o640, "an in-place rewrite keeps the file's mode"
    assert (src / "desk1" / "story0001.txt").stat().st_mode & 0o777 == 0o604
    assert (src / "desk0" / "story0000.txt.bak").stat().st_mode & 0o777 == 0o640
    assert (src / "summary.json").stat().st_mode & 0o777 == 0o600, "new files follow the umask (077 here)"
    jsonl = make_jsonl(tmp_path / "news" / "corpus.jsonl", 4)
    jsonl.chmod(0o664)
    assert _umask_run(["clean", jsonl, "--in-place", *JSONL_ARGS], 0o022).returncode == 0
    assert jsonl.stat().st_mode & 0o777 == 0o664 and json.loads(jsonl.read_text().splitlines()[0])["id"] == "doc-0"


def test_fix_in_place_keeps_mode(cli, tmp_path):
    path = tmp_path / "story.txt"
    path.write_text("The council will meet on on Monday.\n", encoding="utf-8")
    path.chmod(0o664)
    assert cli("fix", "--in-place", path).exit_code == 0
    assert path.stat().st_mode & 0o777 == 0o664
    assert path.read_text(encoding="utf-8") == "The council will meet on Monday.\n"

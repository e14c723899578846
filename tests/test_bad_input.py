"""Files that cannot be read: one clear error line each, the rest still scanned, exit status 2."""

from __future__ import annotations

import json
import os
import time

import pytest

from detector.reader import MAX_BYTES, decode, iter_paths, read_document, ReadError
from helpers import write

GOOD = "The council will meet on on Monday to vote on the budget.\n"


def error_lines(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith("error:")]


def scan_json(cli, *paths):
    result = cli("scan", *paths, "--format", "json")
    return result, json.loads(result.stdout)


def assert_one_error_and_good_file_reported(cli, bad, good, expect_in_error: str):
    result, data = scan_json(cli, bad, good)
    assert result.exit_code == 2
    errors = error_lines(result.stderr)
    assert len(errors) == 1, result.stderr
    assert str(bad) in errors[0] and expect_in_error in errors[0]
    reported = {d["path"]: d for d in data["documents"]}
    assert reported[str(good)]["findings"], "the readable file is still scanned"
    assert "error" in reported[str(bad)]
    assert data["summary"]["errors"] == 1 and data["summary"]["documents"] == 1
    return result


@pytest.fixture
def good(tmp_path):
    return write(tmp_path / "good.txt", GOOD)


def test_binary_file(cli, tmp_path, good):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    assert_one_error_and_good_file_reported(cli, bad, good, "binary")


def test_binary_file_in_text_mode_output(cli, tmp_path, good):
    bad = tmp_path / "archive.txt"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    result = cli("scan", bad, good)
    assert result.exit_code == 2
    assert len(error_lines(result.stderr)) == 1 and str(bad) in result.stderr
    assert f"{good}:1:" in result.stdout and "MT511" in result.stdout
    assert "1 file(s) could not be read" in result.stdout


def test_non_utf8_file_is_read_with_a_named_fallback(cli, tmp_path):
    text = "The café owners said the the new rules would hurt business.\n“We are worried,” one owner said.\n"
    path = write(tmp_path / "latin.txt", text, encoding="cp1252")
    result, data = scan_json(cli, path)
    assert result.exit_code == 1  # findings, not an error: the file was read
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1
    assert str(path) in warnings[0] and "cp1252" in warnings[0]
    assert error_lines(result.stderr) == []
    doc = data["documents"][0]
    assert doc["encoding"] == "cp1252"
    decoded = path.read_bytes().decode("cp1252")
    assert decoded == text
    assert [f["text"] for f in doc["findings"]] == ["the the"]
    for f in doc["findings"]:
        assert decoded[f["start"]:f["end"]] == f["text"]


def test_utf8_file_gives_no_encoding_warning(cli, good):
    result = cli("scan", good)
    assert "warning" not in result.stderr


def test_decode_prefers_utf8_then_cp1252():
    assert decode("naïve “quote”".encode("utf-8")) == ("naïve “quote”", "utf-8")
    assert decode(b"\xef\xbb\xbfbom") == ("bom", "utf-8-sig")
    assert decode("naïve “quote”".encode("cp1252")) == ("naïve “quote”", "cp1252")
    # 0x81 is undefined in cp1252: Latin-1 is the last resort.
    assert decode(b"caf\xe9 \x81") == ("café \x81", "latin-1")


@pytest.mark.parametrize("content", [b"", b"   \n\n\t\n"], ids=["empty", "blank"])
def test_empty_file(cli, tmp_path, good, content):
    bad = tmp_path / "empty.txt"
    bad.write_bytes(content)
    assert_one_error_and_good_file_reported(cli, bad, good, "empty")


def test_missing_path(cli, tmp_path, good):
    bad = tmp_path / "no-such-article.txt"
    assert_one_error_and_good_file_reported(cli, bad, good, "no such file")


def test_missing_folder(cli, tmp_path, good):
    result = cli("scan", good, tmp_path / "no-such-folder")
    assert result.exit_code == 2
    assert len(error_lines(result.stderr)) == 1 and "no-such-folder" in result.stderr


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(cli, tmp_path, good):
    bad = write(tmp_path / "secret.txt", GOOD)
    bad.chmod(0)
    try:
        assert_one_error_and_good_file_reported(cli, bad, good, "cannot read")
    finally:
        bad.chmod(0o644)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads folders whatever their permissions")
def test_unreadable_folder(cli, tmp_path, good):
    folder = tmp_path / "locked"
    write(folder / "inside.txt", GOOD)
    folder.chmod(0)
    try:
        result = cli("scan", good, folder)
        assert result.exit_code == 2
        assert len(error_lines(result.stderr)) == 1 and "locked" in result.stderr
        assert "MT511" in result.stdout
    finally:
        folder.chmod(0o755)


def test_file_over_the_size_limit(cli, tmp_path, good):
    bad = tmp_path / "huge.txt"
    with open(bad, "wb") as handle:  # sparse: nothing is written or read
        handle.truncate(MAX_BYTES + 1024 * 1024)
    assert_one_error_and_good_file_reported(cli, bad, good, "limit")


def test_self_referencing_symlink_after_a_good_file(cli, tmp_path, good):
    bad = tmp_path / "loop.txt"
    bad.symlink_to(bad.name)
    result, data = scan_json(cli, good, bad)
    assert result.exit_code == 2
    errors = error_lines(result.stderr)
    assert len(errors) == 1 and str(bad) in errors[0]
    assert data["documents"][0]["findings"]


def test_self_referencing_symlink_as_first_path(run_detect, tmp_path, good):
    bad = tmp_path / "loop.txt"
    bad.symlink_to(bad.name)
    done = run_detect("scan", bad, good)
    assert "Traceback" not in done.stderr
    assert done.returncode == 2
    assert len(error_lines(done.stderr)) == 1 and str(bad) in done.stderr
    assert "MT511" in done.stdout


def test_symlink_loop_inside_a_folder(cli, tmp_path):
    root = tmp_path / "articles"
    write(root / "a.txt", GOOD)
    write(root / "sub" / "b.txt", GOOD)
    (root / "sub" / "back").symlink_to("..")  # a folder cycle
    (root / "self.txt").symlink_to("self.txt")  # a file that points at itself
    started = time.monotonic()
    result, data = scan_json(cli, root)
    assert time.monotonic() - started < 30
    assert result.exit_code == 2
    names = sorted(os.path.basename(d["path"]) for d in data["documents"] if "findings" in d)
    assert names == ["a.txt", "b.txt"], "each real file once"
    errors = error_lines(result.stderr)
    assert len(errors) == 2, result.stderr
    assert any("self.txt" in e for e in errors) and any("back" in e for e in errors)


def test_symlinked_file_is_scanned_once(cli, tmp_path):
    root = tmp_path / "articles"
    real = write(root / "real.txt", GOOD)
    (root / "alias.txt").symlink_to(real.name)
    result, data = scan_json(cli, root)
    assert data["summary"]["errors"] == 0
    assert data["summary"]["documents"] == 1
    assert data["summary"]["findings"] == 1


def test_non_text_files_in_folders_are_skipped(cli, tmp_path):
    root = tmp_path / "mixed"
    write(root / "article.txt", GOOD)
    (root / "image.png").write_bytes(b"\x89PNG\x00\x00")
    write(root / ".hidden" / "draft.txt", GOOD)
    result, data = scan_json(cli, root)
    assert [os.path.basename(d["path"]) for d in data["documents"]] == ["article.txt"]
    assert result.exit_code == 1 and result.stderr == ""


def test_two_thousand_small_files(cli, tmp_path):
    root = tmp_path / "corpus"
    root.mkdir()
    for i in range(2000):
        (root / f"article{i:04d}.txt").write_text(f"Article {i}: the council met on Tuesday.\n", encoding="utf-8")
    (root / "article0500.txt").write_text("The vote was postponed on on Friday.\n", encoding="utf-8")
    bad = root / "article1000.txt"
    bad.write_bytes(b"\x00\x01\x02binary")
    started = time.monotonic()
    result, data = scan_json(cli, root)
    elapsed = time.monotonic() - started
    assert elapsed < 30, f"2,000 files took {elapsed:.1f}s"
    assert result.exit_code == 2
    assert data["summary"]["documents"] == 1999 and data["summary"]["errors"] == 1
    assert len(data["documents"]) == 2000
    errors = error_lines(result.stderr)
    assert len(errors) == 1 and str(bad) in errors[0]
    flagged = [d["path"] for d in data["documents"] if d.get("findings")]
    assert [os.path.basename(p) for p in flagged] == ["article0500.txt"]
    assert data["summary"]["findings"] == 1


def test_fix_skips_a_bad_file_and_fixes_the_good_one(cli, tmp_path, good):
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x00" * 32)
    result = cli("fix", "--in-place", bad, good)
    assert result.exit_code == 2
    assert len(error_lines(result.stderr)) == 1 and str(bad) in result.stderr
    assert bad.read_bytes() == b"\x00" * 32
    assert good.read_text(encoding="utf-8") == GOOD.replace("on on", "on")


def test_reader_api_returns_errors_instead_of_raising(tmp_path):
    missing = list(iter_paths([str(tmp_path / "absent")]))
    assert len(missing) == 1 and isinstance(missing[0], ReadError)
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    assert isinstance(read_document(empty), ReadError)
    doc = read_document(write(tmp_path / "ok.txt", GOOD))
    assert not isinstance(doc, ReadError) and doc.text == GOOD and doc.encoding == "utf-8"

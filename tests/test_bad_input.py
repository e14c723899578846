"""Files that cannot be read: one clear error line each, the rest still scanned, exit status 2."""

from __future__ import annotations

import json
import os
import time

import pytest

from detector.text.reader import MAX_BYTES, decode, iter_paths, read_document, ReadError
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


# `detect clean`: each bad input gives one line naming its file (and line), the other records are
# cleaned, and the exit status says so. The README's table lists these cases.

GOOD_RECORD = {"id": "ok", "text": "The council will meet on on Monday to vote on the budget."}
LATIN1_QUOTE_FIX = b"\xabWe will not give up,\" the mayor told the crowd at the caf\xe9 \x81.\n"  # 0x81: not cp1252


def _jsonl_bytes(records: list[dict]) -> list[bytes]:
    return [json.dumps({**r, "id": f"r{i}"}).encode() + b"\n" for i, r in enumerate(records)]


def _jsonl_with(tmp_path, bad: bytes, name: str = "corpus.jsonl"):
    good = _jsonl_bytes([GOOD_RECORD, GOOD_RECORD])
    path = tmp_path / name
    path.write_bytes(good[0] + bad + good[1])
    return path


def _jsonl_with_bom(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b"".join(_jsonl_bytes([GOOD_RECORD] * 3)))
    return path


def _truncated_gz(tmp_path):
    import gzip

    data = gzip.compress(b"".join(_jsonl_bytes([GOOD_RECORD] * 400)), mtime=0)
    path = tmp_path / "corpus.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    return path


def _folder_with(tmp_path, make_bad):
    src = tmp_path / "src"
    write(src / "a.txt", GOOD)
    make_bad(src / "m.txt")
    write(src / "z.txt", GOOD)
    return src


CLEAN_CASES = [
    # id, make SRC, the error line's reason ("" for none), exit status
    ("latin1-fix-inserts-curly-quote", lambda t: _folder_with(t, lambda p: p.write_bytes(LATIN1_QUOTE_FIX)),
     "inserts '“' (U+201C), which latin-1 cannot encode; copied unchanged", 2),   # the rule's code before it
    ("fifo-in-folder", lambda t: _folder_with(t, os.mkfifo), "m.txt: a named pipe, not a regular file; skipped", 2),
    ("binary-file", lambda t: _folder_with(t, lambda p: p.write_bytes(b"\x00\x01PNG" * 8)),
     "m.txt: binary file (contains NUL bytes), not text", 2),
    ("utf16-with-bom", lambda t: _folder_with(t, lambda p: p.write_bytes(GOOD.encode("utf-16"))), "", 0),
    ("invalid-utf8", lambda t: _jsonl_with(t, b'{"id": "x", "text": "caf\xe9"}\n'),
     "corpus.jsonl:2: not UTF-8 (byte 0xe9 at column 25); copied unchanged", 2),
    ("not-json", lambda t: _jsonl_with(t, b'{"id": "x", "text": \n'),
     "corpus.jsonl:2: not JSON: Expecting value at column 21; copied unchanged", 2),
    ("non-object-line", lambda t: _jsonl_with(t, b'["a", "list"]\n'),
     "corpus.jsonl:2: an array, not an object; copied unchanged", 2),
    ("missing-text-field", lambda t: _jsonl_with(t, b'{"id": "x", "body": "no text field"}\n'),
     "corpus.jsonl:2: no field 'text'; copied unchanged", 2),
    ("non-string-text", lambda t: _jsonl_with(t, b'{"id": "x", "text": 42}\n'),
     "corpus.jsonl:2: field 'text' is a number, not a string; copied unchanged", 2),
    ("unpaired-surrogate", lambda t: _jsonl_with(t, b'{"id": "x", "text": "half \\ud800 a pair"}\n'),
     "corpus.jsonl:2: an escaped unpaired surrogate", 2),
    ("utf8-bom", _jsonl_with_bom, "", 0),
    ("non-gzip-gz", lambda t: _jsonl_with(t, b"", "corpus.jsonl.gz"), "corpus.jsonl.gz:1: not a gzip file", 2),
    ("truncated-gz", _truncated_gz,
     "the compressed file ends early (truncated .gz); the records before this line are kept", 2),
]


@pytest.mark.parametrize("make, reason, status", [c[1:] for c in CLEAN_CASES], ids=[c[0] for c in CLEAN_CASES])
def test_clean_reports_a_bad_input_and_cleans_the_rest(run_detect, tmp_path, make, reason, status):
    import gzip

    src = make(tmp_path)
    out = tmp_path / "out"
    done = run_detect("clean", src, "--out", out, "--jobs", "1", "--id-field", "id", timeout=60)
    assert "Traceback" not in done.stderr and "Aborted" not in done.stderr
    assert done.returncode == status, done.stderr
    errors = error_lines(done.stderr)
    if reason:
        assert len(errors) == 1 and reason in errors[0] and str(src) in errors[0], done.stderr
    else:
        assert errors == [], done.stderr
    summary = json.loads((out / "summary.json").read_text())
    assert len(summary["errors"]) == len(errors)
    assert not (out / ".detect-clean").exists() and not list(out.rglob("*.tmp"))
    if src.is_dir():   # the files around the bad one are cleaned; a file that cannot be written is copied
        assert not reason or f"{src / 'm.txt'}: " in errors[0]
        for name in ("a.txt", "z.txt"):
            assert (out / name).read_text(encoding="utf-8") == GOOD.replace("on on", "on")
        if "copied unchanged" in reason:
            assert (out / "m.txt").read_bytes() == (src / "m.txt").read_bytes()
        elif not reason:
            assert (out / "m.txt").read_bytes() == GOOD.replace("on on", "on").encode("utf-16")
        return
    if src.name.endswith(".gz"):
        if "not a gzip" in reason:
            assert summary["documents"] == 0
            assert sorted(p.name for p in out.iterdir()) == ["audit.jsonl", "summary.json"], "no empty output"
            return
        rows = [json.loads(x) for x in gzip.open(out / src.name, "rt", encoding="utf-8")]
        assert 0 < len(rows) < 400 and all(r["text"] == GOOD_RECORD["text"].replace("on on", "on") for r in rows)
        assert summary["documents"] == len(rows)
        return
    source_lines = src.read_bytes().splitlines(keepends=True)
    cleaned_lines = (out / src.name).read_bytes().splitlines(keepends=True)
    assert len(cleaned_lines) == len(source_lines), "every record out once, in order"
    for before, after in zip(source_lines, cleaned_lines):
        if reason and before == source_lines[1]:
            assert after == before, "the bad line is copied unchanged in its place"
        else:
            assert after.startswith(b"\xef\xbb\xbf") == before.startswith(b"\xef\xbb\xbf")
            assert json.loads(after.decode("utf-8-sig"))["text"] == GOOD_RECORD["text"].replace("on on", "on")


@pytest.mark.parametrize("command", [["scan"], ["fix", "--diff"], ["clean", "--jobs", "1", "--out", "{out}"],
                                     ["review", "add", "--db", "{out}/review.db"]],
                         ids=["scan", "fix", "clean", "review-add"])
def test_a_fifo_in_a_folder_is_skipped_with_one_line(run_detect, tmp_path, command):
    root = tmp_path / "articles"
    write(root / "good.txt", GOOD)
    os.mkfifo(root / "pipe.txt")   # opening it to read would wait for a writer for ever
    (tmp_path / "out").mkdir()
    args = [a.replace("{out}", str(tmp_path / "out")) for a in command]
    done = run_detect(*args, root, timeout=60)
    assert "Traceback" not in done.stderr
    assert done.returncode == 2, done.stderr
    assert error_lines(done.stderr) == [f"error: {root / 'pipe.txt'}: a named pipe, not a regular file; skipped"]


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_with_a_bom_are_read_as_text(cli, tmp_path, encoding):
    text = "The café owners said the the new rules would hurt.\r\n“We are worried,” one said.\r\n"
    data = (text if encoding in ("utf-16", "utf-32") else "\ufeff" + text).encode(encoding)  # one BOM
    path = tmp_path / "wide.txt"
    path.write_bytes(data)
    result, report = scan_json(cli, path)
    assert result.exit_code == 1 and error_lines(result.stderr) == [] and "warning" not in result.stderr
    doc = report["documents"][0]
    assert [f["text"] for f in doc["findings"]] == ["the the"]
    assert [text[f["start"]:f["end"]] for f in doc["findings"]] == ["the the"], doc
    assert cli("fix", "--in-place", path).exit_code == 0
    fixed = path.read_bytes()
    assert fixed.decode(encoding[:6]) == text.replace("the the", "the"), "written back with its BOM"


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_line_numbers_count_every_kind_of_line_break(cli, tmp_path, newline):
    path = write(tmp_path / "story.txt", "A first line.\n\nThe council will meet on on Monday.\n", newline=newline)
    result, report = scan_json(cli, path)
    finding = report["documents"][0]["findings"][0]
    assert (finding["line"], finding["column"]) == (3, 23)
    assert f"{path}:3:23: MT511" in cli("scan", path).stdout


def test_exclude_patterns_match_however_the_folder_is_named(run_detect, tmp_path):
    tree = tmp_path / "desk"
    write(tree / "detector.toml", 'exclude = ["*/drafts/*", "notes/*", "*.md"]\n')
    write(tree / "drafts" / "draft.txt", GOOD)
    write(tree / "notes" / "memo.txt", GOOD)
    write(tree / "readme.md", GOOD)
    write(tree / "live" / "drafts" / "old.txt", GOOD)
    write(tree / "live" / "story.txt", GOOD)
    for cwd, arg in ((tree, "."), (tree, "drafts"), (tree.parent, "desk"), ("/", str(tree)), (tree / "live", ".")):
        done = run_detect("scan", arg, "--format", "json", cwd=cwd)
        names = [os.path.basename(d["path"]) for d in json.loads(done.stdout)["documents"]]
        expected = [] if arg == "drafts" else ["story.txt"]
        assert names == expected, (cwd, arg, names)


def test_an_unwritable_cache_folder_warns_once(tmp_path, good):
    import subprocess

    (tmp_path / "cache").write_text("a file where the cache folder should be\n")
    env = dict(os.environ, XDG_CACHE_HOME=str(tmp_path / "cache"), PYTHONIOENCODING="utf-8")
    from helpers import detect_executable

    done = subprocess.run([*detect_executable(), "scan", str(good), str(good.parent)], capture_output=True,
                          text=True, env=env, timeout=120)
    assert done.returncode == 1, done.stderr
    warnings = [line for line in done.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and str(tmp_path / "cache" / "mt-detector") in warnings[0], done.stderr
    assert "derives it again" in warnings[0]

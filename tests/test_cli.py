"""The `detect` command: exit codes, report formats, rule selection, `rules`, and `fix`."""

from __future__ import annotations

import json
import os
import re
import stat
import subprocess
from pathlib import Path

import pytest

from detector.findings import CATEGORIES
from detector.rules import REGISTRY
from helpers import write

CLEAN = ("The city council approved the budget on Tuesday after a long debate.\n\n"
         "The mayor said the new bus lanes would open in the spring. Residents welcomed the plan.\n")
# Two safe glitches (a doubled word, a doubled full stop) and one unsafe one (a calque).
GLITCHY = ("The council will meet on on Monday. The vote was postponed. .\n\n"
           "The ministry backs synthetic intelligence research outside the capital.\n")
GLITCHY_SAFE_FIXED = ("The council will meet on Monday. The vote was postponed.\n\n"
                      "The ministry backs synthetic intelligence research outside the capital.\n")
GLITCHY_ALL_FIXED = GLITCHY_SAFE_FIXED.replace("synthetic intelligence", "artificial intelligence")
FINDING_KEYS = {"start", "end", "text", "rule", "category", "message", "suggestion", "confidence", "fix"}


@pytest.fixture
def files(tmp_path):
    return {"clean": write(tmp_path / "clean.txt", CLEAN), "glitchy": write(tmp_path / "glitchy.txt", GLITCHY)}


def report(result) -> dict:
    assert result.stdout.strip(), result.stderr
    return json.loads(result.stdout)


def rules_found(result) -> set[str]:
    return {f["rule"] for d in report(result)["documents"] for f in d.get("findings", [])}


# --- exit codes -------------------------------------------------------------------------------

def test_clean_file_exits_0(cli, files):
    result = cli("scan", files["clean"])
    assert result.exit_code == 0, result.output
    assert "No glitches found in 1 document(s)." in result.stdout


def test_findings_exit_1_and_text_lines_name_file_line_and_column(cli, files):
    result = cli("scan", files["glitchy"])
    assert result.exit_code == 1
    path = str(files["glitchy"])
    assert re.search(rf"^{re.escape(path)}:1:23: MT511 \[doubled_word\] 'on on' -> 'on' \(safe fix\)",
                     result.stdout, re.M), result.stdout
    assert re.search(rf"^{re.escape(path)}:3:\d+: MT301 \[calque\] 'synthetic intelligence'", result.stdout, re.M)
    assert "Found 3 glitch(es) in 1 document(s)" in result.stdout


def test_clean_and_glitchy_together_exit_1(cli, files):
    assert cli("scan", files["clean"], files["glitchy"]).exit_code == 1


def test_folder_scan_reports_both_files(cli, files, tmp_path):
    result = cli("scan", tmp_path, "--format", "json")
    assert result.exit_code == 1
    paths = sorted(os.path.basename(d["path"]) for d in report(result)["documents"])
    assert paths == ["clean.txt", "glitchy.txt"]


@pytest.mark.parametrize("args", [
    ["scan"],                                         # no path
    ["scan", "{clean}", "--format", "xml"],           # unknown format
    ["scan", "{clean}", "--min-confidence", "1.5"],   # out of range
    ["scan", "{clean}", "--select", "MT999"],         # unknown code
    ["scan", "{clean}", "--ignore", "no-such-rule"],  # unknown name
    ["scan", "{clean}", "--select", "MT511,bogus"],   # one bad selector in a list
    ["fix", "{clean}"],                               # fix needs a mode
    ["frobnicate"],                                   # unknown command
], ids=lambda a: " ".join(a))
def test_usage_errors_exit_2(cli, files, args):
    result = cli(*[a.format(clean=files["clean"]) for a in args])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip()


def test_unknown_selector_is_named_in_the_error(cli, files):
    result = cli("scan", files["glitchy"], "--select", "MT511,MT9")
    assert result.exit_code == 2
    line = next(line for line in result.stderr.splitlines() if "unknown" in line)
    assert re.search(r"\bMT9\b", line) and "MT511" not in line


def test_a_selector_given_twice_is_named_once(cli, files):
    result = cli("scan", files["glitchy"], "--select", "MT9,MT511,MT9", "--ignore", "MT0,MT0")
    line = next(line for line in result.stderr.splitlines() if "unknown" in line)
    assert line.count("MT9") == 1 and line.count("MT0") == 1, line


@pytest.mark.parametrize("given,distinct", [
    (("MT5", "MT5"), ("MT5",)),
    (("MT511", "MT5", "calque", "MT511", "calque"), ("MT5", "calque")),   # a code its prefix covers
    (("MT51", "MT5"), ("MT5",)),
    (("LT:EN_A", "LT", "MT4"), ("LT", "MT4")),
    (("MT4", "MT5", "doubled_word"), ("MT4", "MT5", "doubled_word")),   # nothing repeated
])
def test_distinct_selectors(given, distinct):
    from detector.config import distinct_selectors

    assert distinct_selectors(given) == distinct


def test_repeated_or_covered_selectors_select_the_same_and_resume_the_same_clean_job(cli, files, tmp_path):
    once = cli("scan", files["glitchy"], "--format", "json", "--select", "MT5,MT4")
    again = cli("scan", files["glitchy"], "--format", "json", "--select", "MT5,MT511,MT4,MT5")
    assert once.stdout == again.stdout and rules_found(once) == {"MT511", "MT402"}
    from detector.apps.clean import CleanOptions, _fingerprint
    from detector.apps.cli import _config

    def fingerprint(select: str) -> str:
        return _fingerprint(files["glitchy"], CleanOptions(_config((str(files["glitchy"]),), select, None, None)))

    assert fingerprint("MT5,MT511,MT5") == fingerprint("MT5")


def test_real_process_exit_codes_and_streams(run_detect, files, tmp_path):
    assert run_detect("scan", files["clean"]).returncode == 0
    found = run_detect("scan", files["glitchy"], "--format", "json")
    assert found.returncode == 1 and json.loads(found.stdout)["summary"]["findings"] == 3
    missing = run_detect("scan", tmp_path / "absent.txt")
    assert missing.returncode == 2 and "absent.txt" in missing.stderr and missing.stdout.count("\n") <= 1
    assert run_detect("scan", files["clean"], "--select", "MT0").returncode == 2


# --- report formats ---------------------------------------------------------------------------

def test_json_report_shape(cli, files):
    result = cli("scan", files["clean"], files["glitchy"], "--format", "json")
    assert result.exit_code == 1
    data = report(result)
    assert data["version"] == 1
    assert [d["path"] for d in data["documents"]] == [str(files["clean"]), str(files["glitchy"])]
    total = 0
    by_category: dict[str, int] = {}
    for doc in data["documents"]:
        assert {"path", "mt_score", "findings"} <= set(doc)
        assert isinstance(doc["mt_score"], float) and 0.0 <= doc["mt_score"] <= 1.0
        file_text = open(doc["path"], encoding="utf-8", newline="").read()
        for f in doc["findings"]:
            assert FINDING_KEYS <= set(f)
            assert isinstance(f["start"], int) and isinstance(f["end"], int) and 0 <= f["start"] < f["end"]
            assert f["text"] == file_text[f["start"]:f["end"]]
            assert f["rule"] in REGISTRY
            assert f["category"] in CATEGORIES
            assert f["fix"] in ("safe", "unsafe")
            assert 0 < f["confidence"] <= 1
            assert f["message"]
            assert f["suggestion"] is None or isinstance(f["suggestion"], str)
            by_category[f["category"]] = by_category.get(f["category"], 0) + 1
            total += 1
        starts = [f["start"] for f in doc["findings"]]
        assert starts == sorted(starts)
    clean, glitchy = data["documents"]
    assert clean["findings"] == [] and glitchy["findings"]
    assert glitchy["mt_score"] > clean["mt_score"]
    summary = data["summary"]
    assert summary["documents"] == 2 and summary["errors"] == 0
    assert summary["findings"] == total == 3
    assert summary["by_category"] == by_category


def test_json_line_and_column_match_offsets(cli, files):
    data = report(cli("scan", files["glitchy"], "--format", "json"))
    text = files["glitchy"].read_text(encoding="utf-8")
    for f in data["documents"][0]["findings"]:
        before = text[:f["start"]]
        assert f["line"] == before.count("\n") + 1
        assert f["column"] == len(before) - (before.rfind("\n") + 1) + 1


def test_jsonl_one_object_per_document_per_line(cli, files):
    result = cli("scan", files["clean"], files["glitchy"], "--format", "jsonl")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 2
    objects = [json.loads(line) for line in lines]
    assert [o["path"] for o in objects] == [str(files["clean"]), str(files["glitchy"])]
    full = report(cli("scan", files["clean"], files["glitchy"], "--format", "json"))
    assert objects == full["documents"]


def test_jsonl_reports_unreadable_paths_as_objects(cli, files, tmp_path):
    result = cli("scan", files["glitchy"], tmp_path / "absent.txt", "--format", "jsonl")
    assert result.exit_code == 2
    objects = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(objects) == 2
    assert objects[0]["findings"]
    assert objects[1]["path"].endswith("absent.txt") and objects[1]["error"]


# --- selection --------------------------------------------------------------------------------

@pytest.mark.parametrize("selector,expected", [
    ("MT511", {"MT511"}),                 # a code
    ("MT5", {"MT511"}),                   # a prefix
    ("MT4", {"MT402"}),
    ("calque", {"MT301"}),                # a category
    ("doubled_word", {"MT511"}),
    ("doubled-punctuation", {"MT402"}),   # a rule name
    ("MT511, MT301", {"MT511", "MT301"}),  # a list with spaces
])
def test_select(cli, files, selector, expected):
    result = cli("scan", files["glitchy"], "--format", "json", "--select", selector)
    assert rules_found(result) == expected


@pytest.mark.parametrize("selector,expected", [
    ("MT511", {"MT402", "MT301"}),
    ("MT4", {"MT511", "MT301"}),
    ("calque", {"MT511", "MT402"}),
    ("MT5,double_punct", {"MT301"}),
])
def test_ignore(cli, files, selector, expected):
    result = cli("scan", files["glitchy"], "--format", "json", "--ignore", selector)
    assert rules_found(result) == expected


def test_select_and_ignore_combine(cli, files):
    result = cli("scan", files["glitchy"], "--format", "json", "--select", "MT4,MT5", "--ignore", "MT402")
    assert rules_found(result) == {"MT511"}


def test_ignoring_every_finding_exits_0(cli, files):
    result = cli("scan", files["glitchy"], "--ignore", "MT511,MT402,MT301")
    assert result.exit_code == 0


def test_min_confidence_hides_weaker_findings(cli, files):
    everything = report(cli("scan", files["glitchy"], "--format", "json", "--min-confidence", "0", "--rules-only"))
    confidences = sorted({f["confidence"] for f in everything["documents"][0]["findings"]})
    assert len(confidences) >= 2, "the sample needs findings of different confidence"
    threshold = (confidences[0] + confidences[-1]) / 2
    kept = report(cli("scan", files["glitchy"], "--format", "json", "--min-confidence", str(threshold),
                      "--rules-only"))
    expected = [f for f in everything["documents"][0]["findings"] if f["confidence"] >= threshold]
    assert kept["documents"][0]["findings"] == expected
    assert 0 < len(expected) < len(everything["documents"][0]["findings"])
    above = cli("scan", files["glitchy"], "--min-confidence", "1")
    assert above.exit_code == 0


# --- rules ------------------------------------------------------------------------------------

def test_rules_lists_every_registry_code(cli):
    result = cli("rules")
    assert result.exit_code == 0
    listed = re.findall(r"^(MT\d{3})\s", result.stdout, re.M)
    assert listed == sorted(REGISTRY)
    for code, rule in REGISTRY.items():
        line = next(line for line in result.stdout.splitlines() if line.startswith(code))
        assert rule.category in line and rule.name in line and rule.fix in line


def test_rules_json(cli):
    rows = json.loads(cli("rules", "--format", "json").stdout)
    assert [r["code"] for r in rows] == sorted(REGISTRY)
    for row in rows:
        assert row["category"] in CATEGORIES and row["fix"] in ("safe", "unsafe")
        assert row["name"] and row["summary"]


def test_rules_with_codes_show_those_rules_in_full(cli):
    result = cli("rules", "mt604", "MT435")
    assert result.exit_code == 0
    assert re.findall(r"^(MT\d{3}) ", result.stdout, re.M) == ["MT435", "MT604"]
    for code in ("MT435", "MT604"):
        assert REGISTRY[code].summary() in result.stdout
    assert "Why:" in result.stdout and "Fix:" in result.stdout
    rows = json.loads(cli("rules", "MT604", "--format", "json").stdout)
    assert [r["code"] for r in rows] == ["MT604"] and "Example:" in rows[0]["description"]


def test_rules_with_an_unknown_code_is_a_usage_error(cli):
    result = cli("rules", "MT604", "MT999")
    assert result.exit_code == 2
    assert "no rule MT999" in result.output


def test_readme_rule_table_is_the_registry(cli):
    """The README's Rules table is `detect rules --format markdown`: a new or changed rule shows there."""
    table = cli("rules", "--format", "markdown").stdout.strip()
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert table in readme, "README.md's rule table is stale: paste `detect rules --format markdown`"
    assert table.count("\n") == len(REGISTRY) + 1


def test_every_rule_documents_an_example_and_a_fix():
    for code, rule in REGISTRY.items():
        doc = type(rule).__doc__ or ""
        assert re.match(r"MT\d{3}$", code)
        assert "Example:" in doc, f"{code} docstring has no Example"
        assert "Fix:" in doc, f"{code} docstring has no Fix"


def test_version(cli):
    result = cli("--version")
    assert result.exit_code == 0 and re.search(r"\d+\.\d+", result.stdout)


# --- fix --------------------------------------------------------------------------------------

def test_fix_stdout_prints_safe_fixes_and_leaves_the_file(cli, files):
    result = cli("fix", "--stdout", files["glitchy"])
    assert result.exit_code == 0
    assert result.stdout == GLITCHY_SAFE_FIXED
    assert files["glitchy"].read_text(encoding="utf-8") == GLITCHY


def test_fix_stdout_of_a_clean_file_is_the_file(cli, files):
    result = cli("fix", "--stdout", files["clean"])
    assert result.exit_code == 0 and result.stdout == CLEAN


def test_unsafe_fixes_only_with_the_flag(cli, files):
    assert "synthetic intelligence" in cli("fix", "--stdout", files["glitchy"]).stdout
    result = cli("fix", "--stdout", "--unsafe-fixes", files["glitchy"])
    assert result.exit_code == 0
    assert result.stdout == GLITCHY_ALL_FIXED


def test_fix_respects_selection(cli, files):
    result = cli("fix", "--stdout", "--select", "MT402", files["glitchy"])
    assert result.stdout == GLITCHY.replace("postponed. .", "postponed.")
    result = cli("fix", "--stdout", "--unsafe-fixes", "--ignore", "MT5", files["glitchy"])
    assert result.stdout == GLITCHY_ALL_FIXED.replace("meet on Monday", "meet on on Monday")


def test_fix_diff(cli, files):
    result = cli("fix", "--diff", files["glitchy"])
    assert result.exit_code == 1  # changes pending, like `ruff --diff`
    lines = result.stdout.splitlines()
    assert lines[0] == f"--- a/{files['glitchy']}"
    assert lines[1] == f"+++ b/{files['glitchy']}"
    assert lines[2].startswith("@@ ")
    assert "-The council will meet on on Monday. The vote was postponed. ." in lines
    assert "+The council will meet on Monday. The vote was postponed." in lines
    assert not any(line.startswith(("-", "+")) and "synthetic intelligence" in line for line in lines[2:])
    assert files["glitchy"].read_text(encoding="utf-8") == GLITCHY


def test_fix_diff_is_a_patch_that_applies(cli, files, tmp_path):
    patch = cli("fix", "--diff", "--unsafe-fixes", files["glitchy"]).stdout
    original = files["glitchy"].read_text(encoding="utf-8").splitlines(True)
    assert _apply_unified_diff(original, patch) == GLITCHY_ALL_FIXED


def test_fix_diff_without_final_newline_is_a_valid_patch(cli, tmp_path):
    path = write(tmp_path / "no-newline.txt", "First line is fine.\nThe vote was postponed. .")
    patch = cli("fix", "--diff", path).stdout
    for line in patch.splitlines():
        assert line[:1] in ("-", "+", " ", "@", "\\"), line
        assert not re.search(r"\S\+The vote", line), line
    assert "\\ No newline at end of file" in patch


def test_fix_diff_of_a_clean_file_is_empty(cli, files):
    result = cli("fix", "--diff", files["clean"])
    assert result.exit_code == 0 and result.stdout == ""


def test_fix_in_place(cli, files):
    files["glitchy"].chmod(0o640)
    result = cli("fix", "--in-place", files["glitchy"], files["clean"])
    assert result.exit_code == 0
    assert files["glitchy"].read_text(encoding="utf-8") == GLITCHY_SAFE_FIXED
    assert files["clean"].read_text(encoding="utf-8") == CLEAN
    assert f"fixed 2 in {files['glitchy']}" in result.stderr
    assert str(files["clean"]) not in result.stderr
    assert stat.S_IMODE(files["glitchy"].stat().st_mode) == 0o640
    leftovers = [p.name for p in files["glitchy"].parent.iterdir() if p.name.endswith(".tmp")]
    assert leftovers == []


def test_fix_in_place_keeps_crlf_newlines(cli, tmp_path):
    path = write(tmp_path / "crlf.txt", GLITCHY, newline="\r\n")
    assert cli("fix", "--in-place", "--unsafe-fixes", path).exit_code == 0
    data = path.read_bytes()
    assert data == GLITCHY_ALL_FIXED.replace("\n", "\r\n").encode("utf-8")
    assert data.count(b"\r\n") == data.count(b"\n") == 3


def test_fix_in_place_keeps_cp1252_encoding(cli, tmp_path):
    original = ("The café owners said the the new rules would hurt business.\n\n"
                "“We are worried about the winter,” one owner said.\n")
    path = write(tmp_path / "cp1252.txt", original, encoding="cp1252")
    with pytest.raises(UnicodeDecodeError):
        path.read_bytes().decode("utf-8")
    result = cli("fix", "--in-place", path)
    assert result.exit_code == 0
    expected = original.replace("the the", "the")
    assert path.read_bytes() == expected.encode("cp1252")
    assert f"fixed 1 in {path}" in result.stderr


def test_fix_in_place_keeps_a_utf8_bom(cli, tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xef\xbb\xbf" + GLITCHY.encode("utf-8"))
    assert cli("fix", "--in-place", path).exit_code == 0
    assert path.read_bytes() == b"\xef\xbb\xbf" + GLITCHY_SAFE_FIXED.encode("utf-8")


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
def test_second_fix_run_changes_nothing(cli, tmp_path, unsafe):
    path = write(tmp_path / "article.txt", GLITCHY + "\n" + GLITCHY.replace("Monday", "Friday"))
    flags = ["--unsafe-fixes"] if unsafe else []
    assert cli("fix", "--in-place", *flags, path).exit_code == 0
    after_first = path.read_bytes()
    assert after_first != (GLITCHY + "\n" + GLITCHY.replace("Monday", "Friday")).encode()
    second = cli("fix", "--in-place", *flags, path)
    assert second.exit_code == 0
    assert path.read_bytes() == after_first
    assert "fixed" not in second.stderr
    diff = cli("fix", "--diff", *flags, path)
    assert diff.exit_code == 0 and diff.stdout == ""


def test_fix_in_place_through_a_symlink_fixes_the_target(cli, tmp_path):
    target = write(tmp_path / "real" / "article.txt", GLITCHY)
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    assert cli("fix", "--in-place", link).exit_code == 0
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == GLITCHY_SAFE_FIXED


def test_fix_in_place_reports_a_missing_file_and_fixes_the_others(cli, files, tmp_path):
    result = cli("fix", "--in-place", files["glitchy"], tmp_path / "absent.txt")
    assert result.exit_code == 2
    assert "absent.txt" in result.stderr
    assert files["glitchy"].read_text(encoding="utf-8") == GLITCHY_SAFE_FIXED


def test_fix_in_place_as_a_real_process(run_detect, tmp_path):
    path = write(tmp_path / "crlf.txt", GLITCHY, newline="\r\n")
    done = run_detect("fix", "--in-place", path)
    assert done.returncode == 0, done.stderr
    assert path.read_bytes() == GLITCHY_SAFE_FIXED.replace("\n", "\r\n").encode("utf-8")
    again = run_detect("fix", "--diff", path)
    assert again.returncode == 0 and again.stdout == ""


def _apply_unified_diff(original: list[str], patch: str) -> str:
    """A minimal unified-diff applier (enough for one file with well-formed hunks)."""
    out: list[str] = []
    pos = 0
    lines = patch.splitlines(True)
    i = 0
    while i < len(lines) and not lines[i].startswith("@@"):
        i += 1
    while i < len(lines):
        m = re.match(r"@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@", lines[i])
        assert m, lines[i]
        start = int(m.group(1)) - 1 if m.group(2) != "0" else int(m.group(1))
        out.extend(original[pos:start])
        pos = start
        i += 1
        while i < len(lines) and not lines[i].startswith("@@"):
            tag, body = lines[i][0], lines[i][1:]
            if tag == " ":
                assert original[pos] == body
                out.append(body)
                pos += 1
            elif tag == "-":
                assert original[pos] == body
                pos += 1
            elif tag == "+":
                out.append(body)
            i += 1
    out.extend(original[pos:])
    return "".join(out)


def test_unified_diff_helper_applies_a_known_patch():
    original = ["a\n", "b\n", "c\n"]
    patch = "--- a/x\n+++ b/x\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n"
    assert _apply_unified_diff(original, patch) == "a\nB\nc\n"
    with pytest.raises(AssertionError):
        _apply_unified_diff(["a\n", "x\n", "c\n"], patch)


def test_console_script_is_installed():
    from helpers import detect_executable

    done = subprocess.run([*detect_executable(), "rules"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert set(re.findall(r"^(MT\d{3})", done.stdout, re.M)) == set(REGISTRY)


# --- fix: newlines in diffs, modes, settling ----------------------------------------------------

NEWLINES = {"cr-only": "\r", "crlf": "\r\n",
            "mixed": None}  # mixed: \r\n, \r and \n in one file


def _with_newlines(text: str, kind: str) -> str:
    if NEWLINES[kind] is not None:
        return text.replace("\n", NEWLINES[kind])
    lines = text.split("\n")
    ends = ["\r\n", "\r", "\n"]
    return "".join(line + (ends[i % 3] if i < len(lines) - 1 else "") for i, line in enumerate(lines))


@pytest.mark.parametrize("tool", ["patch", "git"])
@pytest.mark.parametrize("kind", sorted(NEWLINES))
def test_fix_diff_applies_with_patch_and_git_apply(cli, tmp_path, kind, tool):
    original = _with_newlines(GLITCHY + "\nThe vote was postponed. .\n", kind)
    path = tmp_path / "article.txt"
    path.write_bytes(original.encode("utf-8"))
    expected = cli("fix", "--stdout", path).stdout_bytes
    assert expected != original.encode("utf-8")
    # the diff names the file as given on the command line: run it from the file's folder
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        patch = cli("fix", "--diff", "article.txt").stdout_bytes
    finally:
        os.chdir(cwd)
    (tmp_path / "fix.patch").write_bytes(patch)
    if tool == "patch":
        command = ["patch", "-p1", "--batch", "--no-backup-if-mismatch", "-i", "fix.patch"]
    else:
        command = ["git", "apply", "--whitespace=nowarn", "fix.patch"]
    done = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=30)
    assert done.returncode == 0, done.stdout + done.stderr
    assert path.read_bytes() == expected


@pytest.mark.parametrize("flags", [("--diff", "--in-place"), ("--diff", "--stdout"), ("--stdout", "--in-place"),
                                   ("--diff", "--stdout", "--in-place"), ()])
def test_fix_takes_exactly_one_mode(cli, files, flags):
    result = cli("fix", *flags, files["glitchy"])
    assert result.exit_code == 2
    assert "choose one of --diff, --stdout or --in-place" in result.stderr
    if flags:
        assert " and ".join(flags) in result.stderr
    assert files["glitchy"].read_text(encoding="utf-8") == GLITCHY


def _scan_on_a_terminal(path, *flags, **env):
    """`detect scan` with its stdout on a pseudo-terminal; what it printed there."""
    import pty

    main_fd, replica = pty.openpty()
    environ = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    from helpers import detect_executable

    done = subprocess.run([*detect_executable(), "scan", "--rules-only", *flags, str(path)], stdout=replica,
                          stderr=subprocess.PIPE, env={**environ, **env}, timeout=120)
    os.close(replica)
    chunks = []
    while True:
        try:
            chunk = os.read(main_fd, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(main_fd)
    assert done.returncode == 1, done.stderr
    return b"".join(chunks).decode("utf-8")


def test_scan_colours_a_terminal_unless_no_color_is_set(files):
    assert "\x1b[" in _scan_on_a_terminal(files["glitchy"])
    plain = _scan_on_a_terminal(files["glitchy"], NO_COLOR="1")
    assert "\x1b[" not in plain and "MT511" in plain
    assert "\x1b[" in _scan_on_a_terminal(files["glitchy"], NO_COLOR="")  # empty: not set
    assert "\x1b[" in _scan_on_a_terminal(files["glitchy"], "--color", NO_COLOR="1")  # the flag wins


@pytest.mark.parametrize("unsafe", [False, True], ids=["safe", "unsafe"])
@pytest.mark.parametrize("glitch, settled", [
    ("Officials said EL. . the talks would resume.", "Officials said EL the talks would resume."),
    ("The minister said we we we would wait.", "The minister said we would wait."),
])
def test_fix_settles_in_one_run(cli, tmp_path, glitch, settled, unsafe):
    path = write(tmp_path / "article.txt", glitch + "\n")
    flags = ["--unsafe-fixes"] if unsafe else []
    assert cli("fix", "--stdout", *flags, path).stdout == settled + "\n"
    assert cli("fix", "--in-place", *flags, path).exit_code == 0
    assert path.read_text(encoding="utf-8") == settled + "\n"
    again = cli("fix", "--diff", *flags, path)
    assert again.exit_code == 0 and again.stdout == ""

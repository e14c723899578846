"""scan's formats for CI (SARIF, GitHub annotations, JUnit, statistics) and its ruff-like options
(--output-file, --exit-zero, -q, standard input), inline suppression comments, the pre-commit hooks."""

from __future__ import annotations

import copy
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
from pre_commit.clientlib import load_manifest

from detector.pipeline.suppress import suppressions
from helpers import REPO, SEEDS, write

SCHEMA = json.loads((Path(__file__).parent / "data" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
GITHUB_RE = re.compile(r"::warning file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+),endLine=(?P<end_line>\d+),"
                       r"endColumn=(?P<end_col>\d+),title=(?P<title>[^:]+)::(?P<message>.+)")
DOUBLED = "The council will meet on on Monday.\n"


def scan_json(cli, *args) -> list[dict]:
    return json.loads(cli("scan", *args, "--format", "json").stdout)["documents"]


def at(text: str, line: int, column: int) -> int:
    """The offset of a 1-based line and column."""
    lines = text.split("\n")
    return sum(len(s) + 1 for s in lines[:line - 1]) + column - 1


# --- SARIF -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def seeds_sarif(tmp_path_factory):
    from click.testing import CliRunner

    from detector.apps.cli import main

    out = tmp_path_factory.mktemp("sarif") / "seeds.sarif"
    result = CliRunner().invoke(main, ["scan", str(SEEDS), "--format", "sarif", "--output-file", str(out)])
    assert result.exit_code == 1 and result.stdout == ""
    return json.loads(out.read_text(encoding="utf-8"))


def test_sarif_of_the_seeds_validates_against_the_sarif_2_1_0_schema(seeds_sarif):
    jsonschema.Draft7Validator.check_schema(SCHEMA)
    jsonschema.validate(seeds_sarif, SCHEMA, cls=jsonschema.Draft7Validator)
    broken = copy.deepcopy(seeds_sarif)
    broken["runs"][0]["results"][0]["level"] = "severe"  # the schema is strict enough to notice
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, SCHEMA, cls=jsonschema.Draft7Validator)


def test_sarif_results_match_the_json_report(cli, seeds_sarif):
    run = seeds_sarif["runs"][0]
    documents = scan_json(cli, SEEDS)
    findings = [(d["path"], f) for d in documents for f in d["findings"]]
    assert len(run["results"]) == len(findings) >= 10
    rules = run["tool"]["driver"]["rules"]
    for result, (path, f) in zip(run["results"], findings):
        where = result["locations"][0]["physicalLocation"]
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"] == f["rule"]
        assert where["artifactLocation"]["uri"] == Path(path).as_uri()  # an absolute path
        region = where["region"]
        text = Path(path).read_text(encoding="utf-8")
        start = at(text, region["startLine"], region["startColumn"])
        end = at(text, region["endLine"], region["endColumn"])
        assert (start, end) == (f["start"], f["end"]) and region["snippet"]["text"] == text[start:end]
        assert result["rank"] == round(100 * f["confidence"], 1)
        if f["suggestion"] is not None:
            replacement = result["fixes"][0]["artifactChanges"][0]["replacements"][0]
            assert replacement["insertedContent"]["text"] == f["suggestion"]
    assert run["columnKind"] == "unicodeCodePoints"
    assert run["invocations"][0]["executionSuccessful"] is True


def test_sarif_reports_an_unreadable_file_as_a_failed_invocation(cli, tmp_path):
    write(tmp_path / "a.txt", DOUBLED)
    (tmp_path / "empty.txt").write_bytes(b"")
    result = cli("scan", tmp_path, "--format", "sarif")
    assert result.exit_code == 2
    log = json.loads(result.stdout)
    jsonschema.validate(log, SCHEMA, cls=jsonschema.Draft7Validator)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["executionSuccessful"] is False
    assert "file is empty" in invocation["toolExecutionNotifications"][0]["message"]["text"]


# --- GitHub annotations, JUnit, statistics -----------------------------------------------------------

def test_github_annotations_point_at_each_finding(cli):
    result = cli("scan", SEEDS, "--format", "github")
    lines = result.stdout.splitlines()
    findings = [(d["path"], f) for d in scan_json(cli, SEEDS) for f in d["findings"]]
    assert len(lines) == len(findings) and result.exit_code == 1
    for line, (path, f) in zip(lines, findings):
        m = GITHUB_RE.fullmatch(line)
        assert m, line
        text = Path(path).read_text(encoding="utf-8")
        assert m["file"] == path and text[at(text, int(m["line"]), int(m["col"])):
                                          at(text, int(m["end_line"]), int(m["end_col"]))] == f["text"]
        assert m["title"].startswith(f["rule"]) and "%0A" not in m["title"]


def test_github_annotations_escape_what_the_workflow_command_syntax_reserves(cli, tmp_path):
    path = write(tmp_path / "a,b:c.txt", DOUBLED)
    line = cli("scan", path, "--format", "github").stdout.strip()
    assert line.startswith("::warning file=") and "a%2Cb%3Ac.txt" in line and "\n" not in line


def test_junit_has_a_failing_case_per_finding(cli, tmp_path):
    write(tmp_path / "a.txt", DOUBLED)
    write(tmp_path / "b.txt", "The council met on Monday.\n")
    root = ET.fromstring(cli("scan", tmp_path, "--format", "junit", "--no-crossdoc").stdout)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("2", "1", "0")
    suites = {s.get("name"): s for s in root.iter("testsuite")}
    failure, = suites[str(tmp_path / "a.txt")].iter("failure")
    assert failure.get("type") == "doubled_word" and "MT511" in failure.get("message")
    assert not list(suites[str(tmp_path / "b.txt")].iter("failure"))


def test_statistics_count_findings_per_rule(cli):
    documents = scan_json(cli, SEEDS)
    counts: dict[str, int] = {}
    for d in documents:
        for f in d["findings"]:
            counts[f["rule"]] = counts.get(f["rule"], 0) + 1
    lines = cli("scan", SEEDS, "--statistics", "-q").stdout.splitlines()
    table = {line.split("\t")[1].strip(): int(line.split("\t")[0]) for line in lines}
    assert table == counts
    assert "[*] doubled-word" in next(line for line in lines if "MT511" in line)
    rows = json.loads(cli("scan", SEEDS, "--statistics", "--format", "json").stdout)
    assert [r["count"] for r in rows] == sorted(counts.values(), reverse=True)


# --- options -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["json", "jsonl", "text"])
def test_output_file_written_as_it_goes_equals_standard_output(cli, tmp_path, fmt):
    for k in range(3):
        write(tmp_path / "in" / f"{k}.txt", DOUBLED if k != 1 else "Nothing to see here.\n")
    out = tmp_path / "report"
    to_file = cli("scan", tmp_path / "in", tmp_path / "in" / "missing.txt", "--format", fmt, "-o", out)
    to_stdout = cli("scan", tmp_path / "in", tmp_path / "in" / "missing.txt", "--format", fmt)
    assert to_file.exit_code == to_stdout.exit_code == 2
    assert out.read_text(encoding="utf-8") == to_stdout.stdout and to_file.stdout == ""
    if fmt == "json":
        assert json.loads(to_stdout.stdout)["summary"] == {"documents": 3, "errors": 1, "findings": 2,
                                                          "by_category": {"doubled_word": 2}}


def test_a_scan_that_fails_midway_leaves_the_output_file_as_it_was(cli, tmp_path, monkeypatch):
    from detector.pipeline import scanner

    for k in range(3):
        write(tmp_path / "in" / f"{k}.txt", DOUBLED)
    out = write(tmp_path / "report.json", "the previous report\n")
    real = scanner.scan_document
    calls = []

    def failing(doc, *args):
        calls.append(doc.path)
        if len(calls) == 3:
            raise RuntimeError("a fault in the third document")
        return real(doc, *args)

    monkeypatch.setattr(scanner, "scan_document", failing)
    with pytest.raises(RuntimeError):
        cli("scan", tmp_path / "in", "--format", "json", "--no-crossdoc", "-o", out)
    assert out.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "report.json"], "no temporary file is left"


def test_output_file_exit_zero_and_quiet(cli, tmp_path):
    path = write(tmp_path / "a.txt", DOUBLED)
    out = tmp_path / "out" / "report.txt"
    result = cli("scan", path, "--output-file", out, "--exit-zero", "-q")
    assert result.exit_code == 0 and result.stdout == ""
    report = out.read_text(encoding="utf-8")
    assert "MT511" in report and "Found" not in report and "\x1b[" not in report
    assert cli("scan", path, "--exit-zero").exit_code == 0
    assert cli("scan", path, tmp_path / "missing.txt", "--exit-zero").exit_code == 2  # an error still says so


def test_standard_input_with_a_name_and_its_configuration(tmp_path):
    from click.testing import CliRunner

    from detector.apps.cli import main

    write(tmp_path / "desk" / "detector.toml", 'ignore = ["MT402"]\n')
    text = "The council will meet on on Monday. . The vote follows.\n"
    runner = CliRunner()
    result = runner.invoke(main, ["scan", "-", "--stdin-filename", str(tmp_path / "desk" / "story.md"),
                                  "--format", "json"], input=text.encode())
    document, = json.loads(result.stdout)["documents"]
    assert document["path"] == str(tmp_path / "desk" / "story.md")
    assert [f["rule"] for f in document["findings"]] == ["MT511"]
    plain = runner.invoke(main, ["scan", "-", "--format", "json"], input=text.encode())
    assert sorted(f["rule"] for f in json.loads(plain.stdout)["documents"][0]["findings"]) == ["MT402", "MT511"]
    empty = runner.invoke(main, ["scan", "-"], input=b"")
    assert empty.exit_code == 2 and "error: <stdin>: file is empty" in empty.stderr
    assert runner.invoke(main, ["scan", "-", str(tmp_path)], input=b"x").exit_code == 2


# --- suppression comments ----------------------------------------------------------------------------

MARKDOWN = """# Talks

<!-- detect: ignore MT511 -->
The council will meet on on Monday, and
the vote is on on Friday.

The minister said that we we have no plans.

Talks go on on Tuesday. <!-- detect: ignore doubled_word -->
The report was was late.

<!-- detect: ignore MT4 -->
The council will meet on on Monday. . The vote follows.
"""


def test_a_comment_hides_its_rules_in_the_next_block_or_its_own_line(cli, tmp_path):
    path = write(tmp_path / "story.md", MARKDOWN)
    found = [(f["rule"], f["line"]) for f in scan_json(cli, path, "--no-crossdoc")[0]["findings"]]
    assert found == [("MT511", 7), ("MT511", 10), ("MT511", 13)]


def test_suppressed_findings_are_not_fixed(cli, tmp_path):
    path = write(tmp_path / "story.md", MARKDOWN)
    fixed = cli("fix", path, "--stdout", "--no-crossdoc").stdout
    assert "meet on on Monday, and" in fixed and "that we have no plans" in fixed
    assert "Talks go on on Tuesday." in fixed and "The report was late." in fixed


def test_suppression_spans():
    text = "a\n<!-- detect: ignore MT1, calque -->\n\nb\nc\n\nd <!-- detect: ignore -->\ne"
    spans = [(text[s.start:s.end].strip(), s.selectors) for s in suppressions(text)]
    assert spans == [("b\nc", ("MT1", "calque")), ("d <!-- detect: ignore -->", ())]
    assert suppressions("no comment here") == []


# --- pre-commit -------------------------------------------------------------------------------------

def test_pre_commit_hooks_are_a_valid_manifest_running_detect(cli, tmp_path):
    hooks = {h["id"]: h for h in load_manifest(str(REPO / ".pre-commit-hooks.yaml"))}
    assert set(hooks) == {"detect", "detect-fix"}
    for hook in hooks.values():
        assert hook["language"] == "python" and re.search(hook["files"], "news/story.md")
    path = write(tmp_path / "story.txt", DOUBLED)
    assert cli(*hooks["detect"]["entry"].split()[1:], path).exit_code == 1
    assert cli(*hooks["detect-fix"]["entry"].split()[1:], path).exit_code == 0
    assert path.read_text(encoding="utf-8") == "The council will meet on Monday.\n"

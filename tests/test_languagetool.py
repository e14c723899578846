"""LanguageTool as an optional backend, against a loopback stand-in server (tests/fake_languagetool.py)."""

from __future__ import annotations

import json
import os
import socket
import sqlite3
import sys
import urllib.request
from pathlib import Path

import language_tool_python.download_lt
import pytest
import requests

from detector.config import Config
from detector.languagetool import client as languagetool
from detector.pipeline import engine
from detector.pipeline.engine import run_rules, scan_document
from detector.scoring.candidate_model import features, load_candidate_model
from detector.scoring.document_model import glitch_density
from detector.text.document import Document
from fake_languagetool import FakeLanguageTool, lt_match
from helpers import SEEDS, write

ASTRAL = "Fans 🎉🎉 and 𝔘𝔫𝔦𝔬𝔫 members 𠀋 cheered. "  # emoji, mathematical letters, a CJK extension B ideograph
GRAMMAR = ASTRAL + "He go home after the match.\n"
DOUBLED = "The council will meet on on Monday after the vote.\n"
NAMES = ("Foreign Minister Kuleba said the talks would go on. Kuleba added that both sides "
         "recieve the text on Friday.\n")


@pytest.fixture
def server():
    with FakeLanguageTool() as fake:
        yield fake


@pytest.fixture(autouse=True)
def disconnected():
    yield
    languagetool.disconnect()


@pytest.fixture
def no_download(monkeypatch):
    """Fail the test on any attempt of language_tool_python to download, or on any HTTP request."""
    def refuse(*args, **kwargs):
        raise AssertionError("a download or HTTP request was attempted")

    monkeypatch.setattr(language_tool_python.download_lt, "http_get", refuse)
    monkeypatch.setattr(language_tool_python.download_lt, "download_zip", refuse)
    monkeypatch.setattr(requests.Session, "request", refuse)
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


def findings(result) -> list[dict]:
    assert result.stdout.strip(), result.stderr
    return [f for d in json.loads(result.stdout)["documents"] for f in d["findings"]]


def one_stderr_line(result) -> str:
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# --- LanguageTool's matches as findings ---------------------------------------------------------

def test_grammar_match_becomes_lt_finding_with_offsets_past_astral_characters(cli, tmp_path, server):
    path = write(tmp_path / "a.txt", GRAMMAR)
    result = cli("scan", path, "--format", "json", "--languagetool", server.url)
    lt = [f for f in findings(result) if f["rule"].startswith("LT:")]
    assert len(lt) == 1, lt
    f = lt[0]
    assert (f["rule"], f["category"], f["text"], f["suggestion"], f["fix"]) == \
        ("LT:HE_VERB_AGR", "agreement", "He go", "He goes", "unsafe")
    assert GRAMMAR[f["start"]:f["end"]] == "He go"
    assert f["column"] == GRAMMAR.index("He go") + 1
    assert f["confidence"] == languagetool.CONFIDENCE
    assert server.checked[-1] == {"text": GRAMMAR, "language": "en-US"}


def test_astral_characters_inside_a_match(tmp_path, cli):
    text = "Crowds cheered 🎉🎉 loudly at the final whistle.\n"
    span = "🎉🎉 loudly"
    start = text.index(span)

    def matches(t: str) -> list[dict]:
        if span not in t:
            return []
        return [lt_match(t, start, start + len(span), "EMOJI_RULE", "TYPOGRAPHY", "typographical", "Emoji.")]

    with FakeLanguageTool(matches=matches) as fake:
        result = cli("scan", write(tmp_path / "a.txt", text), "--format", "json", "--languagetool", fake.url)
    [f] = findings(result)
    assert (f["text"], f["start"], f["end"], f["category"]) == (span, start, start + len(span), "stray_punct")


def test_offsets_count_from_the_body_after_a_date_header(server):
    text = "date 2024-02-01\n" + GRAMMAR
    languagetool.connect(server.url)
    report = scan_document(Document.from_text(text), Config(languagetool=server.url))
    [f] = [f for f in report.findings if f.rule == "LT:HE_VERB_AGR"]
    assert text[f.start:f.end] == f.text == "He go"
    assert server.checked[-1]["text"] == GRAMMAR


@pytest.mark.parametrize("text, start, units, end", [
    ("abc", 0, 2, 2), ("a😀b", 0, 3, 2), ("a😀b", 1, 2, 2), ("😀😀x", 0, 4, 2), ("ab", 1, 5, 2)])
def test_utf16_end(text, start, units, end):
    assert languagetool.utf16_end(text, start, units) == end


def test_match_on_a_span_our_rule_found_is_merged_into_our_finding(cli, tmp_path, server):
    path = write(tmp_path / "a.txt", DOUBLED)
    result = findings(cli("scan", path, "--format", "json", "--languagetool", server.url))
    assert [f["rule"] for f in result] == ["MT511"]
    assert result[0]["message"].endswith("; LanguageTool agrees (LT:ENGLISH_WORD_REPEAT_RULE)")
    # Not lost when our finding is not shown.
    ignored = findings(cli("scan", path, "--format", "json", "--languagetool", server.url, "--ignore", "MT511"))
    assert [(f["rule"], f["category"], f["text"]) for f in ignored] == \
        [("LT:ENGLISH_WORD_REPEAT_RULE", "doubled_word", "on on")]


def test_spelling_match_on_a_proper_name_is_dropped(cli, tmp_path, server):
    path = write(tmp_path / "a.txt", NAMES)
    result = findings(cli("scan", path, "--format", "json", "--languagetool", server.url))
    assert [(f["rule"], f["text"], f["suggestion"]) for f in result] == \
        [("LT:MORFOLOGIK_RULE_EN_US", "recieve", "receive")]
    assert sum(1 for m in server.matches(NAMES) if m["rule"]["id"].startswith("MORFOLOGIK")) == 3


@pytest.mark.parametrize("rule_id, category, issue_type, ours", [
    ("ENGLISH_WORD_REPEAT_RULE", "MISC", "duplication", "doubled_word"),
    ("DOUBLE_PUNCTUATION", "PUNCTUATION", "typographical", "double_punct"),
    ("UPPERCASE_SENTENCE_START", "CASING", "typographical", "stray_punct"),
    ("COMMA_PARENTHESIS_WHITESPACE", "TYPOGRAPHY", "whitespace", "stray_punct"),
    ("UNPAIRED_BRACKETS", "PUNCTUATION", "typographical", "stray_punct"),
    ("PERS_PRONOUN_AGREEMENT", "GRAMMAR", "grammar", "agreement"),
    ("HE_VERB_AGR", "GRAMMAR", "grammar", "agreement"),
    ("MD_BASEFORM", "GRAMMAR", "grammar", "other"),
    ("MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling", "other"),
    ("EN_A_VS_AN", "MISC", "misspelling", "other"),
])
def test_categories(rule_id, category, issue_type, ours):
    assert languagetool.category(rule_id, category, issue_type) == ours


@pytest.mark.parametrize("args, rules", [
    ((), {"LT:HE_VERB_AGR", "MT511"}),
    (("--select", "LT"), {"LT:HE_VERB_AGR", "LT:ENGLISH_WORD_REPEAT_RULE"}),  # MT511 not shown: LT's instead
    (("--select", "LT:HE_VERB"), {"LT:HE_VERB_AGR"}),
    (("--select", "agreement"), {"LT:HE_VERB_AGR"}),
    (("--select", "MT5"), {"MT511"}),
    (("--ignore", "LT"), {"MT511"}),
    (("--ignore", "LT:HE_VERB_AGR"), {"MT511"}),
    (("--min-confidence", "0.6"), {"MT511"}),
])
def test_select_ignore_and_min_confidence_apply_to_lt_findings(cli, tmp_path, server, args, rules):
    path = write(tmp_path / "a.txt", GRAMMAR + DOUBLED)
    assert {f["rule"] for f in findings(cli("scan", path, "--format", "json", "--languagetool", server.url,
                                            *args))} == rules


def test_fix_applies_languagetool_suggestions_only_as_unsafe_fixes(cli, tmp_path, server):
    path = write(tmp_path / "a.txt", GRAMMAR)
    assert cli("fix", path, "--stdout", "--languagetool", server.url).stdout == GRAMMAR
    fixed = cli("fix", path, "--stdout", "--unsafe-fixes", "--languagetool", server.url).stdout
    assert fixed == GRAMMAR.replace("He go", "He goes")


def test_configuration_file_turns_languagetool_on_and_the_command_line_off(cli, tmp_path, server):
    write(tmp_path / "detector.toml", f'languagetool = "{server.url}"\n')
    path = write(tmp_path / "a.txt", GRAMMAR)
    assert "LT:HE_VERB_AGR" in {f["rule"] for f in findings(cli("scan", path, "--format", "json"))}
    off = cli("scan", path, "--format", "json", "--languagetool", "off")
    assert off.exit_code == 0 and not findings(off)


def test_a_bad_setting_is_a_usage_error(cli, tmp_path):
    path = write(tmp_path / "a.txt", GRAMMAR)
    result = cli("scan", path, "--languagetool", "languagetool.example")
    assert result.exit_code == 2 and "must be off, local or a server URL" in result.stderr
    write(tmp_path / "detector.toml", 'languagetool = "sometimes"\n')
    result = cli("scan", path)
    assert result.exit_code == 2 and "detector.toml: languagetool must be off, local" in result.stderr


# --- the candidate model ------------------------------------------------------------------------

class SpyModel:
    """The shipped candidate model, recording the features it is given."""

    def __init__(self, model) -> None:
        self.model, self.seen = model, []

    def probability(self, feats: dict[str, float]) -> float:
        self.seen.append(dict(feats))
        return self.model.probability(feats)

    def explain(self, feats: dict[str, float]):
        return self.model.explain(feats)

    def knows(self, rule: str) -> bool:
        return self.model.knows(rule)


@pytest.mark.parametrize("seed", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_without_languagetool_features_and_scores_are_those_of_the_model_alone(monkeypatch, seed):
    model = load_candidate_model()
    assert model is not None
    doc = Document.from_text((SEEDS / seed).read_text(encoding="utf-8"))
    found = run_rules(doc, Config())
    density = glitch_density(doc, found)
    expected = [(features(f, doc, found, density), model.probability(features(f, doc, found, density)))
                for f in found]
    # a rule the model was not trained on keeps at most its own confidence
    expected = [(feats, p if model.knows(f.rule) else min(p, f.confidence)) for f, (feats, p) in zip(found, expected)]
    spy = SpyModel(model)
    monkeypatch.setattr(engine, "load_candidate_model", lambda: spy)
    report = scan_document(Document.from_text(doc.text), Config(min_confidence=0))
    assert spy.seen == [feats for feats, _ in expected]
    assert [f.confidence for f in report.candidates] == [p for _, p in expected]


def test_with_languagetool_our_candidates_gain_a_feature_and_keep_their_scores(monkeypatch, server):
    text = GRAMMAR + DOUBLED
    off = scan_document(Document.from_text(text), Config(min_confidence=0))
    spy = SpyModel(load_candidate_model())
    monkeypatch.setattr(engine, "load_candidate_model", lambda: spy)
    languagetool.connect(server.url)
    on = scan_document(Document.from_text(text), Config(min_confidence=0, languagetool=server.url))
    ours = [f for f in on.candidates if not f.rule.startswith("LT:")]
    assert [(f.rule, f.start, f.confidence) for f in ours] == [(f.rule, f.start, f.confidence) for f in off.candidates]
    agrees = {f.rule: feats["languagetool_agrees"] for f, feats in zip(ours, spy.seen)}
    assert agrees["MT511"] == 1.0
    plain = [features(f, off.document, off.candidates, 0.0) for f in off.candidates]
    assert all(set(feats) - set(before) == {"languagetool_agrees"} for feats, before in zip(spy.seen, plain))
    assert on.mt_score == off.mt_score


# --- unavailable --------------------------------------------------------------------------------

def test_unreachable_server_one_line_and_the_scan_goes_on(cli, tmp_path):
    url = closed_port_url()
    path = write(tmp_path / "a.txt", DOUBLED)
    without = cli("scan", path)
    result = cli("scan", path, "--languagetool", url)
    assert one_stderr_line(result) == (
        f"warning: LanguageTool unavailable: no LanguageTool server answers at {url}; start one (see LanguageTool "
        f"in the README) or correct the URL. Continuing without it.")
    assert result.exit_code == without.exit_code == 1
    assert result.stdout.splitlines()[:-1] == without.stdout.splitlines()[:-1]
    assert result.stdout.splitlines()[-1] == (without.stdout.splitlines()[-1] +
                                              f" LanguageTool: unavailable (no LanguageTool server answers at {url}).")


def test_required_and_unavailable_is_exit_2(cli, tmp_path):
    url = closed_port_url()
    result = cli("scan", write(tmp_path / "a.txt", DOUBLED), "--languagetool", url, "--languagetool-required")
    assert result.exit_code == 2
    assert one_stderr_line(result).startswith(
        f"error: LanguageTool unavailable: no LanguageTool server answers at {url};")
    assert result.stdout == ""
    fixed = cli("fix", tmp_path / "a.txt", "--stdout", "--languagetool", url, "--languagetool-required")
    assert fixed.exit_code == 2 and fixed.stdout == ""


@pytest.mark.parametrize("fake, reason", [
    (dict(languages=False), "has no /v2/languages, so it is older than LanguageTool 5.0"),
    (dict(version="4.9"), "runs LanguageTool 4.9, older than 5.0"),
])
def test_too_old_server(cli, tmp_path, fake, reason):
    with FakeLanguageTool(**fake) as old:
        result = cli("scan", write(tmp_path / "a.txt", DOUBLED), "--languagetool", old.url)
    assert one_stderr_line(result) == (f"warning: LanguageTool unavailable: the server at {old.url} {reason}; "
                                       f"upgrade it to LanguageTool 5.0 or later. Continuing without it.")
    assert result.exit_code == 1


def test_server_that_is_not_languagetool(cli, tmp_path):
    def matches(text: str) -> list[dict]:
        raise RuntimeError("no such thing")

    with FakeLanguageTool(matches=matches) as other:
        result = cli("scan", write(tmp_path / "a.txt", DOUBLED), "--languagetool", other.url)
    assert one_stderr_line(result) == (f"warning: LanguageTool unavailable: the server at {other.url} does not "
                                       f"answer as LanguageTool does; check the URL. Continuing without it.")


def test_server_that_stops_answering_mid_run(cli, tmp_path):
    def matches(text: str) -> list[dict]:
        if text == "Hello.":  # the probe
            return []
        raise RuntimeError("out of memory")

    with FakeLanguageTool(matches=matches) as broken:
        paths = [write(tmp_path / f"{n}.txt", DOUBLED) for n in "ab"]
        result = cli("scan", *paths, "--languagetool", broken.url)
        required = cli("scan", *paths, "--languagetool", broken.url, "--languagetool-required")
    assert result.exit_code == 1
    assert one_stderr_line(result) == ("warning: LanguageTool unavailable: the LanguageTool server stopped answering; "
                                       "check it, then scan again. Continuing without it.")
    assert result.stdout.endswith(" LanguageTool: unavailable (the LanguageTool server stopped answering).\n")
    assert required.exit_code == 2


def test_local_without_java(cli, tmp_path, monkeypatch, no_download):
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = cli("scan", write(tmp_path / "a.txt", DOUBLED), "--languagetool", "local")
    assert one_stderr_line(result) == ("warning: LanguageTool unavailable: no Java on PATH; install Java 17 or "
                                       "later, or point --languagetool at a LanguageTool server URL. "
                                       "Continuing without it.")
    assert result.exit_code == 1


def fake_java(folder: Path) -> Path:
    """A `java` that logs its arguments and runs the stand-in server in place of the jar."""
    fake = Path(__file__).with_name("fake_languagetool.py")
    java = write(folder / "java", f'#!/bin/sh\necho "$@" > "{folder}/args"\nexec "{sys.executable}" "{fake}" "$@"\n')
    java.chmod(0o755)
    return java


@pytest.mark.parametrize("jar_dir_variable", [False, True])
def test_local_without_a_jar_never_downloads(cli, tmp_path, monkeypatch, no_download, jar_dir_variable):
    fake_java(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "cache"))
    (tmp_path / "cache").mkdir()
    where = tmp_path / "cache" / "LanguageTool-*"
    if jar_dir_variable:
        where = tmp_path / "LanguageTool-6.4"
        monkeypatch.setenv("LTP_JAR_DIR_PATH", str(where))
    else:
        monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    result = cli("scan", write(tmp_path / "a.txt", DOUBLED), "--languagetool", "local")
    assert one_stderr_line(result) == (
        f"warning: LanguageTool unavailable: LanguageTool is not installed: no languagetool-server.jar in {where}, "
        f"and detect never downloads it; unzip LanguageTool (languagetool.org/download) into {tmp_path / 'cache'} "
        f"or set LTP_JAR_DIR_PATH to its folder, or point --languagetool at a LanguageTool server URL. "
        f"Continuing without it.")
    assert result.exit_code == 1
    assert list((tmp_path / "cache").iterdir()) == []
    assert not (tmp_path / "bin" / "args").exists()


@pytest.mark.skipif(os.name != "posix", reason="the fake java is a shell script")
@pytest.mark.parametrize("jar_dir_variable", [False, True])
def test_local_starts_the_installed_jar_and_stops_it(cli, tmp_path, monkeypatch, jar_dir_variable):
    fake_java(tmp_path / "bin")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    monkeypatch.setenv("LTP_PATH", str(tmp_path / "cache"))
    for version in ("5.9", "6.4"):
        write(tmp_path / "cache" / f"LanguageTool-{version}" / "languagetool-server.jar", "")
    jar = tmp_path / "cache" / "LanguageTool-6.4" / "languagetool-server.jar"
    if jar_dir_variable:
        jar = write(tmp_path / "opt" / "languagetool-server.jar", "")
        monkeypatch.setenv("LTP_JAR_DIR_PATH", str(jar.parent))
    else:
        monkeypatch.delenv("LTP_JAR_DIR_PATH", raising=False)
    result = cli("scan", write(tmp_path / "a.txt", GRAMMAR), "--format", "json", "--languagetool", "local")
    assert result.stderr == ""
    assert "LT:HE_VERB_AGR" in {f["rule"] for f in findings(result)}
    args = (tmp_path / "bin" / "args").read_text().split()
    assert args[:3] == ["-cp", str(jar), "org.languagetool.server.HTTPServer"]
    port = int(args[args.index("--port") + 1])
    with pytest.raises(OSError):  # stopped when the command ended
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


# --- clean and review use it too ----------------------------------------------------------------

def test_clean_applies_nothing_from_languagetool_but_reports_it_unavailable(cli, tmp_path):
    src = tmp_path / "src"
    write(src / "a.txt", DOUBLED)
    result = cli("clean", src, "--out", tmp_path / "out", "--jobs", "1", "--languagetool", closed_port_url())
    assert result.exit_code == 0
    warnings = [ln for ln in result.stderr.splitlines() if "LanguageTool" in ln]
    assert len(warnings) == 1 and warnings[0].startswith("warning: LanguageTool unavailable: no LanguageTool server")
    assert "on on" not in (tmp_path / "out" / "a.txt").read_text(encoding="utf-8")


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_clean_with_unsafe_fixes_applies_languagetool_suggestions_in_every_worker(cli, tmp_path, server, jobs):
    src = tmp_path / "src"
    for i in range(3):
        write(src / f"g{i}.txt", GRAMMAR)
    result = cli("clean", src, "--out", tmp_path / "out", "--jobs", jobs, "--unsafe-fixes", "--min-confidence", "0",
                 "--languagetool", server.url, "--no-crossdoc")
    assert result.exit_code == 0, result.output
    audit = [json.loads(x) for x in (tmp_path / "out" / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert all(any(e["rule"] == "LT:HE_VERB_AGR" for e in row["edits"]) for row in audit), audit
    assert all("He goes home" in (tmp_path / "out" / f"g{i}.txt").read_text(encoding="utf-8") for i in range(3))


def test_review_add_queues_languagetool_findings(cli, tmp_path, server):
    path = write(tmp_path / "a.txt", GRAMMAR)
    db = tmp_path / "review.db"
    assert cli("review", "add", path, "--db", db, "--languagetool", server.url).exit_code == 0
    with sqlite3.connect(db) as con:
        rules = [row[0] for row in con.execute("SELECT rule FROM findings")]
    assert rules == ["LT:HE_VERB_AGR"]


def test_review_add_required_and_unavailable_exits_2(cli, tmp_path):
    path = write(tmp_path / "a.txt", GRAMMAR)
    result = cli("review", "add", path, "--db", tmp_path / "r.db", "--languagetool", closed_port_url(),
                 "--languagetool-required")
    assert result.exit_code == 2
    assert one_stderr_line(result).startswith("error: LanguageTool unavailable")

"""`detect serve`: LanguageTool's HTTP API, checked with LanguageTool clients we did not write
(language_tool_python, pylanguagetool and its command line) and with raw requests."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import language_tool_python
import pytest
from pylanguagetool import api as pylt

from detector.apps.serve import protocol
from detector.apps.serve.server import CheckServer
from detector.apps.serve.upstream import Upstream
from detector.config import Config
from detector.findings import CATEGORIES
from detector.pipeline.engine import scan_document
from detector.text.document import Document
from fake_languagetool import FakeLanguageTool
from helpers import SEEDS, detect_executable

SEED_FILES = sorted(SEEDS.glob("*.txt"))
ASTRAL = "🎉🎉 𝔘𝔫𝔦𝔬𝔫 𠀋 "  # emoji, mathematical letters, a CJK extension B ideograph: two UTF-16 units each


def utf16(text: str, index: int) -> int:
    return len(text[:index].encode("utf-16-le")) // 2


def python_end(text: str, start: int, units: int) -> int:
    """The Python offset `units` UTF-16 code units after `start` (computed apart from the code under test)."""
    encoded = text.encode("utf-16-le")
    begin = utf16(text, start) * 2
    return len(encoded[:begin + units * 2].decode("utf-16-le"))


def expected(text: str) -> list[tuple[str, int, int]]:
    """What a one-document scan finds: (rule, start, end) in Python offsets."""
    return [(f.rule, f.start, f.end) for f in scan_document(Document.from_text(text), Config()).findings]


def start_server(**kwargs) -> CheckServer:
    server = CheckServer(Config(), port=0, **kwargs)
    server.start()
    return server


@pytest.fixture(scope="module")
def server():
    server = start_server()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def tool(server):
    tool = language_tool_python.LanguageTool("en-US", remote_server=server.url)
    yield tool
    tool.close()


def post(url: str, form: dict[str, str], headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    request = urllib.request.Request(url + "v2/check", urllib.parse.urlencode(form).encode(), headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def with_astral(text: str) -> str:
    """Every paragraph opened by astral characters (the findings move; LanguageTool counts two units each)."""
    return "\n".join(ASTRAL + line if line.strip() and not line.startswith("date ") else line
                     for line in text.split("\n"))


# --- language_tool_python, as a remote server ---------------------------------------------------

@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.name[:3])
def test_language_tool_python_gets_our_findings_on_each_seed(tool, path):
    text = path.read_text(encoding="utf-8")
    matches = tool.check(text)
    got = [(m.rule_id, m.offset, python_end(text, m.offset, m.error_length)) for m in matches]
    assert got == expected(text)
    for m, (_, start, end) in zip(matches, got):
        assert m.category.startswith("MT_") and m.message and m.sentence
        assert m.context[m.offset_in_context:][:end - start] == text[start:end].replace("\n", " ")


def test_language_tool_python_offsets_are_right_past_astral_characters(tool):
    text = with_astral((SEEDS / "001_7fa934ba9f43fec6.txt").read_text(encoding="utf-8"))
    want = expected(text)
    assert len(want) >= 10
    matches = tool.check(text)
    got = [(m.rule_id, m.offset, python_end(text, m.offset, m.error_length)) for m in matches]
    assert got == want
    fixed = language_tool_python.utils.correct(text, matches)  # the client applies the replacements itself
    assert ". ." not in fixed.split("\n")[48] and ASTRAL in fixed


def test_raw_offsets_are_utf16_code_units(server):
    text = ASTRAL + "The council will meet on on Monday.\n"
    status, body = post(server.url, {"text": text, "language": "en-US"})
    assert status == 200
    match, = json.loads(body)["matches"]
    start = text.index("on on")
    assert (match["offset"], match["length"]) == (utf16(text, start), 5) and match["offset"] == start + 8  # 8 astral characters
    assert match["rule"]["id"] == "MT511" and match["replacements"] == [{"value": "on"}]
    assert match["rule"]["category"] == {"id": "MT_DOUBLED_WORD", "name": "Machine translation: Doubled word"}
    context = match["context"]
    units = context["text"].encode("utf-16-le")
    assert units[context["offset"] * 2:(context["offset"] + context["length"]) * 2].decode("utf-16-le") == "on on"


def test_rule_options_choose_among_our_rules(tool):
    text = (SEEDS / "001_7fa934ba9f43fec6.txt").read_text(encoding="utf-8")
    rules = {m.rule_id for m in tool.check(text)}
    assert {"MT401", "MT402", "MT411"} <= rules
    tool.disabled_rules = {"MT411"}
    tool.disabled_categories = {"MT_DOUBLE_PUNCT"}
    assert {m.rule_id for m in tool.check(text)} == rules - {"MT411", "MT402"}
    tool.disabled_rules, tool.disabled_categories = set(), set()
    tool.enabled_rules = {"MT401"}
    tool.enabled_rules_only = True
    assert {m.rule_id for m in tool.check(text)} == {"MT401"}


def test_picky_shows_less_certain_findings(tool):
    texts = [p.read_text(encoding="utf-8") for p in SEED_FILES]
    default = sum(len(tool.check(t)) for t in texts)
    tool.picky = True
    picky = [m for t in texts for m in tool.check(t)]
    assert len(picky) >= default
    assert all(re.search(r"confidence (0\.[3-9]|1\.00)", m.message) for m in picky)


# --- pylanguagetool: its API and its command line -----------------------------------------------

def test_pylanguagetool_api_with_enabled_only_and_categories(server):
    text = (SEEDS / "002_3ff6c92db07b6aa6.txt").read_text(encoding="utf-8")
    languages = {lang["longCode"] for lang in pylt.get_languages(server.url + "v2/")}
    assert {"en-US", "en-GB"} <= languages
    everything = pylt.check(text, server.url + "v2/", "en-GB")["matches"]
    assert [(m["rule"]["id"], m["offset"]) for m in everything] == \
        [(rule, utf16(text, start)) for rule, start, _ in expected(text)]
    only = pylt.check(text, server.url + "v2/", "en-GB", enabled_categories="MT_STRAY_PUNCT", enabled_only=True)
    assert only["matches"] and {m["rule"]["category"]["id"] for m in only["matches"]} == {"MT_STRAY_PUNCT"}


def test_pylanguagetool_command_line_prints_our_findings(server, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("The minister said that we we have no plans.\n", encoding="utf-8")
    script = Path(sys.executable).with_name("pylanguagetool")
    result = subprocess.run([str(script), "--no-color", "-a", server.url + "v2/", "-l", "en-US", "-r", str(article)],
                            capture_output=True, text=True, timeout=120)
    assert "'we' is written twice" in result.stdout, result.stdout + result.stderr
    assert "MT511" in result.stdout


# --- the protocol: annotated text, errors, limits, concurrency ----------------------------------

def test_annotated_text_offsets_are_in_the_original_markup(server):
    annotation = [{"text": "Fans "}, {"markup": "<b>"}, {"text": "🎉 cheered."}, {"markup": "</b>"},
                  {"markup": "<p>", "interpretAs": "\n\n"}, {"text": "The council will meet on on Monday."}]
    original = "".join(a.get("text", a.get("markup")) for a in annotation)
    status, body = post(server.url, {"data": json.dumps({"annotation": annotation}), "language": "en-US"})
    assert status == 200
    match, = json.loads(body)["matches"]
    start = original.index("on on")
    assert (match["offset"], match["length"]) == (utf16(original, start), 5)


def test_a_suppression_comment_hides_the_next_block(server):
    text = "<!-- detect: ignore MT511 -->\nThe council will meet on on Monday.\n\nThe vote is on on Friday.\n"
    matches = json.loads(post(server.url, {"text": text, "language": "en-US"})[1])["matches"]
    assert [m["offset"] for m in matches] == [text.index("on on Friday")]
    annotation = [{"markup": "<!-- detect: ignore doubled_word -->\n"}, {"text": "The council will meet on on Monday."}]
    status, body = post(server.url, {"data": json.dumps({"annotation": annotation}), "language": "en-US"})
    assert status == 200 and json.loads(body)["matches"] == []


@pytest.mark.parametrize("form, message", [
    ({"text": "Hello."}, "missing 'language'"),
    ({"language": "en-US"}, "either the 'text' or the 'data'"),
    ({"text": "a", "data": "{}", "language": "en-US"}, "either the 'text' or the 'data'"),
    ({"data": "not json", "language": "en-US"}, "'data' is not JSON"),
    ({"data": '{"annotation": [{"nothing": 1}]}', "language": "en-US"}, "either 'text' or 'markup'"),
    ({"text": "Bonjour.", "language": "fr"}, "'fr' is not a language"),
    ({"text": "Hello.", "language": "en-US", "enabledOnly": "true"}, "enabledOnly=true needs"),
])
def test_bad_requests_get_400_with_a_reason(server, form, message):
    status, body = post(server.url, form)
    assert status == 400 and body.decode().startswith("Error: ") and message in body.decode()


def test_a_request_over_the_size_limit_gets_413():
    small = start_server(max_bytes=2000)
    try:
        status, body = post(small.url, {"text": "word " * 1000, "language": "en-US"})
        assert status == 413 and b"limit of 2000" in body
        assert post(small.url, {"text": "The vote is on on Friday.", "language": "en-US"})[0] == 200
    finally:
        small.shutdown()
        small.server_close()


def test_requests_addressed_to_another_host_name_are_refused(server):
    status, _ = post(server.url, {"text": "Hello.", "language": "en-US"}, {"Host": "attacker.example:8081"})
    assert status == 403
    assert post(server.url, {"text": "Hello.", "language": "en-US"}, {"Host": "localhost:8081"})[0] == 200


def test_concurrent_requests_each_get_their_own_answer(server):
    texts = [p.read_text(encoding="utf-8") for p in SEED_FILES] * 4
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda t: json.loads(post(server.url, {"text": t, "language": "en-US"})[1]), texts))
    for text, answer in zip(texts, answers):
        assert [(m["rule"]["id"], m["offset"]) for m in answer["matches"]] == \
            [(rule, utf16(text, start)) for rule, start, _ in expected(text)]


# --- behind it, a real LanguageTool server (here the stand-in of test_languagetool) --------------

def test_languagetool_matches_are_merged_and_ours_win_where_they_overlap():
    text = "He go home. The council will meet on on Monday.\n"
    with FakeLanguageTool() as fake:
        merged = start_server(upstream=Upstream(fake.url))
        try:
            tool = language_tool_python.LanguageTool("en-US", remote_server=merged.url)
            tool.disabled_rules = {"MT301", "SOME_LT_RULE"}
            matches = tool.check(text)
            tool.close()
            languages = json.loads(urllib.request.urlopen(merged.url + "v2/languages", timeout=30).read())
        finally:
            merged.shutdown()
            merged.server_close()
    assert [(m.rule_id, m.offset) for m in matches] == [("HE_VERB_AGR", 0), ("MT511", text.index("on on"))]
    assert fake.checked[-1]["disabledRules"] == "SOME_LT_RULE"  # our ids are not sent on
    assert "de-DE" in {lang["longCode"] for lang in languages}


def test_without_its_languagetool_the_answer_is_ours_marked_incomplete():
    with FakeLanguageTool() as fake:
        url = fake.url
    merged = start_server(upstream=Upstream(url))  # the stand-in has stopped: nothing answers there
    try:
        status, body = post(merged.url, {"text": "The vote is on on Friday.", "language": "en-US"})
    finally:
        merged.shutdown()
        merged.server_close()
    answer = json.loads(body)
    assert status == 200 and answer["warnings"]["incompleteResults"] is True
    assert [m["rule"]["id"] for m in answer["matches"]] == ["MT511"]


# --- the command ---------------------------------------------------------------------------------

def test_detect_serve_command_answers_language_tool_python(tmp_path):
    process = subprocess.Popen([*detect_executable(), "serve", "--port", "0"], stderr=subprocess.PIPE, text=True,
                               cwd=tmp_path)
    try:
        line = process.stderr.readline()
        url = re.search(r"http://\S+?/v2/", line)
        assert url, line
        tool = language_tool_python.LanguageTool("en-GB", remote_server=url.group()[:-3])
        assert [m.rule_id for m in tool.check("The vote is on on Friday.")] == ["MT511"]
        tool.close()
        assert "127.0.0.1" in url.group()
    finally:
        process.terminate()
        process.wait(30)
        process.stderr.close()



def test_detect_serve_command_merges_the_languagetool_it_is_given(tmp_path):
    with FakeLanguageTool() as fake:
        process = subprocess.Popen([*detect_executable(), "serve", "--port", "0", "--languagetool", fake.url],
                                   stderr=subprocess.PIPE, text=True, cwd=tmp_path)
        try:
            line = process.stderr.readline()
            assert f"merged with LanguageTool at {fake.url}" in line, line
            url = re.search(r"http://\S+?/v2/", line).group()
            status, body = post(url[:-3], {"text": "He go home. The vote is on on Friday.", "language": "en-GB"})
            assert [m["rule"]["id"] for m in json.loads(body)["matches"]] == ["HE_VERB_AGR", "MT511"]
        finally:
            process.terminate()
            process.wait(30)
            process.stderr.close()


def test_every_category_has_a_languagetool_name_and_issue_type():
    assert set(protocol.CATEGORY_NAMES) == set(protocol.ISSUE_TYPES) == set(CATEGORIES)

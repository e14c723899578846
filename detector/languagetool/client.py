"""LanguageTool as an optional second opinion: its matches become `LT:<rule id>` findings and
candidate-model features.

The setting is `off` (the default), `local` or a server URL. A URL names a LanguageTool server, 5.0
or later. `local` starts the installed `languagetool-server.jar` (in `LTP_JAR_DIR_PATH`, else in the
newest `LanguageTool-*` folder of language_tool_python's cache) with the Java on PATH and talks to it
the same way; nothing is ever downloaded (language_tool_python's own local mode downloads a missing
jar, and from 3.3 on looks for it in its cache only). Every check goes through language_tool_python.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import time
import urllib.parse
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..config import LOCAL, OFF
from ..findings import UNSAFE, Finding
from ..language.lexicon import load_words
from ..text.document import Document

if TYPE_CHECKING:
    from ..config import Config

LANGUAGE = "en-US"
CONFIDENCE = 0.55           # LanguageTool's findings are not scored by the candidate model
MIN_VERSION = (5, 0)
PROBE_TIMEOUT = 60.0        # seconds: a fresh server loads its rules at the first check
START_TIMEOUT = 90.0        # seconds for a local server to open its port
SERVER_JAR = "languagetool-server.jar"
SENTENCE_OPENERS = " \t\"'“‘«([—–-"
UPGRADE = "upgrade it to LanguageTool 5.0 or later"
USE_A_SERVER = "or point --languagetool at a LanguageTool server URL"

# Our category for a LanguageTool match: by rule id, else issue type, else LanguageTool category.
RULE_CATEGORIES = {"ENGLISH_WORD_REPEAT_RULE": "doubled_word", "DOUBLE_PUNCTUATION": "double_punct",
                   "UPPERCASE_SENTENCE_START": "stray_punct"}
ISSUE_CATEGORIES = {"duplication": "doubled_word"}
LT_CATEGORIES = {"PUNCTUATION": "stray_punct", "TYPOGRAPHY": "stray_punct"}


class Unavailable(Exception):
    """LanguageTool cannot be used: `reason` says why, `hint` how to fix it."""

    def __init__(self, reason: str, hint: str) -> None:
        super().__init__(reason)
        self.reason, self.hint = reason, hint

    def line(self) -> str:
        return f"LanguageTool unavailable: {self.reason}; {self.hint}."


@dataclass
class Connection:
    """LanguageTool for one setting: a language_tool_python client, or why there is none."""

    tool: Any = None
    url: str | None = None
    process: subprocess.Popen | None = None
    problem: Unavailable | None = None
    reported: bool = False


_connections: dict[str, Connection] = {}


def connect(setting: str) -> Connection:
    """Make LanguageTool for `setting` available to `check`, once per process (off: nothing to make)."""
    if setting not in _connections:
        connection = Connection()
        if setting != OFF:
            try:
                url, connection.process = _start_local() if setting == LOCAL else (setting, None)
                connection.tool = _client(url)
                connection.url = url
            except Unavailable as exc:
                connection.problem = exc
                _terminate(connection.process)
        _connections[setting] = connection
    return _connections[setting]


def disconnect() -> None:
    """Close every client and stop every local server this process started."""
    for connection in _connections.values():
        if connection.tool is not None:
            connection.tool.close()
        _terminate(connection.process)
    _connections.clear()


def unreported_problem(setting: str) -> Unavailable | None:
    """Why LanguageTool is unavailable for `setting`, the first time it is asked after it became so."""
    connection = _connections.get(setting)
    if connection is None or connection.problem is None or connection.reported:
        return None
    connection.reported = True
    return connection.problem


def summary_note(setting: str) -> str:
    """` LanguageTool: unavailable (reason).` for the text summary, or nothing."""
    connection = _connections.get(setting)
    if connection is None or connection.problem is None:
        return ""
    return f" LanguageTool: unavailable ({connection.problem.reason})."


def _client(url: str) -> Any:
    """A language_tool_python client for the server at `url`, after checking what answers there."""
    import language_tool_python  # only when LanguageTool is asked for: it is slow to import

    _probe(url)
    try:
        return language_tool_python.LanguageTool(LANGUAGE, remote_server=url)
    except (language_tool_python.exceptions.LanguageToolError, ValueError) as exc:
        raise Unavailable(f"the server at {url} does not answer as LanguageTool does", "check the URL") from exc


def _probe(url: str) -> None:
    """Raise Unavailable unless a LanguageTool server, 5.0 or later, answers at `url`."""
    import http.client  # here, not at start-up: only a scan that asks for LanguageTool needs them
    import urllib.error
    import urllib.request

    base = urllib.parse.urljoin(url, "v2/")  # as language_tool_python joins it
    not_lt = Unavailable(f"the server at {url} does not answer as LanguageTool does", "check the URL")
    try:
        urllib.request.urlopen(base + "languages", timeout=PROBE_TIMEOUT).close()
    except urllib.error.HTTPError as exc:
        if exc.code != 404:
            raise not_lt from exc
        raise Unavailable(f"the server at {url} has no /v2/languages, so it is older than LanguageTool 5.0",
                          UPGRADE) from exc
    except (OSError, http.client.HTTPException) as exc:
        raise Unavailable(f"no LanguageTool server answers at {url}",
                          "start one (see LanguageTool in the README) or correct the URL") from exc
    form = urllib.parse.urlencode({"text": "Hello.", "language": LANGUAGE}).encode()
    try:
        with urllib.request.urlopen(base + "check", form, timeout=PROBE_TIMEOUT) as answer:
            version = str(json.load(answer)["software"]["version"])
    except (OSError, http.client.HTTPException, ValueError, KeyError, TypeError) as exc:
        raise not_lt from exc
    if _version(version) < MIN_VERSION:
        raise Unavailable(f"the server at {url} runs LanguageTool {version}, older than 5.0", UPGRADE)


def _version(text: str) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", text))


def _cache_dir() -> Path:
    """language_tool_python's download folder: LTP_PATH, else ~/.cache/language_tool_python."""
    return Path(os.environ.get("LTP_PATH") or Path.home() / ".cache" / "language_tool_python")


def _find_jar() -> Path | None:
    """The installed languagetool-server.jar: in LTP_JAR_DIR_PATH when set, else the newest in the cache."""
    folder = os.environ.get("LTP_JAR_DIR_PATH")
    folders = [Path(folder)] if folder else sorted(_cache_dir().glob("LanguageTool-*"),
                                                   key=lambda p: _version(p.name), reverse=True)
    return next((f / SERVER_JAR for f in folders if (f / SERVER_JAR).is_file()), None)


def _start_local() -> tuple[str, subprocess.Popen]:
    """Start the installed LanguageTool server on a free loopback port; its URL and process."""
    java = shutil.which("java")
    if java is None:
        raise Unavailable("no Java on PATH", f"install Java 17 or later, {USE_A_SERVER}")
    jar = _find_jar()
    if jar is None:
        where = os.environ.get("LTP_JAR_DIR_PATH") or _cache_dir() / "LanguageTool-*"
        raise Unavailable(f"LanguageTool is not installed: no {SERVER_JAR} in {where}, and detect never downloads it",
                          f"unzip LanguageTool (languagetool.org/download) into {_cache_dir()} or set "
                          f"LTP_JAR_DIR_PATH to its folder, {USE_A_SERVER}")
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    process = subprocess.Popen([java, "-cp", str(jar), "org.languagetool.server.HTTPServer", "--port", str(port)],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + START_TIMEOUT
    while process.poll() is None and time.monotonic() < deadline:
        try:
            socket.create_connection(("localhost", port), timeout=1).close()
            return f"http://localhost:{port}", process
        except OSError:
            time.sleep(0.2)
    _terminate(process)
    raise Unavailable(f"the LanguageTool server in {jar} did not start",
                      f"check that `java -cp {jar} org.languagetool.server.HTTPServer` runs "
                      f"(LanguageTool 6.6 and later need Java 17)")


def _terminate(process: subprocess.Popen | None) -> None:
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def check(doc: Document, config: Config) -> list[Finding] | None:
    """LanguageTool's findings in the document's body; None when LanguageTool is off or unavailable."""
    connection = _connections.get(config.languagetool)
    if connection is None and config.languagetool not in (OFF, LOCAL):
        connection = connect(config.languagetool)  # a worker process: the parent has checked the server
    if connection is None or connection.tool is None:
        return None
    if not doc.body.strip():
        return []
    from language_tool_python.exceptions import LanguageToolError

    try:
        matches = connection.tool.check(doc.body)
    except (LanguageToolError, KeyError, TypeError):
        connection.tool.close()
        connection.tool = None
        connection.problem = Unavailable("the LanguageTool server stopped answering", "check it, then scan again")
        _terminate(connection.process)
        return None
    accepted = set(config.accept) | load_words("accept")
    found = (_finding(doc, m) for m in matches)
    return [f for f in found if f is not None and not any(a in f.text for a in accepted)]


def _finding(doc: Document, match: Any) -> Finding | None:
    """A language_tool_python Match as a Finding; None when it is a misspelling of a proper name."""
    start = doc.body_start + match.offset  # language_tool_python has turned the offset into characters
    end = utf16_end(doc.text, start, match.error_length)  # the length is still in UTF-16 code units
    if not doc.body_start <= start < end <= len(doc.text):
        return None
    spelling = match.rule_id.startswith("MORFOLOGIK") or match.rule_issue_type == "misspelling"
    if spelling and _proper_name(doc, start, end):
        return None
    line, column = doc.line_col(start)
    return Finding(start, end, doc.text[start:end], f"LT:{match.rule_id}",
                   category(match.rule_id, match.category, match.rule_issue_type), match.message,
                   match.replacements[0] if match.replacements else None, CONFIDENCE, UNSAFE, line, column)


def utf16_end(text: str, start: int, units: int) -> int:
    """The offset in `text` that lies `units` UTF-16 code units after `start` (astral characters take two)."""
    end = start
    while units > 0 and end < len(text):
        units -= 2 if ord(text[end]) > 0xFFFF else 1
        end += 1
    return end


def category(rule_id: str, lt_category: str, issue_type: str) -> str:
    """Our category for a LanguageTool rule, `other` when none fits."""
    if rule_id in RULE_CATEGORIES:
        return RULE_CATEGORIES[rule_id]
    if issue_type in ISSUE_CATEGORIES:
        return ISSUE_CATEGORIES[issue_type]
    if lt_category in LT_CATEGORIES:
        return LT_CATEGORIES[lt_category]
    if lt_category == "GRAMMAR" and re.search(r"AGREEMENT|_AGR\b|_AGR_", rule_id):
        return "agreement"
    return "other"


def _proper_name(doc: Document, start: int, end: int) -> bool:
    """Capitalised away from a sentence start here, or somewhere else in the document."""
    word = doc.text[start:end]
    pattern = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)", re.IGNORECASE)
    return any(m.group()[:1].isupper() and not _sentence_initial(doc, m.start())
               for m in pattern.finditer(doc.text, doc.body_start))


def _sentence_initial(doc: Document, offset: int) -> bool:
    sentence = doc.sentence_at(offset)
    return not doc.text[sentence.start:offset].strip(SENTENCE_OPENERS)


def _overlap(a: Finding, b: Finding) -> bool:
    return a.start < b.end and b.start < a.end


def is_selector(selector: str) -> bool:
    """`LT` or `LT:RULE_ID` (a prefix of one): selects LanguageTool's findings."""
    return selector == "LT" or selector.startswith("LT:")


def features(finding: Finding, lt: list[Finding]) -> dict[str, float]:
    """Candidate-model features of one of our candidates, added only when LanguageTool ran."""
    return {"languagetool_agrees": float(any(_overlap(finding, m) for m in lt))}


def merge(candidates: list[Finding], lt: list[Finding]) -> list[Finding]:
    """Note on each of our candidates the LanguageTool matches it overlaps; all of them, then LanguageTool's."""
    for m in lt:
        note = f"; LanguageTool agrees ({m.rule})"
        for f in candidates:
            if _overlap(f, m) and note not in f.message:
                f.message += note
    return candidates + lt


def selected(candidates: list[Finding], shown: list[Finding], config: Config) -> list[Finding]:
    """LanguageTool's findings that `select`, `ignore` and the threshold let through, less those on the span
    of a finding of ours already shown (that finding carries LanguageTool's note)."""
    def chosen(f: Finding, selectors: tuple[str, ...]) -> bool:
        return any(f.rule.startswith(s) if is_selector(s) else s == f.category for s in selectors)

    return [f for f in candidates if f.rule.startswith("LT:") and f.confidence >= config.min_confidence
            and (not config.select or chosen(f, config.select)) and not chosen(f, config.ignore)
            and not any(_overlap(f, o) for o in shown)]

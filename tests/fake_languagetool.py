"""A stand-in LanguageTool server: `/v2/languages` and `/v2/check` answered in LanguageTool's JSON shapes.

The tests run it in a thread on 127.0.0.1 (port 0); `python fake_languagetool.py ... --port N` runs it as
a process, which is what a fake `java` starts in place of languagetool-server.jar.
"""

from __future__ import annotations

import json
import re
import sys
import threading
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Callable

LANGUAGES = [{"name": "English", "code": "en", "longCode": "en"},
             {"name": "English (US)", "code": "en", "longCode": "en-US"},
             {"name": "English (GB)", "code": "en", "longCode": "en-GB"},
             {"name": "German (Germany)", "code": "de", "longCode": "de-DE"}]

# pattern, rule id, category id, issue type, message, first suggestion
RULES = [
    (r"\b[Hh]e go\b", "HE_VERB_AGR", "GRAMMAR", "grammar",
     "The pronoun ‘he’ is used with a third-person verb: ‘goes’.", lambda m: m.group()[:-2] + "goes"),
    (r"\b(\w+) \1\b", "ENGLISH_WORD_REPEAT_RULE", "MISC", "duplication",
     "Possible typo: you repeated a word.", lambda m: m.group(1)),
    (r"\b(?:Kuleba|recieve)\b", "MORFOLOGIK_RULE_EN_US", "TYPOS", "misspelling",
     "Possible spelling mistake found.", lambda m: {"Kuleba": "Kula", "recieve": "receive"}[m.group()]),
]


def utf16(text: str, index: int) -> int:
    """What LanguageTool (Java) counts for a Python offset: UTF-16 code units."""
    return len(text[:index].encode("utf-16-le")) // 2


def lt_match(text: str, start: int, end: int, rule_id: str, category: str, issue_type: str, message: str,
             replacements: tuple[str, ...] = ()) -> dict:
    """One entry of a /v2/check answer's `matches` for text[start:end]."""
    lo, hi = max(0, start - 40), min(len(text), end + 40)
    context = text[lo:hi]
    length = utf16(text, end) - utf16(text, start)
    return {"message": message, "shortMessage": "", "replacements": [{"value": r} for r in replacements],
            "offset": utf16(text, start), "length": length,
            "context": {"text": context, "offset": utf16(context, start - lo), "length": length},
            "sentence": context.strip(), "type": {"typeName": "Other"},
            "rule": {"id": rule_id, "description": message, "issueType": issue_type,
                     "category": {"id": category, "name": category.title()}},
            "ignoreForIncompleteSentence": False, "contextForSureMatch": 0}


def rule_matches(text: str) -> list[dict]:
    """The matches of RULES, in text order."""
    found = [(m.start(), lt_match(text, m.start(), m.end(), rule_id, category, issue, message, (suggest(m),)))
             for pattern, rule_id, category, issue, message, suggest in RULES for m in re.finditer(pattern, text)]
    return [match for _, match in sorted(found, key=lambda pair: pair[0])]


class FakeLanguageTool:
    """A loopback LanguageTool server of the given version; `languages=False` leaves out /v2/languages."""

    def __init__(self, version: str = "6.4", languages: bool = True,
                 matches: Callable[[str], list[dict]] = rule_matches, port: int = 0) -> None:
        self.version, self.languages, self.matches = version, languages, matches
        self.checked: list[dict[str, str]] = []  # the form of every /v2/check request
        self.server = ThreadingHTTPServer(("127.0.0.1", port), _Handler)
        self.server.fake = self  # type: ignore[attr-defined]
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.05,), daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self) -> "FakeLanguageTool":
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(10)

    def answer(self, form: dict[str, str]) -> tuple[int, str]:
        if "text" not in form or "language" not in form:
            return 400, "Error: Missing 'text' or 'language' parameter"
        self.checked.append(form)
        try:
            matches = self.matches(form["text"])
        except RuntimeError as exc:
            return 500, f"Error: {exc}"
        return 200, json.dumps({
            "software": {"name": "LanguageTool", "version": self.version, "buildDate": "2024-03-28 15:19:36 +0000",
                         "apiVersion": 1, "premium": False, "status": ""},
            "warnings": {"incompleteResults": False},
            "language": {"name": "English (US)", "code": "en-US",
                         "detectedLanguage": {"name": "English (US)", "code": "en-US", "confidence": 0.99}},
            "matches": matches})


class _Handler(BaseHTTPRequestHandler):
    server: ThreadingHTTPServer

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        fake: FakeLanguageTool = self.server.fake  # type: ignore[attr-defined]
        if url.path == "/v2/languages" and fake.languages:
            self._send(200, json.dumps(LANGUAGES))
        elif url.path == "/v2/check":
            self._send(*fake.answer(dict(urllib.parse.parse_qsl(url.query))))
        else:
            self.send_error(404)

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode("utf-8")
        if urllib.parse.urlsplit(self.path).path != "/v2/check":
            self.send_error(404)
            return
        self._send(*self.server.fake.answer(dict(urllib.parse.parse_qsl(body))))  # type: ignore[attr-defined]

    def _send(self, status: int, body: str) -> None:
        data = body.encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format: str, *args: object) -> None:
        pass


if __name__ == "__main__":  # as `java -cp languagetool-server.jar org.languagetool.server.HTTPServer --port N`
    port = int(sys.argv[sys.argv.index("--port") + 1])
    fake = FakeLanguageTool(port=port)
    fake.server.serve_forever()

"""The LanguageTool-compatible server: the standard library's ThreadingHTTPServer, one thread a request,
nothing kept between requests.

GET /v2/languages lists the languages; GET or POST /v2/check takes LanguageTool's form fields (`text`
or `data`, `language`, the rule options, `level`) and answers with LanguageTool's JSON. A request
body over the size limit gets 413; a request addressed to another host name than the loopback one,
while listening on loopback, gets 403.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from http import HTTPStatus
from urllib.parse import parse_qsl, urlsplit

from ...config import Config
from ...findings import Finding
from ...languagetool import client as languagetool
from ...pipeline.engine import scan_document
from ...pipeline.suppress import visible
from ...text.document import Document
from ..localhttp import LocalHandler, LocalServer, host_allowed
from . import protocol
from .annotation import AnnotatedText
from .upstream import Upstream, UpstreamError, merge, union_languages

MAX_REQUEST_BYTES = 1 << 20


class CheckServer(LocalServer):
    """Answers LanguageTool's API with the findings of `config`, merged with `upstream`'s when given."""

    def __init__(self, config: Config, host: str = "127.0.0.1", port: int = 8081, upstream: Upstream | None = None,
                 max_bytes: int = MAX_REQUEST_BYTES, allow_origin: str | None = None) -> None:
        self.config = replace(config, languagetool=languagetool.OFF)  # LanguageTool's matches come raw
        self.upstream, self.max_bytes, self.allow_origin = upstream, max_bytes, allow_origin
        scan_document(Document.from_text("Warm up. The ministry said it would answer.\n"), self.config)
        super().__init__(host, port, Handler)


def _form(raw: str) -> dict[str, str]:
    return dict(parse_qsl(raw, keep_blank_values=True))


Reply = tuple[int, str, bytes]  # status, content type, body


def error_reply(status: int, message: str) -> Reply:
    """An error as LanguageTool words it: plain text starting with `Error:`."""
    return status, "text/plain; charset=utf-8", f"Error: {message}\n".encode("utf-8")


def json_reply(data: object) -> Reply:
    return HTTPStatus.OK, "application/json", json.dumps(data, ensure_ascii=False).encode("utf-8")


def check(server: CheckServer, form: dict[str, str]) -> Reply:
    """The reply to a /v2/check request."""
    try:
        return _check(server, form)
    except protocol.BadRequest as exc:
        return error_reply(HTTPStatus.BAD_REQUEST, str(exc))


def _check(server: CheckServer, form: dict[str, str]) -> Reply:
    if ("text" in form) == ("data" in form):
        raise protocol.BadRequest("give either the 'text' or the 'data' parameter")
    language = form.get("language", "").strip()
    if not language:
        raise protocol.BadRequest("missing 'language' parameter")
    if not protocol.is_english(language):
        if server.upstream is None:
            raise protocol.BadRequest(f"'{language}' is not a language this server checks (detect checks English)")
        return _languagetool_alone(server.upstream, form)
    choice = protocol.choose(form, server.config)
    try:
        annotated = AnnotatedText.from_json(form["data"]) if "data" in form else None
    except ValueError as exc:
        raise protocol.BadRequest(str(exc)) from exc
    ours, mt_score = ([], None) if choice.none else _our_matches(form.get("text"), annotated, choice.config)
    answer = protocol.response(language, ours, mt_score)
    return json_reply(answer if server.upstream is None else _merged(server.upstream, form, answer))


def _languagetool_alone(upstream: Upstream, form: dict[str, str]) -> Reply:
    """Another language than English: LanguageTool's reply as it is."""
    try:
        status, body, _ = upstream.check(form)
    except UpstreamError as exc:
        return error_reply(HTTPStatus.BAD_GATEWAY, str(exc))
    return status, "application/json" if status == HTTPStatus.OK else "text/plain; charset=utf-8", body


def _merged(upstream: Upstream, form: dict[str, str], answer: dict) -> dict:
    """LanguageTool's answer with our matches merged in; ours alone, marked incomplete, when it fails."""
    try:
        status, _, theirs = upstream.check(protocol.for_languagetool(form))
        if theirs is None or not isinstance(theirs.get("matches"), list):
            raise UpstreamError(f"LanguageTool at {upstream.url} answered {status}")
    except UpstreamError as exc:
        print(f"warning: {exc}; answering with detect's matches only", file=sys.stderr)
        answer["warnings"]["incompleteResults"] = True
        return answer
    merged = {**theirs, "matches": merge(answer["matches"], theirs["matches"])}
    if "detect" in answer:
        merged["detect"] = answer["detect"]
    return merged


def _our_matches(text: str | None, annotated: AnnotatedText | None, config: Config) -> tuple[list[dict], float | None]:
    """Our matches for plain `text` or for annotated text, and the document's mt_score."""
    checked = annotated.plain if annotated is not None else text or ""
    if not checked.strip():
        return [], None
    doc = Document.from_text(checked)
    report = scan_document(doc, config)
    if annotated is None:
        units = protocol.utf16_offsets(doc.text)
        return [protocol.match_json(f, doc, f.start, f.end, units) for f in report.findings], report.mt_score
    original = annotated.original
    units = protocol.utf16_offsets(original)
    placed = [_Placed(f, annotated.start(f.start), annotated.end(f.end)) for f in report.findings]
    shown = visible(placed, original)  # suppression comments are markup: look for them in the original
    return [protocol.match_json(p.finding, doc, p.start, p.end, units) for p in shown], report.mt_score


class _Placed:
    """A finding at its offsets in the original of annotated text (what a suppression comment looks at)."""

    def __init__(self, finding: Finding, start: int, end: int) -> None:
        self.finding, self.start, self.end = finding, start, end
        self.rule, self.category = finding.rule, finding.category


class Handler(LocalHandler):
    server: CheckServer
    server_version = "detect-serve"
    sys_version = ""
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows the address and problems, not every request."""

    def _send(self, status: int, content_type: str, body: bytes, close: bool = False) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        if self.server.allow_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.allow_origin)
        if close:
            self.send_header("Connection", "close")
            self.close_connection = True
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def _error(self, status: int, message: str, close: bool = False) -> None:
        self._send(*error_reply(status, message), close)

    def do_OPTIONS(self) -> None:
        self.send_response(HTTPStatus.NO_CONTENT)
        if self.server.allow_origin:
            self.send_header("Access-Control-Allow-Origin", self.server.allow_origin)
            self.send_header("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")
        self.send_header("Content-Length", "0")
        self.end_headers()

    def do_GET(self) -> None:
        if not host_allowed(self):
            self._error(HTTPStatus.FORBIDDEN, "unknown host")
            return
        url = urlsplit(self.path)
        if len(self.path) > self.server.max_bytes:
            self._error(HTTPStatus.REQUEST_URI_TOO_LONG, "request too long")
        elif url.path == "/v2/languages":
            self._send(*json_reply(self._languages()))
        elif url.path == "/v2/check":
            self._send(*check(self.server, _form(url.query)))
        else:
            self._error(HTTPStatus.NOT_FOUND, f"no such path {url.path}; this server answers /v2/check and /v2/languages")

    def _languages(self) -> list[dict]:
        if self.server.upstream is None:
            return protocol.LANGUAGES
        try:
            return union_languages(protocol.LANGUAGES, self.server.upstream.languages())
        except UpstreamError as exc:
            print(f"warning: {exc}; listing detect's languages only", file=sys.stderr)
            return protocol.LANGUAGES

    def do_POST(self) -> None:
        if not host_allowed(self):
            self._error(HTTPStatus.FORBIDDEN, "unknown host", close=True)
            return
        if urlsplit(self.path).path != "/v2/check":
            self._error(HTTPStatus.NOT_FOUND, "POST goes to /v2/check", close=True)
            return
        try:
            length = int(self.headers.get("Content-Length", ""))
        except ValueError:
            self._error(HTTPStatus.LENGTH_REQUIRED, "Content-Length required", close=True)
            return
        if length > self.server.max_bytes or length < 0:
            self._error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                        f"request of {length} bytes is over this server's limit of {self.server.max_bytes}", close=True)
            return
        try:
            raw = self.rfile.read(length).decode("utf-8")
        except UnicodeDecodeError:
            self._error(HTTPStatus.BAD_REQUEST, "the request is not UTF-8")
            return
        form = _form(raw)
        query = _form(urlsplit(self.path).query)
        self._send(*check(self.server, {**query, **form}))

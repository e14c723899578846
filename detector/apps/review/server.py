"""The local web app: the standard library's ThreadingHTTPServer over one queue file.

GET / renders the page, GET /documents/ID/export downloads a reviewed document, POST
/api/findings/ID records a decision. Every POST must carry the page's CSRF token and the version of
the finding it was made on; a stale one gets 409 with the finding as it is now.
"""

from __future__ import annotations

import hmac
import json
import re
import secrets
from http import HTTPStatus
from importlib import resources
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from ..localhttp import CONNECTION_TIMEOUT, LocalHandler, LocalServer, host_allowed
from .page import render
from .queue import encoded, review
from .store import Filters, NothingToUndo, ReviewStore, StaleDecision, UnknownFinding

MAX_BODY = 1 << 20
MAX_ID = (1 << 63) - 1            # SQLite's largest INTEGER
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
                               "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}
STATIC = {"review.css": "text/css; charset=utf-8", "review.js": "text/javascript; charset=utf-8"}
FINDING_RE = re.compile(r"/api/findings/(\d+)")
EXPORT_RE = re.compile(r"/documents/(\d+)/export")


class ReviewServer(LocalServer):
    """Serves one queue file; each request opens its own connection to it."""

    def __init__(self, db: Path, host: str = "127.0.0.1", port: int = 0, editor: str = "editor",
                 timeout: float = CONNECTION_TIMEOUT) -> None:
        ReviewStore(db).close()     # create or migrate the file now, and fail here if it is not a queue
        self.db = db
        self.editor = editor
        self.csrf = secrets.token_urlsafe(32)
        super().__init__(host, port, Handler, timeout)


def _filters(query: str) -> Filters:
    q = {k: v[0] for k, v in parse_qs(query).items()}
    try:
        minimum = float(q.get("min") or 0.0)
    except ValueError:
        minimum = 0.0
    return Filters(q.get("category") or None, q.get("rule") or None, q.get("state") or None, minimum)


class BadRequest(ValueError):
    """A request body or address the server refuses with 400."""


def _no_constant(name: str) -> None:
    raise BadRequest(f"{name} is not a number")


def _decision_body(raw: bytes) -> tuple[str, int, str | None]:
    """`action`, `version` and `text` of a decision's JSON body, or BadRequest saying what is wrong."""
    try:
        body = json.loads(raw, parse_constant=_no_constant)
    except RecursionError:
        raise BadRequest("JSON nested too deeply") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadRequest(f"not JSON: {exc}") from None
    if not isinstance(body, dict) or not isinstance(body.get("action"), str):
        raise BadRequest("a JSON object with a string 'action' is needed")
    version, text = body.get("version"), body.get("text")
    if isinstance(version, float) and version.is_integer():
        version = int(version)
    if not isinstance(version, int) or isinstance(version, bool) or not 0 <= version <= MAX_ID:
        raise BadRequest("'version' must be a whole number from 0 to 2^63-1")
    if text is not None and not isinstance(text, str):
        raise BadRequest("text must be a string")
    return body["action"], version, text


def _row_id(digits: str) -> int:
    significant = digits.lstrip("0") or "0"
    value = int(significant) if len(significant) <= len(str(MAX_ID)) else MAX_ID + 1
    if value > MAX_ID:
        raise BadRequest(f"id {digits[:30]}{'...' if len(digits) > 30 else ''} is out of range")
    return value


class Handler(LocalHandler):
    server: ReviewServer
    server_version = "detect-review"
    sys_version = ""

    def log_message(self, format: str, *args: object) -> None:
        """Quiet: the terminal shows the address and errors, not every request."""

    def _send(self, status: int, body: bytes, content_type: str, extra: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in {**SECURITY_HEADERS, **(extra or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def _json(self, status: int, data: dict) -> None:
        self._send(status, json.dumps(data, ensure_ascii=False).encode("utf-8"), "application/json; charset=utf-8")

    def do_GET(self) -> None:
        if not host_allowed(self):
            self._send(HTTPStatus.FORBIDDEN, b"unknown host\n", "text/plain; charset=utf-8")
            return
        url = urlsplit(self.path)
        if url.path == "/":
            with ReviewStore(self.server.db) as store:
                page = render(store, _filters(url.query), self.server.csrf, self.server.editor)
            self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")
        elif url.path.startswith("/static/") and url.path[8:] in STATIC:
            name = url.path[8:]
            body = resources.files(__package__).joinpath("static", name).read_bytes()
            self._send(HTTPStatus.OK, body, STATIC[name])
        elif match := EXPORT_RE.fullmatch(url.path):
            try:
                doc_id = _row_id(match.group(1))
            except BadRequest as exc:
                self._send(HTTPStatus.BAD_REQUEST, f"bad request: {exc}\n".encode(), "text/plain; charset=utf-8")
                return
            self._export(doc_id)
        else:
            self._send(HTTPStatus.NOT_FOUND, b"not found\n", "text/plain; charset=utf-8")

    def _export(self, doc_id: int) -> None:
        with ReviewStore(self.server.db) as store:
            try:
                doc = store.document(doc_id)
            except KeyError:
                self._send(HTTPStatus.NOT_FOUND, b"no such document\n", "text/plain; charset=utf-8")
                return
            text = review(doc, store.findings_of(doc_id)).text
        name = quote(Path(doc.path).name)
        body, encoding, _ = encoded(doc, text)  # the bytes `detect review export` writes
        charset = "utf-8" if encoding == "utf-8-sig" else encoding
        self._send(HTTPStatus.OK, body, f"text/plain; charset={charset}",
                   {"Content-Disposition": f"attachment; filename*=UTF-8''{name}"})

    def do_POST(self) -> None:
        if not host_allowed(self):
            self._json(HTTPStatus.FORBIDDEN, {"error": "unknown host"})
            return
        token = self.headers.get("X-CSRF-Token", "")
        if not hmac.compare_digest(token.encode(), self.server.csrf.encode()):
            self._json(HTTPStatus.FORBIDDEN, {"error": "missing or wrong CSRF token: reload the page"})
            return
        match = FINDING_RE.fullmatch(urlsplit(self.path).path)
        if not match:
            self._json(HTTPStatus.NOT_FOUND, {"error": "not found"})
            return
        try:
            finding_id = _row_id(match.group(1))
            length = int(self.headers.get("Content-Length", "0"))
            if not 0 < length <= MAX_BODY:
                raise BadRequest("body missing or too large")
            action, version, text = _decision_body(self.rfile.read(length))
        except (BadRequest, ValueError) as exc:
            self._json(HTTPStatus.BAD_REQUEST, {"error": f"bad request: {exc}"})
            return
        except TimeoutError:
            self.close_connection = True
            self._json(HTTPStatus.REQUEST_TIMEOUT, {"error": "the request body stopped arriving"})
            return
        self._decide(finding_id, action, version, text)

    def _decide(self, finding_id: int, action: str, version: int, text: str | None) -> None:
        with ReviewStore(self.server.db) as store:
            try:
                finding = store.decide(finding_id, action, version, text, self.server.editor)
            except StaleDecision as stale:
                now = stale.current
                self._json(HTTPStatus.CONFLICT, {
                    "error": f"Not saved: this finding was changed in another window or by another editor "
                             f"(it is now {now.state}). The page shows its current state; decide again if needed.",
                    "finding": now.to_json(), "progress": store.progress()})
                return
            except UnknownFinding:
                self._json(HTTPStatus.NOT_FOUND, {"error": "this finding is no longer in the queue: reload the page"})
                return
            except (NothingToUndo, ValueError) as exc:
                self._json(HTTPStatus.BAD_REQUEST, {"error": str(exc)})
                return
            conflicts = review(store.document(finding.document_id), store.findings_of(finding.document_id)).conflicts
            self._json(HTTPStatus.OK, {"finding": finding.to_json(), "progress": store.progress(),
                                       "conflicts": [c.describe() for c in conflicts]})

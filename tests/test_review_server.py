"""The review server over plain HTTP: escaping, CSRF, versions (409), host check, downloads, filters
and the `detect review serve` command."""

from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from detector.apps.review.store import ReviewStore
from helpers import detect_executable
from review_helpers import (ARTICLE, HOSTILE_MESSAGE, HOSTILE_SUGGESTION, OVERLAP, SCRIPT, finding_id, queue_article,
                            queue_hostile, queue_overlapping, serving)


def get(url: str, host: str | None = None) -> tuple[int, dict, str]:
    request = urllib.request.Request(url, headers={"Host": host} if host else {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode("utf-8")
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read().decode("utf-8")


def post(server, fid: int, body: dict, token: str | None) -> tuple[int, dict]:
    headers = {"Content-Type": "application/json"}
    if token is not None:
        headers["X-CSRF-Token"] = token
    request = urllib.request.Request(f"{server.url}api/findings/{fid}", json.dumps(body).encode(), headers, method="POST")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as err:
        return err.code, json.loads(err.read())


def csrf_token(server) -> str:
    return re.search(r'<meta name="csrf-token" content="([^"]+)">', get(server.url)[2]).group(1)


def test_page_escapes_article_message_suggestion_and_evidence(tmp_path):
    with serving(queue_hostile(tmp_path)) as server:
        status, headers, page = get(server.url)
    assert status == 200 and headers["Content-Type"] == "text/html; charset=utf-8"
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert re.findall(r"<script\b[^>]*>", page) == ['<script src="/static/review.js" defer>']
    assert "<img" not in page and "<i>x" not in page and "<b>other" not in page
    assert "y <b>&lt;i&gt;x&lt;/i&gt;</b> z" in page        # the evidence, its wording in bold
    assert re.search(r"A reader wrote <mark [^>]+>&lt;script&gt;alert\(1\)&lt;/script&gt;</mark>", page)
    for hostile in (HOSTILE_MESSAGE, HOSTILE_SUGGESTION, "<b>other</b>.txt"):
        assert hostile.replace("<", "&lt;").replace(">", "&gt;") in page, hostile


def test_a_decision_needs_the_page_csrf_token(tmp_path):
    db = queue_article(tmp_path)
    fid = finding_id(db, "synthetic intelligence")
    with serving(db) as server:
        for token in (None, "forged"):
            status, body = post(server, fid, {"action": "accept", "version": 1}, token)
            assert status == 403 and "CSRF" in body["error"]
        status, body = post(server, fid, {"action": "accept", "version": 1}, csrf_token(server))
        assert status == 200 and body["finding"]["state"] == "accepted" and body["progress"]["accepted"] == 1


def test_a_stale_version_gets_409_and_the_finding_as_it_is(tmp_path):
    db = queue_article(tmp_path)
    fid = finding_id(db, "synthetic intelligence")
    with serving(db, "ana") as first, serving(db, "ben") as second:      # two servers, one file
        assert post(first, fid, {"action": "accept", "version": 1}, csrf_token(first))[0] == 200
        status, body = post(second, fid, {"action": "reject", "version": 1}, csrf_token(second))
    assert status == 409
    assert "changed in another window or by another editor" in body["error"]
    assert body["finding"]["state"] == "accepted" and body["finding"]["version"] == 2
    with ReviewStore(db) as store:
        assert store.finding(fid).state == "accepted"
        assert [(d["editor"], d["action"]) for d in store.decisions()] == [("ana", "accept")]


@pytest.mark.parametrize("body", [{}, {"action": "accept"}, {"action": "fly", "version": 1},
                                  {"action": "edit", "version": 1, "text": 3}, {"action": "undo", "version": 1}])
def test_malformed_decisions_get_400(tmp_path, body):
    db = queue_article(tmp_path)
    with serving(db) as server:
        status, answer = post(server, finding_id(db, "on on"), body, csrf_token(server))
    assert status == 400 and answer["error"]


def test_requests_for_another_host_name_are_refused(tmp_path):
    """A page on another site that resolves its name to 127.0.0.1 (DNS rebinding) gets nothing."""
    with serving(queue_article(tmp_path)) as server:
        assert get(server.url, host="evil.example")[0] == 403
        assert get(server.url, host=f"localhost:{server.server_address[1]}")[0] == 200


def test_download_and_filters(tmp_path):
    db = queue_article(tmp_path)
    fid = finding_id(db, "synthetic intelligence")
    with serving(db) as server:
        post(server, fid, {"action": "edit", "version": 1, "text": "machine intelligence"}, csrf_token(server))
        status, headers, text = get(f"{server.url}documents/1/export")
        assert status == 200 and "filename*=UTF-8''council.txt" in headers["Content-Disposition"]
        assert text == ARTICLE.replace("on on", "on").replace(". .", ".").replace(". the", " the") \
            .replace("synthetic intelligence", "machine intelligence")
        page = get(f"{server.url}?category=calque")[2]
        assert page.count('class="item ') == 1 and 'data-state="edited"' in page
        page = get(f"{server.url}?state=pending&min=0.5")[2]
        assert page.count('class="item ') == 3
        assert get(f"{server.url}documents/9/export")[0] == 404
        assert get(f"{server.url}static/../store.py")[0] == 404


def test_serve_prints_its_address_on_127_0_0_1_and_a_free_port(tmp_path):
    db = queue_article(tmp_path)
    proc = subprocess.Popen([*detect_executable(), "review", "serve", "--db", str(db), "--port", "0"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert url and int(url.group(1)) > 0, line + proc.stderr.read()
        status, _, page = get(url.group(0))
        assert status == 200 and "synthetic intelligence" in page
    finally:
        proc.terminate()
        proc.wait(timeout=10)


# --- hardening: host check on any loopback or wildcard address, timeouts, hostile numbers -------

def _ipv6() -> bool:
    try:
        with socket.socket(socket.AF_INET6) as s:
            s.bind(("::1", 0))
        return True
    except OSError:
        return False


def request(server, method: str, path: str, body: bytes | None = None, host: str | None = None,
            connect: str | None = None, headers: dict | None = None) -> tuple[int, bytes]:
    """One request through http.client (any Host header, any body bytes); status and body."""
    address = connect or server.server_address[0]
    conn = http.client.HTTPConnection(address, server.server_address[1], timeout=10)
    try:
        conn.putrequest(method, path, skip_host=True)
        conn.putheader("Host", host or f"{address}:{server.server_address[1]}")
        for name, value in (headers or {}).items():
            conn.putheader(name, value)
        if body is not None:
            conn.putheader("Content-Length", str(len(body)))
        conn.endheaders(body)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


@pytest.mark.parametrize("bound, connect", [("127.0.0.2", "127.0.0.2"), ("0.0.0.0", "127.0.0.1"),
                                            ("::", "::1"), ("::1", "::1"), ("127.0.0.1", "127.0.0.1")])
def test_the_host_check_holds_on_every_loopback_and_wildcard_address(tmp_path, bound, connect):
    if ":" in bound and not _ipv6():
        pytest.skip("no IPv6 on this machine")
    with serving(queue_article(tmp_path), host=bound) as server:
        port = server.server_address[1]
        literal = f"[{connect}]" if ":" in connect else connect
        assert request(server, "GET", "/", host="evil.example", connect=connect)[0] == 403
        assert request(server, "GET", "/", host=f"evil.example:{port}", connect=connect)[0] == 403
        assert request(server, "POST", "/api/findings/1", b"{}", host="evil.example", connect=connect)[0] == 403
        assert request(server, "GET", "/", host=f"{literal}:{port}", connect=connect)[0] == 200
        assert request(server, "GET", "/", host=f"localhost:{port}", connect=connect)[0] == 200


def test_an_idle_or_stalled_client_is_disconnected(tmp_path):
    with serving(queue_article(tmp_path), timeout=0.5) as server:
        token = csrf_token(server).encode()
        idle = socket.create_connection(server.server_address[:2], timeout=10)
        stalled = socket.create_connection(server.server_address[:2], timeout=10)
        half_sent = socket.create_connection(server.server_address[:2], timeout=10)
        stalled.sendall(b"POST /api/findings/1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-CSRF-Token: " + token +
                        b"\r\nContent-Length: 100\r\n\r\n{")
        half_sent.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        assert idle.recv(1024) == b""       # closed by the server, not by our 10 s timeout
        assert b"".join(iter(lambda: stalled.recv(4096), b"")).startswith(b"HTTP/1.0 408")
        assert half_sent.recv(1024) == b""
        half_sent.close()
        assert time.monotonic() - started < 5
        idle.close()
        stalled.close()
        assert get(server.url)[0] == 200    # and the server still answers others


DEEP = b'{"action": "accept", "version": 1, "x": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"


@pytest.mark.parametrize("body", [
    b'{"action": "accept", "version": 1e400}', b'{"action": "accept", "version": Infinity}',
    b'{"action": "accept", "version": -Infinity}', b'{"action": "accept", "version": NaN}',
    b'{"action": "accept", "version": 99999999999999999999}', b'{"action": "accept", "version": -1}',
    b'{"action": "accept", "version": true}', b'{"action": "accept", "version": 1.5}',
    b'{"action": "accept", "version": "1"}', b'[1]', b'"accept"', b"\xff\xfe", DEEP, b"[" * 100_000,
], ids=lambda b: b[:40].decode("latin-1"))
def test_hostile_decision_bodies_get_400(tmp_path, body):
    db = queue_article(tmp_path)
    with serving(db) as server:
        token = csrf_token(server)
        status, answer = request(server, "POST", f"/api/findings/{finding_id(db, 'on on')}", body,
                                 headers={"X-CSRF-Token": token, "Content-Type": "application/json"})
        assert status == 400, answer
        assert json.loads(answer)["error"].startswith("bad request")
        assert get(server.url)[0] == 200


@pytest.mark.parametrize("ident", [str(1 << 63), "9" * 40, "0" * 5 + str(1 << 64), "7" * 5000])
def test_ids_beyond_sqlite_integers_get_400(tmp_path, ident):
    with serving(queue_article(tmp_path)) as server:
        token = csrf_token(server)
        status, answer = request(server, "POST", f"/api/findings/{ident}", b'{"action": "accept", "version": 1}',
                                 headers={"X-CSRF-Token": token})
        assert status == 400 and b"out of range" in answer
        assert request(server, "GET", f"/documents/{ident}/export")[0] == 400
        big_but_valid = str((1 << 63) - 1)
        assert request(server, "POST", f"/api/findings/{big_but_valid}", b'{"action": "accept", "version": 1}',
                       headers={"X-CSRF-Token": token})[0] == 404
        assert request(server, "GET", f"/documents/{big_but_valid}/export")[0] == 404


# --- the download is the export; overlapping decisions are shown ------------------------------

def _download(server, doc_id: int = 1) -> tuple[bytes, str]:
    with urllib.request.urlopen(f"{server.url}documents/{doc_id}/export", timeout=10) as response:
        return response.read(), response.headers["Content-Type"]


@pytest.mark.parametrize("edit", ["on Monday 🎉", "on Monday, café"])
def test_the_page_download_equals_the_cli_export(tmp_path, cli, edit):
    text = OVERLAP.replace("town hall", "town hall café")
    db = queue_overlapping(tmp_path, text, encoding="cp1252")
    fid = finding_id(db, "on on Monday")
    with serving(db) as server:
        status, answer = post(server, fid, {"action": "edit", "version": 1, "text": edit}, csrf_token(server))
        assert status == 200, answer
        body, content_type = _download(server)
    assert cli("review", "export", tmp_path / "out", "--db", db).exit_code == 0
    exported = (tmp_path / "out" / "overlap.txt").read_bytes()
    assert body == exported
    charset = content_type.split("charset=")[1]
    assert body.decode(charset) == text.replace("on on Monday", edit)
    assert "?" not in body.decode(charset)


def test_a_decision_that_conflicts_is_answered_and_shown_on_the_page(tmp_path):
    db = queue_overlapping(tmp_path)
    narrow, wide = finding_id(db, "on on"), finding_id(db, "on on Monday")
    with serving(db) as server:
        token = csrf_token(server)
        status, answer = post(server, narrow, {"action": "edit", "version": 1, "text": "at"}, token)
        assert status == 200 and answer["conflicts"] == []
        status, answer = post(server, wide, {"action": "accept", "version": 1}, token)
        assert status == 200
        assert len(answer["conflicts"]) == 1 and f"only {wide} is applied" in answer["conflicts"][0]
        page = get(server.url)[2]
        banner = re.search(r'<ul class="doc-conflicts"[^>]*>(.*?)</ul>', page, re.S)
        assert banner and "hidden" not in banner.group(0).split(">")[0]
        assert f"finding {narrow} (edited" in banner.group(1)
        status, answer = post(server, wide, {"action": "undo", "version": 2}, token)
        assert status == 200 and answer["conflicts"] == []
        banner = re.search(r'<ul class="doc-conflicts"[^>]*>', get(server.url)[2])
        assert "hidden" in banner.group(0)

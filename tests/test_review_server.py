"""The review server over plain HTTP: escaping, CSRF, versions (409), host check, downloads, filters
and the `detect review serve` command."""

from __future__ import annotations

import json
import re
import subprocess
import urllib.error
import urllib.request

import pytest

from detector.review.store import ReviewStore
from helpers import detect_executable
from review_helpers import (ARTICLE, HOSTILE_MESSAGE, HOSTILE_SUGGESTION, SCRIPT, finding_id, queue_article,
                            queue_hostile, serving)


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

"""A real LanguageTool server behind ours (`detect serve --languagetool URL`): each check is sent on to
it and its matches are merged with ours; where one of its matches overlaps one of ours, ours is kept
(the more specific finding, as `detect scan --languagetool` does)."""

from __future__ import annotations

import http.client
import json
import urllib.error
import urllib.parse
import urllib.request

TIMEOUT = 60.0  # seconds: a LanguageTool server loads its rules at its first check


class UpstreamError(Exception):
    """LanguageTool did not answer, or not with JSON: the answer is ours alone, marked incomplete."""


class Upstream:
    """The LanguageTool server at `url` (5.0 or later, checked when the server starts)."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.base = urllib.parse.urljoin(url if url.endswith("/") else url + "/", "v2/")

    def check(self, form: dict[str, str]) -> tuple[int, bytes, dict | None]:
        """LanguageTool's status, body and parsed answer (None unless 200 with JSON) for a check."""
        data = urllib.parse.urlencode(form).encode("utf-8")
        try:
            with urllib.request.urlopen(self.base + "check", data, timeout=TIMEOUT) as answer:
                body = answer.read()
                return answer.status, body, json.loads(body)
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), None
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise UpstreamError(f"LanguageTool at {self.url} did not answer: {exc}") from exc

    def languages(self) -> list[dict]:
        try:
            with urllib.request.urlopen(self.base + "languages", timeout=TIMEOUT) as answer:
                languages = json.load(answer)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise UpstreamError(f"LanguageTool at {self.url} did not answer: {exc}") from exc
        if not isinstance(languages, list):
            raise UpstreamError(f"LanguageTool at {self.url} did not list its languages")
        return languages


def _span(match: dict) -> tuple[int, int]:
    return match["offset"], match["offset"] + match["length"]


def merge(ours: list[dict], theirs: list[dict]) -> list[dict]:
    """All of our matches and those of LanguageTool's that overlap none of them, by offset."""
    spans = [_span(m) for m in ours]
    kept = [m for m in theirs if isinstance(m, dict) and isinstance(m.get("offset"), int)
            and isinstance(m.get("length"), int)
            and not any(s < _span(m)[1] and _span(m)[0] < e for s, e in spans)]
    return sorted(ours + kept, key=lambda m: (m["offset"], m["length"]))


def union_languages(ours: list[dict], theirs: list[dict]) -> list[dict]:
    seen = {lang.get("longCode") for lang in theirs if isinstance(lang, dict)}
    return theirs + [lang for lang in ours if lang["longCode"] not in seen]

"""SARIF 2.1.0 for code-scanning tools (GitHub code scanning, the SARIF viewers of VS Code and Azure).

One run: the tool's rules (every registered rule, plus each LanguageTool rule that fired), one
result a finding with its region (lines and columns, 1-based, counted in Unicode code points), its
suggestion as a fix, and its confidence as `rank`; a file that could not be read is a tool
notification, and the invocation is then not successful.
"""

from __future__ import annotations

import inspect
import json
import urllib.parse
from pathlib import Path

from .. import __version__
from ..rules import REGISTRY
from .formats import headline

SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
VERSION = "2.1.0"


def artifact_uri(path: str) -> str:
    """A URI reference for a path as given: relative paths stay relative (to the folder scanned from)."""
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return urllib.parse.quote(p.as_posix())


def _descriptor(code: str, category: str) -> dict:
    rule = REGISTRY.get(code)
    if rule is None:  # a LanguageTool rule
        return {"id": code, "name": category, "shortDescription": {"text": f"LanguageTool rule {code[3:]}"},
                "defaultConfiguration": {"level": "note"}, "properties": {"category": category}}
    return {"id": code, "name": rule.name, "shortDescription": {"text": rule.summary()},
            "fullDescription": {"text": inspect.getdoc(type(rule)) or rule.summary()},
            "defaultConfiguration": {"level": "warning"},
            "properties": {"category": rule.category, "fix": rule.fix}}


def _region(f: dict) -> dict:
    return {"startLine": f["line"], "startColumn": f["column"], "endLine": f["end_line"],
            "endColumn": f["end_column"]}


def _result(f: dict, index: int, location: dict) -> dict:
    result = {
        "ruleId": f["rule"], "ruleIndex": index,
        "level": "note" if f["rule"].startswith("LT:") else "warning",
        "message": {"text": headline(f)},
        "locations": [{"physicalLocation": {"artifactLocation": location,
                                            "region": {**_region(f), "snippet": {"text": f["text"]}}}}],
        "rank": round(100 * f["confidence"], 1),
        "properties": {"category": f["category"], "confidence": f["confidence"], "fix": f["fix"]},
    }
    if f["suggestion"] is not None:
        result["fixes"] = [{
            "description": {"text": f"Replace with {f['suggestion']!r} ({f['fix']} fix)"},
            "artifactChanges": [{"artifactLocation": location, "replacements": [
                {"deletedRegion": _region(f), "insertedContent": {"text": f["suggestion"]}}]}],
            "properties": {"fix": f["fix"]},
        }]
    return result


def render_sarif(documents: list[dict]) -> str:
    """The SARIF log of documents' JSON records made with `report.document_json(item, ends=True)`."""
    rules = [_descriptor(code, REGISTRY[code].category) for code in sorted(REGISTRY)]
    index = {r["id"]: i for i, r in enumerate(rules)}
    artifacts, results, notes = [], [], []
    for d in documents:
        location = {"uri": artifact_uri(d["path"])}
        if "error" in d:
            notes.append({"level": "error", "message": {"text": f"{d['path']}: {d['error']}"},
                          "locations": [{"physicalLocation": {"artifactLocation": location}}]})
            continue
        location["index"] = len(artifacts)
        artifacts.append({"location": {"uri": location["uri"]}, "encoding": d["encoding"],
                          "properties": {"mt_score": d["mt_score"]}})
        for f in d["findings"]:
            if f["rule"] not in index:
                index[f["rule"]] = len(rules)
                rules.append(_descriptor(f["rule"], f["category"]))
            results.append(_result(f, index[f["rule"]], location))
    log = {
        "$schema": SCHEMA, "version": VERSION,
        "runs": [{
            "tool": {"driver": {"name": "detect", "version": __version__, "rules": rules}},
            "invocations": [{"executionSuccessful": not notes, "toolExecutionNotifications": notes}],
            "artifacts": artifacts, "results": results, "columnKind": "unicodeCodePoints",
        }],
    }
    return json.dumps(log, ensure_ascii=False, indent=1)

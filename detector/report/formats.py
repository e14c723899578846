"""Output formats: text for people, JSON (version 1, see DESIGN) and JSONL for tools, GitHub workflow
annotations and JUnit XML for CI, per-rule statistics (SARIF is in sarif.py)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections import Counter
from typing import Iterable

import click

from ..pipeline.engine import DocumentReport
from ..rules import REGISTRY
from ..text.reader import ReadError

REPORT_VERSION = 1


def document_json(item: DocumentReport | ReadError, ends: bool = False) -> dict:
    """The document's JSON record; with `ends`, each finding also has the `end_line` and `end_column`
    (1-based, just past its last character) that SARIF, GitHub and JUnit need."""
    if isinstance(item, ReadError):
        return {"path": item.path, "error": item.error}
    findings = [f.to_json() for f in item.findings]
    if ends:
        for record, f in zip(findings, item.findings):
            record["end_line"], record["end_column"] = item.document.line_col(f.end)
    return {"path": item.document.path, "encoding": item.document.encoding, "mt_score": item.mt_score,
            "windows": [{"start": w.start, "end": w.end, "mt_score": w.mt_score} for w in item.windows],
            "findings": findings}


class Tally:
    """The summary's counts, kept as the documents' JSON records go by (see `document_json`)."""

    def __init__(self) -> None:
        self.documents = self.errors = self.findings = 0
        self.by_category: Counter[str] = Counter()

    def add(self, document: dict) -> None:
        if "error" in document:
            self.errors += 1
            return
        self.documents += 1
        self.findings += len(document["findings"])
        self.by_category.update(f["category"] for f in document["findings"])

    def summary(self) -> dict:
        return {"documents": self.documents, "errors": self.errors, "findings": self.findings,
                "by_category": dict(sorted(self.by_category.items()))}


def summary(documents: Iterable[dict]) -> dict:
    """Counts over the documents' JSON records (see `document_json`)."""
    tally = Tally()
    for d in documents:
        tally.add(d)
    return tally.summary()


def render_json(documents: list[dict]) -> str:
    return json.dumps({"version": REPORT_VERSION, "documents": documents, "summary": summary(documents)},
                      ensure_ascii=False, indent=1)


class JsonStream:
    """`render_json`'s text in pieces, one a document, written as the documents come."""

    def __init__(self) -> None:
        self.started = False

    def document(self, document: dict) -> str:
        head = f'{{\n "version": {REPORT_VERSION},\n "documents": [\n  ' if not self.started else ",\n  "
        self.started = True
        return head + json.dumps(document, ensure_ascii=False, indent=1).replace("\n", "\n  ")

    def end(self, summary: dict) -> str:
        """The rest of the text, from the end of the documents."""
        head = "\n ]" if self.started else f'{{\n "version": {REPORT_VERSION},\n "documents": []'
        return head + ',\n "summary": ' + json.dumps(summary, ensure_ascii=False, indent=1).replace("\n", "\n ") + "\n}"


def render_jsonl_line(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False)


def _clip(s: str, width: int = 60) -> str:
    return s if len(s) <= width else s[:width - 3] + "..."


def render_text(item: DocumentReport, color: bool) -> Iterable[str]:
    def style(s: str, **kw: object) -> str:
        return click.style(s, **kw) if color else s

    for f in item.findings:
        where = style(f"{item.document.path}:{f.line}:{f.column}:", bold=True)
        code = style(f.rule, fg="red" if f.confidence >= 0.8 else "yellow", bold=True)
        fix = ("" if f.suggestion is None else
               f" -> {style(repr(_clip(f.suggestion)), fg='green')} ({f.fix} fix)")
        why = "".join(f"\n      {name}: {weight:+.2f}" for name, weight in f.explanation)
        seen = "".join(f"\n    {style('evidence', dim=True)} {e['path']}: {_clip(e['sentence'], 90)!r}"
                       for e in f.evidence)
        yield (f"{where} {code} [{f.category}] {_clip(f.text)!r}{fix} {style(f'{f.confidence:.2f}', dim=True)}\n"
               f"    {f.message}" + seen
               + (f"\n    confidence from the candidate model; weighed most:{why}" if why else ""))


def text_summary(s: dict, color: bool) -> str:
    """The text format's last line, from the `summary` counts."""
    if not s["findings"]:
        line = f"No glitches found in {s['documents']} document(s)."
    else:
        cats = ", ".join(f"{k} {v}" for k, v in s["by_category"].items())
        line = f"Found {s['findings']} glitch(es) in {s['documents']} document(s): {cats}."
    if s["errors"]:
        line += f" {s['errors']} file(s) could not be read."
    return click.style(line, bold=True) if color else line


def rule_name(code: str, category: str) -> str:
    """The rule's name (`doubled-word`); for a LanguageTool rule, our category of it."""
    rule = REGISTRY.get(code)
    return rule.name if rule else category


def headline(f: dict) -> str:
    """One line for a finding: its text, the suggestion and how safe it is, then the message."""
    fix = "" if f["suggestion"] is None else f" -> {_clip(f['suggestion'])!r} ({f['fix']} fix)"
    return f"{_clip(f['text'])!r}{fix}: {f['message']} (confidence {f['confidence']:.2f})"


def _gh_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _gh_property(s: str) -> str:
    return _gh_data(s).replace(":", "%3A").replace(",", "%2C")


def render_github(documents: list[dict]) -> str:
    """GitHub Actions workflow commands: one `::warning` annotation a finding, `::error` a file not read."""
    lines = []
    for d in documents:
        path = _gh_property(d["path"])
        if "error" in d:
            lines.append(f"::error file={path},title=detect::{_gh_data(d['error'])}")
            continue
        for f in d["findings"]:
            title = _gh_property(f"{f['rule']} {rule_name(f['rule'], f['category'])} [{f['category']}]")
            lines.append(f"::warning file={path},line={f['line']},col={f['column']},endLine={f['end_line']},"
                         f"endColumn={f['end_column']},title={title}::{_gh_data(headline(f))}")
    return "\n".join(lines)


def render_junit(documents: list[dict]) -> str:
    """JUnit XML: a test suite per document, a failing test case per finding, an error per file not read;
    a document without findings has one passing case."""
    root = ET.Element("testsuites", name="detect")
    total = failures = errors = 0
    for d in documents:
        suite = ET.SubElement(root, "testsuite", name=d["path"])
        if "error" in d:
            case = ET.SubElement(suite, "testcase", name="read", classname=d["path"])
            ET.SubElement(case, "error", message=d["error"])
            counts = (1, 0, 1)
        elif not d["findings"]:
            ET.SubElement(suite, "testcase", name="no glitches", classname=d["path"])
            counts = (1, 0, 0)
        else:
            for f in d["findings"]:
                case = ET.SubElement(suite, "testcase", name=f"{f['rule']} line {f['line']} column {f['column']}",
                                     classname=f"{d['path']}")
                failure = ET.SubElement(case, "failure", message=f"{f['rule']}: {f['message']}",
                                        type=f["category"])
                failure.text = f"{d['path']}:{f['line']}:{f['column']}: {f['rule']} {headline(f)}"
            counts = (len(d["findings"]), len(d["findings"]), 0)
        suite.set("tests", str(counts[0]))
        suite.set("failures", str(counts[1]))
        suite.set("errors", str(counts[2]))
        total, failures, errors = total + counts[0], failures + counts[1], errors + counts[2]
    root.set("tests", str(total))
    root.set("failures", str(failures))
    root.set("errors", str(errors))
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def statistics(documents: list[dict]) -> list[dict]:
    """Findings counted by rule, most frequent first (ties by code), with how many have a safe fix."""
    counts: Counter[str] = Counter()
    safe: Counter[str] = Counter()
    categories: dict[str, str] = {}
    for d in documents:
        for f in d.get("findings", ()):
            counts[f["rule"]] += 1
            safe[f["rule"]] += f["fix"] == "safe" and f["suggestion"] is not None
            categories[f["rule"]] = f["category"]
    return [{"code": code, "name": rule_name(code, categories[code]), "category": categories[code],
             "count": n, "safe_fixes": safe[code]}
            for code, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


def render_statistics(documents: list[dict], fmt: str) -> str:
    """`--statistics`: a table as ruff prints it (count, code, [*] when every one has a safe fix, name),
    or the same rows as JSON."""
    rows = statistics(documents)
    if fmt == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1)
    width = max((len(str(r["count"])) for r in rows), default=1)
    code_width = max((len(r["code"]) for r in rows), default=5)
    return "\n".join(f"{r['count']:>{width}}\t{r['code']:<{code_width}}\t"
                     f"{'[*]' if r['safe_fixes'] == r['count'] else '[ ]'} {r['name']}" for r in rows)

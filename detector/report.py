"""Output formats: text for people, JSON (version 1, see DESIGN) and JSONL for tools."""

from __future__ import annotations

import json
from typing import Iterable

import click

from .engine import DocumentReport
from .reader import ReadError

REPORT_VERSION = 1


def document_json(item: DocumentReport | ReadError) -> dict:
    if isinstance(item, ReadError):
        return {"path": item.path, "error": item.error}
    return {"path": item.document.path, "encoding": item.document.encoding, "mt_score": item.mt_score,
            "windows": [{"start": w.start, "end": w.end, "mt_score": w.mt_score} for w in item.windows],
            "findings": [f.to_json() for f in item.findings]}


def summary(documents: list[dict]) -> dict:
    """Counts over the documents' JSON records (see `document_json`)."""
    reports = [d for d in documents if "error" not in d]
    by_category: dict[str, int] = {}
    for r in reports:
        for f in r["findings"]:
            by_category[f["category"]] = by_category.get(f["category"], 0) + 1
    return {"documents": len(reports), "errors": len(documents) - len(reports),
            "findings": sum(len(r["findings"]) for r in reports),
            "by_category": dict(sorted(by_category.items()))}


def render_json(documents: list[dict]) -> str:
    return json.dumps({"version": REPORT_VERSION, "documents": documents, "summary": summary(documents)},
                      ensure_ascii=False, indent=1)


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


def text_summary(documents: list[dict], color: bool) -> str:
    s = summary(documents)
    if not s["findings"]:
        line = f"No glitches found in {s['documents']} document(s)."
    else:
        cats = ", ".join(f"{k} {v}" for k, v in s["by_category"].items())
        line = f"Found {s['findings']} glitch(es) in {s['documents']} document(s): {cats}."
    if s["errors"]:
        line += f" {s['errors']} file(s) could not be read."
    return click.style(line, bold=True) if color else line

"""Scan documents into the queue, and write out the reviewed text."""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..atomic import write_atomic
from ..config import Config
from ..engine import DocumentReport
from ..findings import apply_fixes, fixable
from ..reader import ReadError, iter_paths
from ..scanner import scan_file
from .store import AddResult, QueuedFinding, ReviewStore, StoredDocument


def scan(paths: list[str], config: Config) -> tuple[list[DocumentReport], list[ReadError]]:
    """Reports of every readable document, with cross-document evidence, and the read errors."""
    reports: list[DocumentReport] = []
    errors: list[ReadError] = []
    for item in iter_paths(paths, config.exclude):
        result = item if isinstance(item, ReadError) else scan_file(item, config)
        if isinstance(result, ReadError):
            errors.append(result)
        else:
            reports.append(result)
    if len(reports) > 1:
        from .. import crossdoc  # numpy loads only for a batch

        crossdoc.apply(reports, config)
    return reports, errors


def enqueue(store: ReviewStore, paths: list[str], config: Config) -> tuple[list[AddResult], list[ReadError]]:
    reports, errors = scan(paths, config)
    return [store.add(r) for r in reports], errors


def reviewed_text(doc: StoredDocument, findings: list[QueuedFinding], safe: bool = True) -> str:
    """The document with the editor's accepted and edited suggestions applied and, with `safe`, the
    safe fixes of findings nobody rejected or replaced (an editor's choice wins where they overlap)."""
    chosen = [f.as_finding(f.replacement) for f in findings if f.replacement is not None]
    undecided = [f.as_finding(f.suggestion) for f in findings if f.state in ("pending", "skipped")]
    automatic = [f for f in (fixable(undecided) if safe else [])
                 if not any(c.start < f.end and f.start < c.end for c in chosen)]
    text, _ = apply_fixes(doc.text, chosen + automatic)
    return text


def export_name(doc: StoredDocument, documents: list[StoredDocument]) -> Path:
    """The document's path below the folder all the queue's documents share (its name, at least)."""
    common = os.path.commonpath([str(Path(d.path).parent) for d in documents])
    return Path(doc.path).relative_to(common)


def export(store: ReviewStore, out: Path, safe: bool = True) -> list[tuple[Path, str]]:
    """Write every document, reviewed, under `out` with its name and encoding, and the decision log
    as `decisions.jsonl`; returns the files written and any warning about each."""
    documents = store.documents()
    targets = {d.id: out / export_name(d, documents) for d in documents}
    for doc in documents:
        if targets[doc.id].resolve() == Path(doc.path):
            raise ValueError(f"{out}: exporting there would overwrite the queued file {doc.path}")
    by_document: dict[int, list[QueuedFinding]] = {d.id: [] for d in documents}
    for f in store.findings():
        by_document[f.document_id].append(f)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for doc in documents:
        target = targets[doc.id]
        target.parent.mkdir(parents=True, exist_ok=True)
        text = reviewed_text(doc, by_document[doc.id], safe)
        try:
            write_atomic(target, text.encode(doc.encoding))
            written.append((target, ""))
        except UnicodeEncodeError:
            write_atomic(target, text.encode("utf-8"))
            written.append((target, f"an edit does not fit {doc.encoding}: written as UTF-8"))
    log = out / "decisions.jsonl"
    write_atomic(log, "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in store.decisions()).encode("utf-8"))
    return written

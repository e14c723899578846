"""Scan documents into the queue, and write out the reviewed text."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from ...atomic import write_atomic
from ...config import Config
from ...findings import Finding, apply_fixes, common_ends, fixable
from ...pipeline.engine import DocumentReport
from ...pipeline.scanner import scan_file
from ...text.reader import ReadError, iter_paths
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
        from ...pipeline import crossdoc  # numpy loads only for a batch

        crossdoc.apply(reports, config)
    return reports, errors


def enqueue(store: ReviewStore, paths: list[str], config: Config) -> tuple[list[AddResult], list[ReadError]]:
    reports, errors = scan(paths, config)
    return [store.add(r) for r in reports], errors


@dataclass(frozen=True)
class Conflict:
    """Two overlapping decisions that change the same characters differently: `kept` is applied."""

    kept: QueuedFinding
    dropped: QueuedFinding

    def describe(self) -> str:
        k, d = self.kept, self.dropped
        return (f"decisions overlap: finding {d.id} ({d.state} {d.text!r} -> {d.replacement!r}) changes what "
                f"finding {k.id} ({k.state} {k.text!r} -> {k.replacement!r}) changes; only {k.id} is applied: "
                f"undo one of them or edit one to cover both")


@dataclass
class Reviewed:
    text: str
    conflicts: list[Conflict] = field(default_factory=list)


@dataclass
class _Edit:
    start: int
    end: int
    new: str
    members: list[QueuedFinding]


def _does(doc_text: str, wide: _Edit, narrow: _Edit) -> bool:
    """Whether `wide`, covering `narrow`'s span, already makes `narrow`'s change there: its new text
    starts (or ends) with the narrow one's result and not with the text it replaces (`Marlows MP`
    -> `Marlow’s deputy` does `Marlows` -> `Marlow’s`)."""
    if not (wide.start <= narrow.start and narrow.end <= wide.end):
        return False
    before, after = doc_text[wide.start:narrow.start], doc_text[narrow.end:wide.end]
    old = doc_text[narrow.start:narrow.end]
    starts = wide.new.startswith(before + narrow.new) and not wide.new.startswith(before + old)
    ends = wide.new.endswith(narrow.new + after) and not wide.new.endswith(old + after)
    return starts or ends


def _merged(doc_text: str, a: _Edit, b: _Edit) -> _Edit | None:
    """One edit doing both `a` and `b` (overlapping spans), or None when they change the same
    characters in different ways."""
    start, end = min(a.start, b.start), max(a.end, b.end)

    def alone(x: _Edit) -> str:
        return doc_text[start:x.start] + x.new + doc_text[x.end:end]

    if alone(a) == alone(b):  # they agree
        return _Edit(start, end, alone(a), a.members + b.members)
    for wide, narrow in ((a, b), (b, a)):
        if _does(doc_text, wide, narrow):
            return _Edit(start, end, alone(wide), a.members + b.members)
    changes = []
    for x in (a, b):
        p, s = common_ends(doc_text[x.start:x.end], x.new)
        changes.append((x.start + p, x.end - s, x.new[p:len(x.new) - s]))
    (s1, e1, n1), (s2, e2, n2) = sorted(changes)
    if e1 >= s2:  # the same or touching characters
        return None
    new = doc_text[start:s1] + n1 + doc_text[e1:s2] + n2 + doc_text[e2:end]
    return _Edit(start, end, new, a.members + b.members)


def decided_edits(doc: StoredDocument, findings: list[QueuedFinding]) -> tuple[list[Finding], list[Conflict]]:
    """The edits of the accepted and edited findings: overlapping decisions merged into one edit when
    they change different characters (or agree), else the earlier (then wider) one kept and the
    pair reported as a conflict. None vanishes without a word."""
    chosen = sorted((f for f in findings if f.replacement is not None),
                    key=lambda f: (f.start, -(f.end - f.start), f.id))
    edits: list[_Edit] = []
    conflicts: list[Conflict] = []
    for f in chosen:
        edit = _Edit(f.start, f.end, f.replacement or "", [f])
        last = edits[-1] if edits else None
        if last is None or not (f.start < last.end and last.start < f.end):
            edits.append(edit)
            continue
        merged = _merged(doc.text, last, edit)
        if merged is None:
            conflicts.append(Conflict(last.members[0], f))
        else:
            edits[-1] = merged
    out = []
    for x in edits:
        first = x.members[0]
        out.append(first.as_finding(x.new) if len(x.members) == 1 else
                   Finding(x.start, x.end, doc.text[x.start:x.end], "+".join(dict.fromkeys(m.rule for m in x.members)),
                           first.category, "merged decisions", x.new, first.confidence, first.fix))
    return out, conflicts


def review(doc: StoredDocument, findings: list[QueuedFinding], safe: bool = True) -> Reviewed:
    """The document with the editor's accepted and edited suggestions applied and, with `safe`, the
    safe fixes of findings nobody rejected or replaced (an editor's choice wins where they overlap);
    with the decisions that could not be applied together."""
    chosen, conflicts = decided_edits(doc, findings)
    undecided = [f.as_finding(f.suggestion) for f in findings if f.state in ("pending", "skipped")]
    automatic = [f for f in (fixable(undecided) if safe else [])
                 if not any(c.start < f.end and f.start < c.end for c in chosen)]
    text, _ = apply_fixes(doc.text, chosen + automatic)
    return Reviewed(text, conflicts)


def reviewed_text(doc: StoredDocument, findings: list[QueuedFinding], safe: bool = True) -> str:
    return review(doc, findings, safe).text


def encoded(doc: StoredDocument, text: str) -> tuple[bytes, str, str]:
    """The reviewed text as it is written out: bytes, their encoding, and a warning when an edit
    does not fit the document's own encoding (then UTF-8). The page's download and `export` agree."""
    try:
        return text.encode(doc.encoding), doc.encoding, ""
    except UnicodeEncodeError:
        return text.encode("utf-8"), "utf-8", f"an edit does not fit {doc.encoding}: written as UTF-8"


class Written(NamedTuple):
    path: Path
    warning: str                # "" or why the encoding changed
    conflicts: list[Conflict]   # decisions of the document that could not be applied


def export_name(doc: StoredDocument, documents: list[StoredDocument]) -> Path:
    """The document's path below the folder all the queue's documents share (its name, at least)."""
    common = os.path.commonpath([str(Path(d.path).parent) for d in documents])
    return Path(doc.path).relative_to(common)


def export(store: ReviewStore, out: Path, safe: bool = True) -> list[Written]:
    """Write every document, reviewed, under `out` with its name and encoding, and the decision log
    as `decisions.jsonl`; returns the files written, any warning about each and its conflicts."""
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
        result = review(doc, by_document[doc.id], safe)
        data, _, warning = encoded(doc, result.text)
        write_atomic(target, data)
        written.append(Written(target, warning, result.conflicts))
    log = out / "decisions.jsonl"
    write_atomic(log, "".join(json.dumps(d, ensure_ascii=False) + "\n" for d in store.decisions()).encode("utf-8"))
    return written

"""Read and write the review queue: documents, their findings and the editors' decisions.

Every decision names the version of the finding it was made on; a decision on an older version
is refused (`StaleDecision`), so two editors, tabs or servers on one file never overwrite each other.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from pathlib import Path

from ...findings import Finding
from ...pipeline.engine import DocumentReport
from .remap import SpanMap
from .schema import STATES, connect

ACTIONS = {"accept": "accepted", "reject": "rejected", "edit": "edited", "skip": "skipped"}
UNDO = "undo"


@dataclass(frozen=True)
class StoredDocument:
    id: int
    path: str
    text: str
    sha256: str
    encoding: str
    mt_score: float


@dataclass(frozen=True)
class QueuedFinding:
    """A finding in the queue with the editor's decision on it."""

    id: int
    document_id: int
    start: int
    end: int
    text: str
    rule: str
    category: str
    message: str
    suggestion: str | None
    confidence: float
    fix: str
    evidence: list[dict]
    state: str
    edited_text: str | None
    version: int

    @property
    def replacement(self) -> str | None:
        """The text the editor chose for the span: the suggestion accepted, or their own edit."""
        return {"accepted": self.suggestion, "edited": self.edited_text}.get(self.state)

    def as_finding(self, suggestion: str | None) -> Finding:
        return Finding(self.start, self.end, self.text, self.rule, self.category, self.message, suggestion,
                       self.confidence, self.fix)

    def to_json(self) -> dict:
        return {"id": self.id, "start": self.start, "end": self.end, "text": self.text, "rule": self.rule,
                "category": self.category, "suggestion": self.suggestion, "confidence": round(self.confidence, 3),
                "state": self.state, "edited_text": self.edited_text, "replacement": self.replacement,
                "version": self.version}


@dataclass(frozen=True)
class Filters:
    category: str | None = None
    rule: str | None = None
    state: str | None = None
    min_confidence: float = 0.0


@dataclass(frozen=True)
class AddResult:
    path: str
    status: str         # new, changed or unchanged
    findings: int
    kept: int = 0       # decisions carried over to the changed text
    dropped: int = 0    # decisions whose span no longer holds the same text


class StaleDecision(Exception):
    """The finding changed since the editor saw it; `current` is how it is now."""

    def __init__(self, current: QueuedFinding) -> None:
        super().__init__(f"finding {current.id} is at version {current.version}, now {current.state}")
        self.current = current


class UnknownFinding(KeyError):
    pass


class NothingToUndo(ValueError):
    pass


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


FINDING_COLUMNS = ", ".join(f"f.{f.name}" for f in fields(QueuedFinding))
DOCUMENT_COLUMNS = ", ".join(f.name for f in fields(StoredDocument))


def _finding(row: sqlite3.Row) -> QueuedFinding:
    values = dict(row)
    values["evidence"] = json.loads(values["evidence"])
    return QueuedFinding(**values)


class ReviewStore:
    """One queue file; open it with `ReviewStore(path)` or as a context manager."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        self.conn = connect(self.path)

    def __enter__(self) -> "ReviewStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """A transaction that holds the file's write lock from its start."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self.conn
            self.conn.execute("COMMIT")
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    # --- documents and findings in ---------------------------------------------------------

    def add(self, report: DocumentReport) -> AddResult:
        """Queue a scanned document. The same text again changes nothing; a changed text replaces the
        pending findings and keeps each decision whose span still holds the same text."""
        doc = report.document
        path = str(Path(doc.path).resolve())
        sha = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
        with self._write() as db:
            row = db.execute("SELECT id, text, sha256 FROM documents WHERE path = ?", (path,)).fetchone()
            if row and row["sha256"] == sha:
                count = db.execute("SELECT count(*) FROM findings WHERE document_id = ?", (row["id"],)).fetchone()[0]
                return AddResult(path, "unchanged", count)
            if row is None:
                doc_id = db.execute("INSERT INTO documents (path, text, sha256, encoding, mt_score) "
                                    "VALUES (?, ?, ?, ?, ?)",
                                    (path, doc.text, sha, doc.encoding, report.mt_score)).lastrowid
                self._insert(doc_id, report.findings)
                return AddResult(path, "new", len(report.findings))
            doc_id = row["id"]
            db.execute("UPDATE documents SET text = ?, sha256 = ?, encoding = ?, mt_score = ? WHERE id = ?",
                       (doc.text, sha, doc.encoding, report.mt_score, doc_id))
            kept, dropped, carried = self._carry_decisions(doc_id, row["text"], doc.text)
            fresh = [f for f in report.findings if (f.start, f.end, f.rule) not in carried]
            self._insert(doc_id, fresh)
            return AddResult(path, "changed", len(fresh) + kept, kept, dropped)

    def _carry_decisions(self, doc_id: int, old: str, new: str) -> tuple[int, int, set[tuple[int, int, str]]]:
        """Move decided findings to their offsets in the new text, delete the rest; returns the
        numbers kept and dropped and the (start, end, rule) of the kept ones."""
        spans = SpanMap(old, new)
        kept: set[tuple[int, int, str]] = set()
        dropped = 0
        for f in self._findings("f.document_id = ? AND f.state != 'pending'", (doc_id,)):
            at = spans.locate(f.start, f.text)
            if at is None:
                self.conn.execute("DELETE FROM findings WHERE id = ?", (f.id,))
                dropped += 1
                continue
            self.conn.execute("UPDATE findings SET start = ?, end = ?, version = version + 1 WHERE id = ?",
                              (at, at + len(f.text), f.id))
            kept.add((at, at + len(f.text), f.rule))
        self.conn.execute("DELETE FROM findings WHERE document_id = ? AND state = 'pending'", (doc_id,))
        return len(kept), dropped, kept

    def _insert(self, doc_id: int, findings: list[Finding]) -> None:
        self.conn.executemany(
            "INSERT INTO findings (document_id, start, end, text, rule, category, message, suggestion, "
            "confidence, fix, evidence) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(doc_id, f.start, f.end, f.text, f.rule, f.category, f.message, f.suggestion, f.confidence, f.fix,
              json.dumps(f.evidence, ensure_ascii=False)) for f in findings])

    # --- reading -----------------------------------------------------------------------------

    def _findings(self, where: str = "1", params: tuple = ()) -> list[QueuedFinding]:
        rows = self.conn.execute(
            f"SELECT {FINDING_COLUMNS} FROM findings f JOIN documents d ON d.id = f.document_id "
            f"WHERE {where} ORDER BY d.path, f.confidence DESC, f.start, f.id", params).fetchall()
        return [_finding(r) for r in rows]

    def findings(self, filters: Filters = Filters()) -> list[QueuedFinding]:
        """The queue: by document, then most confident first."""
        where, params = ["f.confidence >= ?"], [filters.min_confidence]
        for column in ("category", "rule", "state"):
            value = getattr(filters, column)
            if value:
                where.append(f"f.{column} = ?")
                params.append(value)
        return self._findings(" AND ".join(where), tuple(params))

    def findings_of(self, doc_id: int) -> list[QueuedFinding]:
        """Every finding of one document."""
        return self._findings("f.document_id = ?", (doc_id,))

    def finding(self, finding_id: int) -> QueuedFinding:
        found = self._findings("f.id = ?", (finding_id,))
        if not found:
            raise UnknownFinding(finding_id)
        return found[0]

    def documents(self) -> list[StoredDocument]:
        rows = self.conn.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents ORDER BY path")
        return [StoredDocument(**dict(r)) for r in rows]

    def document(self, doc_id: int) -> StoredDocument:
        row = self.conn.execute(f"SELECT {DOCUMENT_COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        if row is None:
            raise KeyError(doc_id)
        return StoredDocument(**dict(row))

    def values(self, column: str) -> list[str]:
        """The distinct categories or rules in the queue, for the page's filters."""
        if column not in ("category", "rule"):
            raise ValueError(column)
        return [r[0] for r in self.conn.execute(f"SELECT DISTINCT {column} FROM findings ORDER BY 1")]

    def progress(self) -> dict[str, int]:
        """Findings in each state (every state present, zero or not)."""
        counts = dict.fromkeys(STATES, 0)
        counts.update(self.conn.execute("SELECT state, count(*) FROM findings GROUP BY state").fetchall())
        return counts

    def counts(self, by: str) -> dict[str, dict[str, int]]:
        """Findings in each state per category or per document path."""
        key = {"category": "f.category", "document": "d.path"}[by]
        out: dict[str, dict[str, int]] = defaultdict(dict)
        for name, state, n in self.conn.execute(
                f"SELECT {key}, f.state, count(*) FROM findings f JOIN documents d ON d.id = f.document_id "
                "GROUP BY 1, 2 ORDER BY 1, 2"):
            out[name][state] = n
        return dict(out)

    def decisions(self) -> list[dict]:
        """The decision log, oldest first, with the finding each was about (null fields once a
        changed document dropped it)."""
        rows = self.conn.execute(
            "SELECT x.id, x.finding_id AS finding, x.action, x.old_state, x.new_state, x.text, x.time, x.editor, "
            "d.path, f.start, f.end, f.rule, f.category, f.text AS original, f.suggestion "
            "FROM decisions x LEFT JOIN findings f ON f.id = x.finding_id "
            "LEFT JOIN documents d ON d.id = f.document_id ORDER BY x.id").fetchall()
        return [dict(r) for r in rows]

    # --- decisions ---------------------------------------------------------------------------

    def decide(self, finding_id: int, action: str, version: int, text: str | None = None,
               editor: str = "") -> QueuedFinding:
        """Record `action` (accept, reject, edit with `text`, skip, undo) on the finding as the editor
        saw it at `version`; raises StaleDecision when it has changed since."""
        if action != UNDO and action not in ACTIONS:
            raise ValueError(f"unknown action {action!r}")
        if action == "edit" and text is None:
            raise ValueError("an edit needs the new text")
        with self._write() as db:
            current = self.finding(finding_id)
            if current.version != version:
                raise StaleDecision(current)
            if action == UNDO:
                state, edited = self._before_last_decision(finding_id)
            else:
                state, edited = ACTIONS[action], (text if action == "edit" else None)
            db.execute("UPDATE findings SET state = ?, edited_text = ?, version = version + 1 WHERE id = ?",
                       (state, edited, finding_id))
            logged = edited if state == "edited" else (current.suggestion if state == "accepted" else None)
            db.execute("INSERT INTO decisions (finding_id, action, old_state, new_state, text, time, editor) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?)", (finding_id, action, current.state, state, logged, _now(), editor))
        return self.finding(finding_id)

    def _before_last_decision(self, finding_id: int) -> tuple[str, str | None]:
        """State and edited text before the last decision not yet undone (the log read as a stack)."""
        stack: list[tuple[str, str | None]] = []
        for action, state, text in self.conn.execute(
                "SELECT action, new_state, text FROM decisions WHERE finding_id = ? ORDER BY id", (finding_id,)):
            if action == UNDO:
                stack.pop()
            else:
                stack.append((state, text if state == "edited" else None))
        if not stack:
            raise NothingToUndo(f"finding {finding_id} has no decision to undo")
        stack.pop()
        return stack[-1] if stack else ("pending", None)

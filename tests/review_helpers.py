"""Queues and servers for the review tests (imported as a plain module from tests/)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from detector.apps.review.queue import enqueue
from detector.apps.review.server import ReviewServer
from detector.apps.review.store import ReviewStore
from detector.config import Config
from detector.findings import Finding
from detector.pipeline.engine import DocumentReport
from detector.text.document import Document
from helpers import write

# four findings: 'on on' (safe), '. .' (safe), 'synthetic intelligence' (calque), '. the' (safe)
ARTICLE = ("The council will meet on on Monday. The vote was postponed. .\n\n"
           "The ministry backs synthetic intelligence research outside the capital. the mayor said the talks would go on.\n")
SCRIPT = "<script>alert(1)</script>"
HOSTILE = f"A reader wrote {SCRIPT} in the comments.\n\nThe council will meet on on Monday.\n"
HOSTILE_MESSAGE = "<script>alert(2)</script> is not a word"
HOSTILE_SUGGESTION = "<img src=x onerror=alert(3)>"


def queue_article(tmp_path: Path, text: str = ARTICLE, name: str = "council.txt") -> Path:
    """A queue file holding one article; returns its path."""
    db = tmp_path / "review.db"
    with ReviewStore(db) as store:
        enqueue(store, [str(write(tmp_path / "articles" / name, text))], Config())
    return db


def queue_hostile(tmp_path: Path) -> Path:
    """A queue whose article, message, suggestion and evidence all carry markup."""
    path = write(tmp_path / "articles" / "hostile.txt", HOSTILE)
    doc = Document.from_text(HOSTILE, path=str(path))
    start = HOSTILE.index(SCRIPT)
    finding = Finding(start, start + len(SCRIPT), SCRIPT, "MT301", "calque", HOSTILE_MESSAGE, HOSTILE_SUGGESTION,
                      0.9, evidence=[{"path": "<b>other</b>.txt", "text": "<i>x</i>", "sentence": "y <i>x</i> z"}])
    db = tmp_path / "review.db"
    with ReviewStore(db) as store:
        store.add(DocumentReport(doc, [finding], 0.5, [finding]))
    return db


def finding_id(db: Path, text: str) -> int:
    with ReviewStore(db) as store:
        return next(f.id for f in store.findings() if f.text == text)


@contextmanager
def serving(db: Path, editor: str = "editor", host: str = "127.0.0.1",
            timeout: float = 30.0) -> Iterator[ReviewServer]:
    """A review server on `host` (127.0.0.1) and a free port, stopped afterwards."""
    server = ReviewServer(db, host, 0, editor, timeout=timeout)
    server.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


OVERLAP = "The council will meet on on Monday in the town hall.\n"


def queue_overlapping(tmp_path: Path, text: str = OVERLAP, encoding: str = "utf-8") -> Path:
    """A queue with one article and two overlapping findings: 'on on' (doubled word) and the wider
    'on on Monday' (a date); returns the queue's path."""
    path = write(tmp_path / "articles" / "overlap.txt", text, encoding=encoding)
    doc = Document.from_text(text, path=str(path), encoding=encoding)
    at = text.index("on on")
    narrow = Finding(at, at + 5, "on on", "MT511", "doubled_word", "a doubled word", "on", 0.9, "safe")
    wide = Finding(at, at + 12, "on on Monday", "MT301", "calque", "a date", "on Tuesday", 0.8)
    db = tmp_path / "review.db"
    with ReviewStore(db) as store:
        store.add(DocumentReport(doc, [narrow, wide], 0.5, [narrow, wide]))
    return db

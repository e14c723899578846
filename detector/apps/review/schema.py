"""The queue's SQLite file: connection settings, schema and its migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

STATES = ("pending", "accepted", "rejected", "edited", "skipped")

# MIGRATIONS[i] takes a file from schema version i to i + 1; append, never edit a published step.
MIGRATIONS: list[str] = [
    f"""
    CREATE TABLE documents (
        id INTEGER PRIMARY KEY,
        path TEXT NOT NULL UNIQUE,
        text TEXT NOT NULL,
        sha256 TEXT NOT NULL,
        encoding TEXT NOT NULL DEFAULT 'utf-8',
        mt_score REAL NOT NULL
    );
    CREATE TABLE findings (
        id INTEGER PRIMARY KEY,
        document_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
        start INTEGER NOT NULL,
        end INTEGER NOT NULL,
        text TEXT NOT NULL,
        rule TEXT NOT NULL,
        category TEXT NOT NULL,
        message TEXT NOT NULL,
        suggestion TEXT,
        confidence REAL NOT NULL,
        fix TEXT NOT NULL,
        evidence TEXT NOT NULL DEFAULT '[]',
        state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN {STATES!r}),
        edited_text TEXT,
        version INTEGER NOT NULL DEFAULT 1
    );
    CREATE INDEX findings_by_document ON findings (document_id, confidence DESC);
    CREATE TABLE decisions (
        id INTEGER PRIMARY KEY,
        finding_id INTEGER NOT NULL,
        action TEXT NOT NULL,
        old_state TEXT NOT NULL,
        new_state TEXT NOT NULL,
        text TEXT,
        time TEXT NOT NULL,
        editor TEXT NOT NULL
    );
    CREATE INDEX decisions_by_finding ON decisions (finding_id, id);
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)


class SchemaError(Exception):
    """The file is not a review queue this version of the tool can use."""


def connect(path: Path | str) -> sqlite3.Connection:
    """A connection in autocommit mode (transactions are explicit), WAL journal, foreign keys on,
    waiting up to 10 s for another process's write, with the schema migrated to the current version."""
    conn = sqlite3.connect(str(path), isolation_level=None, timeout=10.0)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        migrate(conn)
    except BaseException as exc:
        conn.close()
        if isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.OperationalError):
            raise SchemaError(f"{path}: not a review queue ({exc})") from exc
        if isinstance(exc, SchemaError):
            raise SchemaError(f"{path}: {exc}") from exc
        raise
    return conn


def schema_version(conn: sqlite3.Connection) -> int:
    """The file's schema version; 0 for a new, empty file."""
    has_table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").fetchone()
    if not has_table:
        return 0
    row = conn.execute("SELECT version FROM schema_version").fetchone()
    return row[0] if row else 0


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations the file lacks, all in one transaction (two processes opening a new file
    at once migrate it once); returns the new version."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        version = schema_version(conn)
        if version > SCHEMA_VERSION:
            raise SchemaError(f"schema version {version} is newer than this tool's {SCHEMA_VERSION}: upgrade detect")
        if version == 0 and conn.execute("SELECT 1 FROM sqlite_master").fetchone():
            raise SchemaError("a SQLite file of another kind, not a review queue")
        if version == 0:
            conn.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
            conn.execute("INSERT INTO schema_version (version) VALUES (0)")
        for step in range(version, SCHEMA_VERSION):
            for statement in MIGRATIONS[step].split(";"):
                if statement.strip():
                    conn.execute(statement)
            conn.execute("UPDATE schema_version SET version = ?", (step + 1,))
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return SCHEMA_VERSION

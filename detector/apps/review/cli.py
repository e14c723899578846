"""`detect review`: add, serve, status, export, decisions."""

from __future__ import annotations

import getpass
import json
import sqlite3
import sys
import unicodedata
from dataclasses import replace
from pathlib import Path

import click

from ...config import Config, find_config
from ...fluency.mode import fluency_setting
from ...languagetool.options import report_languagetool, start_languagetool, with_languagetool
from .queue import enqueue, export
from .schema import STATES, SchemaError
from .store import ReviewStore


def _store(db: Path) -> ReviewStore:
    try:
        return ReviewStore(db)
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from exc
    except sqlite3.Error as exc:
        raise click.UsageError(f"{db}: {exc}") from exc


def _config(paths: tuple[str, ...]) -> Config:
    try:
        config = find_config(Path(paths[0]))
    except (ValueError, OSError) as exc:
        raise click.UsageError(f"configuration: {exc}") from exc
    return fluency_setting(config, None, lambda line: click.echo(line, err=True))


def _user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "editor"


def db_option(exists: bool):
    return click.option("--db", type=click.Path(dir_okay=False, exists=exists, path_type=Path),
                        default=Path("review.db"), show_default=True, help="The queue file (SQLite).")


@click.group()
def review() -> None:
    """Editor-review queue: findings in a SQLite file, reviewed in a local web page."""


@review.command()
@click.argument("paths", nargs=-1, required=True)
@db_option(exists=False)
@with_languagetool
def add(paths: tuple[str, ...], db: Path, lt_setting: str | None, lt_required: bool) -> None:
    """Scan files or folders (with cross-document evidence) and queue every finding.

    A document already queued with the same text is left as it is; a changed one gets the new
    findings and keeps each decision whose span still holds the same text.
    """
    config = _config(paths)
    if lt_setting is not None:
        config = replace(config, languagetool=lt_setting)
    start_languagetool(config, lt_required)
    with _store(db) as store:
        results, errors = enqueue(store, list(paths), config)
    report_languagetool(config, lt_required)
    for err in errors:
        click.echo(f"error: {printable(str(err.path))}: {err.error}", err=True)
    for r in results:
        if r.status == "changed":
            click.echo(f"{printable(r.path)}: changed; {r.kept} decision(s) kept, {r.dropped} dropped")
    status = {s: sum(r.status == s for r in results) for s in ("new", "changed", "unchanged")}
    click.echo(f"{sum(r.findings for r in results)} finding(s) from {len(results)} document(s) in {db} "
               f"({', '.join(f'{n} {s}' for s, n in status.items())}); decisions kept "
               f"{sum(r.kept for r in results)}, dropped {sum(r.dropped for r in results)}")
    sys.exit(2 if errors else 0)


@review.command()
@db_option(exists=False)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Any other than 127.0.0.1 opens the queue to the network.")
@click.option("--port", type=click.IntRange(0, 65535), default=8765, show_default=True, help="0: any free port.")
@click.option("--editor", help="Name recorded with each decision (default: your login name).")
def serve(db: Path, host: str, port: int, editor: str | None) -> None:
    """Serve the review page until Ctrl-C."""
    from .server import ReviewServer

    try:
        server = ReviewServer(db, host, port, editor or _user())
    except SchemaError as exc:
        raise click.UsageError(str(exc)) from exc
    except sqlite3.Error as exc:
        raise click.UsageError(f"{db}: {exc}") from exc
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host} port {port}: {exc.strerror or exc}") from exc
    click.echo(f"Reviewing {db} at {server.url} (Ctrl-C to stop)")
    server.run()


def printable(name: str) -> str:
    """`name` with control and format characters (newlines, escape sequences, bidirectional
    overrides) written as Python escapes, so a file name cannot rewrite the terminal."""
    return "".join(repr(c)[1:-1] if unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") else c for c in name)


def _shown(path: str) -> str:
    """A path relative to the working folder when it is below it, printable."""
    try:
        return printable(str(Path(path).relative_to(Path.cwd())))
    except ValueError:
        return printable(path)


def _table(title: str, rows: dict[str, dict[str, int]]) -> list[str]:
    width = max([len(title), *map(len, rows)])
    lines = [f"{title:<{width}}  {'total':>6}" + "".join(f"  {s:>8}" for s in STATES)]
    for name, counts in rows.items():
        lines.append(f"{name:<{width}}  {sum(counts.values()):>6}" + "".join(f"  {counts.get(s, 0):>8}" for s in STATES))
    return lines


@review.command()
@db_option(exists=True)
def status(db: Path) -> None:
    """Findings by state, by category and by document."""
    with _store(db) as store:
        progress, documents = store.progress(), len(store.documents())
        by_category = store.counts("category")
        by_document = {_shown(path): n for path, n in store.counts("document").items()}
    total = sum(progress.values())
    done = total - progress["pending"]
    click.echo(f"{db}: {total} finding(s) in {documents} document(s), {done} reviewed "
               f"({round(100 * done / total) if total else 0}%)")
    click.echo("  ".join(f"{s} {progress[s]}" for s in STATES))
    if total:
        click.echo("\n" + "\n".join(_table("category", by_category)))
        click.echo("\n" + "\n".join(_table("document", by_document)))


@review.command("export")
@click.argument("out_dir", type=click.Path(file_okay=False, path_type=Path))
@db_option(exists=True)
@click.option("--no-safe", is_flag=True, help="Apply only the editors' decisions, not the safe fixes of the others.")
def export_command(out_dir: Path, db: Path, no_safe: bool) -> None:
    """Write every document with the accepted and edited suggestions applied (and safe fixes of
    findings nobody decided on, unless --no-safe), keeping file names, and decisions.jsonl.

    Overlapping decisions are merged when they change different words; two that change the same
    words differently are a conflict: the earlier is applied, each conflict is printed, exit 1.
    """
    with _store(db) as store:
        try:
            written = export(store, out_dir, safe=not no_safe)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
        except OSError as exc:  # a read-only folder, a path under a file, a full disk
            click.echo(f"error: {out_dir}: {exc.strerror or exc}", err=True)
            sys.exit(2)
    for path, warning, conflicts in written:
        if warning:
            click.echo(f"warning: {printable(str(path))}: {warning}", err=True)
        for conflict in conflicts:
            click.echo(f"conflict: {printable(str(path))}: {conflict.describe()}", err=True)
    click.echo(f"wrote {len(written)} document(s) and decisions.jsonl to {out_dir}")
    unapplied = sum(len(w.conflicts) for w in written)
    if unapplied:
        click.echo(f"{unapplied} decision(s) not applied: they overlap another decision (see the review page)",
                   err=True)
        sys.exit(1)


@review.command()
@db_option(exists=True)
@click.option("--format", "fmt", type=click.Choice(["jsonl"]), default="jsonl", show_default=True)
def decisions(db: Path, fmt: str) -> None:
    """Print the decision log, oldest first: one JSON object a line."""
    with _store(db) as store:
        for d in store.decisions():
            click.echo(json.dumps(d, ensure_ascii=False))

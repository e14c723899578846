"""Scanning files: one after another for a few, in worker processes for many, always in path order.

Workers are forked once the rules, lexicons and models are loaded, so they start warm; each takes
a run of paths and sends back reports whose documents keep only what later steps read (text,
sentences, findings), with a sketch of each for linking reports of one story. Cross-document
evidence then runs over the stream of reports in this process (`crossdoc_stream`).
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

from ..config import Config
from ..text.reader import ReadError, read_document
from .engine import DocumentReport, scan_document

PARALLEL_MIN_FILES = 64   # below this, starting workers costs more than it saves
PATHS_PER_TASK = 16
Item = DocumentReport | ReadError


def default_jobs() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def quiet_worker() -> None:
    """In a worker process: leave Ctrl-C to the main process, which stops the workers itself,
    so an interrupted run prints no traceback from each of them."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def scan_file(path: Path, config: Config, explain: bool = False, sketch: bool = False) -> Item:
    """The report of one file, its document compacted, or why it could not be read; with `sketch`,
    what cross-document linking needs of it (`crossdoc.Sketch`)."""
    doc = read_document(path)
    if isinstance(doc, ReadError):
        return doc
    report = scan_document(doc, config, explain)
    if sketch:
        from . import crossdoc

        report.sketch = crossdoc.sketch(doc, tokens=doc.word_tokens)
    doc.compact()
    return report


def _scan_files(task: tuple[list[Path | ReadError], Config, bool, bool]) -> list[Item]:
    paths, config, explain, sketch = task
    return [p if isinstance(p, ReadError) else scan_file(p, config, explain, sketch) for p in paths]


def _warm_up(config: Config, compare: bool) -> None:
    """Load what every scan needs before workers are forked, so each does not load it again."""
    from ..text.document import Document

    doc = Document.from_text("Warm up. The ministry said it would answer.\n")
    scan_document(doc, config)
    if compare:
        from . import crossdoc

        crossdoc.sketch(doc)


def scan_paths(listed: list[Path | ReadError], config: Config, explain: bool = False, jobs: int = 1,
               progress: Callable[[int], None] = lambda n: None, compare: bool = False) -> Iterator[Item]:
    """Reports for the files `iter_paths` listed, in order (its errors passed on in place); `jobs`
    worker processes when there are at least PARALLEL_MIN_FILES files and the platform can fork.
    With `compare`, workers also sketch each document for cross-document evidence."""
    if jobs > 1 and len(listed) >= PARALLEL_MIN_FILES and "fork" in multiprocessing.get_all_start_methods():
        _warm_up(config, compare)
        tasks = [(listed[i:i + PATHS_PER_TASK], config, explain, compare)
                 for i in range(0, len(listed), PATHS_PER_TASK)]
        with multiprocessing.get_context("fork").Pool(jobs, quiet_worker) as pool:
            for items in pool.imap(_scan_files, tasks):
                progress(len(items))
                yield from items
        return
    for entry in listed:
        yield entry if isinstance(entry, ReadError) else scan_file(entry, config, explain)
        progress(1)

"""Cross-document evidence over a stream of reports, without holding the reports.

Pass one writes each report and its phrases to an unnamed temporary file as it arrives, and its
content terms (ids and counts, `crossdoc.TermTable`) to another; it keeps in memory where each of
them is and the report's date header. Linking (`crossdoc.link`) reads the terms back a block of
documents at a time, holding a few numbers a document (in its top terms' posting lists, its
closest neighbours).
Pass two hands the items back in input order. Before report k leaves, the links from k to later
reports are compared; the links from earlier reports to k were compared before them, so k leaves
with all its evidence, and no later step changes it. Only the reports a link compares are read
back, at most KEEP at a time. The findings are those of `crossdoc.apply` over the whole batch.
"""

from __future__ import annotations

import os
import pickle
import tempfile
from array import array
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from itertools import chain
from typing import Any

from ..config import Config
from ..text.document import Document
from ..text.reader import ReadError
from .engine import DocumentReport

Item = DocumentReport | ReadError
KEEP = 256   # reports read back (and their sentence features) kept at hand while links are compared


class SpillError(OSError):
    """The spill file could not be written or read (a full or read-only temporary folder)."""

    def __init__(self, exc: OSError) -> None:
        super().__init__(f"{tempfile.gettempdir()}: {exc.strerror or exc} (cross-document evidence keeps the "
                         "reports in a temporary file there: set TMPDIR to another folder, or give --no-crossdoc)")


class FileStore:
    """Bytes appended to an unnamed temporary file and read back by offset (after the last write)."""

    def __init__(self) -> None:
        try:
            self.file = tempfile.TemporaryFile(prefix="detect-crossdoc-")
        except OSError as exc:
            raise SpillError(exc) from exc
        self.size = 0

    def append(self, data: bytes) -> int:
        """Where `data` begins in the file."""
        try:
            self.file.write(data)
        except OSError as exc:
            raise SpillError(exc) from exc
        self.size += len(data)
        return self.size - len(data)

    def read(self, start: int, size: int) -> bytes:
        try:
            self.file.flush()
            return os.pread(self.file.fileno(), size, start)
        except OSError as exc:
            raise SpillError(exc) from exc


class Spill:
    """Items and their phrase arrays written to one temporary file, read back by number (after the
    last write); the last KEEP items read stay at hand. The term counts linking reads (`terms`, a
    `crossdoc.TermTable`'s store) go to another."""

    def __init__(self) -> None:
        self.store = FileStore()
        try:
            self.terms = FileStore()
        except SpillError:
            self.store.file.close()  # nothing is left open when the second file cannot be made
            raise
        self.items = array("q")     # offset and length of each item's pickle
        self.phrases = array("q")   # offset and length of each report's phrases, by report number
        self.kept: OrderedDict[int, Any] = OrderedDict()

    def _write(self, data: bytes, index: array) -> None:
        index.extend((self.store.append(data), len(data)))

    def add(self, item: Item, phrases: bytes | None = None) -> None:
        self._write(pickle.dumps(item, pickle.HIGHEST_PROTOCOL), self.items)
        if phrases is not None:
            self._write(phrases, self.phrases)

    def _read(self, index: array, k: int) -> bytes:
        return self.store.read(index[2 * k], index[2 * k + 1])

    def item(self, i: int) -> Item:
        if i in self.kept:
            self.kept.move_to_end(i)
            return self.kept[i]
        item = pickle.loads(self._read(self.items, i))
        self.kept[i] = item
        if len(self.kept) > KEEP:
            self.kept.popitem(last=False)
        return item

    def release(self, i: int) -> Item:
        """Item i, no longer kept."""
        item = self.item(i)
        del self.kept[i]
        return item

    def phrases_of(self, k: int):
        import numpy as np

        return np.frombuffer(self._read(self.phrases, k), dtype=np.int64)

    def __len__(self) -> int:
        return len(self.items) // 2

    def close(self) -> None:
        self.store.file.close()
        self.terms.file.close()


class _Reports:
    """Report number k of the spill (items that are reports, counted in order)."""

    def __init__(self, spill: Spill, item_of: array) -> None:
        self.spill, self.item_of = spill, item_of

    def __getitem__(self, k: int) -> DocumentReport:
        return self.spill.item(self.item_of[k])


class _Documents:
    def __init__(self, reports: _Reports) -> None:
        self.reports = reports

    def __getitem__(self, k: int) -> Document:
        return self.reports[k].document


def with_evidence(items: Iterable[Item], config: Config) -> Iterator[Item]:
    """The items, in order, each report with the evidence of the other reports of its story (as
    `crossdoc.apply` gives it); with fewer than two reports, as they came (numpy is not loaded)."""
    items = iter(items)
    first: list[Item] = []
    reports = 0
    for item in items:
        first.append(item)
        reports += isinstance(item, DocumentReport)
        if reports == 2:
            break
    else:
        yield from first
        return
    spill = Spill()
    try:
        yield from _linked(spill, chain(first, items), config)
    finally:
        spill.close()


def _linked(spill: Spill, items: Iterator[Item], config: Config) -> Iterator[Item]:
    from threadpoolctl import threadpool_limits

    from . import crossdoc

    table = crossdoc.TermTable(spill.terms)
    dates: list[str | None] = []
    item_of = array("q")   # the item number of each report
    for item in items:
        if isinstance(item, DocumentReport):
            sketch = item.sketch
            if sketch is None or sketch.salt != crossdoc.SALT or sketch.phrases is None:
                sketch = crossdoc.sketch(item.document)
            item.sketch = None   # what linking needs of it is kept here
            table.add(sketch)
            dates.append(item.document.metadata.get("date"))
            item_of.append(len(spill))
            spill.add(item, sketch.phrases.tobytes())
        else:
            spill.add(item)
    links = crossdoc.link(table.matrix(), dates, spill.phrases_of)
    del table, dates
    reports = _Reports(spill, item_of)
    features = crossdoc.SentenceFeatures(_Documents(reports), keep=KEEP)
    comparison = crossdoc.Comparison(reports, features)
    at, k = 0, 0
    # The sentence matrices are small: BLAS threads would only spin on cores other processes use.
    with threadpool_limits(limits=1, user_api="blas"):
        for i in range(len(spill)):
            if k == len(item_of) or item_of[k] != i:   # a read error, in its place
                yield spill.release(i)
                continue
            start = at
            while at < len(links) and links[at, 0] == k:
                at += 1
            for a, b in links[start:at].tolist():
                comparison.compare(a, b)
            report = spill.release(i)
            features.cache.pop(k, None)
            comparison.attach(k, report, config)
            k += 1
            yield report

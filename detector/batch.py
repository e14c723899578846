"""`detect clean`: apply safe fixes to a whole corpus, in parallel, resumable and audited.

The corpus is read in a fixed order and cut into chunks of `chunk_size` documents. A chunk is the
unit of work (cross-document evidence runs within it), of parallelism (a process pool or a Dask
cluster) and of checkpointing: a chunk counts as done when its part files exist, and each is written
atomically, so after a crash or `kill -9` a rerun of the same command does only the missing chunks,
writes no document twice and leaves no half-written file. The parts are joined at the end.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import tempfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from . import crossdoc
from .atomic import write_atomic
from .config import Config
from .document import Document
from .engine import DocumentReport, scan_document
from .findings import apply_fixes, fixable
from .reader import ReadError, iter_paths, read_document

STATE_DIR = ".detect-clean"


@dataclass(frozen=True)
class CleanOptions:
    config: Config = Config(fluency=False)  # cleaning never runs the language model (see `detect clean`)
    unsafe_fixes: bool = False
    crossdoc: bool = True
    mt_threshold: float | None = None
    text_field: str = "text"
    id_field: str | None = None
    chunk_size: int = 200


@dataclass
class Item:
    """One document to clean: its id (relative path or JSONL id), text, and where it came from."""
    id: str
    text: str
    encoding: str = "utf-8"
    record: dict | None = None          # the JSONL record, for JSONL corpora
    error: str | None = None


@dataclass
class Result:
    id: str
    text: str
    encoding: str
    record: dict | None
    mt_score: float
    edits: list[dict] = field(default_factory=list)
    error: str | None = None


def is_jsonl(path: Path) -> bool:
    return path.is_file() and (path.name.endswith(".jsonl") or path.name.endswith(".jsonl.gz"))


def _open_text(path: Path, mode: str = "rt"):
    return gzip.open(path, mode, encoding="utf-8") if path.name.endswith(".gz") else path.open(mode, encoding="utf-8")


def read_items(src: Path, options: CleanOptions) -> Iterator[Item]:
    """Documents of a folder (sorted, layout kept) or a JSONL / JSONL.gz file, one at a time."""
    if is_jsonl(src):
        with _open_text(src) as handle:
            for n, line in enumerate(handle, 1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                    text = record[options.text_field]
                    if not isinstance(text, str):
                        raise TypeError(f"field {options.text_field!r} is not a string")
                except (json.JSONDecodeError, KeyError, TypeError) as exc:
                    yield Item(f"{src.name}:{n}", "", error=f"{src}:{n}: malformed record: {exc}")
                    continue
                ident = str(record.get(options.id_field, n)) if options.id_field else str(n)
                yield Item(ident, text, record=record)
        return
    for path in iter_paths([str(src)], options.config.exclude):
        if isinstance(path, ReadError):
            yield Item(path.path, "", error=f"{path.path}: {path.error}")
            continue
        doc = read_document(path)
        rel = str(path.relative_to(src)) if src.is_dir() else path.name
        if isinstance(doc, ReadError):
            yield Item(rel, "", error=f"{doc.path}: {doc.error}")
        else:
            yield Item(rel, doc.text, doc.encoding)


def chunks(items: Iterator[Item], size: int) -> Iterator[list[Item]]:
    batch: list[Item] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _scanned(doc: Document, config: Config) -> DocumentReport:
    """The document's report, the document compacted: a chunk's reports wait for each other."""
    report = scan_document(doc, config)
    doc.compact()
    return report


def clean_chunk(items: list[Item], options: CleanOptions) -> list[Result]:
    """Scan, compare within the chunk, and apply the fixes the options allow. Pure: same in, same out."""
    good = [i for i in items if i.error is None]
    reports = [_scanned(Document.from_text(i.text, path=i.id, encoding=i.encoding), options.config) for i in good]
    if options.crossdoc and len(reports) > 1:
        crossdoc.apply(reports, options.config)
    by_id = {}
    for item, report in zip(good, reports):
        new_text, applied = apply_fixes(item.text, fixable(report.findings, options.unsafe_fixes))
        edits = [{"start": f.start, "end": f.end, "rule": f.rule, "category": f.category,
                  "confidence": round(f.confidence, 3), "before": f.text, "after": f.suggestion} for f in applied]
        by_id[item.id] = Result(item.id, new_text, item.encoding, item.record, report.mt_score, edits)
    return [by_id.get(i.id) or Result(i.id, "", i.encoding, None, 0.0, error=i.error) for i in items]


class Output:
    """Where cleaned documents, routed machine-translated ones, the audit log and the state go."""

    def __init__(self, src: Path, dst: Path, options: CleanOptions, in_place: bool) -> None:
        self.src, self.dst, self.options, self.in_place = src, dst, options, in_place
        self.jsonl = is_jsonl(src)
        self.state = dst / STATE_DIR
        self.parts = self.state / "parts"
        self.parts.mkdir(parents=True, exist_ok=True)
        fingerprint = json.dumps({"src": str(src.resolve()), "options": _describe(options)}, sort_keys=True)
        marker = self.state / "job.json"
        if marker.exists() and json.loads(marker.read_text())["fingerprint"] != fingerprint:
            raise ValueError(f"{dst}: holds an unfinished job with other options; remove {self.state} to start over")
        write_atomic(marker, json.dumps({"fingerprint": fingerprint}).encode())

    def done(self, k: int) -> bool:
        return (self.parts / f"{k:06d}.audit.jsonl").exists()

    def _route(self, r: Result) -> str:
        t = self.options.mt_threshold
        return "machine_translated" if t is not None and r.mt_score >= t else "cleaned"

    def write_chunk(self, k: int, results: list[Result]) -> None:
        """The chunk's documents, then its audit part: the audit part's existence marks it done."""
        lines: dict[str, list[str]] = {"cleaned": [], "machine_translated": []}
        for r in results:
            if r.error:
                continue
            if self.jsonl:
                lines[self._route(r)].append(json.dumps({**r.record, self.options.text_field: r.text},
                                                        ensure_ascii=False))
            else:
                self._write_file(r)
        if self.jsonl:
            for route, rows in lines.items():
                write_atomic(self.parts / f"{k:06d}.{route}.jsonl", "".join(f"{x}\n" for x in rows).encode())
        audit = "".join(json.dumps({"id": r.id, "mt_score": r.mt_score, "route": self._route(r), "edits": r.edits,
                                    **({"error": r.error} if r.error else {})}, ensure_ascii=False) + "\n"
                        for r in results)
        write_atomic(self.parts / f"{k:06d}.audit.jsonl", audit.encode())

    def _write_file(self, r: Result) -> None:
        if self.in_place:
            target = self.src / r.id if self.src.is_dir() else self.src
            backup = target.with_name(target.name + ".bak")
            if r.edits and not backup.exists():
                shutil.copy2(target, backup)
            if r.edits:
                write_atomic(target, r.text.encode(r.encoding))
            return
        base = self.dst / "machine_translated" if self._route(r) == "machine_translated" else self.dst
        write_atomic(base / r.id, r.text.encode(r.encoding))

    def finish(self) -> dict:
        """Join the parts into audit.jsonl (and the JSONL outputs) and write summary.json."""
        audit_parts = sorted(self.parts.glob("*.audit.jsonl"))
        summary = Counter()
        by_rule: Counter = Counter()
        errors = []
        with tempfile.TemporaryDirectory(dir=self.dst) as tmp:
            joined = Path(tmp) / "audit.jsonl"
            with joined.open("w", encoding="utf-8") as out:
                for part in audit_parts:
                    for line in part.read_text(encoding="utf-8").splitlines():
                        row = json.loads(line)
                        out.write(line + "\n")
                        if "error" in row:
                            errors.append(row["error"])
                            continue
                        summary["documents"] += 1
                        summary["edited_documents"] += bool(row["edits"])
                        summary["edits"] += len(row["edits"])
                        summary["machine_translated"] += row["route"] == "machine_translated"
                        by_rule.update(e["rule"] for e in row["edits"])
            os.replace(joined, self.dst / "audit.jsonl")
        if self.jsonl:
            self._join_jsonl()
        result = {**{k: summary[k] for k in ("documents", "edited_documents", "edits", "machine_translated")},
                  "edits_by_rule": dict(sorted(by_rule.items())), "errors": errors}
        write_atomic(self.dst / "summary.json", (json.dumps(result, indent=1) + "\n").encode())
        shutil.rmtree(self.state)
        return result

    def _join_jsonl(self) -> None:
        for route in ("cleaned", "machine_translated"):
            parts = sorted(self.parts.glob(f"*.{route}.jsonl"))
            if route == "machine_translated" and not any(p.stat().st_size for p in parts):
                continue
            name = self.src.name if route == "cleaned" else f"machine_translated.{self.src.name}"
            target = self.src if (self.in_place and route == "cleaned") else self.dst / name
            if self.in_place and route == "cleaned" and not target.with_name(target.name + ".bak").exists():
                shutil.copy2(target, target.with_name(target.name + ".bak"))
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
            os.close(fd)
            with _open_text(Path(tmp) if not target.name.endswith(".gz") else Path(tmp + ".gz"), "wt") as out:
                for part in parts:
                    out.write(part.read_text(encoding="utf-8"))
            if target.name.endswith(".gz"):
                os.replace(tmp + ".gz", target)
                os.unlink(tmp)
            else:
                os.replace(tmp, target)


def _describe(options: CleanOptions) -> dict:
    d = asdict(replace(options, config=replace(options.config, source=None)))
    return json.loads(json.dumps(d, default=list))


def content_hash(path: Path) -> str:
    """SHA-256 of a file or of a folder's files (names and bytes), for comparing runs."""
    h = hashlib.sha256()
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file())
    for p in files:
        h.update(str(p.relative_to(path) if path.is_dir() else p.name).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def _windowed(work: Iterator[tuple[int, list[Item]]], submit: Callable, wait_one: Callable,
              window: int) -> Iterator[tuple[int, list[Result]]]:
    """Keep at most `window` chunks in flight, so memory stays flat whatever the corpus size."""
    pending: dict = {}
    for k, items in work:
        pending[submit(items)] = k
        while len(pending) >= window:
            fut = wait_one(list(pending))
            yield pending.pop(fut), fut.result()
    while pending:
        fut = wait_one(list(pending))
        yield pending.pop(fut), fut.result()


def run_local(work: Iterator[tuple[int, list[Item]]], options: CleanOptions,
              jobs: int) -> Iterator[tuple[int, list[Result]]]:
    """Chunks cleaned by a pool of `jobs` processes (in this process when jobs is 1)."""
    if jobs <= 1:
        for k, items in work:
            yield k, clean_chunk(items, options)
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        yield from _windowed(work, lambda items: pool.submit(clean_chunk, items, options),
                             lambda fs: next(iter(wait(fs, return_when=FIRST_COMPLETED).done)), 2 * jobs)


def run_dask(work: Iterator[tuple[int, list[Item]]], options: CleanOptions,
             scheduler: str | None, jobs: int) -> Iterator[tuple[int, list[Result]]]:
    """The same chunks on a Dask distributed cluster: `scheduler` is its address, or None for a
    LocalCluster of `jobs` workers on this machine."""
    from distributed import Client, LocalCluster, wait

    cluster = None if scheduler else LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True,
                                                   dashboard_address=None)
    client = Client(scheduler or cluster)
    try:
        window = 2 * max(1, len(client.scheduler_info().get("workers", {})) or jobs)
        yield from _windowed(work, lambda items: client.submit(clean_chunk, items, options, pure=False),
                             lambda fs: next(iter(wait(fs, return_when="FIRST_COMPLETED").done)), window)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def count_items(src: Path) -> int:
    """How many documents (for the progress bar's ETA): lines of a JSONL file, files of a folder."""
    if is_jsonl(src):
        with _open_text(src) as handle:
            return sum(1 for line in handle if line.strip())
    return sum(1 for p in iter_paths([str(src)]) if not isinstance(p, ReadError))


def _unfinished(out: Output, all_chunks: Iterator[list[Item]],
                progress: Callable[[int], None]) -> Iterator[tuple[int, list[Item]]]:
    """Numbered chunks that an earlier run did not finish (finished ones only advance the progress)."""
    for k, items in enumerate(all_chunks):
        if out.done(k):
            progress(len(items))
        else:
            yield k, items


def clean(src: Path, dst: Path, options: CleanOptions, *, in_place: bool = False, jobs: int = 1,
          engine: str = "local", scheduler: str | None = None,
          progress: Callable[[int], None] = lambda n: None) -> dict:
    """Clean `src` into `dst` (or in place); resumes an interrupted job with the same options."""
    out = Output(src, dst, options, in_place)
    work = _unfinished(out, chunks(read_items(src, options), options.chunk_size), progress)
    runner = run_dask(work, options, scheduler, jobs) if engine == "dask" else run_local(work, options, jobs)
    for k, results in runner:
        out.write_chunk(k, results)
        progress(len(results))
    return out.finish()

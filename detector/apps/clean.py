"""`detect clean`: apply safe fixes to a whole corpus, in parallel, resumable and audited.

The corpus is read in a fixed order and cut into chunks of `chunk_size` documents. A chunk is the
unit of work (cross-document evidence runs within it), of parallelism (a process pool or a Dask
cluster) and of checkpointing: a chunk counts as done when its audit part exists. Every file is
written atomically through a temporary file in the job's state folder (`DST/.detect-clean`), so
after a crash or `kill -9` a rerun of the same command sweeps what was half-written, does only the
missing chunks, writes no document twice and leaves only the outputs. `--in-place` stages a chunk's
new texts before the audit part marks it done, and a rerun applies what is staged, so no edit goes
unaudited. The parts are joined at the end.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
from array import array
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path

from ..atomic import atomic_file, new_file_mode, write_atomic
from ..config import Config
from ..pipeline import crossdoc
from ..pipeline.engine import DocumentReport, scan_document
from ..pipeline.settle import settle_fixes
from ..text.corpus import Item, count_items, is_jsonl, read_items
from ..text.document import Document

__all__ = ["CleanOptions", "Item", "Result", "clean", "clean_chunk", "count_items", "is_jsonl"]

STATE_DIR = ".detect-clean"
FINISHED_DIR = ".detect-clean.finished"   # a finished job's state, while it is being removed


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
class Result:
    id: str
    text: str
    encoding: str
    record: dict | None
    mt_score: float
    edits: list[dict] = field(default_factory=list)
    error: str | None = None
    line: int | None = None          # JSONL: the input line
    raw: bytes | None = None         # JSONL: a line that could not be read, copied unchanged
    copy_source: bool = False        # a document that could not be cleaned, copied unchanged


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
    """Scan, compare within the chunk, and apply the fixes the options allow: one result per item,
    in order, whatever the ids. Pure: same in, same out."""
    reports: dict[int, DocumentReport] = {}
    failures: dict[int, str] = {}
    for k, item in enumerate(items):
        if item.error is None:
            try:
                reports[k] = _scanned(Document.from_text(item.text, path=item.id, encoding=item.encoding),
                                      options.config)
            except Exception as exc:  # noqa: BLE001 - one document's fault never stops the corpus
                failures[k] = (f"{item.where or item.id}: cannot be cleaned ({type(exc).__name__}: {exc}); "
                               "copied unchanged")
    if options.crossdoc and len(reports) > 1:
        crossdoc.apply(list(reports.values()), options.config)
    return [_result(item, reports.get(k), failures.get(k), options) for k, item in enumerate(items)]


def _result(item: Item, report: DocumentReport | None, failure: str | None, options: CleanOptions) -> Result:
    unchanged = Result(item.id, item.text, item.encoding, item.record, 0.0, error=item.error or failure,
                       line=item.line, raw=item.raw, copy_source=failure is not None)
    if report is None:
        return unchanged
    settled = settle_fixes(report, options.config, options.unsafe_fixes)
    new_text, applied = settled.text, settled.applied
    try:
        new_text.encode(item.encoding)
    except UnicodeEncodeError as exc:
        char = new_text[exc.start]
        rule = next((f.rule for f in applied if char in (f.suggestion or "")), "a fix")
        unchanged.mt_score, unchanged.copy_source = report.mt_score, True
        unchanged.error = (f"{item.where or item.id}: {rule} inserts {char!r} (U+{ord(char):04X}), which "
                           f"{item.encoding} cannot encode; copied unchanged")
        return unchanged
    edits = [{"start": f.start, "end": f.end, "rule": f.rule, "category": f.category,
              "confidence": round(f.confidence, 3), "before": f.text, "after": f.suggestion} for f in applied]
    return Result(item.id, new_text, item.encoding, item.record, report.mt_score, edits, line=item.line)


def _fingerprint(src: Path, options: CleanOptions) -> str:
    return json.dumps({"src": str(src.resolve()), "options": _describe(options)}, sort_keys=True)


class Output:
    """Where cleaned documents, routed machine-translated ones, the audit log and the state go."""

    def __init__(self, src: Path, dst: Path, options: CleanOptions, in_place: bool) -> None:
        self.src, self.dst, self.options, self.in_place = src, dst, options, in_place
        self.jsonl = is_jsonl(src)
        self.state = dst / STATE_DIR
        self.parts = self.state / "parts"
        self.tmp = self.state / "tmp"
        self.mode = new_file_mode()
        fingerprint = _fingerprint(src, options)
        marker = self.state / "job.json"
        if marker.exists() and json.loads(marker.read_text())["fingerprint"] != fingerprint:
            raise ValueError(f"{dst}: holds an unfinished job with other options; remove {self.state} to start over")
        for leftover in (dst / FINISHED_DIR, self.tmp):   # what a killed run had half-written
            shutil.rmtree(leftover, ignore_errors=True)
        self.parts.mkdir(parents=True, exist_ok=True)
        if not marker.exists():
            write_atomic(marker, json.dumps({"fingerprint": fingerprint}).encode(), tmp_dir=self.tmp)
        for staged in sorted(self.parts.glob("*.staged.json")):
            self._apply_staged(staged)

    def done(self, k: int) -> bool:
        return (self.parts / f"{k:06d}.audit.jsonl").exists()

    @property
    def read_complete(self) -> bool:
        """Every chunk is done (a rerun need not read the corpus again: in place, it has changed)."""
        return (self.state / "read").exists()

    def mark_read_complete(self) -> None:
        write_atomic(self.state / "read", b"", tmp_dir=self.tmp)

    def _route(self, r: Result) -> str:
        t = self.options.mt_threshold
        return "machine_translated" if t is not None and r.mt_score >= t and not r.error else "cleaned"

    def write_chunk(self, k: int, results: list[Result]) -> None:
        """The chunk's documents (in place: staged), then its audit part, which marks it done."""
        if self.jsonl:
            lines: dict[str, list[bytes]] = {"cleaned": [], "machine_translated": []}
            for r in results:
                lines[self._route(r)].append(self._jsonl_line(r))
            for route, rows in lines.items():
                write_atomic(self.parts / f"{k:06d}.{route}.jsonl", b"".join(rows), tmp_dir=self.tmp)
        elif self.in_place:
            staged = [{"id": r.id, "encoding": r.encoding, "text": r.text} for r in results if r.edits and not r.error]
            write_atomic(self.parts / f"{k:06d}.staged.json", json.dumps(staged, ensure_ascii=False).encode(),
                         tmp_dir=self.tmp)
        else:
            for r in results:
                self._write_copy(r)
        audit = "".join(json.dumps({"id": r.id, **({"line": r.line} if r.line is not None else {}),
                                    "mt_score": r.mt_score, "route": self._route(r), "edits": r.edits,
                                    **({"error": r.error} if r.error else {})}, ensure_ascii=False) + "\n"
                        for r in results)
        write_atomic(self.parts / f"{k:06d}.audit.jsonl", audit.encode(), tmp_dir=self.tmp)
        if self.in_place and not self.jsonl:
            self._apply_staged(self.parts / f"{k:06d}.staged.json")

    def _jsonl_line(self, r: Result) -> bytes:
        if r.raw is not None:
            return r.raw
        if r.record is None:   # the end of a stream that could not be read: nothing to copy
            return b""
        return (json.dumps({**r.record, self.options.text_field: r.text}, ensure_ascii=False) + "\n").encode(r.encoding)

    def _source(self, ident: str) -> Path:
        return self.src / ident if self.src.is_dir() else self.src

    def _write_copy(self, r: Result) -> None:
        if r.error and not r.copy_source:
            return
        base = self.dst / "machine_translated" if self._route(r) == "machine_translated" else self.dst
        data = self._source(r.id).read_bytes() if r.copy_source else r.text.encode(r.encoding)
        write_atomic(base / r.id, data, mode=self.mode, tmp_dir=self.tmp)

    def _apply_staged(self, staged: Path) -> None:
        """Rewrite the chunk's edited files in place, each after its .bak copy; idempotent."""
        applied = staged.with_suffix(".applied")
        if applied.exists() or not self.done(int(staged.name.split(".")[0])):
            return
        for row in json.loads(staged.read_text(encoding="utf-8")):
            target = self._source(row["id"])
            backup = target.with_name(target.name + ".bak")
            if not backup.exists():
                write_atomic(backup, target.read_bytes(), like=target, tmp_dir=self.tmp)
            write_atomic(target, row["text"].encode(row["encoding"]), tmp_dir=self.tmp)
        write_atomic(applied, b"", tmp_dir=self.tmp)

    def finish(self) -> dict:
        """Join the parts into audit.jsonl (and the JSONL outputs) and write summary.json."""
        audit_parts = sorted(self.parts.glob("*.audit.jsonl"))
        summary: Counter = Counter()
        by_rule: Counter = Counter()
        errors = []
        ids = array("Q")
        with atomic_file(self.dst / "audit.jsonl", self.mode, self.tmp) as out:
            for part in audit_parts:
                data = part.read_bytes()
                out.write(data)
                for line in data.splitlines():
                    row = json.loads(line)
                    if self.jsonl:
                        ids.append(_id_hash(row["id"]))
                    if "error" in row:
                        errors.append(row["error"])
                        continue
                    summary["documents"] += 1
                    summary["edited_documents"] += bool(row["edits"])
                    summary["edits"] += len(row["edits"])
                    summary["machine_translated"] += row["route"] == "machine_translated"
                    by_rule.update(e["rule"] for e in row["edits"])
        if self.jsonl:
            self._join_jsonl(unreadable=bool(errors))
        result = {**{k: summary[k] for k in ("documents", "edited_documents", "edits", "machine_translated")},
                  "edits_by_rule": dict(sorted(by_rule.items())), "errors": errors,
                  "duplicate_ids": _duplicates(audit_parts, ids)}
        write_atomic(self.dst / "summary.json", (json.dumps(result, indent=1, ensure_ascii=False) + "\n").encode(),
                     mode=self.mode, tmp_dir=self.tmp)
        finished = self.dst / FINISHED_DIR
        self.state.replace(finished)   # the job is complete; what is left is only the removal
        shutil.rmtree(finished)
        return result

    def _join_jsonl(self, unreadable: bool) -> None:
        """Join each route's parts into its file; a route with nothing in it gets no file (the cleaned
        one does, for a corpus without records, unless it is empty because it could not be read)."""
        for route in ("cleaned", "machine_translated"):
            parts = sorted(self.parts.glob(f"*.{route}.jsonl"))
            if (route == "machine_translated" or unreadable) and not any(p.stat().st_size for p in parts):
                continue
            name = self.src.name if route == "cleaned" else f"machine_translated.{self.src.name}"
            in_place = self.in_place and route == "cleaned"
            target = self.src if in_place else self.dst / name
            backup = target.with_name(target.name + ".bak")
            if in_place and not backup.exists():
                write_atomic(backup, target.read_bytes(), like=target, tmp_dir=self.tmp)
            with atomic_file(target, None if in_place else self.mode, self.tmp) as raw:
                if target.name.endswith(".gz"):   # no name or time in the header: reruns give the same bytes
                    with gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0) as out:
                        for part in parts:
                            out.write(part.read_bytes())
                else:
                    for part in parts:
                        raw.write(part.read_bytes())


def _id_hash(ident: str) -> int:
    return int.from_bytes(hashlib.blake2b(ident.encode("utf-8", "surrogatepass"), digest_size=8).digest(), "little")


def _duplicates(audit_parts: list[Path], ids: array) -> dict[str, list[int]]:
    """Ids that several records share, with their lines: found by sorting 8-byte hashes (memory stays
    near flat), then named by a second pass over the audit parts."""
    ordered = sorted(ids)
    shared = {a for a, b in zip(ordered, ordered[1:]) if a == b}
    if not shared:
        return {}
    lines: dict[str, list[int]] = {}
    for part in audit_parts:
        for line in part.read_bytes().splitlines():
            row = json.loads(line)
            if _id_hash(row["id"]) in shared:
                lines.setdefault(row["id"], []).append(row.get("line"))
    return {k: v for k, v in lines.items() if len(v) > 1}


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
    """Chunks cleaned by a pool of `jobs` processes (in this process when jobs is 1). The workers
    leave Ctrl-C to this process, which stops them when it stops reading (no traceback from each)."""
    if jobs <= 1:
        for k, items in work:
            yield k, clean_chunk(items, options)
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from ..pipeline.scanner import quiet_worker

    pool = ProcessPoolExecutor(max_workers=jobs, initializer=quiet_worker)
    try:
        yield from _windowed(work, lambda items: pool.submit(clean_chunk, items, options),
                             lambda fs: next(iter(wait(fs, return_when=FIRST_COMPLETED).done)), 2 * jobs)
    except BaseException:  # interrupted, or the output failed: the chunks in flight are not wanted
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
    previous = _finished_summary(src, dst, options)
    if previous is not None:
        return previous
    out = Output(src, dst, options, in_place)
    if not out.read_complete:
        items = read_items(src, options.config, options.text_field, options.id_field)
        work = _unfinished(out, chunks(items, options.chunk_size), progress)
        runner = run_dask(work, options, scheduler, jobs) if engine == "dask" else run_local(work, options, jobs)
        try:
            for k, results in runner:
                out.write_chunk(k, results)
                progress(len(results))
        finally:
            runner.close()
        out.mark_read_complete()
    return out.finish()


def _finished_summary(src: Path, dst: Path, options: CleanOptions) -> dict | None:
    """The summary of the same job when it had finished and was stopped while removing its state
    (rerun, in place, it would clean its own output); that state is swept."""
    finished, summary = dst / FINISHED_DIR, dst / "summary.json"
    if not finished.exists() or (dst / STATE_DIR).exists() or not summary.exists():
        return None
    try:
        same = json.loads((finished / "job.json").read_text())["fingerprint"] == _fingerprint(src, options)
    except (OSError, ValueError, KeyError):
        same = True   # removed first: the job it belonged to is the one that finished
    shutil.rmtree(finished, ignore_errors=True)
    return json.loads(summary.read_text(encoding="utf-8")) if same else None

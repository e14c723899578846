#!/usr/bin/env python3
"""Benchmark (reads ../shared/data/bbc_news; not a test): cost of cross-document evidence, and of
`detect clean`, as the number of documents grows.

Synthetic stories: a base article of 12 sentences drawn at random from the BBC pool, and three
copies of it with injected glitches (detector/training/synthetic.py), so one document in four is
edited and each story has four reports. Each size runs in a fresh process so peak memory is its own.

Linking (default): documents are made one at a time, sketched as scan workers sketch them, and fed to
`crossdoc_stream.with_evidence`, whose output is rendered as `detect scan --format jsonl` renders it
(to nowhere); `--held` instead holds every document and runs `crossdoc.apply` over the list (the
in-memory path `detect review` uses). `--clean` runs `detect clean` on the stories written as one
JSONL file, with `--rules-only --select MT701` (no per-document rule: the plumbing, segmentation
and the chunks' cross-document evidence), and gives the peak memory of its whole process tree.

    python benchmarks/crossdoc_scaling.py [--sizes 10000 30000 100000] [--held | --clean]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path


def stories(n_docs: int, shared: Path, seed: int = 0) -> Iterator[str]:
    """The first `n_docs` documents of the synthetic stories, made one at a time."""
    from detector.training.corpora import bbc_articles
    from detector.training.synthetic import inject

    pool = [s for _, text in bbc_articles(shared / "data") for s in re.split(r"(?<=[.!?])\s+", text)
            if len(s.split()) >= 8]
    rng = random.Random(seed)
    made = 0
    while made < n_docs:
        base = "\n\n".join(rng.sample(pool, 12))
        for text in [base, *(inject(base, rng, 3)[0] for _ in range(3))][:n_docs - made]:
            yield text
            made += 1


def build(n_docs: int, shared: Path, seed: int = 0) -> list[str]:
    return list(stories(n_docs, shared, seed))


def _peak_mb() -> int:
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)


def run_streamed(n_docs: int, shared: Path) -> dict:
    from detector.config import Config
    from detector.pipeline import crossdoc
    from detector.pipeline.crossdoc_stream import with_evidence
    from detector.pipeline.engine import DocumentReport
    from detector.report.formats import document_json, render_jsonl_line
    from detector.text.document import Document

    texts = stories(n_docs, shared)
    counted = {"sentences": 0, "segment": 0.0, "made": 0.0, "cpu_made": 0.0}

    def reports() -> Iterator[DocumentReport]:
        for i in range(n_docs):
            t0, c0 = time.perf_counter(), time.process_time()
            text = next(texts)   # made here, one at a time: not part of the cost measured
            t1 = time.perf_counter()
            doc = Document.from_text(text, path=str(i))
            counted["sentences"] += len(doc.sentences)
            counted["made"] += t1 - t0
            counted["segment"] += time.perf_counter() - t1
            counted["cpu_made"] += time.process_time() - c0
            report = DocumentReport(doc, [], 0.5, [])
            report.sketch = crossdoc.sketch(doc, tokens=doc.word_tokens)   # as the scan workers make it
            doc.compact()
            yield report

    start, cpu = time.perf_counter(), time.process_time()
    evidence = 0
    with open("/dev/null", "w", encoding="utf-8") as out:
        for report in with_evidence(reports(), Config()):
            evidence += len(report.candidates)
            out.write(render_jsonl_line(document_json(report)) + "\n")
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    return {"documents": n_docs, "sentences": counted["sentences"], "sibling_findings": evidence,
            "segment_seconds": round(counted["segment"], 1),
            "crossdoc_seconds": round(total - counted["segment"] - counted["made"], 1),
            "crossdoc_cpu_seconds": round(cpu - counted["cpu_made"], 1), "peak_memory_mb": _peak_mb()}


def run_held(n_docs: int, shared: Path) -> dict:
    from detector.config import Config
    from detector.pipeline import crossdoc
    from detector.pipeline.engine import DocumentReport
    from detector.text.document import Document

    texts = build(n_docs, shared)
    start = time.perf_counter()
    docs = [Document.from_text(t, path=str(i)) for i, t in enumerate(texts)]
    sentences = sum(len(d.sentences) for d in docs)
    segmented, cpu = time.perf_counter(), time.process_time()
    reports = [DocumentReport(d, [], 0.5, []) for d in docs]
    stories_found = crossdoc.apply(reports, Config())
    done, cpu = time.perf_counter(), time.process_time() - cpu
    evidence = sum(len(r.candidates) for r in reports)
    return {"documents": n_docs, "sentences": sentences, "stories": stories_found, "sibling_findings": evidence,
            "segment_seconds": round(segmented - start, 1), "crossdoc_seconds": round(done - segmented, 1),
            "crossdoc_cpu_seconds": round(cpu, 1), "peak_memory_mb": _peak_mb()}


def run_clean(n_docs: int, shared: Path) -> dict:
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from throughput import timed

    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "stories.jsonl"
        with corpus.open("w", encoding="utf-8") as out:
            for i, text in enumerate(stories(n_docs, shared)):
                out.write(json.dumps({"id": f"doc{i}", "text": text}) + "\n")
        detect = str(Path(sys.executable).parent / "detect")
        wall, largest, tree, cpu = timed([detect, "clean", str(corpus), "--out", str(Path(tmp) / "out"),
                                          "--rules-only", "--select", "MT701"])
        summary = json.loads((Path(tmp) / "out" / "summary.json").read_text(encoding="utf-8"))
    return {"documents": n_docs, "cleaned": summary["documents"], "clean_seconds": wall, "cpu_seconds": round(cpu, 1),
            "largest_process_mb": largest, "all_processes_mb": tree}


RUNS = {"streamed": run_streamed, "held": run_held, "clean": run_clean}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[10000, 30000, 100000])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument("--held", action="store_const", dest="mode", const="held")
    mode.add_argument("--clean", action="store_const", dest="mode", const="clean")
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    a.mode = a.mode or "streamed"
    if a.one:
        print(json.dumps(RUNS[a.mode](a.one, Path(a.shared))))
        return
    rows = []
    for n in a.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--shared", a.shared,
                              *([f"--{a.mode}"] if a.mode != "streamed" else [])],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    if a.mode == "clean":
        print("\n| documents | clean s | CPU s | largest process MB | all processes MB |\n|---|---|---|---|---|")
        for r in rows:
            print(f"| {r['documents']:,} | {r['clean_seconds']} | {r['cpu_seconds']} | {r['largest_process_mb']} | "
                  f"{r['all_processes_mb']} |")
        return
    print("\n| documents | sentences | sibling findings | segmentation s | cross-document s | its CPU s | peak MB |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['documents']:,} | {r['sentences']:,} | {r['sibling_findings']:,} | {r['segment_seconds']} | "
              f"{r['crossdoc_seconds']} | {r['crossdoc_cpu_seconds']} | {r['peak_memory_mb']} |")


if __name__ == "__main__":
    main()

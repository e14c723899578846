#!/usr/bin/env python3
"""Benchmark (reads ../shared/data/bbc_news; not a test): cost of cross-document evidence as the
number of documents grows.

Synthetic stories: a base article of 12 sentences drawn at random from the BBC pool, and three
copies of it with injected glitches (detector/training/synthetic.py), so one document in four is
edited and each story has four reports. Each size runs in a fresh process so peak memory is its own.

    python benchmarks/crossdoc_scaling.py [--sizes 1000 10000 100000]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import subprocess
import sys
import time
from pathlib import Path


def build(n_docs: int, shared: Path, seed: int = 0) -> list[str]:
    from detector.training.corpora import bbc_articles
    from detector.training.synthetic import inject

    pool = [s for _, text in bbc_articles(shared / "data") for s in re.split(r"(?<=[.!?])\s+", text)
            if len(s.split()) >= 8]
    rng = random.Random(seed)
    texts = []
    while len(texts) < n_docs:
        base = "\n\n".join(rng.sample(pool, 12))
        texts.append(base)
        texts += [inject(base, rng, 3)[0] for _ in range(3)]
    return texts[:n_docs]


def run_one(n_docs: int, shared: Path) -> dict:
    from detector.pipeline import crossdoc
    from detector.config import Config
    from detector.text.document import Document
    from detector.pipeline.engine import DocumentReport

    texts = build(n_docs, shared)
    start = time.perf_counter()
    docs = [Document.from_text(t, path=str(i)) for i, t in enumerate(texts)]
    sentences = sum(len(d.sentences) for d in docs)
    segmented = time.perf_counter()
    reports = [DocumentReport(d, [], 0.5, []) for d in docs]
    stories = crossdoc.apply(reports, Config())
    done = time.perf_counter()
    evidence = sum(len(r.candidates) for r in reports)
    return {"documents": n_docs, "sentences": sentences, "stories": stories, "sibling_findings": evidence,
            "segment_seconds": round(segmented - start, 1), "crossdoc_seconds": round(done - segmented, 1),
            "peak_memory_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--one", type=int, help=argparse.SUPPRESS)
    a = ap.parse_args()
    if a.one:
        print(json.dumps(run_one(a.one, Path(a.shared))))
        return
    rows = []
    for n in a.sizes:
        out = subprocess.run([sys.executable, __file__, "--one", str(n), "--shared", a.shared],
                             capture_output=True, text=True, check=True)
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    print("\n| documents | sentences | stories | segmentation s | cross-document s | peak MB |")
    print("|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r['documents']:,} | {r['sentences']:,} | {r['stories']:,} | {r['segment_seconds']} | "
              f"{r['crossdoc_seconds']} | {r['peak_memory_mb']} |")


if __name__ == "__main__":
    main()

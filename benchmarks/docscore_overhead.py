#!/usr/bin/env python3
"""Benchmark (reads ../shared/data/bbc_news; not a test): what the document model's mt_score adds to
scanning the BBC articles, one process.

Two scans of every article, one right after the other and in turns (the full scan first on one
article, second on the next): the full scan, and the same scan with mt_score taken from glitch
density (as without a document model: no windows, no profiles). Scanning in turns, article by
article, keeps a drift in the machine's speed from favouring either. Also the time of the
document model alone on documents already scanned. Wall and CPU seconds of this process (CPU is the steadier
figure on a shared machine).

    python benchmarks/docscore_overhead.py [--shared ../shared] [--rounds 2]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from detector.config import Config
from detector.pipeline import engine
from detector.scoring.document_model import load_document_model
from detector.text.document import Document


_REAL = engine.mt_scores


def _without_model(doc, findings, use_model=True):
    return _REAL(doc, findings, use_model=False)


def _scan(text: str, use_model: bool) -> tuple[float, float]:
    """Wall and CPU seconds of one scan (the CPU time of this process is steadier on a shared machine)."""
    engine.mt_scores = _REAL if use_model else _without_model
    try:
        start, cpu = time.perf_counter(), time.process_time()
        engine.scan_document(Document.from_text(text), Config())
        return time.perf_counter() - start, time.process_time() - cpu
    finally:
        engine.mt_scores = _REAL


def scan_in_turns(texts: list[str]) -> dict[bool, tuple[float, float]]:
    """Wall and CPU seconds over all texts, with the document model (True) and without (False), each
    text scanned both ways, the order swapped from one text to the next."""
    totals = {True: [0.0, 0.0], False: [0.0, 0.0]}
    for i, t in enumerate(texts):
        for use_model in ((True, False) if i % 2 == 0 else (False, True)):
            wall, cpu = _scan(t, use_model)
            totals[use_model][0] += wall
            totals[use_model][1] += cpu
    return {k: (v[0], v[1]) for k, v in totals.items()}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--rounds", type=int, default=2)
    a = ap.parse_args()
    rows = [json.loads(line) for line in (Path(a.shared) / "data/bbc_news/articles.jsonl").open(encoding="utf-8")]
    texts = [f"{r['title']}\n\n{r['text']}" for r in rows]
    model = load_document_model()
    scan_in_turns(texts[:50])  # warm caches (word frequencies, gazetteer, regexes)
    with_model, without = [], []
    for _ in range(a.rounds):
        turns = scan_in_turns(texts)
        with_model.append(turns[True])
        without.append(turns[False])
    docs = [Document.from_text(t) for t in texts]
    found = [engine.run_rules(d, Config()) for d in docs]
    start = time.process_time()
    for d, f in zip(docs, found):
        model.score_windows(d, f)
    alone = time.process_time() - start
    wall_with, cpu_with = zip(*with_model)
    wall_without, cpu_without = zip(*without)
    print(json.dumps({"articles": len(texts), "words": sum(len(t.split()) for t in texts),
                      "scan_seconds_with_mt_score": [round(s, 2) for s in wall_with],
                      "scan_seconds_without": [round(s, 2) for s in wall_without],
                      "added_share": round(min(wall_with) / min(wall_without) - 1, 3),
                      "scan_cpu_seconds_with_mt_score": [round(s, 2) for s in cpu_with],
                      "scan_cpu_seconds_without": [round(s, 2) for s in cpu_without],
                      "added_share_cpu": round(min(cpu_with) / min(cpu_without) - 1, 3),
                      "document_model_alone_cpu_seconds": round(alone, 2),
                      "document_model_share_of_scan_cpu": round(alone / min(cpu_without), 3)}, indent=1))


if __name__ == "__main__":
    main()

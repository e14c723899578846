#!/usr/bin/env python3
"""Benchmark (reads ../shared/data/bbc_news; not a test): time of scanning every BBC article with
the trained models against the rules alone, and the time to load the models.

    python benchmarks/classifier_overhead.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from detector.config import Config
from detector.pipeline.engine import scan_document
from detector.scoring import candidate_model as candidates, document_model as docmodel
from detector.text.document import Document


def scan_all(texts: list[str], config: Config) -> tuple[float, int]:
    start = time.perf_counter()
    n = sum(len(scan_document(Document.from_text(t), config).findings) for t in texts)
    return time.perf_counter() - start, n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    a = ap.parse_args()
    rows = [json.loads(line) for line in (Path(a.shared) / "data/bbc_news/articles.jsonl").open(encoding="utf-8")]
    texts = [f"{r['title']}\n\n{r['text']}" for r in rows]
    start = time.perf_counter()
    docmodel.load_document_model()
    candidates.load_candidate_model()
    load = time.perf_counter() - start
    scan_all(texts[:50], Config())  # warm caches (word frequencies, gazetteer, regexes)
    rules_time, rules_n = scan_all(texts, Config(models=False))
    model_time, model_n = scan_all(texts, Config())
    words = sum(len(t.split()) for t in texts)
    print(json.dumps({"articles": len(texts), "words": words, "model_load_seconds": round(load, 3),
                      "rules_only": {"seconds": round(rules_time, 2), "findings": rules_n},
                      "with_models": {"seconds": round(model_time, 2), "findings": model_n},
                      "slowdown": round(model_time / rules_time, 2)}, indent=1))


if __name__ == "__main__":
    main()

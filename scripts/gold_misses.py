#!/usr/bin/env python3
"""Evaluation tool (reads ../shared): list gold glitches the scan misses and findings off gold.

    python scripts/gold_misses.py GOLD.json TEXTS_DIR [--min-confidence X]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from detector.config import Config
from detector.pipeline.engine import scan_document
from detector.text.reader import read_document


def locate(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    i = -1
    for _ in range(occurrence):
        i = text.find(quote, i + 1)
    return i, i + len(quote)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("gold")
    ap.add_argument("texts")
    ap.add_argument("--min-confidence", type=float, default=Config().min_confidence)
    a = ap.parse_args()
    config = Config(min_confidence=a.min_confidence)
    for gd in json.loads(Path(a.gold).read_text(encoding="utf-8"))["documents"]:
        doc = read_document(Path(a.texts) / gd["file"])
        findings = scan_document(doc, config).findings
        spans = [(*locate(doc.text, g["quote"], g.get("occurrence", 1)), g) for g in gd["glitches"]]
        for s, e, g in spans:
            if not any(f.start < e and s < f.end for f in findings):
                print(f"MISS {gd['file']} [{g['category']}] {g['quote'][:70]!r}")
        for f in findings:
            if not any(f.start < e and s < f.end for s, e, _ in spans):
                print(f"FALSE {gd['file']} {f.rule} {f.text[:60]!r} -> {f.suggestion!r}")


if __name__ == "__main__":
    main()

"""Evaluation tool (reads ../shared): precision and recall of one rule's candidates alone at a sweep
of confidence thresholds, from a `--min-confidence 0` JSON report and a gold file.
Usage: python scripts/fluency_pr.py GOLD.json TEXTS_DIR REPORT.json [RULE]"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from detector.training.evaluate import locate


def main(gold_path: str, texts: str, report: str, rule: str = "MT801") -> None:
    gold = {}
    for d in json.loads(Path(gold_path).read_text())["documents"]:
        text = (Path(texts) / d["file"]).read_text(encoding="utf-8")
        spans = [(*locate(text, g["quote"], g.get("occurrence", 1)), g["category"]) for g in d["glitches"]]
        gold[d["file"]] = spans
    found = [(f["confidence"], Path(d["path"]).name, f) for d in json.loads(Path(report).read_text())["documents"]
             for f in d.get("findings", []) if f["rule"] == rule]
    targets = sum(1 for s in gold.values() for g in s if g[2] in ("calque", "other"))
    print(f"{rule} candidates: {len(found)}; calque+other gold spans: {targets}")
    print("threshold  findings  precision  calque+other recall")
    for t in (0.0, 0.3, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95):
        kept = [(n, f) for c, n, f in found if c >= t]
        hit = [any(a < f["end"] and f["start"] < b for a, b, _ in gold.get(n, [])) for n, f in kept]
        covered = {(n, a) for n, f in kept for a, b, c in gold.get(n, [])
                   if c in ("calque", "other") and a < f["end"] and f["start"] < b}
        p = sum(hit) / len(kept) if kept else float("nan")
        print(f"{t:9.2f}  {len(kept):8d}  {p:9.2f}  {len(covered) / targets:.3f} ({len(covered)})")


if __name__ == "__main__":
    main(*sys.argv[1:])

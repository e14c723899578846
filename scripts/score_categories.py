#!/usr/bin/env python3
"""Evaluation tool (reads ../shared; nothing here ships): per-category recall and precision of a
`detect scan --format json` report against gold, with the span-overlap measure of
../shared/tools/score.py. Recall counts gold glitches of a category that some finding overlaps;
precision counts findings of a category (the finding's own category) that overlap some gold glitch,
and the findings on pages with no gold glitch at all are listed apart (`on_clean_pages`).

    python scripts/score_categories.py --gold GOLD.json --texts DIR --report REPORT.json [--json]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from detector.training.evaluate import locate


def score(gold: dict, texts: Path, report: dict) -> dict:
    findings = {Path(d["path"]).name: d.get("findings", []) for d in report["documents"]}
    hit, total, right, found, clean = Counter(), Counter(), Counter(), Counter(), Counter()
    for doc in gold["documents"]:
        text = (texts / doc["file"]).read_text(encoding="utf-8")
        spans = [(*locate(text, g["quote"], g.get("occurrence", 1)), g["category"]) for g in doc["glitches"]]
        mine = findings.get(doc["file"], [])
        for s, e, category in spans:
            total[category] += 1
            hit[category] += any(f["start"] < e and s < f["end"] for f in mine)
        for f in mine:
            found[f["category"]] += 1
            right[f["category"]] += any(f["start"] < e and s < f["end"] for s, e, _ in spans)
            clean[f["category"]] += not spans
    categories = sorted(set(total) | set(found))
    return {c: {"recall": f"{hit[c]}/{total[c]}", "precision": f"{right[c]}/{found[c]}",
                "on_clean_pages": clean[c]} for c in categories}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", required=True, type=Path)
    ap.add_argument("--texts", required=True, type=Path)
    ap.add_argument("--report", required=True, type=Path)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    result = score(json.loads(a.gold.read_text(encoding="utf-8")), a.texts,
                   json.loads(a.report.read_text(encoding="utf-8")))
    if a.json:
        print(json.dumps(result, indent=1))
        return
    for category, row in result.items():
        print(f"{category:16} recall {row['recall']:>8}  precision {row['precision']:>8}  "
              f"on clean pages {row['on_clean_pages']}")


if __name__ == "__main__":
    main()

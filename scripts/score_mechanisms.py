#!/usr/bin/env python3
"""Evaluation tool (reads ../shared; nothing here ships): recall of all, calque and `other` glitches
and precision of the findings, per mechanism of a gold collection's `index.tsv` (source language of
MT, round-trip spin, synonym spinner, edited), with the span overlap of ../shared/tools/score.py;
`--rule` counts one rule's findings only (MT801: the fluency model's own share).

    python scripts/score_mechanisms.py --gold GOLD.json --texts DIR --index index.tsv --report REPORT.json [--rule MT801]
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from pathlib import Path

from detector.training.evaluate import locate


def mechanism(text: str) -> str:
    """'MT from Spanish' -> 'MT Spanish'; round-trip and spinners by kind; every edited page: 'edited'."""
    if text.startswith("edited"):
        return "edited"
    if m := re.match(r"MT (?:\(probably )?from (\w+)", text):
        return f"MT {m.group(1)}"
    return "round-trip" if "round-trip" in text else "spinner" if "spinner" in text else text


def main() -> None:
    ap = argparse.ArgumentParser()
    for name in ("--gold", "--texts", "--index", "--report"):
        ap.add_argument(name, required=True)
    ap.add_argument("--rule", default="")
    a = ap.parse_args()
    index = {r["file"]: mechanism(r["mechanism"]) for r in csv.DictReader(open(a.index, encoding="utf-8"), delimiter="\t")}
    report = {Path(d["path"]).name: d.get("findings", []) for d in json.loads(Path(a.report).read_text())["documents"]}
    n: Counter = Counter()
    for doc in json.loads(Path(a.gold).read_text(encoding="utf-8"))["documents"]:
        group = index.get(doc["file"], "?")
        text = (Path(a.texts) / doc["file"]).read_text(encoding="utf-8")
        spans = [(*locate(text, g["quote"], g.get("occurrence", 1)), g["category"]) for g in doc["glitches"]]
        found = [f for f in report.get(doc["file"], []) if not a.rule or f["rule"] == a.rule]
        for s, e, category in spans:
            hit = any(f["start"] < e and s < f["end"] for f in found)
            for kind in ("all", category) if category in ("calque", "other") else ("all",):
                n[group, kind, "total"] += 1
                n[group, kind, "hit"] += hit
        n[group, "findings", "total"] += len(found)
        n[group, "findings", "hit"] += sum(any(f["start"] < e and s < f["end"] for s, e, _ in spans) for f in found)
    groups = sorted({g for g, _, _ in n}, key=lambda g: (g == "edited", g))
    print(f"{'mechanism':16s} {'recall all':>11s} {'calque':>9s} {'other':>9s} {'precision':>11s}")
    for g in [*groups, "ALL"]:
        def cell(kind: str) -> str:
            keys = groups if g == "ALL" else [g]
            return f"{sum(n[k, kind, 'hit'] for k in keys)}/{sum(n[k, kind, 'total'] for k in keys)}"
        print(f"{g:16s} {cell('all'):>11s} {cell('calque'):>9s} {cell('other'):>9s} {cell('findings'):>11s}")


if __name__ == "__main__":
    main()

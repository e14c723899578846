#!/usr/bin/env python3
"""Evaluation tool (reads ../shared): the word-level error reduction of the review queue's export
when an editor accepts every finding whose span overlaps a gold glitch (and nothing else).

    python scripts/review_error_reduction.py [--gold ../shared/gold/seeds.json] [--texts seeds]

Reduction = 1 - d(exported, gold-corrected) / d(original, gold-corrected), d the word-level edit
distance of detector/training/evaluate.py summed over the documents, for the export with and without safe fixes.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from pathlib import Path

from detector.apps.review.queue import enqueue, export
from detector.apps.review.store import ReviewStore
from detector.config import find_config
from detector.findings import Finding, apply_fixes
from detector.training.evaluate import edit_distance, locate, words

REPO = Path(__file__).resolve().parents[1]


def gold_corrected(text: str, glitches: list[dict]) -> str:
    edits = []
    for g in glitches:
        start, end = locate(text, g["quote"], g.get("occurrence", 1))
        edits.append(Finding(start, end, text[start:end], "gold", g["category"], "", g["correction"], 1.0))
    return apply_fixes(text, edits)[0]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gold", type=Path, default=REPO.parent / "shared" / "gold" / "seeds.json")
    ap.add_argument("--texts", type=Path, default=REPO / "seeds")
    args = ap.parse_args()
    gold = {d["file"]: d["glitches"] for d in json.loads(args.gold.read_text(encoding="utf-8"))["documents"]}
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        with ReviewStore(out / "review.db") as store:
            enqueue(store, [str(args.texts)], find_config(args.texts))
            names = {d.id: Path(d.path).name for d in store.documents()}
            accepted = 0
            for f in store.findings():
                text = store.document(f.document_id).text
                spans = [locate(text, g["quote"], g.get("occurrence", 1)) for g in gold.get(names[f.document_id], [])]
                if any(f.start < e and s < f.end for s, e in spans):
                    store.decide(f.id, "accept", f.version, editor="gold")
                    accepted += 1
            total = len(store.findings())
            export(store, out / "safe")
            export(store, out / "strict", safe=False)
        print(f"accepted {accepted} of {total} findings (those overlapping a gold glitch)")
        print(f"{'document':<28} {'d(orig)':>8} {'d(export)':>10} {'d(--no-safe)':>13}")
        sums = [0, 0, 0]
        for name, glitches in sorted(gold.items()):
            original = (args.texts / name).read_text(encoding="utf-8")
            target = words(gold_corrected(original, glitches))
            row = [edit_distance(words(original), target)]
            row += [edit_distance(words((out / kind / name).read_text(encoding="utf-8")), target)
                    for kind in ("safe", "strict")]
            sums = [a + b for a, b in zip(sums, row)]
            print(f"{name:<28} {row[0]:>8} {row[1]:>10} {row[2]:>13}")
        print(f"{'total':<28} {sums[0]:>8} {sums[1]:>10} {sums[2]:>13}")
        print(f"error reduction: {1 - sums[1] / sums[0]:.3f} (export), {1 - sums[2] / sums[0]:.3f} (--no-safe)")


if __name__ == "__main__":
    main()

"""Evaluation tool (reads ../shared): MT801's confidence as a logistic regression over the suspects'
signals (`scripts/fluency_suspects_table.py` rows), fitted on the training corpora with
cross-validation grouped by site, its threshold set out of fold there, then applied unchanged to a
held-out corpus: the precision-recall curve of the fluency candidates alone, and the held-out report
merged with a rules-only `detect scan --format json` report for scoring with ../shared/tools/score.py.
Usage: python scripts/fit_mt801.py TABLE.jsonl TRAIN[,TRAIN...] HELD_OUT [RULES_REPORT.json OUT.json [THRESHOLD]]"""

from __future__ import annotations

import json
import math
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from fluency_sweep import gold_spans
from sklearn.linear_model import LogisticRegression

from detector.config import Config

GATE = Config.fluency_gate
TARGETS = ("calque", "other")
THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def vector(row: dict) -> list[float]:
    s = row["signals"]
    q = lambda v: max(-3.0, min(3.0, v / 4.0))  # noqa: E731  nats / 4, bounded as the candidate model does
    return [q(s["excess"]), q(s["surprisal"]), q(s["entropy"]), q(s["right_gain"]), q(s["window_gain"]),
            q(s["neighbour_excess"]), q(s["page_mean_excess"]), s["page_share_high"] * 10, q(s["deletion_right_gain"]),
            s["in_table"], s.get("variant=model", 0.0), s.get("variant=substitutions", 0.0),
            s.get("variant=deletion", 0.0), s.get("variant=none", 0.0),
            math.log1p(row["rank"]), row["zipf"] / 8.0, row["gate"]]


def eligible(row: dict) -> bool:
    """As the engine joins them: pages at the gate, suspects no rule's candidate overlaps."""
    return row["gate"] >= GATE and not row["covered_by_rule"]


def fit(rows: list[dict]) -> LogisticRegression:
    x = np.array([vector(r) for r in rows])
    y = np.array([int(bool(r["gold"])) for r in rows])
    return LogisticRegression(C=0.5, max_iter=5000).fit(x, y)


def group(row: dict) -> str:
    return row["site"] or f"{row['corpus']}:{row['doc']}"


def out_of_fold(rows: list[dict]) -> list[float]:
    out = [0.0] * len(rows)
    for g in sorted({group(r) for r in rows}):
        train = [r for r in rows if group(r) != g]
        model = fit(train)
        idx = [i for i, r in enumerate(rows) if group(r) == g]
        for i, p in zip(idx, model.predict_proba(np.array([vector(rows[i]) for i in idx]))[:, 1]):
            out[i] = float(p)
    return out


def curve(rows: list[dict], probs: list[float], corpus: str, words: dict[str, int]) -> None:
    gold = gold_spans(corpus) if corpus != "bbc" else {}
    totals = {c: sum(1 for spans in gold.values() for *_, cat in spans if cat == c) for c in TARGETS}
    print(f"== {corpus}: {len(rows)} eligible suspects; gold calque {totals.get('calque')}, other {totals.get('other')}")
    print("threshold findings precision calque_recall other_recall per_10k_words")
    for t in THRESHOLDS:
        kept = [r for r, p in zip(rows, probs) if p >= t]
        hits = sum(bool(r["gold"]) for r in kept)
        covered = defaultdict(set)
        for r in kept:
            for a, b, c in gold.get(r["doc"], []):
                if c in TARGETS and a < r["end"] and r["start"] < b:
                    covered[c].add((r["doc"], a))
        rate = 1e4 * len(kept) / max(1, sum(words.values()))
        rec = " ".join(f"{len(covered[c]) / max(1, totals[c]):.3f}({len(covered[c])})" for c in TARGETS)
        print(f"{t:9.2f} {len(kept):8d} {hits / len(kept) if kept else float('nan'):9.3f} {rec} {rate:6.2f}")


def main(table: str, train: str, held_out: str, rules_report: str | None = None, out: str | None = None,
         threshold: str = "0.7") -> None:
    rows = [json.loads(line) for line in Path(table).open()]
    words = defaultdict(dict)
    for r in rows:
        words[r["corpus"]][r["doc"]] = r["words"]
    train_rows = [r for r in rows if r["corpus"] in train.split(",") and eligible(r)]
    oof = out_of_fold(train_rows)
    for c in train.split(","):
        sub = [(r, p) for r, p in zip(train_rows, oof) if r["corpus"] == c]
        curve([r for r, _ in sub], [p for _, p in sub], c, words[c])
    model = fit(train_rows)
    names = ["excess", "surprisal", "entropy", "right_gain", "window_gain", "neighbour_excess", "page_mean_excess",
             "page_share_high", "deletion_right_gain", "in_table", "v_model", "v_subst", "v_deletion", "v_none",
             "log_rank", "zipf", "gate"]
    print("weights:", {n: round(float(w), 3) for n, w in zip(names, model.coef_[0])}, "intercept", round(float(model.intercept_[0]), 3))
    test = [r for r in rows if r["corpus"] == held_out and eligible(r)]
    probs = [float(p) for p in model.predict_proba(np.array([vector(r) for r in test]))[:, 1]] if test else []
    curve(test, probs, held_out, words[held_out])
    if rules_report and out:
        report = json.loads(Path(rules_report).read_text())
        for d in report["documents"]:
            name = Path(d["path"]).name
            mine = [(r, p) for r, p in zip(test, probs) if r["doc"] == name and p >= float(threshold)]
            for r, p in mine:
                d.setdefault("findings", []).append({"rule": "MT801", "start": r["start"], "end": r["end"],
                                                     "confidence": round(p, 3), "category": r["category"] or "calque",
                                                     "suggestion": r["replacement"]})
        Path(out).write_text(json.dumps(report), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])

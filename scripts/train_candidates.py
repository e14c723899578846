"""Training tool (reads ../shared): the candidate model retrained on every candidate, the rules' and
the language model's (MT801), with its signals as features; cross-validated by site over the seeds,
web_dev, web_dev2 and MQM zh-en (expert spans as positives), edited BBC articles as false alarms.

The language model's scores come from `scripts/fluency_data.py` caches where they hold a text (the
model runs for the rest), so a retrain after a threshold change costs minutes, not hours.

    python scripts/train_candidates.py [--cache A.pkl,B.pkl] [--bbc-ids IDS.json] [--without web_dev2]
        [--out models] [--metrics models/candidates_metrics.json]

Writes `candidates.json` (and its manifest entry) to --out and the out-of-fold figures to --metrics:
precision and recall per collection and for MT801 alone, and reliability per collection.
"""

from __future__ import annotations

import argparse
import json
import pickle
import sys
from pathlib import Path

import numpy as np
from fluency_data import SHARED, CachedScorer

from detector import __version__
from detector.fluency.mode import scoring_with
from detector.scoring import model_store as modelstore
from detector.scoring.candidate_model import MODEL_NAME
from detector.training import candidates
from detector.training.corpora import bbc_articles
from detector.training.run import _precision_recall, reliability

MQM_SYSTEMS = ("NLLB_Greedy",)


def gold(without: set[str]) -> list[candidates.GoldDocument]:
    specs = [(SHARED / "gold/seeds.json", SHARED / "seeds", "seeds"),
             (SHARED / "gold/web_dev/gold.json", SHARED / "gold/web_dev/texts", "web_dev"),
             (SHARED / "gold/web_dev2/gold.json", SHARED / "gold/web_dev2/texts", "web_dev2")]
    out = [g for f, t, name in specs if name not in without for g in candidates.read_gold(f, t, name)]
    if "mqm_zhen" not in without:
        out += candidates.read_mqm(SHARED / "data/mqm_zhen/wmt23_general_zhen_news_sxs.jsonl", MQM_SYSTEMS)
    return out


def collection_of(group: str, doc: str, by_doc: dict[str, str]) -> str:
    return by_doc.get(doc) or ("edited_lm" if group.startswith("edited-lm") else "edited")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cache", default="/tmp/fluency/lm.pkl", help="comma-separated fluency_data caches")
    ap.add_argument("--bbc-ids", help="JSON list of BBC article ids whose MT801 candidates join as false alarms")
    ap.add_argument("--without", default="", help="comma-separated collections left out (a held-out run)")
    ap.add_argument("--out", default=None, help="where to write candidates.json (default: do not write)")
    ap.add_argument("--metrics", default=None)
    ap.add_argument("--card", default=None, help="where to write the markdown summary (models/candidates.md)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-fluency", action="store_true", help="the rules' candidates only (as `detect train`)")
    a = ap.parse_args()
    paths = [Path(p) for p in a.cache.split(",")]
    scorer = CachedScorer(paths[0])
    for p in paths[1:]:
        scorer.table.update(pickle.loads(p.read_bytes()))
    docs = gold(set(filter(None, a.without.split(","))))
    articles = bbc_articles(SHARED / "data")
    ids = set(json.loads(Path(a.bbc_ids).read_text())) if a.bbc_ids else set()
    edited_lm = [x for x in articles if x[0] in ids]
    print(f"{len(docs)} gold articles, {len(edited_lm)} edited articles with MT801", file=sys.stderr)
    with scoring_with(scorer):
        model, report = candidates.train(docs, articles, a.seed, language_model=not a.no_fluency,
                                         edited_lm=[] if a.no_fluency else edited_lm)
    by_doc = {g.document.path: g.collection for g in docs}
    oof = report["out_of_fold"]
    metrics = {"examples": report["examples"], "precision_recall": {}, "mt801": {}, "reliability": {},
               "mt801_reliability": reliability([r for r in oof if r["rule"] == "MT801"] or [{"confidence": 0, "label": 0}], 0.2)}
    for c in sorted({g.collection for g in docs}):
        subset = [g for g in docs if g.collection == c]
        metrics["precision_recall"][c] = _precision_recall(oof, subset)
        metrics["mt801"][c] = _precision_recall([r for r in oof if r["rule"] == "MT801"], subset)
    for c in sorted({collection_of(r["group"], r["doc"], by_doc) for r in oof}):
        metrics["reliability"][c] = reliability([r for r in oof if collection_of(r["group"], r["doc"], by_doc) == c], 0.2)
    metrics["weights"] = {k: v for k, v in sorted(model.weights.items()) if k.startswith(("lm_", "rule=MT8"))}
    if a.out:
        modelstore.save(MODEL_NAME, model.params(), {"version": __version__, "seed": a.seed}, Path(a.out))
    text = json.dumps(metrics, indent=1, sort_keys=True) + "\n"
    if a.metrics:
        Path(a.metrics).write_text(text)
    if a.card:
        Path(a.card).write_text(card(metrics, a), encoding="utf-8")
    print(text)


def card(metrics: dict, a: argparse.Namespace) -> str:
    """The candidate model's figures as markdown: every figure out of fold by site."""
    lines = ["# Candidate model (`candidates.json`) with the fluency model's candidates", "",
             f"Written by `python scripts/train_candidates.py {' '.join(sys.argv[1:])}`.", "",
             "Logistic regression over `detector.scoring.candidate_model.features`, MT801's signals among them (`lm_*`:",
             "excess surprisal, right-context and window gain of the best variant, deletion's gain, neighbours'",
             "excess, the page's mean excess and share of high-excess words, whether a mined pair names the word).",
             "Examples: " + ", ".join(f"{k} {v}" for k, v in metrics["examples"].items()) + ".",
             "Real candidates (the gold articles, and MQM zh-en NLLB output with expert spans where it is read; held-out BBC articles) are",
             "scored out of fold: each by a model that did not see its site.", "",
             "## Precision and recall per collection (all rules; recall of every gold span)", "",
             "| collection | threshold | findings | precision | recall | MT801 findings | MT801 precision |",
             "|---|---|---|---|---|---|---|"]
    for c, rows in metrics["precision_recall"].items():
        for r, m in zip(rows, metrics["mt801"][c]):
            if r["threshold"] in (0.1, 0.3, 0.5, 0.7, 0.9):
                lines.append(f"| {c} | {r['threshold']} | {r['findings']} | {r['precision']} | {r['recall']} | "
                             f"{m['findings']} | {m['precision']} |")
    lines += ["", "## Reliability per site group (out of fold)", "",
              "| group | confidence from | findings | mean confidence | fraction real |", "|---|---|---|---|---|"]
    for c, bins in metrics["reliability"].items():
        lines += [f"| {c} | {b['from']} | {b['n']} | {b['mean_confidence']} | {b['fraction_real']} |" for b in bins]
    lines += [f"| MT801, all groups | {b['from']} | {b['n']} | {b['mean_confidence']} | {b['fraction_real']} |"
              for b in metrics["mt801_reliability"]]
    lines += ["", "## MT801 weights", "", *(f"- `{k}`: {v}" for k, v in metrics["weights"].items()), ""]
    return "\n".join(lines)


if __name__ == "__main__":
    main()

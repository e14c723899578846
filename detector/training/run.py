"""`detect train`: rebuild the shipped models from a data folder, deterministically, and write the
model card (models/README.md) with its precision-recall curve and reliability diagram."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np

from .. import __version__
from ..scoring import model_store as modelstore
from ..scoring.candidate_model import MODEL_NAME as CANDIDATE_MODEL
from ..scoring.document_model import MODEL_NAME as DOCUMENT_MODEL
from . import candidates, document
from .card import write_card
from .corpora import bbc_articles
from .pages import gold_pages


def train_all(data: Path, gold_specs: list[tuple[Path, Path, str]], out: Path, seed: int = 0,
              echo: Callable[[str], None] = print, review: list[candidates.Example] = (),
              label_specs: list[tuple[Path, Path, str]] = ()) -> dict:
    """Train both models; `gold_specs` are (gold file, texts folder, default site) triples, `review`
    editors' decisions (labelled candidates) that join the candidate model's real examples, `label_specs` gold files
    whose page labels only (not their spans) join the document model's training pages."""
    echo(f"reading {data / 'wmt21_toen' / 'flat.tsv'}, {data / 'wmt21_toen' / 'en_original.tsv'}, "
         f"{data / 'bbc_news' / 'articles.jsonl'}")
    gold = []
    for gold_file, texts, site in gold_specs:
        echo(f"reading gold {gold_file} with texts in {texts}")
        gold += candidates.read_gold(gold_file, texts, site)
    articles = bbc_articles(data)
    labelled = [p for g, t, name in [*gold_specs, *label_specs] for p in gold_pages(g, t, name)]
    echo(f"training the document model ({len(articles)} edited articles, {len(gold)} gold articles, "
         f"{len(labelled)} labelled pages besides {data / 'web_docs'})")
    doc_model, doc_report = document.train(data, labelled, articles, seed)
    echo("training the candidate model")
    cand_model, cand_report = candidates.train(gold, articles, seed, review=list(review))
    info = {"version": __version__, "seed": seed}
    (out / f"{DOCUMENT_MODEL}.npz").unlink(missing_ok=True)  # the earlier sentence model's weights
    modelstore.save(DOCUMENT_MODEL, doc_model.params(), info, out)
    modelstore.save(CANDIDATE_MODEL, cand_model.params(), info, out)
    metrics = {"document": doc_report, "candidates": _candidate_metrics(cand_report, gold),
               "data": {"folder": str(data), "gold": [str(g) for g, _, _ in gold_specs],
                        "labels": [str(g) for g, _, _ in label_specs]}}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=1, sort_keys=True) + "\n")
    write_card(out, metrics, gold, dt.date.today().isoformat())
    echo(f"wrote the models, {out / 'metrics.json'} and the model card {out / 'README.md'} in {out}")
    return metrics


def reliability(rows: list[dict], width: float = 0.1) -> list[dict]:
    """Out-of-fold candidates (`confidence`, `label`) in confidence bands of `width`: how many, their
    mean confidence and the fraction that are real glitches (the last band includes 1.0)."""
    conf = np.array([r["confidence"] for r in rows])
    labels = np.array([r["label"] for r in rows])
    bins = []
    for lo in np.arange(0.0, 1.0, width):
        sel = (conf >= lo) & (conf < lo + width + (1e-9 if lo >= 1.0 - width - 1e-9 else 0))
        if sel.any():
            bins.append({"from": round(float(lo), 1), "n": int(sel.sum()), "mean_confidence": round(float(conf[sel].mean()), 3),
                         "fraction_real": round(float(labels[sel].mean()), 3)})
    return bins


def _candidate_metrics(report: dict, gold: list[candidates.GoldDocument]) -> dict:
    oof = report["out_of_fold"]
    return {"examples": report["examples"], "reliability": reliability(oof),
            "precision_recall": precision_recall(oof, gold)}


def precision_recall(oof: list[dict], gold: list[candidates.GoldDocument]) -> dict[str, list[dict]]:
    """Span-overlap precision and recall at each threshold, for all gold articles and per collection."""
    out = {"all": _precision_recall(oof, gold)}
    for collection in sorted({g.collection for g in gold}):
        out[collection] = _precision_recall(oof, [g for g in gold if g.collection == collection])
    return out


def _precision_recall(oof: list[dict], gold: list[candidates.GoldDocument]) -> list[dict]:
    by_doc = {g.document.path: g for g in gold}
    rows = [r for r in oof if r["doc"] in by_doc]
    total = sum(len(g.spans) for g in gold)
    out = []
    for t in np.round(np.arange(0.05, 1.0, 0.05), 2):
        kept = [r for r in rows if r["confidence"] >= t]
        covered = sum(any(r["doc"] == path and r["start"] < e and s < r["end"] for r in kept)
                      for path, g in by_doc.items() for s, e in g.spans)
        out.append({"threshold": float(t), "findings": len(kept),
                    "precision": round(sum(r["label"] for r in kept) / len(kept), 3) if kept else None,
                    "recall": round(covered / total, 3) if total else None})
    return out

"""Train the document model: a sentence model on WMT21 (MT output against human translations and
original English), then a calibration layer on whole articles (held-out WMT documents, edited BBC
articles, synthetic machine-translated articles and, when given, the gold articles)."""

from __future__ import annotations

import random
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupShuffleSplit

from ..config import Config
from ..docfeatures import featurize, stats
from ..docmodel import INPUTS, DocumentModel, SentenceModel
from ..document import Document
from ..engine import run_rules
from .candidates import GoldDocument
from .corpora import Segment, wmt_segments
from .synthetic import inject


def split_segments(segments: list[Segment], seed: int) -> tuple[list[Segment], list[Segment]]:
    """80/20 by group: parallel versions of a segment and sentences of a document stay together."""
    train_idx, test_idx = next(GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
                               .split(segments, groups=[s.group for s in segments]))
    return [segments[i] for i in train_idx], [segments[i] for i in test_idx]


def fit_sentence_model(train_set: list[Segment], seed: int) -> SentenceModel:
    texts = [s.text for s in train_set]
    raw = np.array([stats(t) for t in texts])
    mean, scale = raw.mean(axis=0), raw.std(axis=0) + 1e-6
    clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000, random_state=seed)
    clf.fit(featurize(texts, mean, scale), [s.label for s in train_set])
    # Rounded so that the saved bytes do not depend on how many threads the linear algebra used.
    return SentenceModel(np.round(clf.coef_[0], 5).astype(np.float32), round(float(clf.intercept_[0]), 6),
                         np.round(mean, 6), np.round(scale, 6))


def sentence_metrics(model: SentenceModel, test_set: list[Segment]) -> dict:
    logits = np.array(model.logits([s.text for s in test_set]))
    y = np.array([s.label for s in test_set])
    correct = (logits > 0) == y
    by: dict[str, list[bool]] = defaultdict(list)
    for s, ok in zip(test_set, correct):
        by[f"{s.pair} {s.producer}"].append(bool(ok))
    return {"held_out_sentences": len(test_set), "accuracy": round(float(correct.mean()), 3),
            "auc": round(float(roc_auc_score(y, logits)), 3),
            "accuracy_by_pair_and_producer": {k: {"accuracy": round(float(np.mean(v)), 3), "n": len(v)}
                                              for k, v in sorted(by.items())}}


def wmt_documents(test_set: list[Segment]) -> list[tuple[str, int, str]]:
    """Held-out segments joined into documents (one per document id and producer), a line each."""
    docs: dict[tuple[str, str], list[Segment]] = defaultdict(list)
    for s in test_set:
        docs[(s.group, s.producer)].append(s)
    return [("\n".join(s.text for s in segs), segs[0].label, "wmt") for segs in docs.values() if len(segs) >= 3]


def fit_calibration(x: np.ndarray, y: np.ndarray, columns: list[int], seed: int) -> np.ndarray:
    """Weights for every input (zero where the column is not used), then the bias."""
    cal = LogisticRegression(class_weight="balanced", random_state=seed).fit(x[:, columns], y)
    weights = np.zeros(len(INPUTS) + 1)
    weights[columns] = cal.coef_[0]
    weights[-1] = cal.intercept_[0]
    return weights


def _score(w: np.ndarray, x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-(x @ w[:-1] + w[-1])))


def out_of_fold(x_base, y_base, x_gold, y_gold, sites: list[str], columns: list[int], seed: int) -> np.ndarray:
    """Each gold article scored by a calibration that did not see its site."""
    oof = np.zeros(len(sites))
    for site in sorted(set(sites)):
        keep = np.array([s != site for s in sites])
        w = fit_calibration(np.vstack([x_base, x_gold[keep]]), np.concatenate([y_base, y_gold[keep]]), columns, seed)
        oof[~keep] = _score(w, x_gold[~keep])
    return oof


def _auc(y: np.ndarray, p: np.ndarray) -> float | None:
    return round(float(roc_auc_score(y, p)), 3) if len(set(y.tolist())) == 2 else None


def train(data: Path, gold: list[GoldDocument], articles: list[tuple[str, str]], seed: int = 0,
          n_edited: int = 500, n_synthetic: int = 250) -> tuple[DocumentModel, dict]:
    train_set, test_set = split_segments(wmt_segments(data), seed)
    sentence_model = fit_sentence_model(train_set, seed)
    report: dict = {"sentence": sentence_metrics(sentence_model, test_set), "training_sentences": len(train_set)}
    with_sentences = DocumentModel((1.0, 0.0, 0.0, 0.0, 0.0), trained_sentences=sentence_model)

    rng = random.Random(seed + 1)
    picked = list(articles)
    rng.shuffle(picked)
    base = wmt_documents(test_set)
    base += [(text, 0, "edited") for _, text in picked[:n_edited]]
    base += [(inject(text, rng, rng.randint(3, 8))[0], 1, "synthetic")
             for _, text in picked[n_edited:n_edited + n_synthetic]]

    def inputs(doc: Document) -> list[float]:
        return with_sentences.inputs(doc, run_rules(doc, Config()))

    x_base = np.array([inputs(Document.from_text(t)) for t, _, _ in base])
    y_base = np.array([label for _, label, _ in base])
    x_gold = np.array([inputs(g.document) for g in gold]).reshape(-1, len(INPUTS))
    y_gold = np.array([int(g.machine_translated) for g in gold])
    sites = [g.site for g in gold]

    candidates = {"glitches": [1, 2, 3], "glitches+sentence": [0, 1, 2, 3]}
    trials = {name: out_of_fold(x_base, y_base, x_gold, y_gold, sites, cols, seed) if gold else np.zeros(0)
              for name, cols in candidates.items()}
    aucs = {name: _auc(y_gold, p) if gold else None for name, p in trials.items()}
    chosen = max(candidates, key=lambda n: (aucs[n] or 0.0, n == "glitches"))
    calibration = fit_calibration(np.vstack([x_base, x_gold]), np.concatenate([y_base, y_gold]),
                                  candidates[chosen], seed)
    model = DocumentModel(tuple(round(float(w), 6) for w in calibration), trained_sentences=sentence_model)
    collections = sorted({g.collection for g in gold})
    by_collection = {c: _auc(y_gold[[g.collection == c for g in gold]], trials[chosen][[g.collection == c for g in gold]])
                     for c in collections}
    report["calibration"] = {
        "documents": {kind: int(sum(1 for _, _, k in base if k == kind)) for kind in ("wmt", "edited", "synthetic")},
        "gold_documents": len(gold), "inputs": list(INPUTS), "weights": [round(float(v), 4) for v in calibration],
        "out_of_fold_auc_by_input_set": aucs, "out_of_fold_auc_by_collection": by_collection, "chosen": chosen}
    report["gold_out_of_fold"] = [{"file": Path(g.document.path).name, "site": g.site,
                                   "machine_translated": g.machine_translated, "mt_score": round(float(p), 4)}
                                  for g, p in zip(gold, trials[chosen])]
    return model, report

"""Train the document model on WMT21 (MT against human and original English) and calibrate it on
whole documents: held-out WMT documents and BBC articles."""

from __future__ import annotations

import math
from collections import defaultdict
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupShuffleSplit

from ..config import Config
from ..docfeatures import STAT_NAMES, featurize, stats
from ..docmodel import DocumentModel
from ..document import Document
from ..engine import glitch_density, run_rules
from .corpora import Segment, bbc_articles, wmt_segments


def _split(segments: list[Segment], seed: int) -> tuple[list[Segment], list[Segment]]:
    groups = [s.group for s in segments]
    train_idx, test_idx = next(GroupShuffleSplit(n_splits=1, test_size=0.2, random_state=seed)
                               .split(segments, groups=groups))
    return [segments[i] for i in train_idx], [segments[i] for i in test_idx]


def _documents(segments: list[Segment]) -> list[tuple[str, int]]:
    """Held-out segments joined into documents (one per group and producer), a line each."""
    docs: dict[tuple[str, str], list[Segment]] = defaultdict(list)
    for s in segments:
        docs[(s.group, s.producer)].append(s)
    return [("\n".join(s.text for s in segs), segs[0].label) for segs in docs.values() if len(segs) >= 3]


def _doc_inputs(model: DocumentModel, text: str) -> list[float]:
    doc = Document.from_text(text)
    logits = model.sentence_logits([s.text for s in doc.sentences if len(s.text.split()) >= 6])
    mean_logit = float(np.mean(logits)) if len(logits) else 0.0
    return [mean_logit, math.log1p(glitch_density(doc, run_rules(doc, Config())))]


def train(data: Path, seed: int = 0, bbc_limit: int = 600) -> tuple[DocumentModel, dict]:
    segments = wmt_segments(data)
    train_set, test_set = _split(segments, seed)
    texts = [s.text for s in train_set]
    raw_stats = np.array([stats(t) for t in texts])
    stat_mean, stat_scale = raw_stats.mean(axis=0), raw_stats.std(axis=0) + 1e-6
    x = featurize(texts, stat_mean, stat_scale)
    y = np.array([s.label for s in train_set])
    clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=3000, random_state=seed)
    clf.fit(x, y)
    model = DocumentModel(clf.coef_[0].astype(np.float32), float(clf.intercept_[0]),
                          stat_mean, stat_scale, np.array([1.0, 0.0, 0.0]))

    metrics = {"sentence": _sentence_metrics(model, test_set)}
    docs = _documents(test_set)
    rng = np.random.default_rng(seed)
    bbc = bbc_articles(data) if (data / "bbc_news").exists() else []
    bbc_pick = [bbc[i] for i in rng.permutation(len(bbc))[:bbc_limit]]
    docs += [(text, 0) for _, text in bbc_pick]
    inputs = np.array([_doc_inputs(model, t) for t, _ in docs])
    labels = np.array([label for _, label in docs])
    cal = LogisticRegression(class_weight="balanced", random_state=seed).fit(inputs, labels)
    calibration = np.array([cal.coef_[0][0], cal.coef_[0][1], cal.intercept_[0]])
    model = DocumentModel(model.coef, model.intercept, stat_mean, stat_scale, calibration)
    metrics["document_calibration"] = {
        "documents": len(docs), "machine_translated": int(labels.sum()),
        "auc_in_sample": round(float(roc_auc_score(labels, cal.decision_function(inputs))), 3)}
    metrics["training"] = {"segments": len(train_set), "held_out_segments": len(test_set),
                           "stat_features": list(STAT_NAMES), "seed": seed}
    return model, metrics


def _sentence_metrics(model: DocumentModel, test_set: list[Segment]) -> dict:
    logits = model.sentence_logits([s.text for s in test_set])
    pred = logits > 0
    y = np.array([s.label for s in test_set])
    by: dict[str, list[int]] = defaultdict(list)
    for s, p in zip(test_set, pred):
        by[f"{s.pair}/{s.producer}"].append(int(p == s.label))
    return {
        "accuracy": round(float(np.mean(pred == y)), 3),
        "auc": round(float(roc_auc_score(y, logits)), 3),
        "accuracy_by_pair_and_producer": {k: [round(float(np.mean(v)), 3), len(v)] for k, v in sorted(by.items())},
    }

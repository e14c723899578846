"""Train the candidate model on labelled candidates: gold articles, synthetic injections into
edited news, and the rules' false alarms on edited news."""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from ..candidates import CandidateModel, features
from ..config import Config
from ..document import Document
from ..engine import glitch_density, run_rules
from ..reader import read_document
from .corpora import bbc_articles
from .synthetic import inject

ALL = Config(min_confidence=0.0)


@dataclass
class Example:
    feats: dict[str, float]
    label: int
    group: str          # site for gold, "synthetic" or "edited" otherwise
    doc: str
    start: int
    end: int


def locate(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    i = -1
    for _ in range(occurrence):
        i = text.find(quote, i + 1)
        if i < 0:
            raise ValueError(f"gold quote not found: {quote!r}")
    return i, i + len(quote)


def label_candidates(doc: Document, spans: list[tuple[int, int]], group: str) -> list[Example]:
    found = run_rules(doc, ALL)
    density = glitch_density(doc, found)
    out = []
    for f in found:
        label = int(any(f.start < e and s < f.end for s, e in spans))
        out.append(Example(features(f, doc, found, density), label, group, doc.path, f.start, f.end))
    return out


def gold_examples(gold_file: Path, texts: Path, default_site: str) -> tuple[list[Example], list[dict]]:
    """Candidates of the gold articles, labelled by overlap; also the gold spans per document."""
    examples, documents = [], []
    for gd in json.loads(gold_file.read_text(encoding="utf-8"))["documents"]:
        doc = read_document(texts / gd["file"])
        spans = [locate(doc.text, g["quote"], g.get("occurrence", 1)) for g in gd["glitches"]]
        site = gd.get("site", default_site)
        examples += label_candidates(doc, spans, site)
        documents.append({"file": gd["file"], "site": site, "spans": spans,
                          "clean": not gd.get("machine_translated") and not gd["glitches"]})
    return examples, documents


def corpus_examples(data: Path, seed: int, n_synthetic: int = 700, n_clean: int = 700) -> list[Example]:
    """Synthetic glitches injected into BBC articles, and clean BBC articles (all candidates false)."""
    rng = random.Random(seed)
    articles = bbc_articles(data)
    rng.shuffle(articles)
    examples = []
    for art_id, text in articles[:n_synthetic]:
        new_text, spans = inject(text, rng, rng.randint(2, 6))
        doc = Document.from_text(new_text, path=f"synthetic:{art_id}")
        examples += label_candidates(doc, [(s, e) for s, e, _ in spans], "synthetic")
    for art_id, text in articles[n_synthetic:n_synthetic + n_clean]:
        examples += label_candidates(Document.from_text(text, path=f"bbc:{art_id}"), [], "edited")
    return examples


def fit(examples: list[Example], seed: int) -> CandidateModel:
    vec = DictVectorizer(sparse=False, sort=True)
    x = vec.fit_transform([e.feats for e in examples])
    y = np.array([e.label for e in examples])
    clf = LogisticRegression(C=0.5, max_iter=5000, random_state=seed).fit(x, y)
    return CandidateModel(np.array(vec.get_feature_names_out(), dtype=str), clf.coef_[0], float(clf.intercept_[0]))

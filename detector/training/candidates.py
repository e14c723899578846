"""Train the candidate model on labelled candidates: gold articles, synthetic injections into
edited news, and the rules' false alarms on edited news.

Stage one is a logistic regression over the features of `detector.scoring.candidate_model`; stage two scales its
logit (Platt) on real candidates only (gold articles and held-out edited news), so that a confidence
of 0.9 means about nine in ten such findings are real.
"""

from __future__ import annotations

import json
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression

from ..config import Config
from ..pipeline.engine import run_rules, with_fluency
from ..scoring.candidate_model import CandidateModel, features
from ..scoring.document_model import glitch_density
from ..text.document import Document
from ..text.reader import read_document
from .evaluate import locate
from .synthetic import inject

ALL = Config(min_confidence=0.0)


@dataclass
class Example:
    feats: dict[str, float]
    label: int
    group: str          # the site for gold articles, "synthetic" or "edited" otherwise
    doc: str
    start: int
    end: int


def label_candidates(doc: Document, spans: list[tuple[int, int]], group: str,
                     language_model: bool = False) -> list[Example]:
    """Every candidate of the rules in `doc` (and, with `language_model`, of MT801, joined as the
    engine joins them), labelled by whether it overlaps a gold span."""
    rules = run_rules(doc, ALL)
    density = glitch_density(doc, rules)  # the rules' evidence only, as the engine weighs it
    found = with_fluency(rules, run_rules(doc, ALL, language_model=True)) if language_model else rules
    return [Example(features(f, doc, rules, density), int(any(f.start < e and s < f.end for s, e in spans)),
                    group, doc.path, f.start, f.end) for f in found]


@dataclass
class GoldDocument:
    document: Document
    spans: list[tuple[int, int]]
    corrections: list[str]
    categories: list[str]
    site: str
    machine_translated: bool
    collection: str     # the gold file it came from (seeds, web_dev, ...)


def read_gold(gold_file: Path, texts: Path, collection: str) -> list[GoldDocument]:
    """Articles of a gold file in the format of ../shared/gold (k-th occurrence of a quote).

    Each article's site is its `site` field, else the collection's name.
    """
    out = []
    for gd in json.loads(gold_file.read_text(encoding="utf-8"))["documents"]:
        doc = read_document(texts / gd["file"])
        if not isinstance(doc, Document):
            raise ValueError(f"{texts / gd['file']}: {doc.error}")
        spans = [locate(doc.text, g["quote"], g.get("occurrence", 1)) for g in gd["glitches"]]
        out.append(GoldDocument(doc, spans, [g["correction"] for g in gd["glitches"]],
                                [g["category"] for g in gd["glitches"]], gd.get("site", collection),
                                bool(gd.get("machine_translated")), collection))
    return out


MQM_SEEN = ("Accuracy/Mistranslation", "Style/Unnatural or awkward", "Fluency/Grammar", "Terminology/")


def read_mqm(path: Path, systems: tuple[str, ...]) -> list[GoldDocument]:
    """MT output of WMT23 zh-en news (`mqm_zhen/wmt23_general_zhen_news_sxs.jsonl`) as articles, one
    per system and source document, each segment a paragraph; the gold spans are the target-side
    expert error spans an editor can see in the English (mistranslation, awkward style, grammar,
    terminology), the union over raters. The site is the source document's site."""
    segments: dict[tuple[str, str], dict[int, tuple[str, set]]] = {}
    for line in path.open(encoding="utf-8"):
        r = json.loads(line)
        if r["system"] not in systems:
            continue
        doc = segments.setdefault((r["system"], r["doc"]), {})
        _, spans = doc.setdefault(r["doc_seg_id"], (r["target"], set()))
        spans.update((e["start"], e["end"], e["category"]) for e in r["errors"]
                     if e["side"] == "target" and e["start"] is not None and e["category"].startswith(MQM_SEEN))
    out = []
    for (system, name), segs in sorted(segments.items()):
        text, spans, cats = "", [], []
        for _, (target, found) in sorted(segs.items()):
            at = len(text)
            text += target + "\n\n"
            for s, e, c in sorted(found):
                spans.append((at + s, at + e))
                cats.append(c)
        site = "mqm:" + name.split("_", 1)[-1].split(".", 1)[0]
        out.append(GoldDocument(Document.from_text(text, path=f"mqm:{system}:{name}"), spans,
                                [""] * len(spans), cats, site, True, "mqm_zhen"))
    return out


def gold_examples(docs: list[GoldDocument], language_model: bool = False) -> list[Example]:
    return [e for d in docs for e in label_candidates(d.document, d.spans, d.site, language_model)]


def synthetic_examples(articles: list[tuple[str, str]], rng: random.Random) -> list[Example]:
    examples = []
    for art_id, text in articles:
        new_text, spans = inject(text, rng, rng.randint(2, 6))
        doc = Document.from_text(new_text, path=f"synthetic:{art_id}")
        examples += label_candidates(doc, [(s, e) for s, e, _ in spans], "synthetic")
    return examples


def edited_examples(articles: list[tuple[str, str]], language_model: bool = False) -> list[Example]:
    """Every candidate in professionally edited articles: a false alarm."""
    return [e for art_id, text in articles
            for e in label_candidates(Document.from_text(text, path=f"edited:{art_id}"), [], "edited",
                                      language_model)]


def fit_stage_one(examples: list[Example], seed: int) -> CandidateModel:
    vec = DictVectorizer(sparse=False, sort=True)
    x = vec.fit_transform([e.feats for e in examples])
    y = np.array([e.label for e in examples])
    clf = LogisticRegression(C=0.5, max_iter=5000, random_state=seed).fit(x, y)
    weights = {str(n): round(float(w), 6) for n, w in zip(vec.get_feature_names_out(), clf.coef_[0])}
    return CandidateModel(weights, round(float(clf.intercept_[0]), 6), (1.0, 0.0))


def out_of_fold(train_base: list[Example], real: list[Example], seed: int) -> list[float]:
    """Stage-one logits of real candidates, each from a model that did not see its group (site)."""
    logits = [0.0] * len(real)
    for group in sorted({e.group for e in real}):
        model = fit_stage_one(train_base + [e for e in real if e.group != group], seed)
        for i, e in enumerate(real):
            if e.group == group:
                logits[i] = model.logit(e.feats)
    return logits


def platt(logits: list[float], labels: list[int], seed: int) -> tuple[float, float]:
    if len(set(labels)) < 2:
        return (1.0, 0.0)
    cal = LogisticRegression(random_state=seed).fit(np.array(logits).reshape(-1, 1), labels)
    return (round(float(cal.coef_[0][0]), 6), round(float(cal.intercept_[0]), 6))


def train(gold: list[GoldDocument], articles: list[tuple[str, str]], seed: int = 0,
          n_synthetic: int = 700, n_edited: int = 700, review: Sequence[Example] = (),
          language_model: bool = False, edited_lm: Sequence[tuple[str, str]] = ()) -> tuple[CandidateModel, dict]:
    """The final model and out-of-fold predictions on real candidates for its model card.

    `review`: editors' decisions from review queues, real candidates of their own group.
    `language_model`: the gold articles' candidates include MT801's (the model, or the scorer that
    `detector.fluency.mode.scoring_with` sets, must be at hand); `edited_lm`: edited articles whose
    MT801 candidates (only) join as false alarms (the articles are left out of the other pools).
    """
    rng = random.Random(seed)
    taken = {art_id for art_id, _ in edited_lm}
    articles = [a for a in articles if a[0] not in taken]
    rng.shuffle(articles)
    synthetic = synthetic_examples(articles[:n_synthetic], rng)
    edited = edited_examples(articles[n_synthetic:n_synthetic + n_edited])
    held_out = edited_examples(articles[n_synthetic + n_edited:n_synthetic + 2 * n_edited])
    for i, e in enumerate(held_out):
        e.group = f"edited-heldout-{i % 5}"
    # only their MT801 candidates: the rules' candidates of edited news are in the pools above, and
    # these articles may be chosen as hard cases for the language model
    with_lm = [e for e in edited_examples(list(edited_lm), language_model=True) if "rule=MT801" in e.feats]
    for e in with_lm:
        e.group = f"edited-lm-{sum(map(ord, e.doc)) % 5}"
    real = gold_examples(gold, language_model) + held_out + with_lm + list(review)
    oof = out_of_fold(synthetic + edited, real, seed)
    labels = [e.label for e in real]
    scale = platt(oof, labels, seed)
    final = fit_stage_one(synthetic + edited + real, seed)
    model = CandidateModel(final.weights, final.intercept, scale)
    calibrated = [1.0 / (1.0 + math.exp(-(scale[0] * z + scale[1]))) for z in oof]
    report = {"examples": {"synthetic": len(synthetic), "edited": len(edited), "real": len(real),
                           "real_positive": int(sum(labels)), "review": len(review)},
              "out_of_fold": [{"group": e.group, "doc": e.doc, "start": e.start, "end": e.end, "label": e.label,
                               "rule": next((k[5:] for k in e.feats if k.startswith("rule=")), ""),
                               "confidence": round(p, 4)} for e, p in zip(real, calibrated)]}
    return model, report

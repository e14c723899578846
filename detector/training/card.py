"""The model card: models/README.md with the precision-recall curve and reliability diagram."""

from __future__ import annotations

from pathlib import Path

from .. import __version__
from ..docmodel import INPUTS
from .candidates import GoldDocument


def _plots(out: Path, metrics: dict) -> list[str]:
    """Draw the two figures; without matplotlib (the `train` extra) the card goes without them."""
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return []
    fig, ax = plt.subplots(figsize=(4.5, 4))
    for name, curve in metrics["candidates"]["precision_recall"].items():
        pr = [p for p in curve if p["precision"] is not None]
        ax.plot([p["recall"] for p in pr], [p["precision"] for p in pr], marker="o", markersize=3, label=name)
        for p in pr:
            if p["threshold"] in (0.5, 0.9):
                ax.annotate(f"{p['threshold']:.1f}", (p["recall"], p["precision"]), fontsize=8)
    ax.legend(fontsize=8)
    ax.set(xlabel="recall (gold spans found)", ylabel="precision (findings on gold spans)",
           title="Candidates, out of fold by site", xlim=(0, 1.02), ylim=(0, 1.02))
    fig.tight_layout()
    fig.savefig(out / "precision_recall.png", dpi=110)
    plt.close(fig)
    rel = metrics["candidates"]["reliability"]
    fig, ax = plt.subplots(figsize=(4.5, 4))
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey")
    ax.scatter([b["mean_confidence"] for b in rel], [b["fraction_real"] for b in rel],
               s=[10 + 2 * b["n"] for b in rel])
    ax.set(xlabel="confidence", ylabel="fraction of findings that are real", title="Reliability (real candidates)",
           xlim=(0, 1.02), ylim=(-0.02, 1.02))
    fig.tight_layout()
    fig.savefig(out / "reliability.png", dpi=110)
    plt.close(fig)
    return ["precision_recall.png", "reliability.png"]


def write_card(out: Path, metrics: dict, gold: list[GoldDocument], date: str) -> None:
    images = _plots(out, metrics)
    doc = metrics["document"]
    sent = doc["sentence"]
    cal = doc["calibration"]
    cand = metrics["candidates"]
    pr_rows = "\n".join(f"| {name} | {p['threshold']:.2f} | {p['findings']} | {p['precision']} | {p['recall']} |"
                        for name, curve in cand["precision_recall"].items()
                        for p in curve if p["threshold"] in (0.1, 0.3, 0.5, 0.7, 0.9))
    rel_rows = "\n".join(f"| {b['from']:.1f} | {b['n']} | {b['mean_confidence']} | {b['fraction_real']} |"
                         for b in cand["reliability"])
    pair_rows = "\n".join(f"| {k} | {v['accuracy']} | {v['n']} |"
                          for k, v in sent["accuracy_by_pair_and_producer"].items())
    figures = "\n".join(f"![{name}]({name})" for name in images) or "(matplotlib not installed: no figures)"
    text = f"""# Model card

Version {__version__}, trained {date} by `detect train`.
Both models are logistic regressions stored without pickle: parameters as JSON, the sentence
model's weight vector as `.npz`; `manifest.json` records each file's SHA-256 and the loader refuses
a file that does not match.

## Training data and licences
- **WMT21 news test sets into English** (de, ru, zh, ja; 4 MT systems, human references) and
  **original English news** (`en_original.tsv`): research use only, texts © publishers. Used for the
  sentence model; not redistributed, only the learned weights ship.
- **BBC News** (Greene & Cunningham 2006, 2004–05): research use only, © BBC. Edited articles as
  negatives, and as hosts for synthetic glitches (`detector/training/synthetic.py`). Not redistributed.
- **Gold articles** ({len(gold)}: the seed articles and the annotated web articles of ../shared/gold),
  used with cross-validation by site: every figure below about them is out of fold.

## Candidate model (`candidates.json`): a finding's `confidence`
Features (`detector/candidates.py`): the rule and its category, the rule's own confidence, fix
applicability, span length, word frequencies in and before the span (wordfreq), capitalisation,
whether the span is inside a quotation, other rules firing in the same sentence, and the document's
glitch density. Stage two scales the logit (Platt) on real candidates only.

Examples: {cand['examples']}.
Editor decisions from review queues (`detect train --from-review`, group `review`; accepted or edited:
real, rejected: false alarm): {cand['examples'].get('review', 0)}.

Out of fold by site (each article scored by a model that did not see its site); recall counts
every gold span, including the `other` category no rule targets:

| gold | threshold | findings | precision | recall |
|---|---|---|---|---|
{pr_rows}

Reliability (out of fold, real candidates: gold articles and held-out edited articles):

| confidence from | findings | mean confidence | fraction real |
|---|---|---|---|
{rel_rows}

{figures}

## Document model (`document.json`, `document.npz`): `mt_score`
Sentence model: masked n-grams (function words and punctuation kept, other words reduced to their
shape) and text statistics (`detector/docfeatures.py`), trained on {doc['training_sentences']} WMT21
sentences, MT output against human translations and original English. Held-out sentences
({sent['held_out_sentences']}): accuracy {sent['accuracy']}, AUC {sent['auc']}.

| pair and producer | accuracy | sentences |
|---|---|---|
{pair_rows}

Calibration over document inputs {list(INPUTS)} on whole articles {cal['documents']} plus the gold
articles. Out-of-fold AUC on the gold articles by input set: {cal['out_of_fold_auc_by_input_set']};
per collection for the chosen set: {cal['out_of_fold_auc_by_collection']}; chosen:
**{cal['chosen']}**, weights {cal['weights']} (a zero weight: the input did not help on whole
articles and is not computed at run time).
"""
    (out / "README.md").write_text(text)

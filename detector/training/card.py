"""The model card: models/README.md with the precision-recall curve and reliability diagram."""

from __future__ import annotations

from pathlib import Path

from .. import __version__
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
    cand = metrics["candidates"]
    pr_rows = "\n".join(f"| {name} | {p['threshold']:.2f} | {p['findings']} | {p['precision']} | {p['recall']} |"
                        for name, curve in cand["precision_recall"].items()
                        for p in curve if p["threshold"] in (0.1, 0.3, 0.5, 0.7, 0.9))
    rel_rows = "\n".join(f"| {b['from']:.1f} | {b['n']} | {b['mean_confidence']} | {b['fraction_real']} |"
                         for b in cand["reliability"])
    figures = "\n".join(f"![{name}]({name})" for name in images) or "(matplotlib not installed: no figures)"
    text = f"""# Model card

Version {__version__}, trained {date} by `detect train`.
Both models are logistic regressions stored without pickle, as JSON; `manifest.json` records each file's SHA-256 and the loader refuses
a file that does not match.

## Training data and licences
- **WMT21 news test sets into English** (de, ru, zh, ja; 4 MT systems, human references) and
  **original English news** (`en_original.tsv`): research use only, texts © publishers. Documents of
  MT output against human translations and original English for the document model; not
  redistributed, only the learned weights ship.
- **web_docs** (../shared/data/web_docs: labelled excerpts of web news pages, mt or edited, by
  reading) and the page labels of the gold collections: the document model's main training pages,
  always split by site. Excerpts of public pages: not redistributed.
- **BBC News** (Greene & Cunningham 2006, 2004–05): research use only, © BBC. Edited articles as
  negatives (the document model trains on two thirds, a fixed third is held out), and as hosts for synthetic glitches (`detector/training/synthetic.py`). Not redistributed.
- **Gold articles** ({len(gold)}: the seed articles and the annotated web articles of ../shared/gold),
  used with cross-validation by site: every figure below about them is out of fold.

## Candidate model (`candidates.json`): a finding's `confidence`
Features (`detector/scoring/candidate_model.py`): the rule and its category, the rule's own confidence, fix
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

{document_section(doc)}
"""
    (out / "README.md").write_text(text)


def _table(header: tuple[str, ...], rows: list[tuple]) -> str:
    return "\n".join(["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
                     + ["| " + " | ".join("" if v is None else str(v) for v in r) + " |" for r in rows])


def document_section(doc: dict) -> str:
    """The document model's part of the card, from its training report."""
    tr = doc["training"]
    bd = doc["breakdown_web_docs"] or doc["breakdown"]
    mech = _table(("mechanism", "pages", "AUC against all edited pages", "recall at 0.5"),
                  [(k, v["pages"], v["auc_vs_edited"], v["recall_at_0.5"]) for k, v in bd.get("by_mechanism", {}).items()])
    length = _table(("words (prose)", "pages", "mt", "AUC"),
                    [(k, v["pages"], v["mt"], v["auc"]) for k, v in bd.get("by_length_words", {}).items()])
    coll = _table(("collection", "pages", "AUC out of fold"),
                  [(k, v["pages"], v["auc"]) for k, v in doc["breakdown"]["by_collection"].items()])
    unseen = _table(("collection", "pages", "AUC, model trained without web_dev and web_dev2"),
                    [(k, v["pages"], v["auc"]) for k, v in doc["unseen_collections"].items()])
    pr = _table(("--mt-threshold", "pages routed", "precision", "recall"),
                [(f"{r['threshold']}{' (default)' if r['threshold'] == doc['threshold'] else ''}", r["routed"],
                  r["precision"], r["recall"]) for r in doc["precision_recall_web_docs"] or doc["precision_recall"]])
    rel = _table(("mt_score from", "pages", "mean mt_score", "fraction mt"),
                 [(r["from"], r["n"], r["mean_score"], r["fraction_mt"]) for r in doc["reliability"]])
    bbc = doc["bbc_held_out"]
    topic = doc["topic_check"]
    topic_text = "(no web_docs in the training data)"
    if topic:
        topic_text = _table(("topic (k-means, no labels)", "pages", "mt share", "AUC within", "edited pages' mean mt_score"),
                            [(t["topic"], t["pages"], t["mt_share"], t["auc_within"], t["edited_mean_score"])
                             for t in topic["topics"]]) + f"""

Edited pages on the topics where at least 60 % of pages are mt: {topic['edited_on_mt_leaning_topics']};
edited pages elsewhere: {topic['edited_elsewhere']}. AUC within the mt-leaning topics
{topic['auc_within_mt_leaning_topics']}, within the others {topic['auc_within_other_topics']}."""
    weights = ", ".join(f"{n} {w:+.3f}" for n, w in doc["largest_weights"][:12])
    return f"""## Document model (`document.json`): `mt_score`
A text is cut into windows of whole sentences (about 200 words; lines of fewer than 8 words without
a sentence end are furniture and skipped). Each window gets a style profile (`detector/scoring/document_features.py`,
{doc['features']} columns: relative frequencies of the closed classes of `lexicons/closed_class.tsv`,
contractions, sentence-length distribution, type-token ratio, lexical density, wordfreq profile of
the content words, typography (quote styles, spacing), the rules' candidate density,
and the {doc['weights']['grams']} tag n-grams found in the most BBC training articles and WMT documents: one to three tags,
each closed-class word its own tag, other words their shape and Zipf band, numbers one tag, each punctuation
mark its own; the square root of their count per 100 tokens); a logistic regression (C={doc['weights']['C']}) gives its logit, the document's
logit is the word-weighted mean over its windows, and a Platt layer ({doc['calibration']}) fitted
on the web pages' out-of-fold logits makes it a probability (each window's through its own
Platt layer, {doc['window_calibration']}, fitted on the out-of-fold window logits). The language model's
statistics are not features: the gain measured does not pay for its cost (`detector/scoring/document_model.py`).

Training: {tr['web_pages']} labelled web pages from {tr['web_sites']} sites, {tr['wmt_documents']} WMT21
documents, {tr['bbc_articles']} BBC articles ({tr['bbc_threshold']} more set the default threshold, {tr['bbc_held_out']} more are held out); {tr['windows']} windows.
BBC weighs {doc['weights']['bbc']} and WMT {doc['weights']['wmt']} of the web pages' total weight.
Largest weights (standardised): {weights}.

All figures below are out of fold, 10 folds grouped by site: no site on both sides.
Site-grouped AUC on all labelled web pages {doc['out_of_fold_auc']}, on web_docs
**{doc['out_of_fold_auc_web_docs']}**.

Per mechanism (web_docs):

{mech}

Per length (web_docs, prose words of the page):

{length}

Per collection:

{coll}

Unseen collections:

{unseen}

What `--mt-threshold` buys on web_docs (out of fold):

{pr}

Reliability, out of fold by site (the Platt layer also fitted without the page's fold):

{rel}

Topic check (web_docs):

{topic_text}

Default `--mt-threshold` (`detect clean --mt-threshold` without a number): **{doc['threshold']}**, the {doc['threshold_rule']}
(held out of training; the articles below are others).

Edited news (BBC, {bbc['articles']} held-out articles): median mt_score {bbc['median_score']};
documents above 0.5: {bbc['documents_above_0.5']}, above 0.8: {bbc['documents_above_0.8']}, above the default threshold:
{bbc['documents_above_threshold']}; windows above 0.5: {bbc['windows_above_0.5']}, above 0.8: {bbc['windows_above_0.8']},
above the default threshold: **{bbc['windows_above_threshold']}**.
{bbc['joined']['articles']} of them joined into one file: mt_score {bbc['joined']['mt_score']},
{bbc['joined']['windows']} windows, above 0.5: {bbc['joined']['windows_above_0.5']}, above 0.8: {bbc['joined']['windows_above_0.8']},
above the default threshold: **{bbc['joined']['windows_above_threshold']}**.
"""

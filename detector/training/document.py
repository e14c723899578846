"""Train the document model on labelled pages and measure it out of fold, grouped by site.

Training windows: labelled web pages (web_docs, the gold collections' page labels), WMT21 documents
(MT output 1, human translations and original English 0) and two thirds of the BBC articles (0; the
other third is held out for the false-alarm check). Each page weighs the same whatever its number of
windows; BBC and WMT together weigh a fixed share of the web pages (`BBC_WEIGHT`, `WMT_WEIGHT`,
chosen by the site-grouped AUC on web_docs). Logistic regression over standardised profiles, then a
Platt layer fitted on the web pages' out-of-fold logits.

The tag n-grams the model weighs (`GRAMS`) are those found in the most BBC training articles and WMT
documents (no label is read to choose them, and no web page, so no fold's test pages).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold

from ..config import Config
from ..pipeline.engine import run_rules
from ..scoring.document_features import feature_names, gram_name
from ..scoring.document_model import DocumentModel, window_profiles
from .pages import Page, bbc_pages, held_out, sets_threshold, wmt_pages, web_docs

C = 0.0003            # inverse L2 strength: strong, the profile and n-grams make some 3,300 correlated columns
GRAMS = 1500          # tag n-grams in the model
BBC_WEIGHT = 0.5      # BBC's total weight as a share of the web pages'
WMT_WEIGHT = 0.3
FOLDS = 10
THRESHOLDS = (0.3, 0.5, 0.7, 0.8, 0.9)
LENGTH_BUCKETS = ((0, 150), (150, 300), (300, 10 ** 9))
BBC_JOINED = 300      # held-out BBC articles joined into one file for the length check
BBC_ROUTED = 0.015    # the default threshold: at most this share of edited windows and documents reach it
THRESHOLD_GRID = tuple(round(0.5 + 0.01 * i, 2) for i in range(46))  # 0.50 ... 0.95


@dataclass
class Profiled:
    page: Page
    x: np.ndarray          # one row per window: the profile features, then (`with_grams`) the n-grams'
    words: np.ndarray      # words per window
    grams: list[tuple[np.ndarray, np.ndarray, int]]  # each window's `gram_counts`


def profile_pages(pages: list[Page], names: tuple[str, ...]) -> list[Profiled]:
    out = []
    for p in pages:
        found = run_rules(p.document, Config())
        ws, prof = window_profiles(p.document, found)
        index = {n: i for i, n in enumerate(prof.names)}
        x = np.column_stack([prof.values[:, index[n]] if n in index else np.zeros(len(ws)) for n in names])
        out.append(Profiled(p, x.reshape(-1, len(names)), np.array([w.words for w in ws], dtype=float),
                            [prof.grams(i) for i in range(len(ws))]))
    return out


def gram_vocabulary(pages: list[Profiled], size: int = GRAMS) -> np.ndarray:
    """The codes of the `size` n-grams found in the most pages (ties: the smaller code), sorted."""
    codes = [np.unique(np.concatenate([g[0] for g in q.grams])) for q in pages if q.grams]
    found, pages_with = np.unique(np.concatenate(codes), return_counts=True)
    order = np.lexsort((found, -pages_with))[:size]
    return np.sort(found[order])


def with_grams(pages: list[Profiled], vocabulary: np.ndarray) -> None:
    """Append each window's n-gram frequencies over `vocabulary` to its row: the square root of the
    count per 100 tokens (it steadies the variance of rare n-grams)."""
    for q in pages:
        rows = np.zeros((len(q.grams), len(vocabulary)))
        for r, (codes, counts, n_tokens) in zip(rows, q.grams):
            pos = np.minimum(np.searchsorted(vocabulary, codes), len(vocabulary) - 1)
            hit = vocabulary[pos] == codes
            r[pos[hit]] = np.sqrt(100.0 * counts[hit] / max(n_tokens, 1))
        q.x = np.hstack([q.x, rows])


def _stack(parts: list[tuple[list[Profiled], float]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Windows, labels and weights: each page 1 shared by its windows, each part scaled to `total`."""
    xs, ys, ws = [], [], []
    for pages, total in parts:
        pages = [p for p in pages if len(p.x)]
        if not pages or total <= 0:
            continue
        for p in pages:
            xs.append(p.x)
            ys.append(np.full(len(p.x), p.page.label))
            ws.append(np.full(len(p.x), total / len(pages) / len(p.x)))
    w = np.concatenate(ws)
    return np.vstack(xs), np.concatenate(ys), w / w.mean()


def fit(web: list[Profiled], bbc: list[Profiled], wmt: list[Profiled], names: tuple[str, ...],
        seed: int) -> DocumentModel:
    n_web = len(web)
    x, y, w = _stack([(web, n_web), (bbc, BBC_WEIGHT * n_web), (wmt, WMT_WEIGHT * n_web)])
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale < 1e-9] = 1.0
    clf = LogisticRegression(C=C, class_weight="balanced", max_iter=5000, random_state=seed)
    clf.fit((x - mean) / scale, y, sample_weight=w)
    return DocumentModel(names, tuple(round(float(v), 6) for v in clf.coef_[0]), round(float(clf.intercept_[0]), 6),
                         tuple(round(float(v), 6) for v in mean), tuple(round(float(v), 6) for v in scale))


def page_logit(model: DocumentModel, p: Profiled) -> float:
    if not len(p.x):
        return model.intercept
    z = model.intercept + ((p.x - np.array(model.mean)) / np.array(model.scale)) @ np.array(model.weights)
    return float((z * p.words).sum() / p.words.sum())


def window_logits(model: DocumentModel, p: Profiled) -> np.ndarray:
    return model.intercept + ((p.x - np.array(model.mean)) / np.array(model.scale)) @ np.array(model.weights)


def platt(logits: np.ndarray, y: np.ndarray, seed: int) -> tuple[float, float]:
    cal = LogisticRegression(C=1e6, random_state=seed).fit(logits.reshape(-1, 1), y)
    return round(float(cal.coef_[0][0]), 6), round(float(cal.intercept_[0]), 6)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -50, 50)))


def _auc(y, p) -> float | None:
    y = np.asarray(y)
    return round(float(roc_auc_score(y, p)), 3) if len(set(y.tolist())) == 2 else None


def _folds(sites: list[str], seed: int) -> list[np.ndarray]:
    """Test indices of each fold; no site on both sides. Sites are shuffled by seed before GroupKFold."""
    unique = sorted(set(sites))
    order = {s: i for i, s in enumerate(np.random.RandomState(seed).permutation(unique))}
    k = min(FOLDS, len(unique))
    if k < 2:
        return []
    groups = [order[s] for s in sites]
    return [te for _, te in GroupKFold(n_splits=k).split(np.zeros(len(sites)), groups=groups)]


def out_of_fold(web, bbc, wmt, names, seed) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Each web page's logit (and its windows') from a model that saw none of its site, and its
    probability from a Platt layer fitted on the other folds' logits (so the reliability table is out
    of fold too)."""
    folds = _folds([p.page.site for p in web], seed)
    logits = np.zeros(len(web))
    windows: list[np.ndarray] = [np.zeros(0)] * len(web)
    for te in folds:
        held = set(te.tolist())
        model = fit([p for i, p in enumerate(web) if i not in held], bbc, wmt, names, seed)
        logits[te] = [page_logit(model, web[i]) for i in te]
        for i in te:
            windows[i] = window_logits(model, web[i]) if len(web[i].x) else np.zeros(0)
    y = np.array([p.page.label for p in web])
    probs = np.zeros(len(web))
    for te in folds:
        rest = np.ones(len(web), dtype=bool)
        rest[te] = False
        if len(set(y[rest].tolist())) < 2:
            probs[te] = 0.5
            continue
        a, b = platt(logits[rest], y[rest], seed)
        probs[te] = _sigmoid(a * logits[te] + b)
    return logits, probs, windows


def _rate(p: np.ndarray, t: float) -> float | None:
    return round(float((p >= t).mean()), 4) if len(p) else None


def precision_recall(y: np.ndarray, p: np.ndarray, default: float | None = None) -> list[dict]:
    """Pages routed, precision and recall at each of THRESHOLDS and the `default` threshold."""
    out = []
    for t in sorted(set(THRESHOLDS) | ({default} if default is not None else set())):
        routed = p >= t
        out.append({"threshold": t, "routed": int(routed.sum()),
                    "precision": round(float(y[routed].mean()), 3) if routed.any() else None,
                    "recall": round(float(routed[y == 1].mean()), 3) if (y == 1).any() else None})
    return out


def reliability(y: np.ndarray, p: np.ndarray) -> list[dict]:
    bins = []
    for lo in np.round(np.arange(0.0, 1.0, 0.1), 1):
        sel = (p >= lo) & ((p < lo + 0.1) if lo < 0.9 else (p <= 1.0))
        if sel.any():
            bins.append({"from": float(lo), "n": int(sel.sum()), "mean_score": round(float(p[sel].mean()), 3),
                         "fraction_mt": round(float(y[sel].mean()), 3)})
    return bins


def breakdown(web: list[Profiled], p: np.ndarray) -> dict:
    """AUC of each mechanism's pages against all edited pages, per collection, per length bucket."""
    y = np.array([q.page.label for q in web])
    edited = y == 0
    groups = Counter(q.page.mechanism_group for q in web if q.page.label)
    by_mechanism = {}
    for g, n in sorted(groups.items(), key=lambda kv: (-kv[1], kv[0])):
        sel = np.array([q.page.label == 1 and q.page.mechanism_group == g for q in web])
        by_mechanism[g] = {"pages": n, "auc_vs_edited": _auc(y[sel | edited], p[sel | edited]),
                           "recall_at_0.5": round(float((p[sel] >= 0.5).mean()), 3)}
    by_collection = {}
    for c in sorted({q.page.collection for q in web}):
        sel = np.array([q.page.collection == c for q in web])
        by_collection[c] = {"pages": int(sel.sum()), "auc": _auc(y[sel], p[sel])}
    words = np.array([q.words.sum() for q in web])
    by_length = {}
    for lo, hi in LENGTH_BUCKETS:
        sel = (words >= lo) & (words < hi)
        by_length[f"{lo}-{hi if hi < 10 ** 9 else ''}"] = {"pages": int(sel.sum()), "mt": int(y[sel].sum()),
                                                           "auc": _auc(y[sel], p[sel]) if sel.any() else None}
    return {"by_mechanism": by_mechanism, "by_collection": by_collection, "by_length_words": by_length}


def topic_check(web: list[Profiled], p: np.ndarray, seed: int, k: int = 8) -> dict:
    """Topics found without labels (k-means over TF-IDF of each page's content words); for the topics
    where most pages are mt, the scores of their edited pages against edited pages elsewhere. If topic
    carried the score, edited pages on mt-leaning topics would score high."""
    from sklearn.cluster import KMeans
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [q.page.document.body for q in web]
    if len(texts) < 2 * k:
        return {}
    tfidf = TfidfVectorizer(stop_words="english", min_df=3, max_df=0.5, token_pattern=r"(?u)\b[^\W\d_]{3,}\b")
    topic = KMeans(n_clusters=k, n_init=10, random_state=seed).fit_predict(tfidf.fit_transform(texts))
    y = np.array([q.page.label for q in web])
    rows = []
    for t in range(k):
        sel = topic == t
        rows.append({"topic": t, "pages": int(sel.sum()), "mt_share": round(float(y[sel].mean()), 3),
                     "auc_within": _auc(y[sel], p[sel]),
                     "edited_mean_score": round(float(p[sel & (y == 0)].mean()), 3) if (sel & (y == 0)).any() else None})
    leaning = np.isin(topic, [r["topic"] for r in rows if r["mt_share"] >= 0.6])
    ed = y == 0
    return {"topics": rows,
            "edited_on_mt_leaning_topics": {"pages": int((leaning & ed).sum()),
                                            "mean_score": round(float(p[leaning & ed].mean()), 3) if (leaning & ed).any() else None,
                                            "above_0.5": _rate(p[leaning & ed], 0.5)},
            "edited_elsewhere": {"pages": int((~leaning & ed).sum()),
                                 "mean_score": round(float(p[~leaning & ed].mean()), 3) if (~leaning & ed).any() else None,
                                 "above_0.5": _rate(p[~leaning & ed], 0.5)},
            "auc_within_mt_leaning_topics": _auc(y[leaning], p[leaning]),
            "auc_within_other_topics": _auc(y[~leaning], p[~leaning])}


def _bbc_scores(model: DocumentModel, pages: list[Profiled]) -> tuple[np.ndarray, np.ndarray]:
    """The documents' and the windows' probabilities."""
    doc_p = np.array([model.probability(page_logit(model, q)) for q in pages])
    a, b = model.window_calibration
    return doc_p, np.concatenate([_sigmoid(a * window_logits(model, q) + b) for q in pages if len(q.x)] or [np.zeros(0)])


def default_threshold(model: DocumentModel, bbc_set: list[Profiled]) -> float:
    """The least threshold of THRESHOLD_GRID that at most BBC_ROUTED of these edited articles'
    documents and windows reach (the last of the grid if none; the first without articles)."""
    doc_p, win_p = _bbc_scores(model, bbc_set)
    if not len(win_p):
        return THRESHOLD_GRID[0]
    for t in THRESHOLD_GRID:
        if (doc_p >= t).mean() <= BBC_ROUTED and (win_p >= t).mean() <= BBC_ROUTED:
            return t
    return THRESHOLD_GRID[-1]


def bbc_check(model: DocumentModel, bbc_held: list[Profiled], names: tuple[str, ...], vocabulary: np.ndarray) -> dict:
    """False alarms on held-out BBC articles, alone and joined into one file (documents and windows),
    at 0.5, 0.8 and the model's default threshold."""
    doc_p, win_p = _bbc_scores(model, bbc_held)
    a, b = model.window_calibration
    from ..text.document import Document

    joined_text = "\n\n".join(q.page.document.text for q in bbc_held[:BBC_JOINED])
    joined = profile_pages([Page(Document.from_text(joined_text), 0, "bbc:joined", "bbc")], names)[0]
    with_grams([joined], vocabulary)
    joined_win = _sigmoid(a * window_logits(model, joined) + b)
    out = {"articles": len(bbc_held), "median_score": round(float(np.median(doc_p)), 3) if len(doc_p) else None,
           "joined": {"articles": min(BBC_JOINED, len(bbc_held)), "windows": len(joined_win),
                      "mt_score": round(model.probability(page_logit(model, joined)), 3)}}
    for key, t in (("0.5", 0.5), ("0.8", 0.8), ("threshold", model.threshold)):
        out[f"documents_above_{key}"] = _rate(doc_p, t)
        out[f"windows_above_{key}"] = _rate(win_p, t)
        out["joined"][f"windows_above_{key}"] = _rate(joined_win, t)
    return out


def train(data, label_pages: list[Page], articles: list[tuple[str, str]], seed: int = 0,
          held_out_collections: tuple[str, ...] = ("web_dev", "web_dev2")) -> tuple[DocumentModel, dict]:
    """The shipped model (every web page, WMT, the BBC training share) and its out-of-fold report."""
    names = feature_names()
    web = profile_pages(web_docs(data) + label_pages, names)
    bbc_all = profile_pages(bbc_pages(articles), names)
    bbc = [q for q in bbc_all if not held_out(q.page)]
    bbc_held = [q for q in bbc_all if held_out(q.page) and not sets_threshold(q.page)]
    bbc_threshold = [q for q in bbc_all if sets_threshold(q.page)]
    wmt = profile_pages(wmt_pages(data), names)
    vocabulary = gram_vocabulary(bbc + wmt)
    with_grams(web + bbc_all + wmt, vocabulary)
    dense = names
    names = names + tuple(gram_name(int(c)) for c in vocabulary)
    y = np.array([q.page.label for q in web])

    logits, oof, oof_windows = out_of_fold(web, bbc, wmt, names, seed)
    model = fit(web, bbc, wmt, names, seed)
    calibration = platt(logits, y, seed) if len(set(y.tolist())) == 2 else (1.0, 0.0)
    win_y = np.concatenate([np.full(len(w), q.page.label) for q, w in zip(web, oof_windows)])
    win_z = np.concatenate(oof_windows)
    window_calibration = platt(win_z, win_y, seed) if len(set(win_y.tolist())) == 2 else calibration
    model = DocumentModel(model.features, model.weights, model.intercept, model.mean, model.scale, calibration,
                          window_calibration)
    model = replace(model, threshold=default_threshold(model, bbc_threshold))

    unseen = {}
    for c in held_out_collections:
        test = [q for q in web if q.page.collection == c]
        train_web = [q for q in web if q.page.collection not in held_out_collections]
        if test and train_web:
            m = fit(train_web, bbc, wmt, names, seed)
            unseen[c] = {"pages": len(test), "auc": _auc([q.page.label for q in test],
                                                         [page_logit(m, q) for q in test])}
    web_docs_sel = np.array([q.page.collection == "web_docs" for q in web])
    report = {
        "features": len(names),
        "training": {"web_pages": len(web), "web_sites": len({q.page.site for q in web}),
                     "wmt_documents": len(wmt), "bbc_articles": len(bbc), "bbc_held_out": len(bbc_held),
                     "bbc_threshold": len(bbc_threshold),
                     "windows": int(sum(len(q.x) for q in web + bbc + wmt))},
        "weights": {"C": C, "bbc": BBC_WEIGHT, "wmt": WMT_WEIGHT, "grams": len(vocabulary)},
        "calibration": list(calibration), "window_calibration": list(window_calibration),
        "threshold": model.threshold, "threshold_rule": f"least of 0.50-0.95 that at most {BBC_ROUTED:.1%} of "
                                                        f"{len(bbc_threshold)} BBC articles' documents and windows reach",
        "out_of_fold_auc": _auc(y, oof),
        "out_of_fold_auc_web_docs": _auc(y[web_docs_sel], oof[web_docs_sel]) if web_docs_sel.any() else None,
        "unseen_collections": unseen,
        "breakdown": breakdown(web, oof),
        "breakdown_web_docs": breakdown([q for q in web if q.page.collection == "web_docs"], oof[web_docs_sel])
        if web_docs_sel.any() else {},
        "reliability": reliability(y, oof),
        "precision_recall": precision_recall(y, oof, model.threshold),
        "precision_recall_web_docs": precision_recall(y[web_docs_sel], oof[web_docs_sel], model.threshold)
        if web_docs_sel.any() else [],
        "topic_check": topic_check([q for q in web if q.page.collection == "web_docs"], oof[web_docs_sel], seed)
        if web_docs_sel.any() else {},
        "bbc_held_out": bbc_check(model, bbc_held, dense, vocabulary),
        "largest_weights": sorted(((n, round(w, 3)) for n, w in zip(names, model.weights)),
                                  key=lambda nw: -abs(nw[1]))[:20],
        "pages_out_of_fold": [{"page": q.page.document.path.rsplit("/", 1)[-1], "site": q.page.site,
                               "collection": q.page.collection, "label": q.page.label,
                               "mt_score": round(float(p), 4)} for q, p in zip(web, oof)
                              if q.page.collection != "web_docs"],
    }
    return model, report

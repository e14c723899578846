"""The document model: the probability that a text is machine-translated or spun, without its source.

A text is cut into windows of whole sentences (about 200 words; `windows`). Each window gets a
style profile (`document_features.profile`: function words, sentence shape, word frequency, typography,
the rules' candidate density) and a logit from a logistic regression over the standardised
profile. The document's logit is the mean of its windows' logits weighted by their words, so a page
scores the same alone, repeated, or joined with pages of its kind; a calibration layer (Platt,
fitted on pages of sites held out of the regression) turns the document's logit into a probability,
and another, fitted on single windows, each window's.

The language model (`detector.fluency`) is not a feature: its window statistics (mean surprisal,
its spread, share above 12 bits, mean excess over the frequency-and-entropy expectation) raised the
site-grouped web_docs AUC from 0.878 to 0.885 in the joint model and to 0.890 stacked on it, at about
135 words/s against the profile's tens of thousands (2026-12-03, a 260-article BBC and 300-document
WMT subsample).
"""

from __future__ import annotations

import bisect
import math
import operator
from dataclasses import dataclass
from functools import cached_property, lru_cache
from typing import Any

from . import model_store as modelstore
import numpy as np

from ..findings import Finding
from ..text.document import Document
from .document_features import GRAM_PREFIX, Profiles, gram_code_of, is_word, profiles, tokenise

MODEL_NAME = "document"
WINDOW_WORDS = 200      # a window closes at the first sentence end past this many words
MIN_WINDOW_WORDS = 100  # a shorter last window joins the one before
MIN_PROSE_WORDS = 8     # a shorter line without a sentence end is page furniture (headline, caption, menu)


def glitch_density(doc: Document, findings: list[Finding]) -> float:
    """Confidence-weighted findings per 1,000 words."""
    return 1000.0 * sum(f.confidence for f in findings) / max(doc.n_words, 50)


@dataclass
class Window:
    start: int
    end: int
    paragraphs: list[list[str]]  # the prose sentences of the window, by paragraph
    words: int


@dataclass
class Prose:
    """A document's prose cut into windows, and its sentences' tokens (`document_features.tokenise`)."""

    windows: list[Window]
    tokens: tuple[np.ndarray, np.ndarray]  # the kept sentences' token ids and sentence indices


def _is_prose(text: str, words: int) -> bool:
    return text.rstrip("”\"’') ").endswith((".", "!", "?")) or words >= MIN_PROSE_WORDS


def prose(doc: Document) -> Prose:
    """The body's prose (furniture lines skipped) in consecutive windows of whole sentences; tokenised
    once per document (`Document.memo`)."""
    return doc.memo("document_model.prose", lambda: _prose(doc))


def _prose(doc: Document) -> Prose:
    sentences, k = doc.sentences, 0
    paragraphs: list[tuple[object, list]] = []
    for para in doc.paragraphs:
        while k < len(sentences) and sentences[k].start < para.start:
            k += 1
        first = k
        while k < len(sentences) and sentences[k].start < para.end:
            k += 1
        paragraphs.append((para, sentences[first:k] or [para]))
    # one tokeniser pass over every paragraph's sentences, then the furniture lines dropped
    flat = [s for _, sents in paragraphs for s in sents]
    ids, tok_sent = tokenise([s.text for s in flat])
    words = np.bincount(tok_sent[is_word(ids)], minlength=len(flat)).tolist()
    keep_sent = [False] * len(flat)
    out: list[Window] = []
    current: Window | None = None
    i = 0
    for para, sents in paragraphs:
        n = len(sents)
        if not _is_prose(para.text, sum(words[i:i + n])):
            i += n
            continue
        for j, s in enumerate(sents):
            keep_sent[i + j] = True
            if current is None:
                current = Window(s.start, s.end, [], 0)
                out.append(current)
            if j == 0 or not current.paragraphs:
                current.paragraphs.append([])
            current.paragraphs[-1].append(s.text)
            current.end = s.end
            current.words += words[i + j]
            if current.words >= WINDOW_WORDS:
                current = None
        i += n
    if len(out) > 1 and out[-1].words < MIN_WINDOW_WORDS:
        last = out.pop()
        out[-1].end = last.end
        out[-1].paragraphs.extend(last.paragraphs)
        out[-1].words += last.words
    keep_sent = np.array(keep_sent, dtype=bool)
    kept_index = np.cumsum(keep_sent) - 1
    keep_tok = keep_sent[tok_sent]
    return Prose(out, (ids[keep_tok], kept_index[tok_sent[keep_tok]]))


def windows(doc: Document) -> list[Window]:
    """Consecutive windows of whole sentences covering the body's prose (furniture lines skipped)."""
    return prose(doc).windows


def window_profiles(doc: Document, findings: list[Finding]) -> tuple[list[Window], Profiles]:
    """The document's windows and their profiles; the findings counted are those that start inside a window."""
    text = prose(doc)
    ws = text.windows
    ordered = sorted(findings, key=lambda f: f.start)
    starts = [f.start for f in ordered]
    density = []
    for w in ws:
        conf = sum(f.confidence for f in ordered[bisect.bisect_left(starts, w.start):bisect.bisect_left(starts, w.end)])
        density.append(1000.0 * conf / max(w.words, 50))
    out = profiles([w.paragraphs for w in ws], density, text.tokens)
    return ws, out


def _sigmoid(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))


@dataclass(frozen=True)
class WindowScore:
    start: int
    end: int
    words: int
    mt_score: float


@dataclass(frozen=True, eq=True)
class DocumentModel:
    """Logistic regression over standardised window profiles and tag n-gram frequencies (features
    named `gram=...`: the square root of the n-gram's count per 100 tokens), then Platt calibration
    of the logit."""

    features: tuple[str, ...]
    weights: tuple[float, ...]
    intercept: float
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    calibration: tuple[float, float] = (1.0, 0.0)  # a document's probability = sigmoid(a * logit + b)
    window_calibration: tuple[float, float] = (1.0, 0.0)  # a window's, fitted on windows (they are noisier)
    threshold: float = 0.5  # the default --mt-threshold: set in training so that edited news stays below it

    def window_logit(self, feats: dict[str, float], grams: tuple[np.ndarray, np.ndarray, int] | None = None) -> float:
        """A profile feature the window lacks (the fluency statistics without the fluency module)
        counts as the training mean: it moves the logit neither way. An n-gram the window lacks
        counts 0; without `grams` (`document_features.gram_counts`) every n-gram counts its training mean."""
        dense, coefs, offset, codes, gram_coefs, gram_mean = self._linear
        try:
            values = self._getter(feats)
        except KeyError:
            values = [feats.get(n, m) for n, m in dense]
        z = offset + sum(map(operator.mul, coefs, values))
        if grams is None:
            return z + gram_mean
        found, counts, n_tokens = grams
        if not len(codes) or not len(found):
            return z
        pos = np.minimum(np.searchsorted(codes, found), len(codes) - 1)
        hit = codes[pos] == found
        return z + float(gram_coefs[pos[hit]] @ np.sqrt(100.0 * counts[hit] / max(n_tokens, 1)))

    @cached_property
    def _column_cache(self) -> dict[tuple[str, ...], tuple[np.ndarray, np.ndarray, float]]:
        return {}

    def _columns(self, names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, float]:
        """For profiles over `names`: the columns of the model's profile features, their coefficients,
        and what the features `names` lacks add (each its training mean)."""
        found = self._column_cache.get(names)
        if found is None:
            found = self._column_cache[names] = self._find_columns(names)
        return found

    def _find_columns(self, names: tuple[str, ...]) -> tuple[np.ndarray, np.ndarray, float]:
        dense, coefs, *_ = self._linear
        index = {n: i for i, n in enumerate(names)}
        have = [(index[n], c) for (n, _), c in zip(dense, coefs) if n in index]
        fixed = sum(c * m for (n, m), c in zip(dense, coefs) if n not in index)
        return (np.array([i for i, _ in have], dtype=np.int64), np.array([c for _, c in have], dtype=float), float(fixed))

    @cached_property
    def _getter(self) -> Any:
        """The profile features' values from a profile that has them all, in order."""
        names = [n for n, _ in self._linear[0]]
        return operator.itemgetter(*names) if len(names) > 1 else (lambda feats: [feats[n] for n in names])

    @cached_property
    def _linear(self) -> tuple:
        """The regression on raw values: the profile features (name, mean) and their coefficients
        w / s, the offset, the n-grams' sorted codes and coefficients, and their mean contribution."""
        coefs = [w / s for w, s in zip(self.weights, self.scale)]
        offset = self.intercept - sum(c * m for c, m in zip(coefs, self.mean))
        dense = [(i, n) for i, n in enumerate(self.features) if not n.startswith(GRAM_PREFIX)]
        grams = sorted((gram_code_of(n), i) for i, n in enumerate(self.features) if n.startswith(GRAM_PREFIX))
        gram_coefs = np.array([coefs[i] for _, i in grams], dtype=float)
        gram_mean = float(sum(coefs[i] * self.mean[i] for _, i in grams))
        return ([(n, self.mean[i]) for i, n in dense], [coefs[i] for i, _ in dense], offset,
                np.array([c for c, _ in grams], dtype=np.int64), gram_coefs, gram_mean)

    def probability(self, logit: float, window: bool = False) -> float:
        a, b = self.window_calibration if window else self.calibration
        return _sigmoid(a * logit + b)

    def window_logits(self, prof: Profiles) -> np.ndarray:
        """`window_logit` of every window of `prof` at once."""
        _, _, offset, codes, gram_coefs, _ = self._linear
        cols, coefs, fixed = self._columns(prof.names)
        z = offset + fixed + prof.values[:, cols] @ coefs
        if len(codes) and len(prof.gram_codes):
            pos = np.minimum(np.searchsorted(codes, prof.gram_codes), len(codes) - 1)
            hit = codes[pos] == prof.gram_codes
            win = prof.gram_window[hit]
            freq = np.sqrt(100.0 * prof.gram_totals[hit] / np.maximum(prof.n_tokens[win], 1))
            z = z + np.bincount(win, weights=gram_coefs[pos[hit]] * freq, minlength=len(prof))
        return z

    def score_windows(self, doc: Document, findings: list[Finding]) -> tuple[float, list[WindowScore]]:
        """The document's probability and each window's. A text without prose gets the prior
        (the calibrated intercept) and no window."""
        ws, prof = window_profiles(doc, findings)
        if not ws:
            return self.probability(self.intercept), []
        z = self.window_logits(prof)
        words = np.array([w.words for w in ws], dtype=float)
        logit = float(words @ z) / max(words.sum(), 1)
        return self.probability(logit), [WindowScore(w.start, w.end, w.words, round(self.probability(float(zi), window=True), 3))
                                         for w, zi in zip(ws, z)]

    def score(self, doc: Document, findings: list[Finding]) -> float:
        return self.score_windows(doc, findings)[0]

    def params(self) -> dict:
        return {"features": list(self.features), "weights": list(self.weights), "intercept": self.intercept,
                "mean": list(self.mean), "scale": list(self.scale), "calibration": list(self.calibration),
                "window_calibration": list(self.window_calibration), "threshold": self.threshold,
                "window_words": WINDOW_WORDS, "min_window_words": MIN_WINDOW_WORDS}

    @classmethod
    def from_params(cls, p: dict) -> "DocumentModel":
        return cls(tuple(p["features"]), tuple(p["weights"]), float(p["intercept"]), tuple(p["mean"]),
                   tuple(p["scale"]), tuple(p["calibration"]), tuple(p["window_calibration"]),
                   float(p.get("threshold", 0.5)))


@lru_cache(maxsize=1)
def load_document_model() -> DocumentModel | None:
    """The shipped model, or None when none has been trained (scores then fall back to rules).

    A model file that does not match its manifest raises ModelError: it is never used silently.
    """
    try:
        return DocumentModel.from_params(modelstore.load(MODEL_NAME))
    except modelstore.ModelMissing:
        return None

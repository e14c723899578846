"""The document model: the probability that a text is machine-translated or spun, without its source.

A text is cut into windows of whole sentences (about 200 words; `windows`). Each window gets a
style profile (`document_features.profile`: function words, sentence shape, word frequency, typography,
the rules' candidate density) and a logit from a logistic regression over the standardised
profile. The document's logit is the mean of its windows' logits weighted by their words, so a page
scores the same alone, repeated, or joined with pages of its kind; a calibration layer (Platt,
fitted on pages of sites held out of the regression) turns the document's logit into a probability,
and another, fitted on single windows, each window's.

Fluency hook: when `detector.fluency` is importable and exposes `token_surprisals(text) -> list[float]`
(one surprisal in bits per word token), the profile gains `fluency_surprisal_mean`,
`fluency_surprisal_sd` and `fluency_high_surprisal` (share of tokens above 12 bits). `detect train`
uses them only when the module is present at training time, and records the feature list in the
model; the shipped model was trained without them and never imports the module.
"""

from __future__ import annotations

import bisect
import importlib
import math
import operator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import Any

from . import model_store as modelstore
import numpy as np

from ..findings import Finding
from ..text.document import Document
from .document_features import GRAM_PREFIX, TAG_TOKEN_RE, TOKEN_RE, gram_code_of, gram_counts, profile, tags

MODEL_NAME = "document"
WINDOW_WORDS = 200      # a window closes at the first sentence end past this many words
MIN_WINDOW_WORDS = 100  # a shorter last window joins the one before
MIN_PROSE_WORDS = 8     # a shorter line without a sentence end is page furniture (headline, caption, menu)
FLUENCY_FEATURES = ("fluency_surprisal_mean", "fluency_surprisal_sd", "fluency_high_surprisal")
HIGH_SURPRISAL_BITS = 12.0


def glitch_density(doc: Document, findings: list[Finding]) -> float:
    """Confidence-weighted findings per 1,000 words."""
    return 1000.0 * sum(f.confidence for f in findings) / max(doc.n_words, 50)


@dataclass
class Window:
    start: int
    end: int
    paragraphs: list[list[str]]  # the prose sentences of the window, by paragraph
    words: int
    tokens: list[list[str]] = field(default_factory=list)  # each sentence's words (TOKEN_RE), in order
    tags: list[int] = field(default_factory=list)  # the sentences' `document_features.tags`, one after another


def _is_prose(text: str) -> bool:
    return text.rstrip("”\"’') ").endswith((".", "!", "?")) or len(TOKEN_RE.findall(text)) >= MIN_PROSE_WORDS


def windows(doc: Document) -> list[Window]:
    """Consecutive windows of whole sentences covering the body's prose (furniture lines skipped)."""
    out: list[Window] = []
    current: Window | None = None
    sentences, k = doc.sentences, 0
    for para in doc.paragraphs:
        while k < len(sentences) and sentences[k].start < para.start:
            k += 1
        first = k
        while k < len(sentences) and sentences[k].start < para.end:
            k += 1
        if not _is_prose(para.text):
            continue
        sents = sentences[first:k] or [para]
        for i, s in enumerate(sents):
            if current is None:
                current = Window(s.start, s.end, [], 0)
                out.append(current)
            if i == 0 or not current.paragraphs:
                current.paragraphs.append([])
            current.paragraphs[-1].append(s.text)
            current.end = s.end
            every = TAG_TOKEN_RE.findall(s.text)
            current.tags.extend(tags(every))
            current.tokens.append([t for t in every if t[0].isalnum()])
            current.words += len(current.tokens[-1])
            if current.words >= WINDOW_WORDS:
                current = None
    if len(out) > 1 and out[-1].words < MIN_WINDOW_WORDS:
        last = out.pop()
        out[-1].end = last.end
        out[-1].paragraphs.extend(last.paragraphs)
        out[-1].tokens.extend(last.tokens)
        out[-1].tags.extend(last.tags)
        out[-1].words += last.words
    return out


def fluency_surprisals() -> Any:
    """`detector.fluency.token_surprisals` when that module is installed, else None."""
    try:
        fluency = importlib.import_module("detector.fluency")
    except ImportError:
        return None
    return getattr(fluency, "token_surprisals", None)


def window_profiles(doc: Document, findings: list[Finding], fluency: bool = False) -> list[tuple[Window, dict]]:
    """Each window with its profile; the findings counted are those that start inside it."""
    scorer = fluency_surprisals() if fluency else None
    out = []
    ordered = sorted(findings, key=lambda f: f.start)
    starts = [f.start for f in ordered]
    for w in windows(doc):
        conf = sum(f.confidence for f in ordered[bisect.bisect_left(starts, w.start):bisect.bisect_left(starts, w.end)])
        feats = profile(w.paragraphs, 1000.0 * conf / max(w.words, 50), w.tokens)
        if scorer is not None:
            bits = [float(b) for b in scorer("\n".join(" ".join(p) for p in w.paragraphs))] or [0.0]
            mean = sum(bits) / len(bits)
            feats.update({"fluency_surprisal_mean": mean,
                          "fluency_surprisal_sd": math.sqrt(sum((b - mean) ** 2 for b in bits) / len(bits)),
                          "fluency_high_surprisal": sum(b > HIGH_SURPRISAL_BITS for b in bits) / len(bits)})
        out.append((w, feats))
    return out


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

    @cached_property
    def uses_fluency(self) -> bool:
        return any(f in FLUENCY_FEATURES for f in self.features)

    def score_windows(self, doc: Document, findings: list[Finding]) -> tuple[float, list[WindowScore]]:
        """The document's probability and each window's. A text without prose gets the prior
        (the calibrated intercept) and no window."""
        scored = [(w, self.window_logit(f, gram_counts(w.tags)))
                  for w, f in window_profiles(doc, findings, self.uses_fluency)]
        if not scored:
            return self.probability(self.intercept), []
        words = sum(w.words for w, _ in scored)
        logit = sum(w.words * z for w, z in scored) / max(words, 1)
        return self.probability(logit), [WindowScore(w.start, w.end, w.words, round(self.probability(z, window=True), 3))
                                         for w, z in scored]

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

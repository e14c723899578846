"""The document model: the probability that a text is machine-translated, without its source.

Two parts: a sentence model (logistic regression over masked n-grams and text statistics, trained
on WMT21 MT output against human English) and a calibration layer over document inputs: the mean
sentence logit and the density of glitches the rules find. Training keeps an input only where it
raises the out-of-fold AUC on whole articles, so a zero weight means the input did not help.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import modelstore
from .docfeatures import featurize
from .document import Document
from .findings import Finding

MODEL_NAME = "document"
MIN_SENTENCE_WORDS = 6
INPUTS = ("sentence_logit", "log_glitch_density", "log_rules_fired", "log_findings")


def glitch_density(doc: Document, findings: list[Finding]) -> float:
    """Confidence-weighted findings per 1,000 words."""
    return 1000.0 * sum(f.confidence for f in findings) / max(doc.n_words, 50)


@dataclass(frozen=True)
class DocumentModel:
    coef: np.ndarray
    intercept: float
    stat_mean: np.ndarray
    stat_scale: np.ndarray
    calibration: np.ndarray  # one weight per INPUTS, then the bias

    def sentence_logits(self, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros(0)
        return featurize(sentences, self.stat_mean, self.stat_scale) @ self.coef + self.intercept

    def inputs(self, doc: Document, findings: list[Finding], need_sentences: bool = True) -> np.ndarray:
        logit = 0.0
        if need_sentences:
            logits = self.sentence_logits([s.text for s in doc.sentences
                                           if len(s.text.split()) >= MIN_SENTENCE_WORDS])
            logit = float(np.mean(logits)) if len(logits) else 0.0
        return np.array([logit, math.log1p(glitch_density(doc, findings)),
                         math.log1p(len({f.rule for f in findings})), math.log1p(len(findings))])

    def score(self, doc: Document, findings: list[Finding]) -> float:
        x = self.inputs(doc, findings, need_sentences=bool(self.calibration[0]))
        z = float(x @ self.calibration[:-1] + self.calibration[-1])
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def arrays(self) -> dict[str, np.ndarray]:
        return {"coef": self.coef, "intercept": np.array([self.intercept]), "stat_mean": self.stat_mean,
                "stat_scale": self.stat_scale, "calibration": self.calibration}

    @classmethod
    def from_arrays(cls, a: dict[str, np.ndarray]) -> "DocumentModel":
        return cls(a["coef"], float(a["intercept"][0]), a["stat_mean"], a["stat_scale"], a["calibration"])


@lru_cache(maxsize=1)
def load_document_model() -> DocumentModel | None:
    """The shipped model, or None when none has been trained (scores then fall back to rules).

    A model file that does not match its manifest raises ModelError: it is never used silently.
    """
    try:
        return DocumentModel.from_arrays(modelstore.load(MODEL_NAME))
    except modelstore.ModelMissing:
        return None

"""The document model: the probability that a text is machine-translated, without its source.

A logistic regression over masked n-grams and text statistics scores each sentence; a second
logistic layer turns the mean sentence logit and the document's glitch density into `mt_score`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import modelstore
from .docfeatures import featurize

MODEL_NAME = "document"
MIN_SENTENCE_WORDS = 6


@dataclass(frozen=True)
class DocumentModel:
    coef: np.ndarray
    intercept: float
    stat_mean: np.ndarray
    stat_scale: np.ndarray
    calibration: np.ndarray  # weights of [mean sentence logit, log1p(findings per 1,000 words)], bias

    def sentence_logits(self, sentences: list[str]) -> np.ndarray:
        if not sentences:
            return np.zeros(0)
        x = featurize(sentences, self.stat_mean, self.stat_scale)
        return x @ self.coef + self.intercept

    def score(self, sentences: list[str], glitch_density: float) -> float:
        logits = self.sentence_logits([s for s in sentences if len(s.split()) >= MIN_SENTENCE_WORDS])
        mean_logit = float(np.mean(logits)) if len(logits) else 0.0
        w = self.calibration
        z = w[0] * mean_logit + w[1] * math.log1p(glitch_density) + w[2]
        return 1.0 / (1.0 + math.exp(-z))

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

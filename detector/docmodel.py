"""The document model: the probability that a text is machine-translated, without its source.

Two parts: a sentence model (logistic regression over masked n-grams and text statistics, trained
on WMT21 MT output against human English) and a calibration layer over document inputs: the mean
sentence logit and the density of glitches the rules find. Training keeps an input only where it
raises the out-of-fold AUC on whole articles, so a zero weight means the input did not help; the
sentence model's large weight vector then never loads.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import modelstore
from .document import Document
from .findings import Finding

if TYPE_CHECKING:
    import numpy as np

MODEL_NAME = "document"
MIN_SENTENCE_WORDS = 6
INPUTS = ("sentence_logit", "log_glitch_density", "log_rules_fired", "log_findings")


def glitch_density(doc: Document, findings: list[Finding]) -> float:
    """Confidence-weighted findings per 1,000 words."""
    return 1000.0 * sum(f.confidence for f in findings) / max(doc.n_words, 50)


@dataclass(frozen=True)
class SentenceModel:
    """Logistic regression over `docfeatures.featurize`: the logit that a sentence is MT output."""

    coef: np.ndarray
    intercept: float
    stat_mean: np.ndarray
    stat_scale: np.ndarray

    def logits(self, sentences: list[str]) -> list[float]:
        if not sentences:
            return []
        from .docfeatures import featurize  # scikit-learn and SciPy load only when sentences are scored

        return (featurize(sentences, self.stat_mean, self.stat_scale) @ self.coef + self.intercept).tolist()

    def arrays(self) -> dict:
        import numpy as np

        return {"coef": self.coef, "intercept": np.array([self.intercept]), "stat_mean": self.stat_mean,
                "stat_scale": self.stat_scale}

    @classmethod
    def from_arrays(cls, a: dict) -> "SentenceModel":
        return cls(a["coef"], float(a["intercept"][0]), a["stat_mean"], a["stat_scale"])


@dataclass(frozen=True)
class DocumentModel:
    calibration: tuple[float, ...]  # one weight per INPUTS, then the bias
    models_dir: Path = modelstore.MODELS_DIR
    trained_sentences: SentenceModel | None = None

    @cached_property
    def sentences(self) -> SentenceModel:
        return self.trained_sentences or SentenceModel.from_arrays(modelstore.load_arrays(MODEL_NAME, self.models_dir))

    def inputs(self, doc: Document, findings: list[Finding], need_sentences: bool = True) -> list[float]:
        logit = 0.0
        if need_sentences:
            logits = self.sentences.logits([s.text for s in doc.sentences
                                            if len(s.text.split()) >= MIN_SENTENCE_WORDS])
            logit = sum(logits) / len(logits) if logits else 0.0
        return [logit, math.log1p(glitch_density(doc, findings)),
                math.log1p(len({f.rule for f in findings})), math.log1p(len(findings))]

    def score(self, doc: Document, findings: list[Finding]) -> float:
        x = self.inputs(doc, findings, need_sentences=bool(self.calibration[0]))
        z = sum(a * w for a, w in zip(x, self.calibration)) + self.calibration[-1]
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def params(self) -> dict:
        return {"calibration": list(self.calibration), "inputs": list(INPUTS)}


@lru_cache(maxsize=1)
def load_document_model() -> DocumentModel | None:
    """The shipped model, or None when none has been trained (scores then fall back to rules).

    A model file that does not match its manifest raises ModelError: it is never used silently.
    """
    try:
        return DocumentModel(tuple(modelstore.load(MODEL_NAME)["calibration"]))
    except modelstore.ModelMissing:
        return None

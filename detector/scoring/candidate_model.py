"""The candidate model: a calibrated confidence for each finding from its rule and its context."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import lru_cache

from ..findings import SAFE, Finding
from ..language.frequency import zipf
from ..text.document import Document
from . import model_store as modelstore

MODEL_NAME = "candidates"


def features(finding: Finding, doc: Document, findings: list[Finding], density: float) -> dict[str, float]:
    """What the model sees of one candidate: rule, span, words around it and the rest of the document,
    and the rule's own measurements (the language model's, for MT801: `Suspect.signals`)."""
    words = re.findall(r"[A-Za-z]+", finding.text)
    zipfs = [zipf(w) for w in words] or [0.0]
    sentence = doc.sentence_at(finding.start)
    same_sentence = sum(1 for f in findings if f is not finding and sentence.start <= f.start < sentence.end)
    para_start = doc.text.rfind("\n", 0, finding.start) + 1
    before = doc.text[para_start:finding.start]
    left = re.findall(r"[A-Za-z]+", doc.text[max(0, finding.start - 40):finding.start])
    signals = {f"lm_{k}": _squash(v) for k, v in finding.signals.items()}
    return signals | {
        f"rule={finding.rule}": 1.0,
        f"category={finding.category}": 1.0,
        "rule_confidence": finding.confidence,
        "fix_safe": float(finding.fix == SAFE),
        "has_suggestion": float(finding.suggestion is not None),
        "span_words": math.log1p(len(words)),
        "span_min_zipf": min(zipfs) / 8.0,
        "span_mean_zipf": sum(zipfs) / len(zipfs) / 8.0,
        "span_capitalised": sum(w[0].isupper() for w in words) / max(len(words), 1),
        "left_word_zipf": (zipf(left[-1]) / 8.0) if left else 0.0,
        "in_quotation": float(before.count("“") > before.count("”") or before.count('"') % 2 == 1),
        "other_rules_same_sentence": math.log1p(same_sentence),
        "document_density": math.log1p(max(0.0, density)),
        "document_words": math.log1p(doc.n_words) / 10.0,
    }


def _squash(v: float) -> float:
    """A signal on a scale a linear model can weigh: nats / 4, bounded to +-3 (flags stay 0 or 1 / 4)."""
    return max(-3.0, min(3.0, v / 4.0))


@dataclass(frozen=True)
class CandidateModel:
    weights: dict[str, float]   # feature name -> coefficient
    intercept: float
    scale: tuple[float, float]  # Platt scaling of the logit: slope, bias

    def logit(self, feats: dict[str, float]) -> float:
        """Stage one: the logistic regression's logit (unknown features weigh nothing)."""
        return sum(v * self.weights.get(k, 0.0) for k, v in feats.items()) + self.intercept

    def probability(self, feats: dict[str, float]) -> float:
        z = self.scale[0] * self.logit(feats) + self.scale[1]
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    def knows(self, rule: str) -> bool:
        """Whether the model was trained on candidates of `rule` (it has a weight for the rule)."""
        return f"rule={rule}" in self.weights

    def explain(self, feats: dict[str, float], top: int = 4) -> list[tuple[str, float]]:
        """The features that weighed most for this candidate, with their signed contribution."""
        contributions = [(k, v * self.weights[k]) for k, v in feats.items() if k in self.weights and v]
        return sorted(contributions, key=lambda kv: -abs(kv[1]))[:top]

    def params(self) -> dict:
        return {"weights": self.weights, "intercept": self.intercept, "scale": list(self.scale)}

    @classmethod
    def from_params(cls, p: dict) -> "CandidateModel":
        return cls(p["weights"], p["intercept"], tuple(p["scale"]))


@lru_cache(maxsize=1)
def load_candidate_model() -> CandidateModel | None:
    try:
        return CandidateModel.from_params(modelstore.load(MODEL_NAME))
    except modelstore.ModelMissing:
        return None

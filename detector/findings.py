"""Finding and the application of its suggested edit."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

SAFE = "safe"
UNSAFE = "unsafe"
# A finding that edited copy shows too (a lone spaced mark, a quotation's two marks of two styles) is
# reported at UNCORROBORATED, below the default threshold, and raised to CORROBORATED where other kinds
# of glitch on the page corroborate it (detector/pipeline/corroborate.py).
UNCORROBORATED = 0.45
CORROBORATED = 0.6

CATEGORIES = (
    "pronoun", "possessive", "title", "calque", "stray_punct", "double_punct", "quote_fragment",
    "missing_quotes", "doubled_word", "tense", "agreement", "word_order", "run_on", "other",
)


@dataclass
class Finding:
    """One candidate glitch: `text == document.text[start:end]`; `suggestion` replaces it (None: no fix)."""

    start: int
    end: int
    text: str
    rule: str
    category: str
    message: str
    suggestion: str | None
    confidence: float
    fix: str = UNSAFE
    line: int = 0
    column: int = 0
    evidence: list[dict] = field(default_factory=list)
    rule_confidence: float | None = None
    explanation: list[tuple[str, float]] = field(default_factory=list)
    signals: dict[str, float] = field(default_factory=dict)  # a rule's own measurements, for the candidate model

    def sort_key(self) -> tuple[int, int, str]:
        return (self.start, self.end, self.rule)

    def to_json(self) -> dict:
        out = {
            "start": self.start, "end": self.end, "text": self.text, "rule": self.rule,
            "category": self.category, "message": self.message, "suggestion": self.suggestion,
            "confidence": round(self.confidence, 3), "fix": self.fix, "line": self.line,
            "column": self.column,
        }
        if self.rule_confidence is not None:
            out["rule_confidence"] = round(self.rule_confidence, 3)
        if self.evidence:
            out["evidence"] = self.evidence
        if self.explanation:
            out["explanation"] = [{"feature": k, "weight": round(v, 3)} for k, v in self.explanation]
        return out


def fixable(findings: Iterable[Finding], unsafe: bool = False) -> list[Finding]:
    """The findings whose suggestion may be applied: safe ones, and unsafe ones when asked."""
    return [f for f in findings if f.suggestion is not None and f.text != f.suggestion
            and (f.fix == SAFE or unsafe)]


def apply_fixes(text: str, findings: Iterable[Finding]) -> tuple[str, list[Finding]]:
    """Apply non-overlapping suggestions (earlier, then longer, then more confident wins).

    Returns the new text and the findings that were applied.
    """
    ordered = sorted(findings, key=lambda f: (f.start, -(f.end - f.start), -f.confidence))
    out: list[str] = []
    applied: list[Finding] = []
    pos = 0
    for f in ordered:
        if f.start < pos or f.suggestion is None:
            continue
        out.append(text[pos:f.start])
        out.append(f.suggestion)
        applied.append(f)
        pos = f.end
    out.append(text[pos:])
    return "".join(out), applied


def common_ends(a: Sequence, b: Sequence) -> tuple[int, int]:
    """Lengths of the common prefix and suffix of `a` and `b` (not overlapping in either)."""
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return prefix, suffix

"""Run the selected rules over a Document and keep the findings the configuration allows."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

from ..config import Config
from ..findings import Finding
from ..language.lexicon import load_words, set_extra_dirs
from ..languagetool import client as languagetool
from ..rules import REGISTRY, Rule
from ..scoring.candidate_model import features, load_candidate_model
from ..scoring.document_model import WindowScore, glitch_density, load_document_model
from ..text.document import Document
from .corroborate import corroborate, corroborate_by_score, settle_lone
from .suppress import visible


@dataclass
class DocumentReport:
    document: Document
    findings: list[Finding]
    mt_score: float
    candidates: list[Finding]  # every scored candidate of every rule, before selection and threshold
    sketch: Any = None  # crossdoc.Sketch, when made where the document was scanned
    windows: list[WindowScore] = field(default_factory=list)  # mt_score of each window of the text


def _matches(rule: Rule, selectors: tuple[str, ...]) -> bool:
    return any(rule.code.startswith(s) or s in (rule.category, rule.name) for s in selectors)


def selected_rules(config: Config, per_document: bool = True) -> list[Rule]:
    """Rules chosen by `select` (all when empty) less those matched by `ignore`.

    A selector is a code or code prefix (MT1, MT401), a category (pronoun) or a rule name.
    With `per_document`, only rules that look at one document at a time.
    """
    return list(_selected(config.select, config.ignore, per_document, len(REGISTRY)))


@lru_cache(maxsize=64)
def _selected(select: tuple[str, ...], ignore: tuple[str, ...], per_document: bool,
              _registered: int) -> tuple[Rule, ...]:  # `_registered`: a rule added later is a new key
    rules = [r for code, r in sorted(REGISTRY.items()) if not select or _matches(r, select)]
    return tuple(r for r in rules if not _matches(r, ignore) and (r.per_document or not per_document))


def unknown_selectors(selectors: tuple[str, ...]) -> list[str]:
    return [s for s in selectors
            if not languagetool.is_selector(s) and not any(_matches(r, (s,)) for r in REGISTRY.values())]


def _deduplicate(findings: list[Finding]) -> list[Finding]:
    best: dict[tuple[int, int], Finding] = {}
    for f in findings:
        key = (f.start, f.end)
        if key not in best or f.confidence > best[key].confidence:
            best[key] = f
    return sorted(best.values(), key=Finding.sort_key)


def mt_scores(doc: Document, findings: list[Finding], use_model: bool = True) -> tuple[float, list[WindowScore]]:
    """Probability that the document is machine-translated, and that of each of its windows.

    From the trained document model when one ships in models/, else from glitch density alone (no windows).
    """
    model = load_document_model() if use_model else None
    if model is None:
        density = glitch_density(doc, findings)
        return round(1.0 / (1.0 + math.exp(-(density - 1.5) * 1.5)), 3), []
    score, windows = model.score_windows(doc, findings)
    return round(score, 3), windows


def mt_score(doc: Document, findings: list[Finding], use_model: bool = True) -> float:
    """Probability that the document is machine-translated (see `mt_scores`)."""
    return mt_scores(doc, findings, use_model)[0]


def run_rules(doc: Document, config: Config, language_model: bool = False) -> list[Finding]:
    """Every candidate of the selected rules, before the confidence threshold: the rules that do
    not use the language model, or, with `language_model`, those that do."""
    set_extra_dirs(list(config.lexicons))
    accepted = set(config.accept) | load_words("accept")
    findings: list[Finding] = []
    for rule in selected_rules(config):
        if rule.uses_language_model == language_model:
            findings.extend(rule.check(doc))
    return _deduplicate([f for f in findings if not any(a in f.text for a in accepted)])


def score_candidates(doc: Document, candidates: list[Finding], explain: bool = False,
                     lt: list[Finding] | None = None) -> None:
    """Replace each rule's confidence by the candidate model's calibrated probability, if one ships;
    for a rule the model was not trained on, by the lower of the two.

    `lt`: LanguageTool's findings when it ran, whose features are then added to each candidate's.
    """
    model = load_candidate_model()
    if model is None:
        return
    # the rules' candidates only give the document's evidence: the language model's many low ones
    # would lift every other finding
    rules = [c for c in candidates if not _uses_language_model(c.rule)]
    density = glitch_density(doc, rules)
    for f in candidates:
        feats = features(f, doc, rules, density)
        if lt is not None:
            feats.update(languagetool.features(f, lt))
        f.rule_confidence = f.confidence
        f.confidence = model.probability(feats)
        if not model.knows(f.rule):  # a rule the model never saw: it may lower, not raise
            f.confidence = min(f.confidence, f.rule_confidence)
        if explain:
            f.explanation = model.explain(feats)


def scan_document(doc: Document, config: Config, explain: bool = False) -> DocumentReport:
    """Findings of the selected rules above the threshold, and the document's mt_score.

    Every rule runs: document-level evidence (glitch density, other rules in the same sentence)
    must not depend on which rules the user chose to see.
    """
    everything = replace(config, select=(), ignore=())
    candidates = run_rules(doc, everything)
    score, windows = mt_scores(doc, candidates, config.models)
    if config.fluency and score >= config.fluency_gate:
        candidates = with_fluency(candidates, run_rules(doc, everything, language_model=True))
        score, windows = mt_scores(doc, candidates, config.models)
    # after the document score, which was trained on the rules' own confidences (training.document)
    rules = [c for c in candidates if not _uses_language_model(c.rule)]
    corroborate(rules)
    model = load_document_model() if config.models else None
    if model is not None:
        corroborate_by_score(rules, score, model.threshold)
    lt = languagetool.check(doc, config)
    if config.models:
        score_candidates(doc, candidates, explain, lt)
    settle_lone(rules, score, model.threshold if model is not None else None)
    if lt is not None:
        candidates = languagetool.merge(candidates, lt)
    return DocumentReport(doc, select_findings(candidates, config, doc.text), score, candidates, windows=windows)


def with_fluency(candidates: list[Finding], fluency: list[Finding]) -> list[Finding]:
    """The language model's candidates that no rule's candidate overlaps join the others."""
    new = [f for f in fluency if not any(f.start < c.end and c.start < f.end for c in candidates)]
    return sorted(candidates + new, key=Finding.sort_key)


def _uses_language_model(code: str) -> bool:
    return getattr(REGISTRY.get(code), "uses_language_model", False)


def select_findings(candidates: list[Finding], config: Config, text: str = "") -> list[Finding]:
    """The candidates of the selected rules at or above the confidence threshold, in text order, and
    LanguageTool's that no finding of ours covers; less those a comment in `text` suppresses."""
    shown = {r.code for r in selected_rules(config, per_document=False)}
    fluency = max(config.min_confidence, config.fluency_min_confidence)
    ours = [f for f in candidates if f.rule in shown and f.confidence >= (
        fluency if _uses_language_model(f.rule) else config.min_confidence)]
    return visible(sorted(ours + languagetool.selected(candidates, ours, config), key=Finding.sort_key), text)

"""Findings that edited copy shows too, raised where other kinds of glitch on the page corroborate them.

A lone spaced full stop or a quotation whose two marks differ is as often a slip of an edited page as
a translation's; on a page where other rules also fire, it is one more sign of the same process
(measured 2026-12-03 with `--rules-only`: of BBC News's 2,225 articles one gets a finding raised; of
web_docs' edited pages none, of its machine-translated ones three; on web_dev2 the three it raises are
annotated glitches). With the models, a page the document model scores at or above its default
--mt-threshold corroborates them too (no BBC article and no edited web_docs page reaches it with one)."""

from __future__ import annotations

from collections import Counter

from ..findings import CORROBORATED, UNCORROBORATED, Finding
from ..rules import REGISTRY

SURE = 0.5  # a candidate of another rule counts where its rule is at least this sure (the default threshold)
OTHER_RULES = 2  # how many other rules must have fired on the page


def corroborate(candidates: list[Finding]) -> None:
    """Raise each UNCORROBORATED candidate to CORROBORATED where OTHER_RULES other rules found
    something on the page, saying so in its message."""
    sure = {f.rule for f in candidates if f.confidence >= SURE}
    for f in candidates:
        others = len(sure - {f.rule})
        if f.confidence == UNCORROBORATED and others >= OTHER_RULES:
            f.confidence = CORROBORATED
            f.message += f" (the page shows {others} other kinds of glitch)"


def corroborate_by_score(candidates: list[Finding], mt_score: float, threshold: float) -> None:
    """Raise the UNCORROBORATED candidates left where the document model finds the page machine-
    translated (`mt_score` at least its default --mt-threshold, which edited news stays below)."""
    if mt_score < threshold:
        return
    for f in candidates:
        if f.confidence == UNCORROBORATED:
            f.confidence = CORROBORATED
            f.message += f" (the page reads as machine-translated: mt_score {mt_score:.2f})"


def settle_lone(findings: list[Finding], mt_score: float, threshold: float | None) -> None:
    """Cap at UNCORROBORATED the only finding on the page of a rule whose slip edited copy makes
    once too (`Rule.lone_needs_corroboration`: a space lost or added beside a mark), unless
    OTHER_RULES other rules are sure of something on the page or the document model reads it as
    machine-translated (`threshold`: its default --mt-threshold; None without the model).

    Runs on the final confidences, so neither model reads the cap (measured 2026-12-03: on edited
    web_docs pages 4 of 8 findings are such lone slips, on BBC News 2 of 31)."""
    if threshold is not None and mt_score >= threshold:
        return
    per_rule = Counter(f.rule for f in findings)
    sure = {f.rule for f in findings if f.confidence >= SURE}
    for f in findings:
        rule = REGISTRY.get(f.rule)
        if per_rule[f.rule] == 1 and rule is not None and rule.lone_needs_corroboration \
                and len(sure - {f.rule}) < OTHER_RULES and f.confidence > UNCORROBORATED:
            f.confidence = UNCORROBORATED
            f.message += " (a single such slip on a page that reads as edited: shown from --min-confidence 0.45)"

"""Editors' decisions as labelled candidates for the candidate model (`detect train --from-review`)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from ...pipeline.engine import run_rules
from ...scoring.candidate_model import features
from ...scoring.document_model import glitch_density
from ...text.document import Document
from ...training.candidates import ALL, Example
from .store import QueuedFinding, ReviewStore

LABELS = {"accepted": 1, "edited": 1, "rejected": 0}   # pending and skipped say nothing
GROUP = "review"


def review_examples(db: Path) -> list[Example]:
    """One example per decided finding that is a rule candidate of its document (MT701 and
    LanguageTool findings are not): accepted or edited is a real glitch, rejected a false alarm."""
    with ReviewStore(db) as store:
        documents = store.documents()
        decided: dict[int, list[QueuedFinding]] = defaultdict(list)
        for f in store.findings():
            if f.state in LABELS:
                decided[f.document_id].append(f)
    examples = []
    for stored in documents:
        if stored.id not in decided:
            continue
        doc = Document.from_text(stored.text, path=stored.path, encoding=stored.encoding)
        found = run_rules(doc, ALL)
        density = glitch_density(doc, found)
        candidates = {(c.start, c.end, c.rule): c for c in found}
        for f in sorted(decided[stored.id], key=lambda f: (f.start, f.end, f.rule)):
            candidate = candidates.get((f.start, f.end, f.rule))
            if candidate is not None:
                examples.append(Example(features(candidate, doc, found, density), LABELS[f.state], GROUP,
                                        stored.path, f.start, f.end))
    return examples

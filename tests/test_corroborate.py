"""Findings edited copy shows too are reported where other glitches, or the document model, corroborate them."""

from __future__ import annotations

from detector.config import Config
from detector.findings import CORROBORATED, UNCORROBORATED
from detector.pipeline.corroborate import corroborate_by_score
from detector.pipeline.engine import scan_document
from detector.text.document import Document

RULES_ONLY = Config(models=False)
LONE = "The ferry left the harbour at dawn with forty passengers on board ."
OTHERS = ("The captain said the the crossing was calm.", "The crew had prepared dinner.The sea was flat.")


def spaced_stop(*paragraphs: str):
    report = scan_document(Document.from_text("\n\n".join(paragraphs) + "\n"), RULES_ONLY)
    return ([f for f in report.candidates if f.rule == "MT420"],
            [f for f in report.findings if f.rule == "MT420"])


def test_a_lone_spaced_mark_stays_below_the_threshold():
    candidates, shown = spaced_stop(LONE)
    assert [f.confidence for f in candidates] == [UNCORROBORATED] and shown == []


def test_one_other_kind_of_glitch_does_not_corroborate():
    candidates, shown = spaced_stop(LONE, OTHERS[0])
    assert [f.confidence for f in candidates] == [UNCORROBORATED] and shown == []


def test_two_other_kinds_of_glitch_raise_it_and_say_so():
    candidates, shown = spaced_stop(LONE, *OTHERS)
    assert [f.confidence for f in shown] == [CORROBORATED]
    assert shown[0].message.endswith("(the page shows 2 other kinds of glitch)")


def test_a_page_the_document_model_reads_as_translated_corroborates():
    candidates, _ = spaced_stop(LONE)
    corroborate_by_score(candidates, mt_score=0.6, threshold=0.73)
    assert [f.confidence for f in candidates] == [UNCORROBORATED]
    corroborate_by_score(candidates, mt_score=0.9, threshold=0.73)
    assert [f.confidence for f in candidates] == [CORROBORATED]
    assert candidates[0].message.endswith("(the page reads as machine-translated: mt_score 0.90)")

"""Findings edited copy shows too are reported where other glitches, or the document model, corroborate them."""

from __future__ import annotations

from detector.config import Config
from detector.findings import CORROBORATED, UNCORROBORATED
from detector.pipeline.corroborate import corroborate_by_score, settle_lone
from detector.pipeline.engine import scan_document
from detector.text.document import Document

RULES_ONLY = Config(models=False)
LONE = "The ferry left the harbour at dawn with forty passengers on board ."
OTHERS = ("The captain said the the crossing was calm.", "The crew had prepared dinner.The sea was flat.")


def candidates_and_shown(rule: str, *paragraphs: str):
    report = scan_document(Document.from_text("\n\n".join(paragraphs) + "\n"), RULES_ONLY)
    return ([f for f in report.candidates if f.rule == rule], [f for f in report.findings if f.rule == rule])


def spaced_stop(*paragraphs: str):
    return candidates_and_shown("MT420", *paragraphs)


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


GLUED = "The ferry left the harbour at dawn.Forty passengers were on board."
AGAIN = "The return crossing was delayed.There was fog on the water."


def glued_end(*paragraphs: str):
    return candidates_and_shown("MT429", *paragraphs)


def test_a_lone_missing_space_after_a_sentence_is_capped_and_says_why():
    candidates, shown = glued_end(GLUED)
    assert [f.confidence for f in candidates] == [UNCORROBORATED] and shown == []
    assert candidates[0].message.endswith("shown from --min-confidence 0.45)")


def test_the_same_slip_twice_on_a_page_is_shown():
    _, shown = glued_end(GLUED, AGAIN)
    assert len(shown) == 2 and all(f.confidence > UNCORROBORATED for f in shown)


def test_two_other_kinds_of_glitch_keep_a_lone_slip():
    _, shown = glued_end(GLUED, "The captain said the the crossing was calm.", "A boy aged ten , waved .")
    assert len(shown) == 1


def test_a_page_read_as_translated_keeps_a_lone_slip():
    candidates, _ = glued_end(GLUED)
    for f in candidates:
        f.confidence = 0.85
    settle_lone(candidates, mt_score=0.9, threshold=0.73)
    assert [f.confidence for f in candidates] == [0.85]
    settle_lone(candidates, mt_score=0.5, threshold=0.73)
    assert [f.confidence for f in candidates] == [UNCORROBORATED]

"""MT801's candidates and their signals, with a stand-in scorer instead of the language model: the
words after a suspect decide its variant, the signals reach the candidate model's features, and the
MQM reader turns expert spans into gold spans."""

from __future__ import annotations

import json
import re

import numpy as np

from detector.config import Config
from detector.fluency import suspicion
from detector.fluency.mode import scoring_with
from detector.fluency.suspicion import PageStats, SentenceScores, WordScore
from detector.pipeline.engine import select_findings
from detector.rules.unexpected_word import UnexpectedWord
from detector.scoring.candidate_model import features
from detector.text.document import Document
from detector.training.candidates import read_mqm

VOCAB = ["Ġconference", "Ġmeeting", "Ġthe"]
TEXT = ("The minister of the interior held a news convention on the new rules in the capital today.\n\n"
        "Officials said the plan would be published in full before the vote next month.\n")


def fake_score(texts: list[str]) -> list[SentenceScores]:
    """Every word costs 2 nats, except 'convention' (14) and the word after it (6); 'on' straight
    after 'news' costs 8, so deleting the word reads worse than replacing it."""
    out = []
    for text in texts:
        words = [(m.start(), m.end(), m.group()) for m in re.finditer(r"\S+", text)]
        logprob = []
        for i, (_, _, w) in enumerate(words):
            before = words[i - 1][2] if i else ""
            logprob.append(-14.0 if w == "convention" else -6.0 if before == "convention"
                           else -8.0 if (before, w) == ("news", "on") else -2.0)
        n = len(words)
        out.append(SentenceScores(list(range(n)), [(s, e) for s, e, _ in words], np.array(logprob),
                                  np.full(n, 2.0), np.tile(np.arange(len(VOCAB)), (n, 1))))
    return out


def test_the_words_after_the_suspect_choose_its_replacement():
    found = suspicion.suspects(Document.from_text(TEXT), fake_score, VOCAB)
    assert [s.word.word for s in found] == ["convention", "on"]  # the most surprising first
    best = found[0]
    assert (best.replacement, best.source) == ("conference", "model")
    assert best.right == 4.0 and best.gain == 16.0
    assert best.page.share_high > 0 and best.neighbour < best.word.excess


def test_page_statistics_are_the_mean_excess_and_the_share_of_high_words():
    words = [WordScore(0, 1, "a", s, 2.0, 4.0) for s in (2.0, 2.0, 20.0)]
    page = PageStats.of(words)
    assert page.mean_excess == np.mean([w.excess for w in words])
    assert page.share_high == 1 / 3
    assert PageStats.of([]) == PageStats(0.0, 0.0)


def test_the_rule_reports_the_suspect_with_its_signals_and_the_candidate_model_reads_them():
    doc = Document.from_text(TEXT)
    with scoring_with(fake_score, VOCAB):
        found = list(UnexpectedWord().check(doc))
    assert ("convention", "conference") in [(f.text, f.suggestion) for f in found]
    found = [f for f in found if f.text == "convention"]
    feats = features(found[0], doc, found, 0.0)
    assert feats["lm_right_gain"] == 1.0 and feats["lm_window_gain"] == 3.0  # 4 and 16 nats, over 4, at most 3
    assert feats["lm_variant=model"] == 0.25 and feats["rule=MT801"] == 1.0


def test_mqm_segments_become_paragraphs_and_target_spans_gold_spans(tmp_path):
    rows = [{"system": "S", "doc": "news_example.com.1:zh-en", "doc_seg_id": i, "target": t, "errors": e}
            for i, t, e in [
                (1, "Officials held a press meeting.", [
                    {"side": "target", "start": 17, "end": 30, "category": "Style/Unnatural or awkward"},
                    {"side": "target", "start": 30, "end": 31, "category": "Fluency/Punctuation"},
                    {"side": "source", "start": 0, "end": 2, "category": "Accuracy/Omission"}]),
                (2, "The plan was approve.", [
                    {"side": "target", "start": 13, "end": 20, "category": "Fluency/Grammar"}])]]
    rows.append({**rows[0], "system": "T"})
    path = tmp_path / "mqm.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    (doc,) = read_mqm(path, ("S",))
    assert [doc.document.text[s:e] for s, e in doc.spans] == ["press meeting", "approve"]
    assert doc.site == "mqm:example" and doc.machine_translated and doc.collection == "mqm_zhen"


def test_the_fluency_stage_has_its_own_threshold_above_the_global_one():
    doc = Document.from_text(TEXT)
    with scoring_with(fake_score, VOCAB):
        found = [f for f in UnexpectedWord().check(doc) if f.text == "convention"]
    found[0].confidence = 0.6
    shown = lambda **kw: [f.text for f in select_findings(found, Config(**kw))]  # noqa: E731
    assert shown(fluency_min_confidence=0.7) == []
    assert shown(fluency_min_confidence=0.5) == ["convention"]
    assert shown(fluency_min_confidence=0.5, min_confidence=0.65) == []

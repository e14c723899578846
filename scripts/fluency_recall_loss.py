"""Evaluation tool (reads ../shared): where the fluency stage loses a gold collection's calque and
`other` spans, stage by stage, from cached model scores (`scripts/fluency_data.py`): is a word of the
span judged at all, how suspicious is it (excess and rank within its page), is it among the page's
suspects, does its variant pass MIN_RIGHT, does a rule's candidate already cover it, does the page
pass the mt_score gate, and what confidence the candidate model gives it.
Usage: python scripts/fluency_recall_loss.py web_dev2 [CACHE]"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

from fluency_data import CACHE, CachedScorer, corpus
from fluency_sweep import gold_spans

from detector.config import Config
from detector.fluency import suspicion
from detector.fluency.lm import load_model
from detector.fluency.mode import MIN_RIGHT, MIN_RIGHT_DELETION, scoring_with
from detector.pipeline.engine import mt_scores, run_rules, scan_document

TARGETS = ("calque", "other")


def stage_of(span: tuple[int, int], ranks: list[tuple[int, float, suspicion.WordScore]],
             suspects: list[suspicion.Suspect], report, gate_score: float, config: Config) -> tuple[str, float, int]:
    """The first stage that drops the span, its best word's excess and page rank."""
    a, b = span
    inside = [(rank, w) for rank, _, w in ranks if a < w.end and w.start < b]
    if not inside:
        return "no judged word", float("nan"), -1
    rank, best = min(inside, key=lambda rw: rw[0])
    if best.excess < suspicion.SUSPICIOUS:
        return "excess < SUSPICIOUS", best.excess, rank
    mine = [s for s in suspects if a < s.word.end and s.word.start < b]
    if not mine:
        return "beyond MAX_SUSPECTS", best.excess, rank
    if not any(s.replacement is not None and s.right >= (MIN_RIGHT_DELETION if s.replacement == "" else MIN_RIGHT)
               for s in mine):
        return "MIN_RIGHT / no variant", best.excess, rank
    rules = [f for f in report.candidates if f.rule != "MT801" and a < f.end and f.start < b]
    mt801 = [f for f in report.candidates if f.rule == "MT801" and a < f.end and f.start < b]
    if not mt801:
        return "overlaps a rule" if rules else "lost", best.excess, rank
    if gate_score < config.fluency_gate:
        return "page below gate", best.excess, rank
    conf = max(f.confidence for f in mt801)
    if conf < config.fluency_min_confidence:
        return f"confidence < {config.fluency_min_confidence}", best.excess, rank
    return "shown", best.excess, rank


def main(name: str, cache: str = str(CACHE)) -> None:
    scorer = CachedScorer(Path(cache))
    vocab = load_model().tokenizer.tokens
    gold = gold_spans(name)
    shown_config = Config(fluency=True)
    ungated = Config(fluency=True, fluency_gate=0.0, min_confidence=0.0, fluency_min_confidence=0.0)
    stages: Counter[tuple[str, str]] = Counter()
    with scoring_with(scorer):
        for doc in corpus(name):
            spans = [(a, b, c) for a, b, c in gold.get(Path(doc.path).name, []) if c in TARGETS]
            if not spans:
                continue
            sentences = suspicion.judged_sentences(doc)
            words = [w for s, sc in zip(sentences, scorer([s.text for s in sentences]))
                     for w in suspicion.word_scores(s, sc)]
            order = sorted(words, key=lambda w: -w.excess)
            ranks = [(i, w.excess, w) for i, w in enumerate(order)]
            found = suspicion.suspects(doc, scorer, vocab)
            report = scan_document(doc, ungated)
            gate_score, _ = mt_scores(doc, run_rules(doc, ungated), ungated.models)
            for a, b, c in spans:
                stage, excess, rank = stage_of((a, b), ranks, found, report, gate_score, shown_config)
                stages[(c, stage)] += 1
                if "-v" in sys.argv:
                    print(f"{c:7s} {stage:24s} excess {excess:5.1f} rank {rank:3d}/{len(words)} {doc.text[a:b]!r}")
    scorer.save()
    for c in TARGETS:
        total = sum(n for (cat, _), n in stages.items() if cat == c)
        print(f"== {name} {c}: {total} spans")
        for (cat, stage), n in stages.most_common():
            if cat == c:
                print(f"  {stage:26s} {n:4d}  {n / total:.2f}")


if __name__ == "__main__":
    main(*[a for a in sys.argv[1:] if a != "-v"])

"""Evaluation tool (reads ../shared): the fluency stage's suspects on a corpus from cached model
outputs, matched against gold spans, and the findings per 10,000 words of edited text, for a sweep
of the winning margin. Usage: python scripts/fluency_sweep.py web_dev bbc:40 [--gate]"""

from __future__ import annotations

import json
import sys
from collections import Counter

from fluency_data import SHARED, CachedScorer, corpus

from detector.fluency import suspicion
from detector.fluency.lm import load_model
from detector.training.evaluate import locate

GOLD = {"seeds": SHARED / "gold/seeds.json", "web_dev": SHARED / "gold/web_dev/gold.json",
        "web_dev2": SHARED / "gold/web_dev2/gold.json"}


def gold_spans(name: str) -> dict[str, list[tuple[int, int, str]]]:
    if name not in GOLD:
        return {}
    out = {}
    for d in json.loads(GOLD[name].read_text())["documents"]:
        path = next(p for p in [SHARED / "seeds" / d["file"], SHARED / f"gold/{name}/texts" / d["file"]] if p.exists())
        text = path.read_text(encoding="utf-8")
        spans = [(*locate(text, g["quote"], g.get("occurrence", 1)), g["category"]) for g in d["glitches"]]
        out[path.name] = spans
    return out


def main(args: list[str]) -> None:
    scorer = CachedScorer()
    vocab = load_model().tokenizer.tokens
    rows = []
    for arg in args:
        name, _, limit = arg.partition(":")
        gold = gold_spans(name)
        words = 0
        for doc in corpus(name, int(limit) if limit else None):
            words += doc.n_words
            spans = gold.get(doc.path.rsplit("/", 1)[-1], [])
            for s in suspicion.suspects(doc, scorer, vocab):
                hit = next((c for a, b, c in spans if a < s.word.end and s.word.start < b), None)
                rows.append((name, s.right, s.source, hit, s.word.word, s.replacement, doc.path))
        scorer.save()
        rows.append((name, None, None, None, None, None, words))
    for name in dict.fromkeys(r[0] for r in rows):
        mine = [r for r in rows if r[0] == name and r[1] is not None]
        words = next(r[6] for r in rows if r[0] == name and r[1] is None)
        print(f"== {name}: {words} words")
        for wins in (0, 1, 2, 3, 4, 6):
            kept = [r for r in mine if r[1] >= wins]
            hits = [r for r in kept if r[3]]
            print(f"  wins {wins}: {len(kept)} suspects, {len(hits)} on gold {dict(Counter(r[3] for r in hits))},"
                  f" {10000 * len(kept) / max(words, 1):.1f} per 10k words")
        for r in sorted(mine, key=lambda r: -r[1])[:25]:
            print(f"    {r[1]:5.1f} {r[2]:13} {str(r[3]):10} {r[4]!r} -> {r[5]!r}")


if __name__ == "__main__":
    main(sys.argv[1:])

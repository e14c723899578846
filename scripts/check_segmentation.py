#!/usr/bin/env python3
"""Evaluation tool (reads ../shared; needs the test extra's NLTK): the sentence splitter against NLTK's
own PunktSentenceTokenizer with the same parameters, on real paragraphs (BBC News, web_dev, the seeds
and samples of the WMT and MQM texts, one line a paragraph) and on generated ones.

    python scripts/check_segmentation.py [--shared ../shared] [--sample 3000] [--generated 70000]
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from detector.language.lexicon import load_words
from detector.text import segment

PIECES = ["U.S.", "5.", "A.", "e.g.", "Mr.", "said.", "said?", "Why!", "“", "”", "’", "\"", "(", ")", "...", "--",
          ",", ".", ". .", "J.", "10.", "2,000.", "\n", "\n\n", " ", "x.", "end.)", "He", "the", "\t", "Ü.", "«", "»",
          "a.m.", "no.", ";", ":", "Jan.", "Inc.", "St.", "(Done.)"]


def real_paragraphs(shared: Path, sample: int) -> list[str]:
    texts = [json.loads(line)["text"] for line in (shared / "data/bbc_news/articles.jsonl").open(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in sorted((shared / "gold/web_dev").rglob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted((shared / "seeds").glob("*.txt"))]
    rng = random.Random(1)
    for path in sorted([*(shared / "data/wmt21_toen").glob("*.tsv"), *(shared / "data/mqm_zhen").glob("*.jsonl")]):
        lines = path.read_text(encoding="utf-8", errors="replace").split("\n")
        texts += [line.replace("\t", " ") for line in rng.sample(lines, min(sample, len(lines)))]
    return [line for text in texts for line in text.split("\n") if line.strip()]


def generated(n: int) -> list[str]:
    rng = random.Random(7)
    return ["".join(rng.choice(PIECES) + rng.choice(["", " "]) for _ in range(rng.randint(1, 25))) for _ in range(n)]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--sample", type=int, default=3000, help="lines drawn from each WMT and MQM file")
    ap.add_argument("--generated", type=int, default=70000)
    a = ap.parse_args()
    params = PunktParameters()
    params.abbrev_types = {x.lower().rstrip(".") for x in load_words("abbreviations")}
    stock = PunktSentenceTokenizer(params)
    for name, paragraphs in (("real", real_paragraphs(Path(a.shared), a.sample)), ("generated", generated(a.generated))):
        start = time.perf_counter()
        ours = [segment.span_tokenize(p) for p in paragraphs]
        middle = time.perf_counter()
        theirs = [list(stock.span_tokenize(p)) for p in paragraphs]
        end = time.perf_counter()
        differ = [p for p, x, y in zip(paragraphs, ours, theirs) if x != y]
        print(f"{name}: {len(paragraphs):,} paragraphs, {len(differ)} differ; "
              f"splitter {middle - start:.2f} s, NLTK's Punkt {end - middle:.2f} s")
        for p in differ[:5]:
            print("  ", repr(p[:200]))


if __name__ == "__main__":
    main()

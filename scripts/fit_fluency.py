"""Evaluation tool (reads ../shared): fit the fluency stage's expected surprisal of a word,
`a + b * zipf + c * entropy`, by least squares on BBC News words (edited native text), from the
cached model outputs of `scripts/fluency_data.py bbc+base:N`; prints the coefficients and the
residual's quantiles (where SUSPICIOUS sits). Usage: python scripts/fit_fluency.py [N]"""

from __future__ import annotations

import sys

import numpy as np
from fluency_data import CachedScorer, corpus

from detector.fluency.suspicion import judged_sentences, word_scores


def main(limit: int) -> None:
    table = CachedScorer().table
    words = [w for d in corpus("bbc", limit) for s in judged_sentences(d) if s.text in table
             for w in word_scores(s, table[s.text])]
    x = np.array([[1.0, w.zipf, w.entropy] for w in words])
    y = np.array([w.surprisal for w in words])
    coef, *_ = np.linalg.lstsq(x, y, rcond=None)
    residual = y - x @ coef
    print(f"{len(words)} words; EXPECTED = {tuple(coef.round(3))}")
    print("residual quantiles 0.9/0.99/0.995/0.999:", np.quantile(residual, [0.9, 0.99, 0.995, 0.999]).round(2))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 40)

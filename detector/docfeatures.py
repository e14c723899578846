"""Topic-independent features of a text for the document model.

Content words are masked to their shape so that the model learns how a text is put together
(function words, punctuation, sentence shape), not what it is about: BBC 2004 and WMT 2020 differ in
topic and period, and a topic model would learn those instead of translation.
"""

from __future__ import annotations

import re
import statistics

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer

from .lexicon import derived_cache, load_words

N_HASHED = 2 ** 15
WORD_RE = re.compile(r"[^\W\d_]+(?:[’'][^\W\d_]+)?|\d+(?:[.,]\d+)*|[^\w\s]")
PUNCTUATION = (",", ";", ":", "(", "\"", "“", "”", "’", "'", "-", "–", "—", "!", "?")
STAT_NAMES = ("words_per_sentence", "sentence_length_sd", "chars_per_word", "capitalised_share",
              "digit_share", "and_but_openers", "quoted_sentences") + tuple(f"punct{p}" for p in PUNCTUATION)


@derived_cache
def _function_words() -> frozenset[str]:
    return frozenset(load_words("function_words"))


def _shape(word: str) -> str:
    if word[0].isdigit():
        return "0"
    if word.isupper() and len(word) > 1:
        return "XX"
    return "Xx" if word[0].isupper() else "x"


def mask(text: str) -> str:
    """Function words (lower-cased) and punctuation kept, every other word replaced by its shape."""
    words = _function_words()
    out = []
    for tok in WORD_RE.findall(text):
        low = tok.lower()
        out.append(low if low in words or not tok[0].isalnum() else _shape(tok))
    return " ".join(out)


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+|\n+", text) if s.strip()]


def stats(text: str) -> list[float]:
    words = [w for w in WORD_RE.findall(text) if w[0].isalnum()]
    n = max(len(words), 1)
    sents = _sentences(text) or [text]
    lengths = [len(WORD_RE.findall(s)) for s in sents]
    return [
        float(np.mean(lengths)),
        float(statistics.pstdev(lengths)) if len(lengths) > 1 else 0.0,
        sum(len(w) for w in words) / n,
        sum(w[0].isupper() for w in words) / n,
        sum(w[0].isdigit() for w in words) / n,
        sum(bool(re.match(r"(?:And|But|Also|At the same time)\b", s.strip("“\"‘ "))) for s in sents) / len(sents),
        sum(any(q in s for q in "“”\"") for s in sents) / len(sents),
    ] + [100.0 * text.count(p) / n for p in PUNCTUATION]


@derived_cache
def _hasher() -> HashingVectorizer:
    return HashingVectorizer(analyzer="word", token_pattern=r"\S+", lowercase=False, ngram_range=(1, 3),
                             n_features=N_HASHED, alternate_sign=False, norm="l2")


def featurize(texts: list[str], stat_mean: np.ndarray, stat_scale: np.ndarray) -> sparse.csr_matrix:
    """Hashed n-grams of the masked texts and their standardised statistics."""
    hashed = _hasher().transform([mask(t) for t in texts])
    dense = (np.array([stats(t) for t in texts]) - stat_mean) / stat_scale
    return sparse.hstack([hashed, sparse.csr_matrix(dense)]).tocsr()

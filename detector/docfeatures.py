"""Style profiles of a stretch of text for the document model: how it is put together, not what
it is about.

Translationese research (Volansky, Ordan and Wintner 2015; Rabinovich and Wintner 2015) finds that
translated English differs from original English in the relative frequencies of function words,
pronouns, contractions, sentence length, lexical variety and punctuation, whatever the topic. So a
profile has, per window of text:

- the relative frequency of each closed-class word, and of each closed class (`lexicons/closed_class.tsv`,
  from closed-class grammar; the shipped file only, so that a user lexicon cannot shift the features);
- contractions, sentence-length distribution, paragraph shape, type-token ratio on 100-word chunks,
  lexical density, word length;
- word-frequency profile of the content words from wordfreq (mean Zipf, share of rare and unknown words);
- punctuation rates and typographic anomalies: quote styles and their mixture, spaces before
  punctuation, missing spaces after it, lower-case sentence starts, decimal commas;
- the density of the rules' candidate findings in the window.

No topic word is a feature: content words enter only through their frequency class.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from functools import lru_cache

from .frequency import zipf
from .lexicon import BUILTIN_DIR

TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
CONTRACTION_RE = re.compile(r"(?i)[a-z](?:n['’]t|['’](?:re|ve|ll|d|m))\b|\b(?:it|that|there|he|she|what|who|let|here)['’]s\b")
CHUNK = 100  # words per chunk for the type-token ratio

# Punctuation and typography, each a pattern counted per 100 words.
MARKS: dict[str, str] = {
    "comma": ",", "semicolon": ";", "colon": r":(?!\d)", "parenthesis": r"\(", "question": r"\?",
    "exclamation": "!", "ellipsis": r"…|\.\.\.", "em_dash": "—", "en_dash": "–", "spaced_hyphen": r"(?<=\s)-(?=\s)",
    "straight_double_quote": '"', "curly_double_quote": "[“”]", "low_double_quote": "„", "guillemet": "[«»]",
    "straight_single_quote": r"(?<![^\W\d_])'|'(?![^\W\d_])", "curly_single_quote": r"‘|(?<![^\W\d_])’|’(?![^\W\d_])",
    "space_before_punct": r"[^\W_] +[,.;:!?](?!\w)", "no_space_after_punct": r"[a-z][,;][A-Za-z]|[a-z]{2}\.[A-Z][a-z]",
    "double_space": r"\S  +\S", "decimal_comma": r"\d,\d{1,2}(?!\d)", "percent_sign": "%",
    "per_cent_word": r"\bper ?cent\b", "slash": r"(?<=[^\W\d_])/(?=[^\W\d_])", "ampersand": "&",
    "nbsp": "\u00a0", "digit_group_space": r"\d \d{3}\b",
}
_MARK_RES = {name: re.compile(p) for name, p in MARKS.items()}
SHAPE_NAMES = (
    "sentence_words_mean", "sentence_words_sd", "short_sentences", "long_sentences", "sentences_per_paragraph",
    "one_sentence_paragraphs", "lowercase_sentence_starts", "unterminated_sentences", "contractions",
    "type_token_ratio", "lexical_density", "content_word_length", "long_words", "capitalised_mid_sentence",
    "all_caps_words", "digits", "content_zipf_mean", "content_zipf_sd", "rare_words", "very_rare_words",
    "unknown_words", "apostrophe_curly_share", "quote_styles_mixed", "sentence_initial_function_word",
    "sentence_initial_connective", "log_glitch_density",
)


@lru_cache(maxsize=1)
def closed_class() -> dict[str, str]:
    """Closed-class word -> its class, from the shipped `closed_class.tsv`."""
    with (BUILTIN_DIR / "closed_class.tsv").open(encoding="utf-8") as handle:
        return {r["word"]: r["class"] for r in csv.DictReader(handle, delimiter="\t")}


@lru_cache(maxsize=1)
def feature_names() -> tuple[str, ...]:
    words = closed_class()
    classes = sorted(set(words.values()))
    return (tuple(f"word={w}" for w in words) + tuple(f"class={c}" for c in classes)
            + SHAPE_NAMES + tuple(f"mark={m}" for m in MARKS))


def _ratio(a: float, b: float) -> float:
    return a / b if b else 0.0


def _mean_sd(values: list[float]) -> tuple[float, float]:
    if not values:
        return 0.0, 0.0
    mean = sum(values) / len(values)
    return mean, math.sqrt(sum((v - mean) ** 2 for v in values) / len(values))


def _ttr(words: list[str]) -> float:
    """Mean type-token ratio over consecutive 100-word chunks (the last, if short, joins the one before)."""
    if len(words) <= CHUNK:
        return _ratio(len(set(words)), len(words))
    ratios = [len(set(words[i:i + CHUNK])) / CHUNK for i in range(0, len(words) - CHUNK + 1, CHUNK)]
    return sum(ratios) / len(ratios)


def profile(paragraphs: list[list[str]], glitch_density: float = 0.0) -> dict[str, float]:
    """The profile of a window: `paragraphs` is a list of paragraphs, each a list of its sentences;
    `glitch_density` the confidence-weighted candidate findings per 1,000 words of the window."""
    words_of = closed_class()
    sentences = [s for p in paragraphs for s in p]
    text = "\n".join(" ".join(p) for p in paragraphs)
    feats: dict[str, float] = {}
    tokens: list[str] = []
    lengths: list[float] = []
    mid_caps = initial_function = initial_connective = lower_starts = unterminated = 0
    for s in sentences:
        toks = TOKEN_RE.findall(s)
        if not toks:
            continue
        lengths.append(len(toks))
        first = toks[0]
        lower_starts += first[0].islower() and s.lstrip("“\"‘'(«„ ")[:1].islower()
        unterminated += not s.rstrip("”\"’') »").endswith((".", "!", "?", ":", "…"))
        initial_function += first.lower() in words_of
        initial_connective += words_of.get(first.lower()) in ("coordinator", "closed_adverb", "subordinator")
        mid_caps += sum(t[0].isupper() for t in toks[1:])
        tokens.extend(toks)
    n = max(len(tokens), 1)
    n_sent = max(len(lengths), 1)
    lower = [t.lower().replace("’", "'") for t in tokens]
    counts = Counter(lower)
    for w in words_of:
        feats[f"word={w}"] = 100.0 * counts.get(w, 0) / n
    by_class: Counter[str] = Counter()
    for w, c in counts.items():
        if w in words_of:
            by_class[words_of[w]] += c
    for c in set(words_of.values()):
        feats[f"class={c}"] = 100.0 * by_class[c] / n
    content = [t for t, low in zip(tokens, lower) if low not in words_of and t[0].isalpha()]
    common_content = [t for t in content if t[0].islower()]
    zipfs = [zipf(t) for t in common_content]
    mean_len, sd_len = _mean_sd(lengths)
    z_mean, z_sd = _mean_sd([z for z in zipfs if z > 0])
    curly = len(re.findall(r"[^\W\d_]’[^\W\d_]", text))
    straight = len(re.findall(r"[^\W\d_]'[^\W\d_]", text))
    has_straight, has_curly = '"' in text, bool(re.search("[“”]", text))
    feats.update({
        "sentence_words_mean": mean_len, "sentence_words_sd": sd_len,
        "short_sentences": _ratio(sum(v <= 8 for v in lengths), n_sent),
        "long_sentences": _ratio(sum(v >= 35 for v in lengths), n_sent),
        "sentences_per_paragraph": _ratio(len(sentences), len(paragraphs)),
        "one_sentence_paragraphs": _ratio(sum(len(p) == 1 for p in paragraphs), len(paragraphs)),
        "lowercase_sentence_starts": lower_starts / n_sent, "unterminated_sentences": unterminated / n_sent,
        "contractions": 100.0 * len(CONTRACTION_RE.findall(text)) / n,
        "type_token_ratio": _ttr(lower), "lexical_density": len(content) / n,
        "content_word_length": _ratio(sum(len(t) for t in content), len(content)),
        "long_words": _ratio(sum(len(t) >= 10 for t in content), len(content)),
        "capitalised_mid_sentence": mid_caps / n,
        "all_caps_words": sum(len(t) > 1 and t.isupper() for t in tokens) / n,
        "digits": sum(t[0].isdigit() for t in tokens) / n,
        "content_zipf_mean": z_mean, "content_zipf_sd": z_sd,
        "rare_words": _ratio(sum(0 < z < 3 for z in zipfs), len(zipfs)),
        "very_rare_words": _ratio(sum(0 < z < 2 for z in zipfs), len(zipfs)),
        "unknown_words": _ratio(sum(z == 0 for z in zipfs), len(zipfs)),
        "apostrophe_curly_share": _ratio(curly, curly + straight) if curly + straight else 0.5,
        "quote_styles_mixed": float(has_straight and has_curly),
        "sentence_initial_function_word": initial_function / n_sent,
        "sentence_initial_connective": initial_connective / n_sent,
        "log_glitch_density": math.log1p(glitch_density),
    })
    for name, pattern in _MARK_RES.items():
        feats[f"mark={name}"] = 100.0 * len(pattern.findall(text)) / n
    return feats


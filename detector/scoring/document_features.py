"""Style profiles of a stretch of text for the document model: how it is put together, not what
it is about.

Translationese research (Volansky, Ordan and Wintner 2015; Rabinovich and Wintner 2015) finds that
translated English differs from original English in the relative frequencies of function words,
pronouns, contractions, sentence length, lexical variety and punctuation, whatever the topic. So a
profile has, per window of text:

- the relative frequency of each closed class (`lexicons/closed_class.tsv`, from closed-class grammar;
  the shipped file only, so that a user lexicon cannot shift the features; each closed-class word is
  a tag, below);
- contractions, sentence-length distribution, paragraph shape, type-token ratio on 100-word chunks,
  lexical density, word length;
- word-frequency profile of the content words from wordfreq (mean Zipf, share of rare and unknown words);
- typographic anomalies: quote styles and their mixture, spaces before punctuation, missing spaces
  after it, lower-case sentence starts, decimal commas;
- the density of the rules' candidate findings in the window;
- n-grams (one to three) of the window's sentences seen as tags (`tags`): each closed-class word is
  its own tag, every other word only its shape and frequency band (`<c5>`: lower case, Zipf 5-6),
  numbers `<D>` and punctuation marks themselves: the part-of-speech n-grams of translationese
  research, approximated without a tagger. Their relative frequencies are counted with numpy on
  integer codes (`gram_counts`); which n-grams the model weighs is learned (`detect train`).

No topic word is a feature: content words enter only through their frequency class.
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter
from functools import lru_cache

from ..language.frequency import zipf
from ..language.lexicon import BUILTIN_DIR

import numpy as np

TOKEN_RE = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+(?:[.,]\d+)*")
TAG_TOKEN_RE = re.compile(TOKEN_RE.pattern + r"|[^\w\s]")  # TOKEN_RE's words, and each punctuation mark
CONTRACTION_RE = re.compile(r"[^\W\d_]+(?:n't|'(?:re|ve|ll|d|m))|(?:it|that|there|he|she|what|who|let|here)'s")  # a word
CHUNK = 100  # words per chunk for the type-token ratio
_TAG_CACHE_MAX = 200_000  # words remembered by the tag and Zipf caches

# Typography the tags cannot see (spacing, quote styles; each punctuation mark itself is a tag and
# its frequency an n-gram feature), each counted per 100 words: a string of characters counted one by one,
# or a pattern with the strings one of which any match contains (no such string: no match, no search)
# and, third, True where a match needs a digit (a window without a number is not searched).
MARKS: dict[str, str | tuple] = {
    "spaced_hyphen": (r"(?<=\s)-(?=\s)", ("-",)),
    "straight_double_quote": '"', "curly_double_quote": "“”", "low_double_quote": "„", "guillemet": "«»",
    "space_before_punct": (r"[^\W_] +[,.;:!?](?!\w)", (" ,", " .", " ;", " :", " !", " ?")),
    "no_space_after_punct": (r"[a-z][,;][A-Za-z]|[a-z]{2}\.[A-Z][a-z]", (",", ";", ".")),
    "double_space": (r"\S  +\S", ("  ",)), "decimal_comma": (r"\d,\d{1,2}(?!\d)", (",",), True),
    "nbsp": "\u00a0", "digit_group_space": (r"\d \d{3}\b", (" ",), True),
}
_MARK_RES = {name: (re.compile(m[0]), m[1], len(m) > 2) for name, m in MARKS.items() if isinstance(m, tuple)}


def _count_mark(name: str, text: str, has_digits: bool) -> int:
    spec = MARKS[name]
    if isinstance(spec, str):
        return text.count(spec) if len(spec) == 1 else text.count(spec[0]) + text.count(spec[1])
    pattern, needs, needs_digit = _MARK_RES[name]
    if needs_digit and not has_digits:
        return 0
    for x in needs:
        if x in text:
            return len(pattern.findall(text))
    return 0


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


_ZIPF_CACHE: dict[str, float] = {}


def cached_zipf(word: str) -> float:
    """`frequency.zipf`, remembered for the words of recent windows (bounded like the tag cache)."""
    z = _ZIPF_CACHE.get(word)
    if z is None:
        if len(_ZIPF_CACHE) > _TAG_CACHE_MAX:
            _ZIPF_CACHE.clear()
        z = _ZIPF_CACHE[word] = zipf(word)
    return z


@lru_cache(maxsize=1)
def _class_keys() -> tuple[tuple[str, str], ...]:
    return tuple((c, f"class={c}") for c in sorted(set(closed_class().values())))


@lru_cache(maxsize=1)
def _mark_keys() -> tuple[tuple[str, str], ...]:
    return tuple((m, f"mark={m}") for m in MARKS)


@lru_cache(maxsize=1)
def feature_names() -> tuple[str, ...]:
    classes = sorted(set(closed_class().values()))
    return tuple(f"class={c}" for c in classes) + SHAPE_NAMES + tuple(f"mark={m}" for m in MARKS)


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


def profile(paragraphs: list[list[str]], glitch_density: float = 0.0,
            sentence_tokens: list[list[str]] | None = None) -> dict[str, float]:
    """The profile of a window: `paragraphs` is a list of paragraphs, each a list of its sentences;
    `glitch_density` the confidence-weighted candidate findings per 1,000 words of the window;
    `sentence_tokens` each sentence's TOKEN_RE words, when the caller has them."""
    words_of = closed_class()
    sentences = [s for p in paragraphs for s in p]
    if sentence_tokens is None:
        sentence_tokens = [TOKEN_RE.findall(s) for s in sentences]
    text = "\n".join(" ".join(p) for p in paragraphs)
    feats: dict[str, float] = {}
    lengths = [len(toks) for toks in sentence_tokens if toks]
    initial_function = initial_connective = lower_starts = unterminated = initial_caps = 0
    for s, toks in zip(sentences, sentence_tokens):
        if not toks:
            continue
        first = toks[0]
        initial_caps += first[0].isupper()
        lower_starts += first[0].islower() and s.lstrip("“\"‘'(«„ ")[:1].islower()
        unterminated += not s.rstrip("”\"’') »").endswith((".", "!", "?", ":", "…"))
        first_class = words_of.get(first.lower())
        initial_function += first_class is not None
        initial_connective += first_class in ("coordinator", "closed_adverb", "subordinator")
    flat = [t for toks in sentence_tokens for t in toks]
    n = max(len(flat), 1)
    n_sent = max(len(lengths), 1)
    joined = "\n".join(flat)
    lower = joined.lower().replace("’", "'").split("\n")
    lower_counts = Counter(lower)
    by_class: Counter[str] = Counter()
    for w, c in lower_counts.items():
        cls = words_of.get(w)
        if cls is not None:
            by_class[cls] += c
    for c, key in _class_keys():
        feats[key] = 100.0 * by_class[c] / n
    caps = all_caps = digits = n_content = content_chars = long_content = 0
    zipfs: list[tuple[float, int]] = []  # (Zipf, count) of the lower-case content words
    for t, c in Counter(flat).items():
        first = t[0]
        if first.isdigit():
            digits += c
            continue
        if first.isupper():
            caps += c
            if len(t) > 1 and t.isupper():
                all_caps += c
        low = t.lower().replace("’", "'")
        if low in words_of:
            continue
        n_content += c
        content_chars += len(t) * c
        long_content += c if len(t) >= 10 else 0
        if first.islower():
            zipfs.append((cached_zipf(t), c))
    n_zipf = sum(c for _, c in zipfs)
    known = [(z, c) for z, c in zipfs if z > 0]
    n_known = sum(c for _, c in known)
    z_mean = sum(z * c for z, c in known) / n_known if n_known else 0.0
    z_sd = math.sqrt(sum(c * (z - z_mean) ** 2 for z, c in known) / n_known) if n_known else 0.0
    mean_len, sd_len = _mean_sd(lengths)
    curly, straight = joined.count("’"), joined.count("'")  # a TOKEN_RE word has them only between letters
    contractions = sum(c for w, c in lower_counts.items() if "'" in w and CONTRACTION_RE.fullmatch(w))
    has_straight, has_curly = '"' in text, "“" in text or "”" in text
    feats.update({
        "sentence_words_mean": mean_len, "sentence_words_sd": sd_len,
        "short_sentences": _ratio(sum(v <= 8 for v in lengths), n_sent),
        "long_sentences": _ratio(sum(v >= 35 for v in lengths), n_sent),
        "sentences_per_paragraph": _ratio(len(sentences), len(paragraphs)),
        "one_sentence_paragraphs": _ratio(sum(len(p) == 1 for p in paragraphs), len(paragraphs)),
        "lowercase_sentence_starts": lower_starts / n_sent, "unterminated_sentences": unterminated / n_sent,
        "contractions": 100.0 * contractions / n,
        "type_token_ratio": _ttr(lower), "lexical_density": n_content / n,
        "content_word_length": _ratio(content_chars, n_content), "long_words": _ratio(long_content, n_content),
        "capitalised_mid_sentence": (caps - initial_caps) / n,
        "all_caps_words": all_caps / n, "digits": digits / n,
        "content_zipf_mean": z_mean, "content_zipf_sd": z_sd,
        "rare_words": _ratio(sum(c for z, c in zipfs if 0 < z < 3), n_zipf),
        "very_rare_words": _ratio(sum(c for z, c in zipfs if 0 < z < 2), n_zipf),
        "unknown_words": _ratio(sum(c for z, c in zipfs if z == 0), n_zipf),
        "apostrophe_curly_share": _ratio(curly, curly + straight) if curly + straight else 0.5,
        "quote_styles_mixed": float(has_straight and has_curly),
        "sentence_initial_function_word": initial_function / n_sent,
        "sentence_initial_connective": initial_connective / n_sent,
        "log_glitch_density": math.log1p(glitch_density),
    })
    for name, key in _mark_keys():
        feats[key] = 100.0 * _count_mark(name, text, digits > 0) / n
    return feats



# --- tag n-grams ------------------------------------------------------------------------------

GRAM_PREFIX = "gram="
TAG_BITS = 9  # a tag is below 2 ** TAG_BITS; an n-gram's code packs its order and up to three tags
PUNCTUATION_TAGS = (",", ".", ";", ":", "(", ")", '"', "'", "-", "–", "—", "?", "!", "/", "&", "%", "…")
_QUOTES = {"“": '"', "”": '"', "„": '"', "«": '"', "»": '"', "‘": "'", "’": "'"}
_TAG_CACHE: dict[str, int] = {}


@lru_cache(maxsize=1)
def tag_names() -> tuple[str, ...]:
    """Every tag, by id: sentence bounds, number, other punctuation, the punctuation marks, the
    content-word shapes (c lower case, C capitalised, U all capitals; Zipf band 0-7), closed-class words."""
    shapes = tuple(f"<{s}{z}>" for s in "cCU" for z in range(8))
    names = ("<s>", "</s>", "<D>", "<P>") + PUNCTUATION_TAGS + shapes + tuple(closed_class())
    assert len(names) < 2 ** TAG_BITS
    return names


@lru_cache(maxsize=1)
def _tag_ids() -> dict[str, int]:
    return {n: i for i, n in enumerate(tag_names())}


def _tag(token: str) -> int:
    ids = _tag_ids()
    first = token[0]
    if first.isdigit():
        return ids["<D>"]
    if not first.isalpha():
        return ids.get(_QUOTES.get(token, token), ids["<P>"])
    low = token.lower().replace("’", "'")
    if low in closed_class():
        return ids[low]
    shape = "U" if len(token) > 1 and token.isupper() else ("C" if first.isupper() else "c")
    return ids[f"<{shape}{min(7, int(cached_zipf(low)))}>"]


def tags(tokens: list[str]) -> list[int]:
    """A sentence's tag ids (TAG_TOKEN_RE tokens), between `<s>` and `</s>`."""
    cache = _TAG_CACHE
    if len(cache) > _TAG_CACHE_MAX:
        cache.clear()
    out = [cache.get(t) for t in tokens]
    if None in out:
        out = [cache[t] if t in cache else cache.setdefault(t, _tag(t)) for t in tokens]
    return [0, *out, 1]


def gram_code(tag_ids: tuple[int, ...]) -> int:
    code = len(tag_ids)
    for t in tag_ids:
        code = (code << TAG_BITS) | t
    return code << TAG_BITS * (3 - len(tag_ids))


def gram_name(code: int) -> str:
    """The feature name of an n-gram code: `gram=` and its tags, e.g. `gram=the <c5> of`."""
    n = code >> 3 * TAG_BITS
    mask = 2 ** TAG_BITS - 1
    return GRAM_PREFIX + " ".join(tag_names()[(code >> TAG_BITS * (2 - i)) & mask] for i in range(n))


def gram_code_of(name: str) -> int:
    """The code of a `gram_name`."""
    return gram_code(tuple(_tag_ids()[t] for t in name[len(GRAM_PREFIX):].split(" ")))


def gram_counts(tag_ids: list[int]) -> tuple[np.ndarray, np.ndarray, int]:
    """The n-grams (one to three tags, none running past a `</s>`) of a window's tags, given as the
    sentences' `tags` one after another: their sorted codes, their counts, and the number of tokens."""
    t = np.asarray(tag_ids, dtype=np.int64)
    end = t == 1
    n_tokens = int(len(t) - 2 * end.sum())
    b = TAG_BITS
    uni = (1 << 3 * b) | (t << 2 * b)
    bi = ((2 << 3 * b) | (t[:-1] << 2 * b) | (t[1:] << b))[~end[:-1]]
    tri = ((3 << 3 * b) | (t[:-2] << 2 * b) | (t[1:-1] << b) | t[2:])[~(end[:-2] | end[1:-1])]
    codes, counts = np.unique(np.concatenate([uni, bi, tri]), return_counts=True)
    return codes, counts, n_tokens

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
import operator
import re
from dataclasses import dataclass
from functools import lru_cache, reduce

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
# or a pattern and a quicker one that each of its matches contains (no match of the second: no search).
MARKS: dict[str, str | tuple[str, str]] = {
    "spaced_hyphen": (r"-(?=\s)(?<=\s-)", "-"),
    "straight_double_quote": '"', "curly_double_quote": "“”", "low_double_quote": "„", "guillemet": "«»",
    "space_before_punct": (r"[^\W_] +[,.;:!?](?!\w)", r" [,.;:!?]"),
    "no_space_after_punct": (r"[a-z][,;][A-Za-z]|[a-z]{2}\.[A-Z][a-z]", r"[,;.][A-Za-z]"),
    "double_space": (r"\S  +\S", "  "), "decimal_comma": (r"\d,\d{1,2}(?!\d)", r",\d"),
    "nbsp": "\u00a0", "digit_group_space": (r"\d \d{3}\b", r" \d(?<=\d \d)"),
}
_MARK_RES = {name: (re.compile(m[0]), re.compile(m[1])) for name, m in MARKS.items() if isinstance(m, tuple)}


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


# What the profile sums over a window's words, one column each: a word's attribute (0 or 1) or value
# (`content_chars`: its length if a content word; `zipf_known`: its Zipf value if known ...).
WORD_COLUMNS = ("word", "digit", "upper", "all_caps", "content", "content_chars", "long_content", "zipfable",
                "known", "zipf_known", "zipf2_known", "rare", "very_rare", "unknown", "curly", "straight",
                "contraction", "lower_first", "function", "connective")
_COL = {n: i for i, n in enumerate(WORD_COLUMNS)}
# the word-column shares (numerators, denominators) a profile reports: content word length, long words,
# Zipf mean and mean square of known words, rare, very rare and unknown words
_SHARE_OF = tuple([_COL[n] for n in names] for names in (
    ("content_chars", "long_content", "zipf_known", "zipf2_known", "rare", "very_rare", "unknown"),
    ("content", "content", "known", "known", "zipfable", "zipfable", "zipfable")))


class _Types:
    """What the profile needs of each token form (TAG_TOKEN_RE tokens), computed once per form: a row
    of `WORD_COLUMNS` and the closed classes (one-hot) in `table`, its tag and its lower-case form's
    id. Bounded: forgotten past _TAG_CACHE_MAX forms."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.lows: dict[str, int] = {}
        self.table = np.zeros((1024, len(WORD_COLUMNS) + len(_class_keys())))
        self.tag = np.zeros(1024, dtype=np.int64)
        self.low = np.zeros(1024, dtype=np.int64)

    def id_array(self, tokens: list[str]) -> np.ndarray:
        """The ids of `tokens`, new forms added."""
        if len(self.ids) > _TAG_CACHE_MAX:
            self.__init__()
        try:
            return np.fromiter(map(self.ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))
        except KeyError:
            for token in [t for t in dict.fromkeys(tokens) if t not in self.ids]:  # new forms, first use first
                self._add(token)
            return np.fromiter(map(self.ids.__getitem__, tokens), dtype=np.int64, count=len(tokens))

    def _add(self, token: str) -> None:
        """Give the new form `token` the next id and compute its row."""
        i = self.ids[token] = len(self.ids)
        if i >= len(self.tag):
            self.table = np.vstack([self.table, np.zeros_like(self.table)])
            self.tag = np.concatenate([self.tag, np.zeros_like(self.tag)])
            self.low = np.concatenate([self.low, np.zeros_like(self.low)])
        first = token[0]
        low = token.lower().replace("’", "'")
        self.tag[i] = _tag(token)
        self.low[i] = self.lows.setdefault(low, len(self.lows))
        if not first.isalnum():
            return
        row = self.table[i]
        cls = closed_class().get(low)
        digit = first.isdigit()
        upper = not digit and first.isupper()
        content = not digit and cls is None
        z = cached_zipf(token) if content and first.islower() else 0.0
        values = {"word": 1, "digit": digit, "upper": upper, "all_caps": upper and len(token) > 1 and token.isupper(),
                  "content": content, "content_chars": len(token) * content, "long_content": content and len(token) >= 10,
                  "zipfable": content and first.islower(), "known": z > 0, "zipf_known": z, "zipf2_known": z * z,
                  "rare": 0 < z < 3, "very_rare": 0 < z < 2, "unknown": content and first.islower() and z == 0,
                  "curly": token.count("’"), "straight": token.count("'"),
                  "contraction": "'" in low and CONTRACTION_RE.fullmatch(low) is not None,
                  "lower_first": first.islower(), "function": cls is not None,
                  "connective": cls in ("coordinator", "closed_adverb", "subordinator")}
        for name, v in values.items():
            row[_COL[name]] = float(v)
        if cls is not None:
            row[len(WORD_COLUMNS) + _class_index()[cls]] = 1.0


SEPARATOR = "\x00"  # between sentences in one tokeniser pass: TAG_TOKEN_RE makes it a token of its own


@lru_cache(maxsize=1)
def _class_index() -> dict[str, int]:
    return {c: i for i, (c, _) in enumerate(_class_keys())}


@lru_cache(maxsize=1)
def _types() -> _Types:
    return _Types()


def tokenise(sentences: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """The ids (`_Types`) of the sentences' TAG_TOKEN_RE tokens, found in one pass, and each token's
    sentence index."""
    joined = SEPARATOR.join(s.replace(SEPARATOR, " ") for s in sentences) if len(sentences) > 1 else "".join(sentences)
    types = _types()
    ids = types.id_array(TAG_TOKEN_RE.findall(joined))
    if len(sentences) < 2:
        return ids, np.zeros(len(ids), dtype=np.int64)
    sep = ids == types.ids[SEPARATOR]  # a token since the join
    return ids[~sep], np.cumsum(sep)[~sep]


def is_word(ids: np.ndarray) -> np.ndarray:
    """Which tokens are words (TOKEN_RE's: a letter or digit first)."""
    return _types().table[ids, _COL["word"]] > 0


@dataclass
class Profiles:
    """The profiles of a text's windows: `values` one row per window over `names`, and each window's
    tag n-grams (sorted codes, counts, tokens: `grams`)."""

    names: tuple[str, ...]
    values: np.ndarray
    gram_window: np.ndarray  # window of each (window, n-gram) entry, ascending
    gram_codes: np.ndarray
    gram_totals: np.ndarray
    n_tokens: np.ndarray

    def __len__(self) -> int:
        return len(self.values)

    def row(self, i: int) -> dict[str, float]:
        return dict(zip(self.names, self.values[i].tolist()))

    def grams(self, i: int) -> tuple[np.ndarray, np.ndarray, int]:
        """Window i's n-grams as `gram_counts` gives them."""
        lo, hi = np.searchsorted(self.gram_window, [i, i + 1])
        return self.gram_codes[lo:hi], self.gram_totals[lo:hi], int(self.n_tokens[i])


def _sums(values: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Sums of consecutive runs of rows (`starts`, `sizes`; an empty run sums to 0)."""
    if not len(values):
        return np.zeros((len(starts),) + values.shape[1:])
    out = np.add.reduceat(values, np.minimum(starts, len(values) - 1), axis=0)
    out[sizes == 0] = 0
    return out


def _share(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """num / den, 0 where den is 0 (den broadcast to num's shape)."""
    return np.divide(num, den, out=np.zeros(np.shape(num)), where=den > 0)


def profiles(windows: list[list[list[str]]], glitch_densities: list[float] | None = None,
             tokens: tuple[np.ndarray, np.ndarray] | None = None) -> Profiles:
    """The profiles of windows, each a list of paragraphs, each a list of its sentences; their
    `glitch_densities` (confidence-weighted candidate findings per 1,000 words); `tokens` the
    sentences' `tokenise`, when the caller has it. Counted with numpy over the whole text at once."""
    n_win = len(windows)
    sentences = [s for w in windows for p in w for s in p]
    n_sent_all = len(sentences)
    sents_per_win = np.array([sum(len(p) for p in w) for w in windows], dtype=np.int64)
    sent_win = np.repeat(np.arange(n_win), sents_per_win)
    ids, tok_sent = tokens if tokens is not None else tokenise(sentences)
    types = _types()
    rows = types.table[ids]                                    # one row per token
    toks_per_sent = np.bincount(tok_sent, minlength=n_sent_all)
    sent_tok_start = np.cumsum(toks_per_sent) - toks_per_sent
    win_sent_start = np.cumsum(sents_per_win) - sents_per_win
    toks_per_win = np.bincount(sent_win, weights=toks_per_sent, minlength=n_win).astype(np.int64)
    win_tok_start = np.cumsum(toks_per_win) - toks_per_win
    W = _sums(rows, win_tok_start, toks_per_win)               # per window: sums of the word columns
    c = {name: W[:, i] for i, name in enumerate(WORD_COLUMNS)}
    n_words = c["word"]
    n = np.maximum(n_words, 1.0)
    # sentences: their words, first words and ends
    is_word = rows[:, _COL["word"]] > 0
    lengths = _sums(is_word.astype(float), sent_tok_start, toks_per_sent)
    word_pos = np.flatnonzero(is_word)
    first_pos = word_pos[np.minimum(np.searchsorted(tok_sent[word_pos], np.arange(n_sent_all)),
                                    max(len(word_pos) - 1, 0))] if len(word_pos) else np.zeros(n_sent_all, dtype=np.int64)
    first = rows[first_pos] if len(rows) else np.zeros((n_sent_all, rows.shape[1]))
    stripped = [s.lstrip("“\"‘'(«„ ")[:1].islower() for s in sentences]
    open_ = [not s.rstrip("”\"’') »").endswith((".", "!", "?", ":", "…")) for s in sentences]
    per_sent = np.column_stack([np.ones(n_sent_all), lengths, lengths ** 2, lengths <= 8, lengths >= 35,
                                first[:, _COL["upper"]], first[:, _COL["lower_first"]] * np.array(stripped, dtype=float),
                                open_, first[:, _COL["function"]], first[:, _COL["connective"]]]) * (lengths > 0)[:, None]
    S = _sums(per_sent, win_sent_start, sents_per_win)
    by_sent = S / np.maximum(S[:, 0], 1.0)[:, None]            # per sentence: mean length, its square, ...
    per_word, per_100 = W / n[:, None], 100.0 * W / n[:, None]
    share = _share(W[:, _SHARE_OF[0]], W[:, _SHARE_OF[1]])   # content word length, ... unknown words
    apostrophes = c["curly"] + c["straight"]
    windows_text = ["\n".join(" ".join(p) for p in w) for w in windows]
    per_par = _share(np.column_stack([sents_per_win, [sum(len(p) == 1 for p in w) for w in windows]]).astype(float),
                     np.array([len(w) for w in windows], dtype=float)[:, None])  # sentences, one-sentence ones
    shape = {
        "sentence_words_mean": by_sent[:, 1],
        "sentence_words_sd": np.sqrt(np.maximum(by_sent[:, 2] - by_sent[:, 1] ** 2, 0.0)),
        "short_sentences": by_sent[:, 3], "long_sentences": by_sent[:, 4],
        "sentences_per_paragraph": per_par[:, 0], "one_sentence_paragraphs": per_par[:, 1],
        "lowercase_sentence_starts": by_sent[:, 6], "unterminated_sentences": by_sent[:, 7],
        "contractions": per_100[:, _COL["contraction"]],
        "type_token_ratio": _ttr(types.low[ids[is_word]].tolist(), n_words),
        "lexical_density": per_word[:, _COL["content"]], "content_word_length": share[:, 0],
        "long_words": share[:, 1], "capitalised_mid_sentence": (c["upper"] - S[:, 5]) / n,
        "all_caps_words": per_word[:, _COL["all_caps"]], "digits": per_word[:, _COL["digit"]],
        "content_zipf_mean": share[:, 2], "content_zipf_sd": np.sqrt(np.maximum(share[:, 3] - share[:, 2] ** 2, 0.0)),
        "rare_words": share[:, 4], "very_rare_words": share[:, 5], "unknown_words": share[:, 6],
        "apostrophe_curly_share": np.where(apostrophes > 0, _share(c["curly"], apostrophes), 0.5),
        "quote_styles_mixed": np.array(['"' in t and ("“" in t or "”" in t) for t in windows_text], dtype=float),
        "sentence_initial_function_word": by_sent[:, 8], "sentence_initial_connective": by_sent[:, 9],
        "log_glitch_density": np.log1p(np.asarray(glitch_densities if glitch_densities is not None else [0.0] * n_win,
                                                  dtype=float)),
    }
    marks = _marks(windows_text) / n[:, None]
    values = np.concatenate([per_100[:, len(WORD_COLUMNS):], np.array([shape[k] for k in SHAPE_NAMES]).T, marks], axis=1)
    grams = _window_grams(types.tag[ids], tok_sent, sent_win, toks_per_sent, toks_per_win)
    return Profiles(feature_names(), values, *grams)


def _marks(texts: list[str]) -> np.ndarray:
    """Per window and MARKS entry, its count times 100: the patterns searched once in the windows'
    texts joined by a NUL (which no pattern matches or leans on), each match counted in its window."""
    whole = "\x00".join(texts)
    bounds = np.cumsum([len(t) + 1 for t in texts])
    out = np.zeros((len(texts), len(MARKS)))
    for j, (name, spec) in enumerate(MARKS.items()):
        if isinstance(spec, str):
            if any(x in whole for x in spec):
                out[:, j] = [sum(t.count(x) for x in spec) for t in texts]
            continue
        pattern, quick = _MARK_RES[name]
        if quick.search(whole) is None:
            continue
        starts = [m.start() for m in pattern.finditer(whole)]
        if starts:
            out[:, j] = np.bincount(np.searchsorted(bounds, starts, side="right"), minlength=len(texts))
    return 100.0 * out


def _ttr(low: list[int], n_words: np.ndarray) -> np.ndarray:
    """Per window, the mean type-token ratio over its consecutive 100-word chunks (a window of at
    most 100 words: its own ratio; the words after the last whole chunk are left out); `low` the
    lower-case form ids of the windows' words, window after window."""
    out, start = [], 0
    for n in n_words.astype(np.int64).tolist():
        words, start = low[start:start + n], start + n
        ratios = ([len(set(words[i:i + CHUNK])) / CHUNK for i in range(0, n - CHUNK + 1, CHUNK)] if n > CHUNK
                  else [len(set(words)) / max(n, 1)])
        out.append(reduce(operator.add, ratios) / len(ratios))  # left to right on every Python (sum may compensate)
    return np.array(out)


def profile(paragraphs: list[list[str]], glitch_density: float = 0.0) -> dict[str, float]:
    """The profile of one window: `paragraphs` is a list of paragraphs, each a list of its sentences;
    `glitch_density` the confidence-weighted candidate findings per 1,000 words of the window."""
    return profiles([paragraphs], [glitch_density]).row(0)


def _window_grams(tag_of: np.ndarray, tok_sent: np.ndarray, sent_win: np.ndarray, per_sent: np.ndarray,
                  n_tokens: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Each window's tag n-grams (`gram_counts`, counted for all windows at once) from the tokens'
    tags and sentences, the sentences' windows and tokens, and the windows' tokens: the window of
    each (window, code) entry, the codes, their counts, and each window's tokens."""
    # the tag stream: each sentence's tags between <s> (0) and </s> (1)
    ends = np.cumsum(per_sent + 2)
    stream = np.zeros(int(ends[-1]) if len(ends) else 0, dtype=np.int64)
    stream[ends - 1] = 1
    stream[np.arange(len(tag_of)) + 2 * tok_sent + 1] = tag_of
    if not len(stream):
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, empty, n_tokens
    b, shift = TAG_BITS, 3 * TAG_BITS + 2
    end, win = stream == 1, np.repeat(sent_win << shift, per_sent + 2)
    first, second = stream << 2 * b, stream << b
    keys = np.concatenate([win | (1 << 3 * b) | first,
                           (win[:-1] | (2 << 3 * b) | first[:-1] | second[1:])[~end[:-1]],
                           (win[:-2] | (3 << 3 * b) | first[:-2] | second[1:-1] | stream[2:])[~(end[:-2] | end[1:-1])]])
    found, counts = np.unique(keys, return_counts=True)
    return found >> shift, found & ((1 << shift) - 1), counts, n_tokens


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

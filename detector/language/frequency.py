"""Word frequency on the Zipf scale, as wordfreq gives it, without wordfreq's start-up cost.

Importing wordfreq and loading its English list costs 0.2 s and about 35 MB in every process, and
the rules only ask about words. So the first use packs wordfreq's English list (a 48-bit hash of
each word and its frequency in centibels, in one sorted array) into the user's cache folder, and
later processes map it in about a millisecond. Words and hyphenated compounds of Latin letters
and apostrophes, and of Latin letters and digits ("A320", "Under-21", "H."), are answered from the
table with wordfreq's own arithmetic (its runs of two or more digits read as zeros, times its estimate
of the number's frequency); anything else (other scripts, "U.S.") goes to wordfreq itself.
`zipf(w) == wordfreq.zipf_frequency(w, "en")` for every w.
"""

from __future__ import annotations

import bisect
import hashlib
import importlib.metadata
import math
import mmap
import re
import sys
import unicodedata
from array import array
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from ..atomic import write_atomic
from .diskcache import cache_dir, warn_unwritable

_LETTER = "a-zß-öø-ɏ"  # Latin letters after casefolding
_TOKEN = re.compile(rf"[{_LETTER}]+(?:'[{_LETTER}]+)*")
_ALNUM = re.compile(rf"[{_LETTER}0-9]+")  # a token with digits: wordfreq splits at an apostrophe next to one
_BY_DIGIT = re.compile(rf"(?<=[0-9])'(?=[{_LETTER}])|(?<=[{_LETTER}])'(?=[0-9])")  # wordfreq splits there
_FULL_STOP = re.compile(rf"[{_LETTER}0-9]+\.")  # wordfreq drops a word's final full stop: "h." is "h"
_DIGITS = re.compile(r"[0-9]{2,}")  # the digit runs wordfreq smashes to zeros
_DIGIT_FREQS = (0.009, 0.300, 0.175, 0.124, 0.096, 0.078, 0.066, 0.057, 0.050, 0.045)  # wordfreq.numbers
_ELISION = re.compile(rf"[{_LETTER}]{{1,2}}'[aehiouyáéíóúàèìòùâêîôûåïöœ]")  # "l'homme": wordfreq splits it
_VALUE_BITS = 16
_FLOOR = 1e-9  # wordfreq's frequency for Zipf 0, the least it returns


def _hash(token: str) -> int:
    return int.from_bytes(hashlib.blake2b(token.encode(), digest_size=6).digest(), "big")


Table = Sequence[int]  # sorted (hash << 16 | centibels) values


def build_table() -> array:
    """(hash << 16 | centibels) for every word of wordfreq's English list that is its own token, sorted."""
    import wordfreq

    packed = {(_hash(w) << _VALUE_BITS) | round(-100 * math.log10(f))
              for w, f in wordfreq.get_frequency_dict("en").items()
              if (_TOKEN.fullmatch(w) or _ALNUM.fullmatch(w)) and wordfreq.lossy_tokenize(w, "en") == [w]}
    return array("Q", sorted(packed))


def _mapped(path: Path) -> Table:
    """The table file mapped into memory, read as 64-bit integers in place."""
    with path.open("rb") as handle:
        return memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)).cast("Q")


@lru_cache(maxsize=1)
def _table() -> Table:
    path = cache_dir() / f"zipf-en-wordfreq-{importlib.metadata.version('wordfreq')}-digits-{sys.byteorder}.u64"
    try:
        return _mapped(path)
    except (OSError, ValueError, TypeError):  # missing, empty, or not whole 64-bit words
        table = build_table()
    try:
        write_atomic(path, table.tobytes())
    except OSError as exc:
        warn_unwritable(exc)  # the next process pays for the same build
    return table


def _centibels(token: str) -> int | None:
    table = _table()
    key = _hash(token) << _VALUE_BITS
    i = bisect.bisect_left(table, key)
    if i < len(table) and table[i] >> _VALUE_BITS == key >> _VALUE_BITS:
        return table[i] & ((1 << _VALUE_BITS) - 1)
    return None


def _elided(token: str) -> list[str]:
    """wordfreq's split of a French-style elision: "l'homme" is "l" and "homme"."""
    m = _ELISION.match(token)
    return [token[:m.end() - 2], *_elided(token[m.end() - 1:])] if m else [token]


def _benford(digits: str) -> float:
    return _DIGIT_FREQS[int(digits[0])] / 10 ** (len(digits) - 1)


def _year(digits: str) -> float:
    """wordfreq's estimate for a four-digit run: a year (peak 2019-2039) or else Benford's."""
    year = int(digits)
    if year <= 2019:
        log_freq = -1.9185 - 0.0083 * (2019 - year)
    elif year <= 2039:
        log_freq = -1.9185
    else:
        log_freq = -1.9185 - 0.2 * (year - 2039)
    return 10.0 ** log_freq + 0.1 * _benford(digits)


def _digit_freq(token: str) -> float:
    """wordfreq's `digit_freq`: the frequency of a token's digit runs among the runs of their length."""
    freq = 1.0
    for run in _DIGITS.findall(token):
        freq *= _year(run) if len(run) == 4 else _benford(run)
    return freq


def _pieces(folded: str) -> list[str] | None:
    """The tokens wordfreq reads in a case-folded word, or None where its tokenizer must say."""
    tokens = []
    for piece in (p for t in folded.split("-") for d in _BY_DIGIT.split(t.rstrip("'"))  # "James'": "james"
                  for p in _elided(d)):  # "u2's": "u2", "s"
        if _FULL_STOP.fullmatch(piece):
            piece = piece[:-1]
        if not (_TOKEN.fullmatch(piece) or _ALNUM.fullmatch(piece)):
            return None
        tokens.append(piece)
    return tokens


def _wordfreq(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=1 << 17)  # bounded: a long batch meets ever more words
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of `word` in English (0.0 for a word it does not know)."""
    folded = unicodedata.normalize("NFC", word).casefold().replace("\u2019", "'")
    tokens = _pieces(folded)
    if tokens is None:
        return _wordfreq(word)
    inverse = 0.0
    for token in tokens:
        smashed = _DIGITS.sub(lambda m: "0" * len(m.group()), token)
        cb = _centibels(smashed)
        if cb is None:
            return 0.0
        freq = 10 ** (-cb / 100)
        if smashed != token:
            freq *= _digit_freq(token)
        inverse += 1.0 / freq
    # wordfreq's rounding: three significant digits, then two decimals on the Zipf scale
    frequency = max(1.0 / inverse, _FLOOR)
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(math.log(frequency, 10) + 9, 2)

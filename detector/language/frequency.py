"""Word frequency on the Zipf scale, as wordfreq gives it, without wordfreq's start-up cost.

Importing wordfreq and loading its English list costs 0.2 s and about 35 MB in every process, and
the rules only ask about words. So the first use packs wordfreq's English list (a 48-bit hash of
each word and its frequency in centibels, in one sorted array) into the user's cache folder, and
later processes map it in about a millisecond. Words and hyphenated compounds of Latin letters
and apostrophes are answered from the table with wordfreq's own arithmetic; anything else (digits,
other scripts) goes to wordfreq itself. `zipf(w) == wordfreq.zipf_frequency(w, "en")` for every w.
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
              if _TOKEN.fullmatch(w) and wordfreq.lossy_tokenize(w, "en") == [w]}
    return array("Q", sorted(packed))


def _mapped(path: Path) -> Table:
    """The table file mapped into memory, read as 64-bit integers in place."""
    with path.open("rb") as handle:
        return memoryview(mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)).cast("Q")


@lru_cache(maxsize=1)
def _table() -> Table:
    path = cache_dir() / f"zipf-en-wordfreq-{importlib.metadata.version('wordfreq')}-{sys.byteorder}.u64"
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


def _wordfreq(word: str) -> float:
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en")


@lru_cache(maxsize=None)
def zipf(word: str) -> float:
    """wordfreq's Zipf frequency of `word` in English (0.0 for a word it does not know)."""
    folded = unicodedata.normalize("NFC", word).casefold().replace("\u2019", "'")
    tokens = [piece for t in folded.split("-") for piece in _elided(t.rstrip("'"))]  # "James'": "james"
    if not all(_TOKEN.fullmatch(t) for t in tokens):
        return _wordfreq(word)
    inverse = 0.0
    for token in tokens:
        cb = _centibels(token)
        if cb is None:
            return 0.0
        inverse += 1.0 / 10 ** (-cb / 100)
    # wordfreq's rounding: three significant digits, then two decimals on the Zipf scale
    frequency = max(1.0 / inverse, _FLOOR)
    frequency = round(frequency, math.floor(-math.log(frequency, 10)) + 3)
    return round(math.log(frequency, 10) + 9, 2)

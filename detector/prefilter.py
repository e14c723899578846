"""Literal strings a regex cannot match without: a cheap test that lets a rule skip most texts.

For `\\b(was|were) (processed|imputed) for\\b` every match contains "processed" or "imputed", so a
text with neither is skipped before the regex runs. Of the sets a pattern implies, the one whose
words are rarest in English (wordfreq) is kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _constants as C, _parser as P

from .frequency import zipf
from .trie import alternation

MIN_LENGTH = 3
GUARD_MAX_STRINGS = 16  # more, and looking for each costs more than the regex
MAX_PRODUCT = 64  # most strings a run of fixed parts is spelled out as
Strings = frozenset[str]


def required_strings(pattern: re.Pattern[str], min_length: int = MIN_LENGTH) -> Strings | None:
    """Strings one of which is in every match of `pattern` (lower-cased when it ignores case), none
    shorter than `min_length`, or None when no such set can be derived."""
    found = _sequence(P.parse(pattern.pattern, pattern.flags), min_length)
    if found is None:
        return None
    return frozenset(s.lower() for s in found) if pattern.flags & re.IGNORECASE else found


def commonness(strings: Strings) -> float:
    """How often the commonest of the strings may occur, a string being as rare as its rarest word
    (Zipf frequency); 8 for
    a string of three characters or fewer (a fragment such as "ake", left when the parser factors
    "take|took" into "t" and "ake|ook", is in many words)."""
    def one(s: str) -> float:
        words = re.findall(r"[^\W\d_]+", s)
        return 8.0 if len(s) <= MIN_LENGTH or not words else min(zipf(w) for w in words)
    return max(one(s) for s in strings)


def _sequence(items, min_length: int) -> Strings | None:  # noqa: ANN001 - a re._parser.SubPattern
    candidates: list[Strings] = []
    run = frozenset([""])  # the strings the items since the last open-ended one can match
    for op, value in items:
        options = _exact(op, value)
        if options is not None:
            candidates.append(options)  # a part on its own may be the most selective
        if options is not None and len(run) * len(options) <= MAX_PRODUCT:
            run = frozenset(a + b for a in run for b in options)
            continue
        candidates.append(run)
        run = options if options is not None else frozenset([""])
        if options is None:
            inner = _item(op, value, min_length)
            if inner is not None:
                candidates.append(inner)
    candidates.append(run)
    useful = [c for c in candidates if all(len(s) >= min_length for s in c)]
    return min(useful, key=lambda c: (commonness(c), -min(map(len, c)), len(c))) if useful else None


def _exact(op, value) -> Strings | None:  # noqa: ANN001 - re._parser's opcode and argument
    """The few strings an item can match when it matches only fixed strings ("[Tt]he", "(?:was|were)"),
    else None; a word boundary matches the empty string."""
    if op is C.LITERAL:
        return frozenset([chr(value)])
    if op is C.AT:
        return frozenset([""])
    if op is C.IN and all(o is C.LITERAL for o, _ in value):
        return frozenset(chr(v) for _, v in value)
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = value
        return None if add_flags or del_flags else _exact_sequence(sub)
    if op is C.BRANCH:
        return _either([_exact_sequence(alt) for alt in value[1]])
    if op is C.MAX_REPEAT and value[:2] == (0, 1):  # an optional part, as a trie writes "say(?:s)?"
        once = _exact_sequence(value[2])
        return None if once is None else once | {""}
    return None


def _either(alternatives: list[Strings | None]) -> Strings | None:
    """The strings of a branch: those of all its alternatives, or None when one has none."""
    return None if any(a is None for a in alternatives) else frozenset().union(*alternatives)


def _exact_sequence(items) -> Strings | None:  # noqa: ANN001 - a re._parser.SubPattern
    out = frozenset([""])
    for op, value in items:
        options = _exact(op, value)
        if options is None or len(out) * len(options) > MAX_PRODUCT:
            return None
        out = frozenset(a + b for a in out for b in options)
    return out


def _item(op, value, min_length: int) -> Strings | None:  # noqa: ANN001 - re._parser's opcode and argument
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = value
        return None if add_flags or del_flags else _sequence(sub, min_length)
    if op is C.ATOMIC_GROUP:
        return _sequence(value, min_length)
    if op is C.BRANCH:
        return _either([_sequence(alt, min_length) for alt in value[1]])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, sub = value
        if low < 1:
            return None
        once = _exact_sequence(sub)
        if once is not None and len(once) == 1:  # "(?:\. ){3,}": ". . . "
            return frozenset([next(iter(once)) * low])
        return _sequence(sub, min_length)
    return None


class StringFinder:
    """Which of many strings occur in a text, in one pass (for the prefilters of a whole table)."""

    def __init__(self, strings: frozenset[str]) -> None:
        self.pattern = re.compile(alternation(strings)) if strings else None
        # At each position the longest string is found; shorter ones found there are its prefixes.
        self.prefixes = {s: frozenset(s[:k] for k in range(1, len(s) + 1) if s[:k] in strings) for s in strings}

    def present(self, text: str) -> set[str]:
        found: set[str] = set()
        m = self.pattern.search(text) if self.pattern is not None else None
        while m:  # searched again from the next character, so overlapping strings are found too
            found |= self.prefixes[m.group()]
            m = self.pattern.search(text, m.start() + 1)
        return found


class Guarded:
    """A compiled regex that is not run on texts lacking all of the literal strings its matches need
    (a few `str.find` calls instead of a pass of the regex engine). Same results as the regex."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        required = None if pattern.flags & re.IGNORECASE else required_strings(pattern, min_length=1)
        self.required = required if required and len(required) <= GUARD_MAX_STRINGS else None

    def _absent(self, text: str, pos: int) -> bool:
        return self.required is not None and all(text.find(s, pos) < 0 for s in self.required)

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        return iter(()) if self._absent(text, pos) else self.pattern.finditer(text, pos)

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return None if self._absent(text, pos) else self.pattern.search(text, pos)

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return None if self._absent(text, pos) else self.pattern.match(text, pos)

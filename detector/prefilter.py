"""Literal strings a regex cannot match without: a cheap test that lets a rule skip most texts.

For `\\b(was|were) (processed|imputed) for\\b` every match contains "processed" or "imputed", so a
text with neither is skipped before the regex runs. Of the sets a pattern implies, the one whose
words are rarest in English (wordfreq) is kept.
"""

from __future__ import annotations

import re
from re import _constants as C, _parser as P

from .frequency import zipf
from .trie import alternation

MIN_LENGTH = 3
MAX_PRODUCT = 64  # most strings a run of fixed parts is spelled out as
Strings = frozenset[str]


def required_strings(pattern: re.Pattern[str]) -> Strings | None:
    """Strings one of which is in every match of `pattern` (lower-cased when it ignores case), or
    None when no useful set can be derived."""
    found = _sequence(P.parse(pattern.pattern, pattern.flags))
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


def _sequence(items) -> Strings | None:  # noqa: ANN001 - a re._parser.SubPattern
    candidates: list[Strings] = []
    run = frozenset([""])  # the strings the items since the last open-ended one can match
    for op, value in items:
        options = _exact(op, value)
        if options is not None and len(run) * len(options) <= MAX_PRODUCT:
            run = frozenset(a + b for a in run for b in options)
            continue
        candidates.append(run)
        run = options if options is not None else frozenset([""])
        if options is None:
            inner = _item(op, value)
            if inner is not None:
                candidates.append(inner)
    candidates.append(run)
    useful = [c for c in candidates if all(len(s) >= MIN_LENGTH for s in c)]
    return min(useful, key=lambda c: (commonness(c), -min(map(len, c)))) if useful else None


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
        alternatives = [_exact_sequence(alt) for alt in value[1]]
        if any(a is None for a in alternatives):
            return None
        return frozenset().union(*alternatives)
    return None


def _exact_sequence(items) -> Strings | None:  # noqa: ANN001 - a re._parser.SubPattern
    out = frozenset([""])
    for op, value in items:
        options = _exact(op, value)
        if options is None or len(out) * len(options) > MAX_PRODUCT:
            return None
        out = frozenset(a + b for a in out for b in options)
    return out


def _item(op, value) -> Strings | None:  # noqa: ANN001 - re._parser's opcode and argument
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = value
        return None if add_flags or del_flags else _sequence(sub)
    if op is C.ATOMIC_GROUP:
        return _sequence(value)
    if op is C.BRANCH:
        alternatives = [_sequence(alt) for alt in value[1]]
        if any(a is None for a in alternatives):
            return None
        return frozenset().union(*alternatives)
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, _high, sub = value
        return _sequence(sub) if low >= 1 else None
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

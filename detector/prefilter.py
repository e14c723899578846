"""Literal strings a regex cannot match without: a cheap test that lets a rule skip most texts.

For `\\b(was|were) (processed|imputed) for\\b` every match contains "processed" or "imputed", so a
text with neither is skipped before the regex runs. Of the sets a pattern implies, the one whose
words are rarest in English (wordfreq) is kept, sets of whole words first: the strings also mark
where the pattern asserts a word boundary, so that a table of patterns (`TableFilter`) can look a
string's words up in the document's set of words before it searches the text for the string.
Strings of patterns that ignore case are compared after `fold`, as the regex engine compares them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from re import _constants as C, _parser as P

from .frequency import zipf

BOUNDARY = "\0"  # in a derived string: a place where a run of word characters begins or ends (\b, ^, $)
NOT_BOUNDARY = {C.AT_NON_BOUNDARY, C.AT_LOC_NON_BOUNDARY, C.AT_UNI_NON_BOUNDARY}
MIN_LENGTH = 3
GUARD_MAX_STRINGS = 16  # more, and looking for each costs more than the regex
MAX_PRODUCT = 64  # most strings a run of fixed parts is spelled out as
Strings = frozenset[str]


def required_strings(pattern: re.Pattern[str], min_length: int = MIN_LENGTH) -> Strings | None:
    """Strings one of which is in every match of `pattern` (`fold`ed when it ignores case), none
    shorter than `min_length`, or None when no such set can be derived."""
    found = marked_strings(pattern, min_length)
    return None if found is None else frozenset(map(_plain, found))


def marked_strings(pattern: re.Pattern[str], min_length: int = MIN_LENGTH) -> Strings | None:
    """`required_strings` with BOUNDARY where the pattern asserts the start or end of a word."""
    found = _sequence(P.parse(pattern.pattern, pattern.flags), min_length)
    if found is None:
        return None
    return frozenset(map(fold, found)) if pattern.flags & re.IGNORECASE else found


def _plain(marked: str) -> str:
    return marked.replace(BOUNDARY, "")


WORD_RUN_RE = re.compile(r"\w+")


def anchors(marked: str) -> list[str]:
    """The words a text holds whole wherever it holds the marked string: runs of word characters
    bounded on both sides inside the string (by a non-word character or BOUNDARY)."""
    return [m.group() for m in WORD_RUN_RE.finditer(marked) if m.start() > 0 and m.end() < len(marked)]


def commonness(strings: Strings) -> float:
    """How often the commonest of the strings may occur, a string being as rare as its rarest word
    (Zipf frequency); 8 for a string of three characters or fewer (a fragment such as "ake", left
    when the parser factors "take|took" into "t" and "ake|ook", is in many words)."""
    def one(s: str) -> float:
        s = _plain(s)
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
    useful = [c for c in candidates if all(len(_plain(s)) >= min_length for s in c)]
    # Strings with whole words first: a table's prefilter looks them up in the document's words.
    return min(useful, key=lambda c: (not all(anchors(s) for s in c), commonness(c), -min(len(_plain(s)) for s in c),
                                      len(c))) if useful else None


def _exact(op, value) -> Strings | None:  # noqa: ANN001 - re._parser's opcode and argument
    """The few strings an item can match when it matches only fixed strings ("[Tt]he", "(?:was|were)"),
    else None; a word boundary matches BOUNDARY."""
    if op is C.LITERAL:
        return frozenset([chr(value)])
    if op is C.AT:
        return frozenset(["" if value in NOT_BOUNDARY else BOUNDARY])
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


def _case_folding() -> dict[int, str]:
    """A letter for each group of letters that the regex engine also takes for one another when it
    ignores case beyond lower case ("ſ" for "s", "ı" for "i", "ς" for "σ"): the smallest of them."""
    from re._casefix import _EXTRA_CASES

    table = {}
    for letter, others in _EXTRA_CASES.items():
        group = [chr(c) for c in (letter, *others) if chr(c).isalnum()]
        table.update({ord(c): min(group) for c in group if c != min(group)})
    return table


CASE_FOLDING = _case_folding()
COMBINING_IOTA = "\u0345"  # the one character `fold` turns into a word character (the engine takes it for "ι")


def fold(text: str) -> str:
    """`text` as the regex engine compares it when it ignores case: lower case one letter at a time,
    with the letters it also takes for one another made one."""
    if text.isascii():
        return text.lower()
    return text.replace("\u0130", "i").replace(COMBINING_IOTA, "\u03b9").lower().translate(CASE_FOLDING)


Lookup = tuple[str, "str | None", "tuple[str, ...]"]  # a string, the word it is looked up by, its other words


def lookups(marked: Strings) -> list[Lookup]:
    """How a table filter looks up each marked string: by its rarest whole word, then its other whole
    words, then the string itself in the text (no word: the string only)."""
    found = []
    for string in sorted(marked):
        words = anchors(string)
        key = min(words, key=lambda w: (zipf(w.lower()), -len(w))) if words else None
        found.append((_plain(string), key, tuple(w for w in words if w != key)))
    return found


class TableFilter:
    """Which patterns of a table may match a document: a pattern runs only where one of its required
    strings is in the text, as before, but the strings are first looked up by their rarest whole word
    in the document's set of words, instead of searching the text for all of them."""

    def __init__(self, patterns: list[tuple[list[Lookup] | None, bool]]) -> None:
        """`patterns`: each pattern's `lookups` (None: it always runs) and whether it ignores case."""
        self.always = frozenset(i for i, (strings, _) in enumerate(patterns) if not strings)
        self.by_word: tuple[dict[str, list[tuple[int, str, tuple[str, ...]]]], ...] = ({}, {})
        self.unanchored: tuple[list[tuple[int, str]], ...] = ([], [])
        for i, (strings, folded) in enumerate(patterns):
            for string, key, others in strings or ():
                if key is None:
                    self.unanchored[folded].append((i, string))
                else:
                    self.by_word[folded].setdefault(key, []).append((i, string, tuple(others)))
        self.words = tuple(frozenset(index) for index in self.by_word)

    def entries(self, body: str, runs: frozenset[str], folded_runs: Callable[[], frozenset[str]]) -> set[int]:
        """Indices of the patterns that may match `body`; `runs`: its runs of word characters,
        `folded_runs()`: those of `fold(body)`."""
        passed = set(self.always)
        for folded in (False, True):
            if not self.by_word[folded] and not self.unanchored[folded]:
                continue
            words = folded_runs() if folded else runs
            candidates = [(i, string) for word in self.words[folded] & words
                          for i, string, others in self.by_word[folded][word] if all(w in words for w in others)]
            candidates += self.unanchored[folded]
            if candidates:
                text = fold(body) if folded else body
                passed.update(i for i, string in candidates if string in text)
        return passed


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

"""A cheap first pass for many regexes at once: google-re2 tells which of them can match a text.

Each Python pattern is rewritten as a looser RE2 pattern (`superset`) that matches wherever the
original could: lookarounds, anchors and word boundaries are dropped, a back-reference becomes any
text, and a character class keeps its ASCII members exactly but admits every non-ASCII character
(where Python's Unicode classes and case folding differ from RE2's). A `PatternSet` compiles the
rewritten patterns into one RE2 set, scans a text once, and names the patterns worth running; the
Python regex then runs only on texts its rewrite matched, so the results are the regex's own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from re import _compiler, _constants as C, _parser as P

import re2

NON_ASCII = r"\x{80}-\x{10FFFF}"
MAX_REPEAT = 1000  # RE2's largest counted repetition
SET_MEMORY = 64 << 20  # bytes for a set's automaton; a set that outgrows it is split (see `PatternSet`)
ANY_TEXT = "(?s:.*)"
PASS_FIRST = 100_000  # characters of text a set passes whole before it is compiled (some 40 articles)


def superset(pattern: re.Pattern[str]) -> str:
    """An RE2 pattern that matches somewhere in every text where `pattern` does."""
    return _sequence(P.parse(pattern.pattern, pattern.flags), pattern.flags)


def _sequence(items, flags: int) -> str:  # noqa: ANN001 - a re._parser.SubPattern
    return "".join(_item(op, value, flags) for op, value in items)


def _item(op, value, flags: int) -> str:  # noqa: ANN001, C901 - re._parser's opcode and argument
    if op in (C.LITERAL, C.NOT_LITERAL, C.IN, C.ANY):
        return _character(op, value, flags)
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return ""
    if op is C.SUBPATTERN:
        _group, add_flags, del_flags, sub = value
        return f"(?:{_sequence(sub, (flags | add_flags) & ~del_flags)})"
    if op is C.ATOMIC_GROUP:
        return f"(?:{_sequence(value, flags)})"
    if op is C.BRANCH:
        return "(?:" + "|".join(_sequence(alt, flags) for alt in value[1]) + ")"
    if op is C.GROUPREF_EXISTS:
        _group, yes, no = value
        return f"(?:{_sequence(yes, flags)}|{_sequence(no, flags) if no else ''})"
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        low, high, sub = value
        body = f"(?:{_sequence(sub, flags)})"
        if high is C.MAXREPEAT or high > MAX_REPEAT:
            return body + (f"{{{low},}}" if low <= MAX_REPEAT else "+")
        return body + f"{{{low},{high}}}"
    return ANY_TEXT  # a back-reference: some text


_CLASSES: dict[tuple[str, str, int], str] = {}  # the same classes recur in many patterns


def _character(op, value, flags: int) -> str:  # noqa: ANN001 - re._parser's opcode and argument
    key = (str(op), repr(value), flags)
    if key not in _CLASSES:
        _CLASSES[key] = _class(op, value, flags)
    return _CLASSES[key]


def _class(op, value, flags: int) -> str:  # noqa: ANN001 - re._parser's opcode and argument
    """A class of the characters one item may match: its ASCII members as Python's engine decides
    them, and all of its non-ASCII ones (all non-ASCII characters unless the item is exact)."""
    exact = not flags & re.IGNORECASE and (
        op is C.LITERAL or op is C.IN and all(o in (C.LITERAL, C.RANGE) for o, _ in value))
    if exact:
        spans = [(value, value)] if op is C.LITERAL else [(v, v) if o is C.LITERAL else v for o, v in value]
        return "[" + "".join(_range(a, b) for a, b in spans) + "]"
    state = P.State()
    state.flags = flags
    one = _compiler.compile(P.SubPattern(state, [(op, value)]), flags)
    members = [c for c in range(128) if one.match(chr(c))]
    return "[" + "".join(_range(a, b) for a, b in _runs(members)) + NON_ASCII + "]"


def _runs(members: list[int]) -> list[tuple[int, int]]:
    """Consecutive code points as (first, last) runs."""
    runs: list[list[int]] = []
    for c in members:
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return [(a, b) for a, b in runs]


def _range(a: int, b: int) -> str:
    return f"\\x{{{a:X}}}" if a == b else f"\\x{{{a:X}}}-\\x{{{b:X}}}"


class PatternSet:
    """Patterns added one by one, rewritten and compiled into RE2 sets once texts of `pass_first`
    characters in all have been asked about (a set pays for its compilation over many documents: the
    first ones, and so a scan of one file, pass every pattern), then scanned in one pass per text.
    The answer for the last text is kept (rules ask about the same text in turn)."""

    def __init__(self, pass_first: int = PASS_FIRST) -> None:
        self.patterns: list[re.Pattern[str]] = []
        self.pass_first = pass_first
        self._chars = 0
        self._counted: str | None = None  # the last text counted (asked again after an `add`, it is not)
        self._sets: list[tuple[int, re2.Set]] | None = None
        self._last: tuple[str | None, frozenset[int]] = (None, frozenset())

    def add(self, pattern: re.Pattern[str]) -> int:
        self.patterns.append(pattern)
        self._sets = None
        self._last = (None, frozenset())
        return len(self.patterns) - 1

    def possible(self, text: str) -> frozenset[int]:
        """Indices of the added patterns that may match somewhere in `text`."""
        last, found = self._last
        if last is not text:
            if text is not self._counted:
                self._chars += len(text)
                self._counted = text
            if self._chars <= self.pass_first:
                found = frozenset(range(len(self.patterns)))
            else:
                encoded = text.encode("utf-8")
                found = frozenset(offset + i for offset, s in self._compiled() for i in s.Match(encoded) or ())
            self._last = (text, found)
        return found

    def _compiled(self) -> list[tuple[int, re2.Set]]:
        if self._sets is None:
            self._sets = _compile([superset(p) for p in self.patterns], 0)
        return self._sets


def _compile(sources: list[str], offset: int) -> list[tuple[int, re2.Set]]:
    """RE2 sets of `sources`, halved until each compiles within SET_MEMORY."""
    options = re2.Options()
    options.max_mem = SET_MEMORY
    options.log_errors = False
    found = re2.Set.SearchSet(options)
    for source in sources:
        found.Add(source)
    try:
        found.Compile()
    except re2.error:
        if len(sources) == 1:
            raise
        half = len(sources) // 2
        return _compile(sources[:half], offset) + _compile(sources[half:], offset + half)
    return [(offset, found)]


SHARED = PatternSet()  # the guarded regexes of all rules: one pass over a document serves them all


class Guarded:
    """A compiled regex that runs only on texts its RE2 rewrite matches (one shared pass per text
    instead of a pass of Python's engine for each regex). Same results as the regex."""

    def __init__(self, pattern: re.Pattern[str], patterns: PatternSet = SHARED) -> None:
        self.pattern = pattern
        self.patterns = patterns
        self.index = patterns.add(pattern)

    def possible(self, text: str) -> bool:
        return self.index in self.patterns.possible(text)

    def finditer(self, text: str, pos: int = 0) -> Iterator[re.Match[str]]:
        return self.pattern.finditer(text, pos) if self.possible(text) else iter(())

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.search(text, pos) if self.possible(text) else None

    def match(self, text: str, pos: int = 0) -> re.Match[str] | None:
        return self.pattern.match(text, pos) if self.possible(text) else None


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


def fold(text: str) -> str:
    """`text` as the regex engine compares it when it ignores case: lower case one letter at a time,
    with the letters it also takes for one another made one."""
    if text.isascii():
        return text.lower()
    return text.replace("\u0130", "i").replace("\u0345", "\u03b9").lower().translate(CASE_FOLDING)

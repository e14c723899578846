"""Regular expressions for long lists of words, built as a trie so matching does not try every word."""

from __future__ import annotations

import re
from collections.abc import Iterable


def alternation(words: Iterable[str], not_after: str | None = None) -> str:
    r"""A regex matching exactly the given strings, preferring the longest at each position, like
    `"|".join(sorted(words, key=len, reverse=True))` but in time that does not grow with the list.

    `not_after`: a character class (`[\w]`) that the character before a match must not be in,
    like a leading `(?<![\w])` but checked after the first character, so the regex still opens
    with a literal and the engine can skip ahead to the words' first letters (a leading assertion
    makes it try every position)."""
    trie: dict = {}
    for word in set(words):
        node = trie
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _render(trie, f"(?<!{not_after}.)" if not_after else "")


def _render(node: dict, after_first: str = "") -> str:
    ends = "" in node
    branches = [re.escape(ch) + after_first + _render(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    if ends:
        return f"(?:{body})?"
    return body

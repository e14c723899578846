"""Carry a span of an old version of a document over to its new version."""

from __future__ import annotations

import bisect
import difflib
import re

PIECE_RE = re.compile(r"\w+|\s+|[^\w\s]")


def _pieces(text: str) -> tuple[list[str], list[int]]:
    """Words, runs of white space and single marks, which together cover every character."""
    found = [(m.group(), m.start()) for m in PIECE_RE.finditer(text)]
    return [p for p, _ in found], [s for _, s in found] + [len(text)]


class SpanMap:
    """Where the unchanged stretches of `old` went in `new` (a word-level diff)."""

    def __init__(self, old: str, new: str) -> None:
        self.new = new
        old_pieces, old_at = _pieces(old)
        new_pieces, new_at = _pieces(new)
        blocks = difflib.SequenceMatcher(None, old_pieces, new_pieces).get_matching_blocks()
        self.blocks = [(old_at[a], old_at[a + n], new_at[b]) for a, b, n in blocks if n]
        self.starts = [start for start, _, _ in self.blocks]

    def locate(self, start: int, text: str) -> int | None:
        """The new offset of `text` found at `start` in the old version: shifted with the unchanged
        stretch it begins in, else at the same offset; None when neither holds the same text."""
        i = bisect.bisect_right(self.starts, start) - 1
        candidates = []
        if i >= 0 and start < self.blocks[i][1]:
            candidates.append(start + self.blocks[i][2] - self.blocks[i][0])
        candidates.append(start)
        return next((c for c in candidates if self.new[c:c + len(text)] == text), None)

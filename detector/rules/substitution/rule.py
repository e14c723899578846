"""The base of the substitution rules: find a pair's written word, let native bigrams judge it."""

from __future__ import annotations

import re
from typing import ClassVar, Iterator

from ...document import Document
from ...findings import Finding
from ..base import Rule
from .evidence import confirm, native_bigrams
from .pairs import Pair, pairs_by_first_word

TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|[0-9]+|[^\sA-Za-z0-9]")
SENTENCE_END = frozenset(".!?:;\"“”‘’'()[]—–-")


def _case_like(template: str, original: str) -> str:
    return template[0].upper() + template[1:] if original[:1].isupper() else template


class SubstitutionRule(Rule):
    """Base for rules that read substitution pairs and confirm each in its context."""

    table: ClassVar[str]
    sources: ClassVar[tuple[str, ...]]
    kind: ClassVar[str]  # what the message calls the written word

    def check(self, doc: Document) -> Iterator[Finding]:
        index = pairs_by_first_word(self.table, self.sources)
        if not index.keys() & {w.lower() for w in doc.word_runs}:
            return
        bigrams = native_bigrams()
        toks = [(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(doc.text, doc.body_start)]
        lower = [t[2].lower() for t in toks]
        for i, word in enumerate(lower):
            for pair in index.get(word, ()):
                n = len(pair.wrong)
                if tuple(lower[i:i + n]) != pair.wrong or not self._judged(toks, i, n):
                    continue
                left = lower[i - 1] if i and toks[i - 1][2][0].isalpha() and self._same_line(doc, toks[i - 1], toks[i]) else None
                j = i + n
                right = lower[j] if j < len(toks) and toks[j][2][0].isalpha() and self._same_line(doc, toks[j - 1], toks[j]) else None
                found = confirm(left, pair.wrong, pair.right, right, bigrams)
                if found:
                    yield self._finding(doc, toks[i][0], toks[j - 1][1], pair, found.bigram, found.written, found.how)

    @staticmethod
    def _same_line(doc: Document, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
        return "\n" not in doc.text[a[1]:b[0]]

    @staticmethod
    def _judged(toks: list[tuple[int, int, str]], i: int, n: int) -> bool:
        """Names are not judged: a capitalised word counts only where it opens a sentence (and then
        only its first letter may be upper case)."""
        for k in range(i, i + n):
            word = toks[k][2]
            if word == word.lower():
                continue
            opens = k == i and (i == 0 or toks[i - 1][2] in SENTENCE_END)
            if not opens or word[1:] != word[1:].lower():
                return False
        return True

    def _finding(self, doc: Document, start: int, end: int, pair: Pair, preferred: tuple[str, str],
                 written: tuple[str, str], how: str) -> Finding:
        text = doc.text[start:end]
        suggestion = _case_like(" ".join(pair.right), text)
        message = (f"'{text}' reads as {self.kind}; next to '{self._context(preferred, pair)}' native English "
                   f"writes '{' '.join(preferred)}' ({how}), never '{' '.join(written)}' "
                   f"(pair from {pair.provenance()})")
        return self.finding(doc, start, end, message, suggestion)

    @staticmethod
    def _context(bigram: tuple[str, str], pair: Pair) -> str:
        return bigram[1] if bigram[0] == pair.right[-1] else bigram[0]

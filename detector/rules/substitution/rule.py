"""The base of the substitution rules: find a pair's written word, let native bigrams judge it."""

from __future__ import annotations

import operator
import re
from functools import cached_property
from itertools import accumulate
from typing import ClassVar, Iterator

from ...findings import Finding
from ...language.substitution_pairs import Pair, pairs_by_first_word
from ...text.document import Document
from ..base import Rule
from .evidence import Confirmation, confirm, native_bigrams

TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|[0-9]+|[^\sA-Za-z0-9]")
SPACED_TOKEN_RE = re.compile(rf"\s*(?:{TOKEN_RE.pattern})")  # every character not a space is in a token
SENTENCE_END = frozenset(".!?:;\"“”‘’'()[]—–-")


def _case_like(template: str, original: str) -> str:
    return template[0].upper() + template[1:] if original[:1].isupper() else template


class _Tokens:
    """A document's tokens as the substitution rules read them, made once for all of them (their
    offsets only where a pair's first word occurs)."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self._spaced = SPACED_TOKEN_RE.findall(doc.text, doc.body_start)  # each token after its spaces
        self._words = list(map(str.lstrip, self._spaced))
        self.lower = "\n".join(self._words).lower().split("\n") if self._words else []  # no token holds a line break
        self.words = frozenset(self.lower)

    @cached_property
    def toks(self) -> list[tuple[int, int, str]]:
        """Each token's start, end and text (the pieces tile the body, so the ends are their running sum)."""
        ends = list(accumulate(map(len, self._spaced), initial=self.doc.body_start))[1:]
        return list(zip(map(operator.sub, ends, map(len, self._words)), ends, self._words))

    @cached_property
    def lower_runs(self) -> set[str]:
        """The body's runs of word characters, lower case."""
        return {w.lower() for w in self.doc.word_runs}


_last: list[_Tokens] = []


def _tokens(doc: Document) -> _Tokens:
    if not (_last and _last[0].doc.text is doc.text and _last[0].doc.body_start == doc.body_start):
        _last[:] = [_Tokens(doc)]
    return _last[0]


class SubstitutionRule(Rule):
    """Base for rules that read substitution pairs and confirm each in its context."""

    table: ClassVar[str]
    sources: ClassVar[tuple[str, ...]]
    kind: ClassVar[str]  # what the message calls the written word

    def check(self, doc: Document) -> Iterator[Finding]:
        index = pairs_by_first_word(self.table, self.sources)
        tokens = _tokens(doc)
        found_words = index.keys() & tokens.words
        if not found_words or not index.keys() & tokens.lower_runs:
            return
        bigrams = native_bigrams()
        toks, lower = tokens.toks, tokens.lower
        for i in [i for i, word in enumerate(lower) if word in found_words]:
            for pair in index[lower[i]]:
                n = len(pair.wrong)
                if tuple(lower[i:i + n]) != pair.wrong or not self._judged(toks, i, n):
                    continue
                j = i + n
                left = lower[i - 1] if i and self._context_word(doc, toks, i - 1, toks[i]) else None
                right = lower[j] if j < len(toks) and self._context_word(doc, toks, j, toks[j - 1]) else None
                found = confirm(left, pair.wrong, pair.right, right, bigrams)
                if not found:
                    continue
                # The span takes in the context word that decided, so an editor sees the collocation.
                if left is not None and found.bigram == (left, pair.right[0]):
                    before = doc.text[toks[i - 1][0]:toks[i][0]]
                    yield self._finding(doc, toks[i - 1][0], toks[j - 1][1], pair, found, before)
                else:
                    after = doc.text[toks[j - 1][1]:toks[j][1]]
                    yield self._finding(doc, toks[i][0], toks[j][1], pair, found, "", after)

    @staticmethod
    def _context_word(doc: Document, toks: list[tuple[int, int, str]], k: int,
                      beside: tuple[int, int, str]) -> bool:
        """A neighbour that can confirm a pair: a lower-case word on the same line (a capitalised word
        is a name or opens a sentence, and says nothing about a collocation)."""
        start, end, word = toks[k]
        a, b = (end, beside[0]) if end <= beside[0] else (beside[1], start)
        return word[0].isalpha() and word == word.lower() and "\n" not in doc.text[a:b]

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

    def _finding(self, doc: Document, start: int, end: int, pair: Pair, found: Confirmation, before: str = "",
                 after: str = "") -> Finding:
        """`before`/`after`: the text of the span around the written word (the deciding context word)."""
        text = doc.text[start:end]
        written = text[len(before):len(text) - len(after)]
        suggestion = before + _case_like(" ".join(pair.right), written) + after
        suggestion = _case_like(suggestion, text)
        message = (f"'{written}' reads as {self.kind}: native English writes '{' '.join(found.bigram)}' "
                   f"({found.how}), never '{' '.join(found.written)}' (pair from {pair.provenance()})")
        return self.finding(doc, start, end, message, suggestion)

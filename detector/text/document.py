"""The Document: decoded text with character offsets, its metadata header, sentences and words."""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, TypeVar

from .segment import span_tokenize

T = TypeVar("T")

HEADER_RE = re.compile(r"\A\s*date (\d{4}-\d{2}-\d{2})[ \t]*\n?")
TOKEN_RE = re.compile(r"\w+(?:[’'][\w]+)*|[^\w\s]")
WORD_RE = re.compile(r"\w+(?:[’'][\w]+)*")  # the word tokens of TOKEN_RE


def split_at_apostrophes(words: str) -> list[str]:
    """Space-separated words split at their apostrophes too: for WORD_RE's words, their runs of word
    characters."""
    return words.replace("’", " ").replace("'", " ").split()


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Sentences of `text[start:end]` with offsets into `text`."""
    chunk = text[start:end]
    return [Sentence(start + a, start + b, chunk[a:b]) for a, b in span_tokenize(chunk)]


@dataclass
class Document:
    """One article: `text` is the whole decoded file; rules look only at `text[body_start:]`."""

    text: str
    path: str = "<text>"
    encoding: str = "utf-8"
    metadata: dict[str, str] = field(default_factory=dict)
    body_start: int = 0

    @classmethod
    def from_text(cls, text: str, path: str = "<text>", encoding: str = "utf-8") -> "Document":
        doc = cls(text=text, path=path, encoding=encoding)
        match = HEADER_RE.match(text)
        if match:
            doc.metadata["date"] = match.group(1)
            doc.body_start = match.end()
        return doc

    def compact(self) -> None:
        """Forget what the rules computed (tokens, counts, `memo` entries ...) but keep the sentences:
        what a report held for cross-document evidence or sent between processes needs."""
        for name, value in vars(type(self)).items():
            if isinstance(value, cached_property) and name != "sentences":
                self.__dict__.pop(name, None)
        self.__dict__.pop("_memo", None)

    def memo(self, key: str, compute: Callable[[], T]) -> T:
        """`compute()` once per document and key: what a rule derives from the text (people's names,
        pronoun references); `compact` forgets it."""
        memo = self.__dict__.setdefault("_memo", {})
        if key not in memo:
            memo[key] = compute()
        return memo[key]

    @property
    def body(self) -> str:
        return self.text[self.body_start:]

    @cached_property
    def paragraphs(self) -> list[Sentence]:
        """Non-empty lines of the body, with offsets (scraped news keeps one paragraph a line)."""
        out = []
        for m in re.finditer(r"[^\r\n]+", self.text):
            if m.start() >= self.body_start and m.group().strip():
                out.append(Sentence(m.start(), m.end(), m.group()))
        return out

    @cached_property
    def sentences(self) -> list[Sentence]:
        return [s for p in self.paragraphs for s in split_sentences(self.text, p.start, p.end)]

    @cached_property
    def _sentence_starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def sentence_index(self, offset: int) -> int:
        """Index of the sentence holding `offset` (the last one starting at or before it)."""
        return max(0, bisect.bisect_right(self._sentence_starts, offset) - 1)

    def sentence_at(self, offset: int) -> Sentence:
        return self.sentences[self.sentence_index(offset)] if self.sentences else Sentence(0, 0, "")

    @cached_property
    def word_tokens(self) -> list[str]:
        """The body's words (WORD_RE), in order."""
        return WORD_RE.findall(self.body)

    @cached_property
    def _token_counts(self) -> Counter[str]:
        return Counter(self.word_tokens)

    @cached_property
    def word_counts(self) -> dict[str, int]:
        """How often each exact word form occurs in the body (forms opening with "_" left out)."""
        counts = self._token_counts
        return dict(counts) if "_" not in self.body else {w: n for w, n in counts.items() if w[0].isalnum()}

    @cached_property
    def word_runs(self) -> frozenset[str]:
        """The runs of word characters in the body: its words, split at apostrophes."""
        return frozenset(split_at_apostrophes(" ".join(self._token_counts)))

    @cached_property
    def n_words(self) -> int:
        return sum(self.word_counts.values())

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset; a line ends at \\n, \\r\\n or \\r."""
        text = self.text
        breaks = text.count("\n", 0, offset) + text.count("\r", 0, offset) - text.count("\r\n", 0, offset)
        col = offset - (max(text.rfind("\n", 0, offset), text.rfind("\r", 0, offset)) + 1) + 1
        return breaks + 1, col

    @cached_property
    def apostrophe(self) -> str:
        """The apostrophe this document prefers: curly when it uses more curly than straight ones."""
        return "’" if self.body.count("’") > self.body.count("'") else "'"

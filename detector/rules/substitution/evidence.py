"""Native-English bigram evidence that confirms a substitution pair in its context.

`lexicons/native_bigrams.tsv` holds counts only (no text): for every bigram that contains a word of a
substitution pair, how often it occurs in native news (half the BBC News corpus and the WMT21
original-English sentences) and in books (the bigram list shipped in the `symspellpy` wheel, MIT;
SymSpell derives its lists from Google Books Ngram data, CC BY 3.0). A pair fires where a
neighbouring content word occurs with the alternative in native text and never with the written word:
"news convention" -> "news conference", while "Geneva Convention", attested, is left alone.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from ...language.frequency import zipf
from ...language.lexicon import BUILTIN_DIR, derived_cache, load_words

NEWS_MIN = 3  # native-news occurrences of the alternative's bigram that count as evidence
BOOKS_FLOOR = 6_400_000  # the smallest count in the books list: a bigram below it is not listed
# How often the written word's bigram would occur if it were as usual beside the context word as the
# alternative, scaled by the two words' frequencies: it must be this many times the level at which its
# absence is noticed (one occurrence in news, the floor of the books list). Set on BBC half B: the
# smallest value (of 1, 2, 3, 5, 10) at which the pairs, before any is dropped, fire under once per
# 10,000 words there (0.63; at 3: 1.47).
NEWS_EXPECT = 5.0
BOOKS_EXPECT = 5.0


@dataclass(frozen=True)
class Bigrams:
    news: Mapping[tuple[str, str], int]
    books: Mapping[tuple[str, str], int]

    def attested(self, bigram: tuple[str, str]) -> bool:
        return self.news.get(bigram, 0) > 0 or bigram in self.books

    def expected(self, bigram: tuple[str, str], scale: float = 1.0) -> bool:
        """The bigram is common enough that a word `scale` times as frequent in its place would be seen."""
        news = self.news.get(bigram, 0)
        return (news >= NEWS_MIN and news * scale >= NEWS_EXPECT) or \
            self.books.get(bigram, 0) * scale >= BOOKS_FLOOR * BOOKS_EXPECT

    def describe(self, bigram: tuple[str, str]) -> str:
        parts = []
        if bigram in self.news:
            parts.append(f"{self.news[bigram]} in native news")
        if bigram in self.books:
            parts.append("common in books")
        return ", ".join(parts)


class TableColumn(Mapping[tuple[str, str], int]):
    """One count column of the shipped table read in place: the rows stay lines of text, sorted by
    bigram, and a bigram is found by bisection (90,000 dictionary entries cost 0.1 s a process, and
    a scan asks about a few dozen); a count of 0 is no entry."""

    def __init__(self, rows: list[str], column: int) -> None:
        self._rows, self._column = rows, column

    def __getitem__(self, bigram: tuple[str, str]) -> int:
        prefix = f"{bigram[0]}\t{bigram[1]}\t"
        i = bisect.bisect_left(self._rows, prefix)
        if i < len(self._rows) and self._rows[i].startswith(prefix):
            if n := int(self._rows[i].split("\t")[self._column]):
                return n
        raise KeyError(bigram)

    def __iter__(self) -> Iterator[tuple[str, str]]:
        for row in self._rows:
            cells = row.split("\t")
            if cells[self._column] != "0":
                yield cells[0], cells[1]

    def __len__(self) -> int:
        return sum(1 for _ in self)


@derived_cache
def native_bigrams() -> Bigrams:
    """The shipped counts (comment lines, the header, then rows `first second news books` sorted by
    bigram, as scripts/mine_substitutions.py writes them; no user extension)."""
    lines = (BUILTIN_DIR / "native_bigrams.tsv").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if not line.startswith("#"))
    if lines[start] != "first\tsecond\tnews\tbooks":
        raise ValueError("native_bigrams.tsv: unexpected header")
    rows = lines[start + 1:]
    return Bigrams(TableColumn(rows, 2), TableColumn(rows, 3))


@derived_cache
def uninformative() -> frozenset[str]:
    """Context words that say nothing about which word belongs next to them."""
    return frozenset(w.lower() for w in load_words("function_words") | load_words("stop_words"))


@dataclass(frozen=True)
class Confirmation:
    bigram: tuple[str, str]  # the alternative's bigram that native text has
    written: tuple[str, str]  # the written word's bigram that it lacks
    how: str


def confirm(left: str | None, wrong: tuple[str, ...], alternative: tuple[str, ...], right: str | None,
            bigrams: Bigrams) -> Confirmation | None:
    """Whether the context prefers `alternative` over the written `wrong` (lower-case words).

    No side may attest the written word (a native bigram with it means the context accepts it), and
    at least one content-word side must attest the alternative."""
    skip = uninformative()
    sides = []
    if left and left not in skip:
        sides.append(((left, wrong[0]), (left, alternative[0])))
    if right and right not in skip:
        sides.append(((wrong[-1], right), (alternative[-1], right)))
    found = None
    for written, preferred in sides:
        if bigrams.attested(written):
            return None
        scale = min(1.0, 10 ** (zipf(wrong[0] if written[1] == wrong[0] else wrong[-1]) -
                                zipf(preferred[1] if written[1] == wrong[0] else preferred[0])))
        if found is None and bigrams.expected(preferred, scale):
            found = Confirmation(preferred, written, bigrams.describe(preferred))
    return found

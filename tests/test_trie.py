"""Word alternations built as a trie match what the plain longest-first alternation matches."""

from __future__ import annotations

import random
import re

import pytest

from detector.language.trie import alternation

WORDS = ["he", "her", "hers", "said", "says", "sa", "Mr", "Mrs", "Ms", "St. Petersburg", "US", "U.S.", "a-b", "é"]


def texts(seed: int, n: int = 200) -> list[str]:
    rng = random.Random(seed)
    pieces = WORDS + ["x", "the", " ", " ", ", ", ".", "’", "-", "\n", "her’s", "Hers", "dsaid"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 30))) for _ in range(n)]


def spans(pattern: str, text: str) -> list[tuple[int, int]]:
    return [m.span() for m in re.finditer(pattern, text)]


@pytest.mark.parametrize("seed", range(5))
def test_trie_matches_the_longest_first_join(seed):
    plain = "|".join(re.escape(w) for w in sorted(WORDS, key=len, reverse=True))
    for text in texts(seed):
        assert spans(alternation(WORDS), text) == spans(plain, text), text


@pytest.mark.parametrize("not_after", [r"\w", r"[\w’'-]"])
@pytest.mark.parametrize("seed", range(5))
def test_not_after_equals_a_leading_lookbehind(seed, not_after):
    leading = f"(?<!{not_after})(?:{alternation(WORDS)})"
    for text in texts(seed):
        assert spans(alternation(WORDS, not_after=not_after), text) == spans(leading, text), text


def test_not_after_keeps_a_literal_first_so_the_engine_can_skip_ahead():
    pattern = alternation(["that", "this", "and"], not_after=r"\w")
    assert re.match(r"(?:\(\?:)?[at]", pattern), pattern  # a letter, not an assertion, comes first
    assert spans(pattern, "that, bathe and band; this") == [(0, 4), (12, 15), (22, 26)]

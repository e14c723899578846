"""Rules that search a cheaper way find exactly what their plain regex finds."""

from __future__ import annotations

import random

from detector.rules.run_on import GLUED_CAPS_RE, GluedHeadline
from helpers import SEEDS


def texts(seed: int, n: int) -> list[str]:
    rng = random.Random(seed)
    pieces = ["Vienna", "Merkel", "ViennaMerkel", "McDonald", "iPod", "MPs", "BBCNews", "talksEnd", "x", "_", "2",
              "ABCDef", "é", "ÜberWien", " ", ".", "-", "\n", "abc", "ABC", "’"]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 15))) for _ in range(n)]


def test_glued_words_are_found_only_where_a_capital_sits_inside_a_word():
    samples = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + texts(0, 3000)
    for text in samples:
        for pos in (0, 3):
            assert [m.span() for m in GluedHeadline._glued(text, pos)] == \
                [m.span() for m in GLUED_CAPS_RE.finditer(text, pos)], text

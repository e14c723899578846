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


def doubled_texts(seed: int, n: int) -> list[str]:
    """Words, some repeated in another case, joined by spaces, line breaks, punctuation or nothing."""
    rng = random.Random(seed)
    words = ["we", "We", "WE", "we’", "we'd", "’d", "d", "ſtate", "state", "İran", "iran", "ΟΔΟΣ", "οδος", "οδοσ",
             "had", "x-we", "_", "2", "K", "k", "\u212a"]
    joints = [" ", "  ", "\n", ". ", ", ", "-", "", "’", " \t"]
    out = []
    for _ in range(n):
        parts = [rng.choice(words)]
        for _ in range(rng.randint(1, 8)):
            word = rng.choice([parts[-1], parts[-1].upper(), parts[-1].lower(), rng.choice(words)])
            parts += [rng.choice(joints), word]
        out.append("".join(parts))
    return out


def test_doubled_words_are_searched_wherever_the_regex_finds_one():
    from detector.text.document import Document
    from detector.rules.repetition import DOUBLED_RE, DoubledWord

    found = 0
    for text in [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))] + doubled_texts(1, 5000):
        doc = Document.from_text(text)
        if DOUBLED_RE.search(doc.text, doc.body_start):
            found += 1
            assert DoubledWord._neighbours_repeat(doc), text
    assert found > 500

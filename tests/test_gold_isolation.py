"""The gold measures; it does not teach by string: no tracked file outside the allowlist quotes a
distinctive gold glitch quote or correction (seeds, web_dev, web_dev2).

A gold string is distinctive when, after normalising case, quotation marks and spaces, it
- has two or more different words, or is one token of 8+ characters that wordfreq does not know
  ("OsloMarlow"), and
- is not attested word for word in edited English (the BBC News corpus), and
- carries something a writer would not produce by chance: a word rarer than Zipf 3 (a name, a
  misspelling), a mark other than a letter, space or apostrophe ("unions.This"), two adjacent
  words that neither BBC News nor the shipped native bigram counts (lexicons/native_bigrams.tsv:
  BBC, WMT21, Google Books via SymSpell) attest ("news convention"), or four or more words.
So "the first time", "Prime Minister" or "the other half" never count, while "Marlows MP" does.
"""

from __future__ import annotations

import json
import re
import subprocess
import unicodedata
from pathlib import Path

import pytest
from helpers import REPO

from detector.language.frequency import zipf
from detector.rules.substitution.evidence import native_bigrams

SHARED = REPO.parent / "shared"
GOLD_FILES = [SHARED / "gold" / "seeds.json", SHARED / "gold" / "web_dev" / "gold.json",
              SHARED / "gold" / "web_dev2" / "gold.json"]
BBC = SHARED / "data" / "bbc_news" / "articles.jsonl"
RARE_ZIPF = 3.0
WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")

# (path or folder/, normalised gold string or "*", reason)
ALLOWED = [
    ("tests/test_gold_isolation.py", "*", "this allowlist names the strings it allows"),
    ("tests/test_rule_fixtures.py", "kremlins", "the fixtures' ban list (it runs without ../shared) names what it bans"),
    ("seeds/", "*", "the shipped sample articles are the seed texts; `detect scan seeds/` must work"),
    ("README.md", "he can choose the path of diplomacy", "introduction: the product brief's examples"),
    ("README.md", "blinkens mp", "introduction: the product brief's examples"),
    ("README.md", "al jazeeras", "introduction: the product brief's examples"),
    ("README.md", "shortly. the week", "introduction: the product brief's examples"),
    ("README.md", "genevablinken", "introduction: the product brief's examples"),
    ("README.md", "blinken's deputy", "introduction: the product brief's examples"),
    ("README.md", "it can choose", "real output of `detect scan seeds/` (cross-document evidence)"),
    ("detector/language/lexicons/titles.tsv", "the president of the government",
     "the row's pattern: the literal rendering of 'presidente del Gobierno' (source: Wikipedia)"),
    ("detector/language/lexicons/titles.tsv", "the conference of state premiers",
     "the row's English title for 'Ministerpräsidentenkonferenz' (source: Wikipedia)"),
    ("scripts/review_screenshot.py", "*", "picks findings of `detect scan seeds/` by their text for docs/review.png"),
]


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub("[\u2018\u2019\u201a\u201b`\u00b4]", "'", text)
    text = re.sub("[\u201c\u201d\u201e\u201f\u00ab\u00bb]", '"', text)
    return re.sub(r"\s+", " ", text).strip().casefold()


def gold_strings() -> dict[str, str]:
    """Normalised form -> original, for every quote and correction of the gold sets."""
    found = {}
    for path in GOLD_FILES:
        for doc in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            for glitch in doc["glitches"]:
                for key in ("quote", "correction"):
                    text = (glitch.get(key) or "").strip(" \"'\u201c\u201d\u2018\u2019")
                    if text:
                        found.setdefault(normalise(text), text)
    return found


def pattern(text: str) -> re.Pattern:
    start = r"(?<!\w)" if text[0].isalnum() else ""
    end = r"(?!\w)" if text[-1].isalnum() else ""
    return re.compile(start + re.escape(text) + end)


def bigrams(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:]))


def distinctive(text: str, edited: str, pairs: set[tuple[str, str]]) -> bool:
    words = WORD.findall(text)
    if len(set(words)) < 2 and not (len(words) == 1 and len(text) >= 8 and zipf(words[0]) == 0.0):
        return False
    if text in edited and pattern(text).search(edited):
        return False
    marked = re.search(r"[^\w\s']", text) is not None
    return (marked or len(words) >= 4 or any(zipf(w) < RARE_ZIPF for w in words)
            or not bigrams(words) <= pairs)


def allowed(path: str, text: str) -> bool:
    return any((path == where or where.endswith("/") and path.startswith(where)) and what in ("*", text)
               for where, what, _ in ALLOWED)


@pytest.mark.skipif(not all(p.is_file() for p in [*GOLD_FILES, BBC]),
                    reason="the gold sets or the BBC corpus are not beside the repository")
def test_no_tracked_file_quotes_a_distinctive_gold_string():
    edited = normalise(" ".join(json.loads(line)["text"] for line in BBC.open(encoding="utf-8")))
    native = native_bigrams()
    pairs = bigrams(WORD.findall(edited)) | set(native.news) | set(native.books)
    checked = {n: s for n, s in gold_strings().items() if distinctive(n, edited, pairs)}
    assert len(checked) > 300
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout
    hits = []
    for path in tracked.splitlines():
        try:
            text = normalise_lines((REPO / path).read_text(encoding="utf-8"))
        except (UnicodeDecodeError, FileNotFoundError):
            continue  # images; files deleted in the work tree
        whole = "\n".join(text)
        for norm, original in checked.items():
            if norm in whole and not allowed(path, norm):
                hits += [(path, i, original) for i, line in enumerate(text, 1) if pattern(norm).search(line)]
    assert not hits, "gold text in tracked files:\n" + "\n".join(f"{p}:{i}: {q!r}" for p, i, q in sorted(hits))


def normalise_lines(text: str) -> list[str]:
    return [normalise(line) for line in text.splitlines()]


def test_distinctive_keeps_names_and_glitches_and_drops_common_phrases():
    edited = normalise("It was the first time the Prime Minister spoke. The other half of them held a news "
                       "conference at the convention centre.")
    pairs = bigrams(WORD.findall(edited))
    assert not distinctive("the first time", edited, pairs) and not distinctive("prime minister", edited, pairs)
    assert not distinctive("the other half", edited, pairs) and distinctive("news convention", edited, pairs)
    assert distinctive("marlows mp", edited, pairs) and distinctive("unions.this", edited, pairs)
    assert distinctive("oslomarlow", edited, pairs) and not distinctive("security", edited, pairs)

"""MT2xx (possessives): apostrophes lost or misplaced on names and nouns."""

from __future__ import annotations

import re
from typing import Iterator

from ..findings import UNSAFE, Finding
from ..language.frequency import zipf
from ..language.gazetteer import is_non_person
from ..language.lexicon import load_words
from ..text.document import Document
from .base import Rule, register
from .people import first_name_gender

# "(?<!\w[A-Z])" after the capital is "\b" before it, but lets the search skip to capitals.
BARE_S_RE = re.compile(r"([A-Z](?<!\w[A-Z])[\w-]*[a-rt-z])s\b(?![’'])")
S_APOSTROPHE_RE = re.compile(r"([A-Z](?<!\w[A-Z])[\w-]*[a-rt-z])s([’'])(?!\w)")
LOWER_YS_RE = re.compile(r"\b([a-z]+[^aeiou\W])ys\s+([a-z]+)")
# "his and others efforts": the plural "others" before a plural noun it possesses
OTHERS_RE = re.compile(r"\b(?:and|the|of) (others)(?![’'])\s+([a-z]{3,}[^suie\W]s)\b")
CONSONANT_YS_RE = re.compile(r"ys(?<=[^aeiou\W]ys)\s")  # cheap, checked before LOWER_YS_RE
# Words that end the names of firms and bodies (legal forms and the commonest name words of companies:
# Wikipedia "List of legal entity types by country"): "Halfords Capital Management" is one name.
FIRM_WORDS = frozenset({"Capital", "Management", "Group", "Holdings", "Partners", "Associates", "Ventures",
                        "Investments", "Securities", "Bank", "Trust", "Fund", "Funds", "Foundation", "Media",
                        "Systems", "Technologies", "Industries", "International", "Corporation", "Corp", "Inc",
                        "Ltd", "LLC", "plc", "PLC", "Company", "Co", "Advisors", "Advisers", "Entertainment"})
# Demonyms formed with -ian or -ean (Bavarian, Korean: English word formation); "Brian" and "Julian" are
# first names, told apart by the first-name list
DEMONYM_RE = re.compile(r"[ie]an$")
# "the native Samis finding a particular empathy": a participle with its object after a plural
PARTICIPLE_RE = re.compile(r"\s+[a-z]+ing\s+(?:a|an|the|their|its|his|her|some|no)\b")


def _next_word(text: str, pos: int) -> str:
    m = re.match(r"\s+([\w’'-]+)", text[pos:pos + 40])
    return m.group(1) if m else ""


@register
class LostApostrophe(Rule):
    """A name followed by a bare "s" before a noun: the apostrophe of a possessive was lost.

    Why: round-trip translation rebuilds "X's" from "de X" and often drops the apostrophe, or puts it
    after the "s" ("the Pentagons’ budget").
    Example: "Gazproms chief executive", "the Pentagons’ budget", "the countrys economy",
    "his and others efforts".
    Not a lost apostrophe: a family's plural possessive ("the Blairs’ son"), the "s" of a firm's name
    ("Halfords Capital"), a plural before a participle ("the Samis finding a"), a plural common noun
    capitalised by the sentence it opens ("Tremors affect older people"), a people's name in the plural
    ("the Bavarians pay").
    Fix: "Gazprom’s chief executive" (unsafe: the apostrophe style follows the document).
    """

    code = "MT201"
    name = "lost-apostrophe"
    category = "possessive"
    fix = UNSAFE
    confidence = 0.8

    def _is_name(self, doc: Document, stem: str, before_name: bool | None, after_first_name: bool = False) -> bool:
        """The text uses `stem` on its own, or (for a bare "s": `before_name` not None) with "'s"; before a person's name, a known name whose
        plural is no word; after a first name ("Walter Kowalczyks"), a surname whose plural is no word."""
        counts = doc.word_counts
        if counts.get(stem, 0) > 0 or is_non_person(stem):
            return True
        if before_name is not None and (counts.get(stem + "’s", 0) > 0 or counts.get(stem + "'s", 0) > 0):
            return True
        if after_first_name and zipf(stem + "s") < 1.0:
            return True
        return bool(before_name) and zipf(stem) >= 2.5 and zipf(stem + "s") < 1.0

    @staticmethod
    def _before_noun(text: str, end: int, nxt: str, stop: frozenset[str]) -> bool:
        """A possessed noun follows: a content word, a title, or a person's name (two capitals)."""
        if not nxt or nxt.lower() in stop:
            return False
        if nxt[0].islower():
            return not nxt.endswith("ed")
        if nxt in load_words("title_words"):
            return True
        return bool(re.match(r"\s+[A-Z][\w’'-]+ [A-Z][\w’'-]+", text[end:end + 60]))

    def check(self, doc: Document) -> Iterator[Finding]:
        text, apo = doc.text, doc.apostrophe
        stop = load_words("not_before_possessed")
        accepted = load_words("accept")
        for m in BARE_S_RE.finditer(text, doc.body_start):
            stem, nxt = m.group(1), _next_word(text, m.end())
            if m.group() in accepted or not self._before_noun(text, m.end(), nxt, stop) or nxt in FIRM_WORDS \
                    or PARTICIPLE_RE.match(text, m.end()):
                continue
            if DEMONYM_RE.search(stem) and first_name_gender(stem) is None:
                continue  # "the Bavarians pay": the plural of a people's name (-ian, -ean), no possessive
            if doc.sentence_at(m.start()).start == m.start() and zipf(m.group().lower()) >= 2.5 \
                    and not is_non_person(stem):
                continue  # "Tremors affect ...": a common noun capitalised by the sentence
            prev = re.search(r"([A-Z][a-z]+) $", text[max(0, m.start() - 30):m.start()])
            after_first = bool(prev) and first_name_gender(prev.group(1)) is not None and nxt[0].isupper()
            if not self._is_name(doc, stem, nxt[0].isupper(), after_first) or doc.word_counts.get(m.group(), 0) > 1 \
                    or zipf(m.group()) >= 3.0:
                continue
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group()}' before '{nxt}' reads as a possessive of '{stem}' without its apostrophe",
                               f"{stem}{apo}s", confidence=0.8 if doc.word_counts.get(stem) else 0.65)
        for m in S_APOSTROPHE_RE.finditer(text, doc.body_start):
            stem = m.group(1)
            bare_plural = re.search(rf"\b{re.escape(stem)}s\b(?![’'])", doc.body)
            if not self._is_name(doc, stem, None) or bare_plural:
                continue
            if zipf(stem + "s") >= 3.0:
                continue
            if text[max(0, m.start() - 4):m.start()].lower() == "the " and not is_non_person(stem):
                continue  # "the Blairs' son": the family's possessive
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group()}' puts the apostrophe after the 's', but the text names '{stem}'",
                               f"{stem}{m.group(2)}s", confidence=0.75)
        for m in OTHERS_RE.finditer(text, doc.body_start) if " others " in text else ():
            noun = m.group(2)
            if noun in stop or zipf(noun[:-1]) < 3.0 or zipf(noun) < 3.0:
                continue
            yield self.finding(doc, m.start(1), m.end(1),
                               f"'others {noun}' reads as a possessive: 'others' lost its apostrophe",
                               f"others{apo}", confidence=0.7)
        for m in LOWER_YS_RE.finditer(text, doc.body_start) if CONSONANT_YS_RE.search(text, doc.body_start) else ():
            word = m.group(1) + "ys"
            noun = m.group(1) + "y"
            if zipf(word) >= 2.5 or zipf(noun) < 3.5 or m.group(2) in stop:
                continue
            yield self.finding(doc, m.start(), m.start() + len(word),
                               f"'{word}' is not a word: the possessive '{noun}{apo}s' lost its apostrophe",
                               f"{noun}{apo}s", confidence=0.8)

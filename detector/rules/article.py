"""MT604: "a" before a vowel sound or "an" before a consonant sound."""

from __future__ import annotations

import re
from typing import Iterator

from ..findings import SAFE, Finding
from ..language.frequency import zipf
from ..language.lexicon import derived_cache, load_table
from ..text.document import Document
from .base import Rule, register
from .typography.context import finditer_prose

# The article, an opening quotation mark, then the next word (or figure) as written; only where its first
# letter may disagree with the article: "a" before a vowel letter, h, x, y, 8, 11 or 18 (a word whose first
# letter is another consonant begins with a consonant sound, abbreviations apart), "an" before any but a or i.
ARTICLE_RE = re.compile(r"(?<![\w'’.-])(?:(a|A)|(an|An)) ([“\"‘']?)(?(1)(?=[aeiouhxyAEIOUHXY]|8|1[18])|(?![aiAI]))"
                        r"([A-Za-z][a-z'’-]*|\d[\d,.]*)(?![\w'’])")
SENTENCE_OPENING_RE = re.compile(r"(?:^|[.!?][”’\"')]?\s+|[“\"‘(]|[:–—]\s+)$")
GERMAN_AFTER_AN = {"der", "dem", "den", "die", "das"}  # "Frankfurt an der Oder"
CLEAR_CONSONANTS = set("bcdfgjklmnpqrstvz")
VOWEL_LETTER_RE = re.compile(r"[aeiouy]")
COMMON = 2.5  # a word this frequent is in the pronouncing dictionary: if it is not listed, its letter is right


@derived_cache
def _sounds() -> dict[str, frozenset[str]]:
    """Word -> its first sounds, for words whose first letter misleads (lexicons/article_sounds.tsv)."""
    return {row["word"]: frozenset(row["sounds"].split("+")) for row in load_table("article_sounds")}


def _number_sounds(figure: str) -> frozenset[str]:
    """How a figure is read aloud begins: "8", "11", "18", "80", "8,000", "11.5" with a vowel."""
    whole = figure.split(".")[0]
    groups = whole.split(",")
    lead = groups[0]
    if not lead:
        return frozenset()
    if lead[0] == "8" or (lead in ("11", "18") and all(len(g) == 3 for g in groups[1:])):
        return frozenset({"vowel"})
    if lead.startswith(("11", "18")) and len(lead) > 2:
        return frozenset()  # "1100" may be "eleven hundred" or "one thousand one hundred"
    return frozenset({"consonant"})


def sounds(word: str) -> frozenset[str]:
    """The sounds `word` may begin with (vowel, consonant, weak-h); empty when the spelling does not tell."""
    if word[0].isdigit():
        return _number_sounds(word)
    lower = word.lower().replace("’", "'")
    table = _sounds()
    for key in (lower, lower.split("-")[0]):
        if key in table:
            return table[key]
    first = lower[0]
    if not VOWEL_LETTER_RE.search(lower) or re.search(r"(.)\1\1", lower):
        return frozenset()  # read letter by letter ("an ntl spokesman") or a drawn-out sound ("ummm")
    if lower.startswith(("eu", "ew")):
        return frozenset()  # "a eurozone", "a Ewing": the dictionary's words are listed, others may be either
    common = zipf(lower) >= COMMON
    if common and (first in "aeio" or (first == "u" and lower[1:2] not in "aeiou")):
        return frozenset({"vowel"})
    if common or first in CLEAR_CONSONANTS:
        return frozenset({"consonant"})
    if first in "aie":
        return frozenset({"vowel"})
    return frozenset()  # h, o, u, w, x, y in a rare word or a name ("Ouattara", "Xhosa"), "Uefa"


@register
class ArticleSound(Rule):
    """"a" before a vowel sound or "an" before a consonant sound: "an bad idea", "a honest error".

    Why: English chooses the article by the first sound of the next word (Merriam-Webster and the
    Cambridge Grammar of English: "an hour", "a union", "a one-off"). A spinner or a translation that
    swaps the word after the article ("an important" -> "an big") leaves the article of the old one.
    Knowledge: the CMU Pronouncing Dictionary (lexicons/article_sounds.tsv) for words whose first letter
    misleads; "an" before an unstressed h ("an historic") is accepted; abbreviations, single letters,
    capital "A" inside a sentence ("Serie A", "Plan A"), "An" before a name (Irish "An Post") and
    German "an der" are left alone.
    Example: "She called it an bad idea.", "He made a honest mistake.", "a 8-year-old".
    Fix: the other article: "a bad idea", "an honest mistake" (safe).
    """

    code = "MT604"
    name = "article-sound"
    category = "agreement"
    fix = SAFE
    confidence = 0.8

    def check(self, doc: Document) -> Iterator[Finding]:
        for para, m in finditer_prose(ARTICLE_RE, doc):
            article, quote, word = m.group(1) or m.group(2), m.group(3), m.group(4)
            if not self._judged(para.text, m.start(), article, word):
                continue
            heard, wants_an = sounds(word), article.lower() == "an"
            if not heard or "weak-h" in heard or ("vowel" if wants_an else "consonant") in heard:
                continue
            other = "a" if wants_an else "an"
            start = para.start + m.start()
            yield self.finding(doc, start, para.start + m.end(),
                               f"'{article}' before '{word}', which begins with a "
                               f"{'consonant' if wants_an else 'vowel'} sound",
                               f"{other.capitalize() if article[0].isupper() else other} {quote}{word}")

    @staticmethod
    def _judged(text: str, at: int, article: str, word: str) -> bool:
        """Not an abbreviation or a letter, not a capital "A" or "An" that may be a label or a name."""
        if len(word) < 2 and not word.isdigit() or word[:1].isupper() and word[1:2].isupper():
            return False  # a letter, or an abbreviation ("an MBA", "a UN post", "a BBC-style")
        if article == "A" and not SENTENCE_OPENING_RE.search(text[:at]):
            return False  # "Serie A on Sunday", "Plan A or B"
        if article == "An" and word[0].isupper():
            return False  # "An Post", "An Garda Síochána"
        return not (article.lower() == "an" and word in GERMAN_AFTER_AN)


# Two different articles in a row, the second before a lower-case word: "the a majority", "took a the
# train" ("the the" is MT511's; "the A-team", "Plan A the" have a capital letter).
ARTICLE_PAIR_RE = re.compile(r"(?<![\w'’.-])(the|The|an?|An?) (the|an?)(?= ([a-z]+))")
LOAN_AFTER_A = {"priori", "posteriori", "fortiori", "la", "cappella", "capella", "propos"}  # "the a priori case"


@register
class ArticlePair(Rule):
    """Two articles in a row: "won the a majority", "took a the train".

    Why: a noun phrase takes one article (Cambridge Grammar of English, "determiners"); a spinner or
    a translation that rewrites the phrase around an article leaves both. Latin and French phrases
    after "the" ("the a priori case", "the a la carte menu") are left alone.
    Example: "The plan won the support of the a majority of members."
    Fix: drop the second article ("the majority"; unsafe: the first may be the stray one).
    """

    code = "MT605"
    name = "article-pair"
    category = "other"
    confidence = 0.85

    def check(self, doc: Document) -> Iterator[Finding]:
        for para, m in finditer_prose(ARTICLE_PAIR_RE, doc):
            first, second, word = m.groups()
            if first.lower() == second or word in LOAN_AFTER_A:
                continue
            if first[0] == "A" and not SENTENCE_OPENING_RE.search(para.text[:m.start()]):
                continue  # a label or a letter: "Plan A the coach chose"
            yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                               f"two articles in a row: '{first} {second}'", first)

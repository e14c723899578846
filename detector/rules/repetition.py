"""MT51x: words repeated by translation or by a slip of the keyboard."""

from __future__ import annotations

import operator
import re
from itertools import islice
from typing import Iterator

from ..findings import SAFE, UNSAFE, Finding
from ..language.lexicon import load_words
from ..language.prefilter import Guarded, fold
from ..language.trie import alternation
from ..text.document import Document, split_at_apostrophes
from .base import Rule, register

DOUBLED_RE = re.compile(r"(?<![\w-])(\w++)(\s++)(\1)\b", re.I)  # possessive: a word is never given back
AUXILIARIES = ("have", "has", "had", "is", "are", "was", "were", "will", "would", "can", "could", "should", "must",
               "did", "does", "do")
AUX_AROUND_ADVERB_RE = Guarded(re.compile(
    "(" + alternation(AUXILIARIES, not_after=r"\w") + ") "
    r"((?:so far|already|also|still|never|just|now|since|yet|often|always|long|recently) )\1"
    r"(?= not\b| \w+(?:ed|en)\b)"))
# "LAGOS — LAGOS (AFP) —": a wire dateline written twice where the page's and the agency's meet
DATELINE_RE = re.compile(r"\b([A-Z]{3,}(?: [A-Z]{3,}){0,2}),? [—–-] (\1)\b(?=,? (?:\(|[—–-]))")
X_AND_X_RE = re.compile("(?:" + alternation(("the", "a", "an", "its", "their", "his", "her", "these", "those", "our"),
                                             not_after=r"\w") + r") ([a-z]{3,}s)( and )\1\b")
# Grammatical repeats that no list of words can hold (stranded prepositions: Quirk et al. 1985, "A
# Comprehensive Grammar of the English Language"): a preposition that ends a clause before one that opens
# a phrase of duration ("the result it had hoped for for years", "believed in in the past"), a
# demonstrative pronoun before the same word as a determiner ("Add to this this new law").
PREPOSITIONS = frozenset({"for", "in", "on", "at", "since", "to", "of", "with", "from", "about", "by", "like"})
DURATION_RE = re.compile(r"\s+(?:(?:a|the) )?(?:(?:long|short|few|many|several|two|three) )?"
                         r"(?:years?|months?|weeks?|decades?|centuries|ages|past|future|while|time|long)\b")
DEMONSTRATIVES = frozenset({"this", "these", "those"})
BOTH_RE = Guarded(re.compile(r"[Bb](?<!\w.)oth\b[^.!?]{1,80}?\band\b[^.!?]{1,60}?\b(both )(?=said|agreed|say|agree|stressed|insisted|called|expressed|noted|added|warned|signed|welcomed)"))


@register
class DoubledWord(Rule):
    """A word written twice in a row: "that we we agreed".

    Why: engines and editors duplicate a word where two segments join.
    Example: "the budget that we we agreed", "LAGOS — LAGOS (AFP) —".
    Fix: drop the second copy: "that we agreed" (safe; grammatical repeats such as "had had" and
    "that that" are left alone).
    """

    code = "MT511"
    name = "doubled-word"
    category = "doubled_word"
    fix = SAFE
    confidence = 0.9

    @staticmethod
    def _neighbours_repeat(doc: Document) -> bool:
        """Whether two neighbouring runs of word characters are the same as the regex engine compares
        them ignoring case: every match of DOUBLED_RE is such a pair, so without one it need not run."""
        runs = split_at_apostrophes(fold(" ".join(doc.word_tokens)))
        return any(map(operator.eq, runs, islice(runs, 1, None)))

    @staticmethod
    def _grammatical(text: str, m: re.Match[str]) -> bool:
        """A repeat that English grammar makes: the second copy opens a compound ("in in-fighting"), a
        title before a name ("law lord Lord Smith"), a phrase of duration after a stranded preposition,
        or a determiner after a demonstrative pronoun that a preposition governs."""
        word, after = m.group(1).lower(), text[m.end():m.end() + 40]
        if after[:1] == "-":
            return True
        if m.group(1).islower() and m.group(3)[0].isupper() and re.match(r" [A-Z]", after) \
                and word not in load_words("function_words"):
            return True
        if word in PREPOSITIONS and DURATION_RE.match(after):
            return True
        before = re.search(r"(\w+)\s+$", text[max(0, m.start() - 20):m.start()])
        return word in DEMONSTRATIVES and bool(before) and before.group(1).lower() in PREPOSITIONS

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        valid = load_words("valid_repeats")
        for m in DOUBLED_RE.finditer(text, doc.body_start) if self._neighbours_repeat(doc) else ():
            word = m.group(1)
            if word.lower() in valid or word.isdigit() or "\n" in m.group(2):
                continue
            if word[0].isupper() and not m.group(3)[0].islower() and word.lower() not in ("the", "a", "an"):
                continue
            if self._grammatical(text, m):
                continue
            yield self.finding(doc, m.start(), m.end(), f"'{word}' is written twice", word)
        for m in DATELINE_RE.finditer(text, doc.body_start) if "(" in text or "—" in text else ():
            yield self.finding(doc, m.start(), m.end(), f"the dateline '{m.group(1)}' is written twice",
                               m.group(1), confidence=0.85)
        for m in AUX_AROUND_ADVERB_RE.finditer(text, doc.body_start):
            yield self.finding(doc, m.start(), m.end(),
                               f"the auxiliary '{m.group(1)}' is repeated around '{m.group(2).strip()}'",
                               f"{m.group(1)} {m.group(2).strip()}", confidence=0.85)


@register
class RepeatedAcrossConjunction(Rule):
    """A noun repeated around "and" or a "both" repeated in one clause.

    Why: translation of doublets and idioms ("lacci e lacciuoli") and of "entrambi" leaves a word twice.
    Example: "the rules and rules", "both Rossi and Bianchi both said".
    Fix: keep one: "the rules", "Bianchi said" (unsafe).
    """

    code = "MT512"
    name = "repeated-across-conjunction"
    category = "doubled_word"
    fix = UNSAFE
    confidence = 0.7

    def check(self, doc: Document) -> Iterator[Finding]:
        allowed = load_words("x_and_x")
        for m in X_AND_X_RE.finditer(doc.text, doc.body_start):
            if m.group(1) in allowed:
                continue
            yield self.finding(doc, m.start(1), m.end(), f"'{m.group(1)}' is repeated around 'and'",
                               m.group(1))
        for m in BOTH_RE.finditer(doc.text, doc.body_start):
            yield self.finding(doc, m.start(1), m.end(1), "'both' is repeated in one clause", "")

"""MT6xx: tense, agreement and word order carried over from the source language."""

from __future__ import annotations

import re
from typing import Iterator

from ..findings import UNSAFE, Finding
from ..language.lexicon import derived_cache, load_words
from ..language.prefilter import Guarded
from ..language.trie import alternation
from ..text.document import Document
from .base import Rule, register

PAST_READINESS_RE = Guarded(re.compile(
    r"\b(we|I|they|We|I|They) (were|was) ((?:certainly|definitely|surely|absolutely|of course|always|fully|also) )?"
    r"(ready|prepared|willing|open)\b"))
CONDITION_RE = re.compile(r"\b(?:if|If|when|When|should|unless)\b[^.]*\b(?:conclude|concludes|agree|agrees|"
                          r"decide|decides|accept|accepts|approve|approves|sign|signs|want|wants|is|are|can|"
                          r"will|do|does|has|have)\b")
NUMBER_WORDS = (r"(?:[Tt]hese|[Tt]hose|[Mm]any|[Ss]everal|[Ff]ew|[Aa] few|[Nn]umerous|[Vv]arious|[Tt]wo|[Tt]hree|"
                r"[Ff]our|[Ff]ive|[Ss]ix|[Ss]even|[Ee]ight|[Nn]ine|[Tt]en|\d+)")
MASS_PLURALS = ("informations", "equipments", "advices", "furnitures", "luggages", "feedbacks", "softwares",
                "knowledges", "machineries")
PLURAL_MASS_RE = re.compile(r"\b(?:([Ss]everal|[Mm]any|[Vv]arious|[Nn]umerous|[Tt]wo|[Tt]hree|\d+|[Tt]he) )?"
                            rf"({'|'.join(MASS_PLURALS)})\b")
FOLLOWER = r"\s*[.,;:”\"]|\s+(?:is|was|have|has|had|will|would|that|which|in|on|at|to|for)\b"
# "had they not", "were it not", "should it not" are conditional inversions, not German order.
# "not" before a quantifier or focus word negates that phrase, not the verb ("not everyone", "not only")
NEGATED_CONSTITUENT_RE = re.compile(r" (?:everyone|everybody|everything|all|every|many|much|only|just|even|enough|"
                                    r"one|a single|always|necessarily|because|least|quite|yet)\b")
AUX_SUBJECT_NOT_RE = re.compile("(" + alternation(("was", "is", "are", "has", "did", "does", "do"), not_after=r"\w")
                                + r") (it|this|that|he|she|they|we) not\b")


@register
class PastForConditional(Rule):
    """A promise about the future rendered in the past tense: "we were definitely ready".

    Why: Spanish and Italian conditionals and Russian tense-neutral forms come out as the English past.
    Example: "If the council agrees to the plan, we were definitely ready to help."
    Fix: "we are definitely ready" (unsafe).
    """

    code = "MT601"
    name = "past-for-conditional"
    category = "tense"
    confidence = 0.75

    def check(self, doc: Document) -> Iterator[Finding]:
        for m in PAST_READINESS_RE.finditer(doc.text, doc.body_start):
            sentence = doc.sentence_at(m.start())
            before = doc.text[sentence.start:m.start()]
            if not CONDITION_RE.search(before):
                continue
            present = "am" if m.group(1) == "I" else "are"
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group(2)}' after a condition in the present: a promise in the past tense",
                               f"{m.group(1)} {present} {m.group(3) or ''}{m.group(4)}")


@register
class MassNounPlural(Rule):
    """An uncountable noun counted or given a plural verb: "these luggage are".

    Why: Chinese, Russian and other languages do not mark the count/mass distinction English needs.
    Example: "these luggage are", "three separate large debris". A number in a product's name
    ("Series 60 software") counts nothing.
    Fix: "this luggage is", "three pieces of debris" (unsafe).
    """

    code = "MT602"
    name = "mass-noun-plural"
    category = "agreement"
    fix = UNSAFE
    confidence = 0.75

    @staticmethod
    @derived_cache
    def _patterns() -> tuple[frozenset[str], re.Pattern[str]]:
        """The mass nouns (a whole word in every match: looked up first), and one counted."""
        words = load_words("mass_nouns")
        return (frozenset(words),
                re.compile(rf"\b({NUMBER_WORDS}) ((?:[a-z]+ ){{0,2}})({alternation(words)})(?: (are|were)\b|(?={FOLLOWER}))"))

    def check(self, doc: Document) -> Iterator[Finding]:
        nouns, counted = self._patterns()
        matches = () if doc.word_runs.isdisjoint(nouns) else counted.finditer(doc.text, doc.body_start)
        for m in matches:
            det, verb = m.group(1), m.group(4)
            if re.search(r"\b(?:of|kinds?|types?|pieces?|items?|bits?|sorts?)\b", m.group(2)):
                continue
            if det[0].isdigit() and re.search(r"[A-Z][\w-]* $", doc.text[max(0, m.start() - 20):m.start()]):
                continue  # a model's number: "Series 60 software", "Windows 95 equipment"
            if det.lower() in ("these", "those"):
                demonstrative = "this" if det.lower() == "these" else "that"
                if det[0].isupper():
                    demonstrative = demonstrative.capitalize()
                suggestion = f"{demonstrative} {m.group(2)}{m.group(3)}"
                if verb:
                    suggestion += " is" if verb == "are" else " was"
            else:
                suggestion = f"{det} {m.group(2)}pieces of {m.group(3)}" + (f" {verb}" if verb else "")
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group(3)}' is uncountable in English and takes no number", suggestion)
        for m in () if doc.word_runs.isdisjoint(MASS_PLURALS) else PLURAL_MASS_RE.finditer(doc.text, doc.body_start):
            det, noun = m.group(1), m.group(2)[:-1]
            suggestion = f"{det} pieces of {noun}" if det and det.lower() != "the" else (f"{det} {noun}" if det else noun)
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group(2)}' is uncountable in English and has no plural", suggestion)


@register
class VerbSecondNegation(Rule):
    """A negation placed after the subject of an inverted verb: "This was it not easy".

    Why: German and Dutch put "nicht" after the object; the engine keeps that order.
    Example: "This was it not what the club expected."
    Fix: "This was not what the club expected" (no automatic suggestion; questions, tags and "that"
    opening a clause whose subject is negated, "is that not everyone", are left alone).
    """

    code = "MT603"
    name = "verb-second-negation"
    category = "word_order"
    fix = UNSAFE
    confidence = 0.7

    def check(self, doc: Document) -> Iterator[Finding]:
        for m in AUX_SUBJECT_NOT_RE.finditer(doc.text, doc.body_start):
            if doc.text[max(0, m.start() - 2):m.start()] in (", ", "? "):  # a question tag: ", was it not"
                continue
            sentence = doc.sentence_at(m.start())
            if sentence.text.rstrip(" ”’\"").endswith("?") or sentence.start == m.start():
                continue
            if doc.text[m.end():m.end() + 1] in ("?", ","):
                continue
            if m.group(2) == "that" and NEGATED_CONSTITUENT_RE.match(doc.text, m.end()):
                continue  # "the issue is that not everyone has one": "that" opens a clause, "not" its subject's
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group()}': the negation follows the subject as in German word order",
                               None)

"""MT608 and MT609: verb forms English grammar requires: the -ing complement, the auxiliary of a
progressive."""

from __future__ import annotations

import re
from typing import Iterator

from ..findings import Finding
from ..language.frequency import zipf
from ..language.lexicon import derived_cache, load_words
from ..language.trie import alternation
from ..text.document import Document
from .base import Rule, register
from .typography.context import finditer_prose

VERB_FORM = 2.5  # wordfreq Zipf of an -ing form that English uses: "buying", "making", "stopping"
STEM = 3.5  # the least Zipf of a verb whose -ing form follows a pronoun ("working", not "morning")
SHORT_VERBS = ("do", "go")  # verbs of two letters: "doing", "going"
# a subject pronoun opening a sentence, a headline or a quotation, then an -ing word
PRONOUN_ING_RE = re.compile(r"(?:^|(?<=[.!?] )|(?<=[.!?][”’\"] )|(?<=[“\"‘]))(I|We|You|They|He|She) ([a-z]{2,}ing)\b", re.M)
AUXILIARY_VERBS = ("do", "have")  # function words that are also main verbs: "considering to do the same"
AUXILIARY = {"I": "am", "We": "are", "You": "are", "They": "are", "He": "is", "She": "is"}


def ing_form(verb: str) -> str | None:
    """The -ing form of a base verb as English spells it ("buy" buying, "make" making, "stop"
    stopping, "die" dying), or None when no form of `verb` is a frequent word."""
    forms = [verb + "ing"]
    if verb.endswith("ie"):
        forms.append(verb[:-2] + "ying")
    elif verb.endswith("e") and not verb.endswith(("ee", "oe", "ye")):
        forms.append(verb[:-1] + "ing")
    if re.search(r"[^aeiou][aeiou][bdgklmnprt]$", verb):
        forms.append(verb + verb[-1] + "ing")
    best = max(forms, key=zipf)
    return best if zipf(best) >= VERB_FORM else None


def is_progressive(word: str) -> bool:
    """Whether an -ing word is a verb's present participle: its base ("do", "mak(e)", "stop(p)") is a
    frequent word that is no function word and no rarer than the participle ("morning", "string",
    "thing" and "bring" are not participles)."""
    stem = word[:-3]
    bases = [b for b in (stem, stem + "e", stem[:-1] if len(stem) > 3 and stem[-1] == stem[-2] else "")
             if len(b) >= 3 or b in SHORT_VERBS]
    function = load_words("function_words")
    base = max(bases, key=zipf, default="")
    return bool(base) and (base not in function or base in SHORT_VERBS) and zipf(base) >= max(STEM, zipf(word) - 0.5)


@derived_cache
def _gerund_to() -> re.Pattern[str]:
    """A verb of lexicons/gerund_verbs.txt, "to", and the lower-case word after it."""
    return re.compile(rf"\b({alternation(load_words('gerund_verbs'))}) to ([a-z]+)\b")


@register
class GerundComplement(Rule):
    """A to-infinitive after a verb that takes the -ing form: "is considering to sell".

    Why: German, French, Russian and Chinese join these verbs to an infinitive, and translation keeps
    it; English grammars give "consider", "avoid", "enjoy", "finish", "postpone" and "deny" the -ing
    form only (lexicons/gerund_verbs.txt names the sources).
    Example: "The council is considering to close the library."
    Fix: "considering closing" (unsafe: the spelling of the -ing form is derived). "What we consider
    to be fair" (a relative clause with "to be") and "to" before a noun phrase are left alone.
    """

    code = "MT608"
    name = "gerund-complement"
    category = "other"
    confidence = 0.8

    def check(self, doc: Document) -> Iterator[Finding]:
        function = load_words("function_words")
        for para, m in finditer_prose(_gerund_to(), doc):
            verb, infinitive = m.groups()
            if infinitive == "be" or infinitive in function and infinitive not in AUXILIARY_VERBS:
                continue  # "consider to be", "enjoy to the full", "deny to him"
            gerund = ing_form(infinitive)
            if gerund is None:
                continue  # not a verb: "enjoy to date"
            yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                               f"'{verb}' takes the -ing form in English, not 'to {infinitive}'",
                               f"{verb} {gerund}")


@register
class MissingAuxiliary(Rule):
    """A progressive without its auxiliary: "We working around the clock".

    Why: Russian, Ukrainian and Chinese have no auxiliary "be", and machine translation of a headline
    or a quotation drops it; English needs "we are doing".
    Example: "We working around the clock to reopen the bridge."
    Fix: insert the present auxiliary ("We are doing"; unsafe: the tense may be past).
    """

    code = "MT609"
    name = "missing-auxiliary"
    category = "other"
    confidence = 0.75

    def check(self, doc: Document) -> Iterator[Finding]:
        for para, m in finditer_prose(PRONOUN_ING_RE, doc):
            pronoun, participle = m.groups()
            if not is_progressive(participle):
                continue
            yield self.finding(doc, para.start + m.start(), para.start + m.end(),
                               f"'{pronoun} {participle}' has no auxiliary: English writes "
                               f"'{pronoun} {AUXILIARY[pronoun]} {participle}'",
                               f"{pronoun} {AUXILIARY[pronoun]} {participle}")

"""MT1xx: personal pronouns for countries and bodies, and subjects dropped in translation."""

from __future__ import annotations

import bisect
import re
from typing import Iterator

from ..findings import UNSAFE, Finding
from ..language.frequency import zipf
from ..language.gazetteer import is_non_person, mention_regex, non_person_names
from ..language.lexicon import derived_cache, load_words
from ..language.trie import alternation
from ..text.document import Document
from .base import Rule, register
from .bodies import body_mentions
from .people import first_name_gender, person_genders, person_names

# As r"\b(?:[Hh]e|[Ss]he|[Hh]im|[Hh]is|[Hh]er)(?:[’']s)?\b", searched faster (see trie.alternation)
PRONOUN_RE = re.compile("(?:" + alternation(("He", "he", "She", "she", "Him", "him", "His", "his", "Her", "her"),
                                            not_after=r"\w") + r")(?:[’']s)?\b")
SUBJECT_BEFORE_RE = re.compile(r"(?:^|[.;:!?“\"‘(]\s*|\b(?:that|and|but|as|when|if|while|because|since|so|now|said|says),?\s+|,\s+)$", re.I)
RELATIVE_CLAUSE_RE = re.compile(r"^,\s+(?:which|who|whose)\b[^,.;]{0,200},")
ADVERB_RE = re.compile(r"^\s+(?:now|also|still|already|then|not|just|even|again|currently|clearly)\b")
VERB_RE = re.compile(r"^\s+(?:is|was|are|were|has|had|have|will|would|can|could|must|should|may|might|does|did|do|"
                     r"faces|wants|needs|says|seeks|insists|demands|refuses|threatens|remains|continues|plans|"
                     r"hopes|expects|intends|risks|claims|denies|rejects|accuses|urges|warns|condemns|announces|blames|vows|"
                     r"pledges|welcomes|sends|supports|opposes|backs|agrees|considers|won|lost|took|made|gave|got|became|"
                     r"began|held|left|saw|came|went|ran|sent|[a-z]+ed)\b")
ATTRIBUTION_AFTER_RE = re.compile(r",[”\"]?\s+(?:he|she|they|[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?)\s+(?:said|told|added|says|stressed|insisted|warned)\b")
PERSON_VERB_RE = re.compile(r"^\W*(?:[’']s\s+)?(?:also\s+|then\s+|later\s+)?(?:said|says|added|adds|told|tells|noted|"
                            r"stressed|insisted|explained|recalled|thanked|met|spoke|described|replied|"
                            r"wrote|asked|acknowledged|admitted)\b")
# a pronoun opening its sentence: "She now wants", "But her plan"
SENTENCE_OPENING_RE = re.compile(r"[“\"‘(]?(?:(?:But|And|So|Now|Yet|Then|Still|Instead|However|Therefore),? )?")
AGE_NOUN_RE = re.compile(r"(?:\d+|[a-z]+)-year-olds?", re.I)
SPEAKER_BEFORE_RE = re.compile(r"[,?!][”\"]\s*\Z")
REPLACEMENTS = {"he": "it", "she": "it", "him": "it", "his": "its", "he’s": "it’s", "she’s": "it’s",
                "he's": "it's", "she's": "it's"}


def _suggest(word: str, after: str) -> str:
    low = word.lower()
    if low == "her":
        new = "its" if re.match(r"^\s+[a-z]", after) and not re.match(r"^\s+(?:to|and|or|that|in|on|at|for|with|by)\b", after) else "it"
    else:
        new = REPLACEMENTS.get(low, "it")
    return new[0].upper() + new[1:] if word[0].isupper() else new


def _in_subject_position(text: str, start: int, end: int) -> bool:
    rest = text[end:end + 240]
    clause = RELATIVE_CLAUSE_RE.match(rest)
    if clause:
        rest = rest[clause.end():]
    adverb = ADVERB_RE.match(rest)
    if adverb:
        rest = rest[adverb.end():]
    return bool(SUBJECT_BEFORE_RE.search(text[max(0, start - 40):start])) and bool(VERB_RE.match(rest))


@register
class PersonifiedPronoun(Rule):
    """A country, capital or organisation referred to as "he" or "she".

    Why: languages with grammatical gender (Russian, German, Spanish, French, Italian) make countries
    and bodies masculine or feminine; machine translation carries the gender into English pronouns.
    Knowledge: pycountry and the gazetteer (lexicons/bodies.txt, capitals.txt), and the bodies the page
    names by its own usage ("the Civic Renewal Party (CRP)", "Northwind Holdings": see bodies.py); for
    those, only a pronoun opening its sentence, with no person in the sentences before it.
    Example: "adding that China now faced a choice. He can pick dialogue or isolation";
    "The Civic Renewal Party won thirty seats. She now wants a seat in the cabinet".
    Not flagged: a person the paragraph names before it (up to two sentences back, in the possessive,
    or by age: "the 91-year-old"), or the speaker of a quotation ("“...,” he said").
    Fix: "It can pick" (unsafe: the antecedent is inferred).
    """

    code = "MT101"
    name = "personified-pronoun"
    category = "pronoun"
    confidence = 0.8

    @staticmethod
    def _in_speech(text: str, para_start: int, para_end: int, pos: int) -> bool:
        """Inside a quotation, or in a paragraph of speech attributed after the pronoun."""
        before = text[para_start:pos]
        if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
            return True
        # the attribution covers the pronoun only if no quotation opens between them, and it is not the
        # lead-in of a quotation that follows ("Asked why, Dorsey said: “...")
        m = ATTRIBUTION_AFTER_RE.search(text, pos, para_end)
        return bool(m) and not any(q in text[pos:m.start()] for q in "“\"") \
            and not re.match(r"\s*[:“\"]", text[m.end():m.end() + 3])

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        person_nouns = load_words("person_nouns")
        kinds = non_person_names()

        def is_person(word: str) -> bool:  # the document's people are found only when a pronoun needs them
            word = re.sub(r"[’']s$", "", word)  # "Dupont's kicking"
            if AGE_NOUN_RE.fullmatch(word):
                return True  # "the 91-year-old who died"
            return word.lower() in person_nouns or word.lower() in REPLACEMENTS or word in person_names(doc)

        flagged_until = -1
        # countries and bodies, in order, the page's own (named by its usage: "the Democratic Party") marked
        mentions = sorted([(t.start(), t.end(), t.group(1), kinds.get(t.group(1), "organisation"), False)
                           for t in mention_regex().finditer(text, doc.body_start)]
                          + [(*mention, True) for mention in body_mentions(doc)])
        mention_ends = [mention[1] for mention in mentions]
        for m in PRONOUN_RE.finditer(text, doc.body_start):
            if PERSON_VERB_RE.match(text[m.end():m.end() + 40]) or SPEAKER_BEFORE_RE.search(text[max(0, m.start() - 6):m.start()]):
                continue  # a speaker is a person: "“...,” he was due to say"
            idx = doc.sentence_index(m.start())
            window_start = doc.sentences[max(0, idx - 1)].start if doc.sentences else doc.body_start
            # narrative takes up a person named a sentence further back in its paragraph ("..., Mr Reeve
            # said. Parliament should be consulted ... He warned")
            para_window = text[max(doc.sentences[max(0, idx - 2)].start, text.rfind("\n", 0, window_start) + 1)
                               if doc.sentences else window_start:m.start()]
            last = bisect.bisect_right(mention_ends, m.start()) - 1
            last_thing = mentions[last] if last >= 0 and mentions[last][0] >= window_start else None
            chain = flagged_until >= window_start
            if last_thing is None and not chain:
                continue
            thing_end = max(last_thing[1] if last_thing else -1, flagged_until if chain else -1)
            para_start = text.rfind("\n", 0, m.start()) + 1
            para_end = text.find("\n", m.end())
            speech = self._in_speech(text, para_start, para_end if para_end >= 0 else len(text), m.start())
            # A speaker does not call himself "he": in speech only people named after the thing count;
            # in narrative any person in the window is a likelier antecedent than a country.
            scope = text[thing_end:m.start()] if (speech or chain) else para_window
            if any(is_person(w) for w in re.findall(r"[\w’'-]+", scope)):
                continue
            if last_thing is not None and not chain:
                if not _in_subject_position(text, last_thing[0], thing_end):
                    continue
                if last_thing[4] and not (SENTENCE_OPENING_RE.fullmatch(text, doc.sentence_at(m.start()).start, m.start())
                                          and not any(is_person(w) for w in re.findall(r"[\w’'-]+", para_window))):
                    continue  # a body known from the page alone: only a sentence's subject, no person in sight
                name, kind = last_thing[2], last_thing[3]
            else:
                name, kind = "the same antecedent", "non-person"
            flagged_until = m.end()
            yield self.finding(
                doc, m.start(), m.end(),
                f"'{m.group()}' refers to {name} ({kind}); English uses 'it' for a {kind}",
                _suggest(m.group(), text[m.end():m.end() + 20]),
                confidence=0.85 if kind == "country" else 0.7,
            )


# "– added.": a dash opening the attribution after a quotation (at a line's start or right after the
# quotation's close), with its verb but no subject; "X – the firm's owner – said." has its subject before
DASH_VERB_RE = re.compile(r"(?:^|(?<=[”\"])|(?<=[”\"][.,])|(?<=[”\"] )|(?<=[”\"][.,] ))[–—-] ?(?:" + alternation((
    "said", "added", "stressed", "noted", "explained", "emphasised", "emphasized", "concluded", "continued",
    "admitted", "declared", "recalled", "argued", "insisted", "warned", "assured", "pointed out", "wrote",
    "underlined", "commented", "replied", "announced", "specified", "reiterated", "observed")) + r")\b(?=\s*[.,:;]|\s*$)",
    re.MULTILINE)
PAST_VERB = (r"(?:[a-z]+ed|won|took|made|said|went|gave|got|became|began|led|saw|lost|met|left|held|ran|came|told|"
             r"wrote|spoke|chose|sent|spent|stood|built|paid|sold|fell|rose|brought|kept|found|knew|thought)")
# ". later won a prize", ". added that": a sentence opening with a small letter and a past verb (an adverb
# before it allowed); abbreviations ("etc.", "approx.") do not end a sentence
ADVERB_VERB_RE = re.compile(r"(?<=[a-z]{3}\. )"
                            r"(?:(?:also|then|later|subsequently|again|finally|immediately|afterwards) )?"
                            + PAST_VERB + r"\b(?= (?:that|the|a|an|his|her|its|their|to|in|on|by|with)\b)")
# "“Dear colleagues”, begins by thanking": a closing quotation and a verb with no subject after it
QUOTE_VERB_RE = re.compile(r"(?<=[”\"], )(?:begins|began|continues|continued|adds|added|says|said|concludes|"
                           r"concluded) (?:by|with|that)\b")


def _word_before(text: str, end: int) -> str:
    """The word that ends at `end`."""
    start = end
    while start > 0 and (text[start - 1].isalnum() or text[start - 1] == "."):
        start -= 1
    return text[start:end]


@register
class DroppedSubject(Rule):
    """A verb whose subject was dropped in translation: "Promise that", "– added.", ". later won".

    Why: pro-drop languages (Spanish, Italian, Polish, Russian, Chinese) omit a subject the verb's
    ending implies; machine translation renders the bare verb: an imperative, an attribution with no
    speaker after a dash (at a line's start or right after the quotation), a sentence opening with a
    small-letter past verb. Edited English puts a speaker before such a verb ("X – the firm's owner –
    said."), and a title's "!" or an abbreviation's full stop may precede a small letter.
    Example: "Promise that the talks will continue.", "“We will not give up,” – added.",
    "filmed in the Arctic. later won a prize", "met on Monday. approved the plan".
    Fix: supply the subject: "He promised that", "– he added.", "It later won" (no automatic suggestion).
    """

    code = "MT102"
    name = "dropped-subject"
    category = "pronoun"
    confidence = 0.7

    @staticmethod
    @derived_cache
    def _pattern() -> re.Pattern[str]:
        return re.compile(rf"(?:{alternation(load_words('reporting_verbs_base'))}) that\b")

    def check(self, doc: Document) -> Iterator[Finding]:
        pattern = self._pattern()
        for s in doc.sentences:
            m = pattern.match(s.text)
            if m:
                yield self.finding(doc, s.start, s.start + m.end(),
                                   f"'{m.group()}' has no subject: a subject was dropped in translation",
                                   None)
        abbreviations = load_words("abbreviations")
        for regex in (DASH_VERB_RE, ADVERB_VERB_RE, QUOTE_VERB_RE):
            for m in regex.finditer(doc.text, doc.body_start):
                if regex is ADVERB_VERB_RE and _word_before(doc.text, m.start() - 2).lower() in abbreviations:
                    continue  # "Warner Bros. made", "etc. included": no sentence ends there
                yield self.finding(doc, m.start(), m.end(),
                                   f"'{m.group()}' has no subject: a subject was dropped in translation", None)


FINITE = (r"(?:is|was|are|were|has|had|have|will|would|can|could|must|should|may|might|does|did|[a-z]+ed|"
          r"said|found|made|took|got|gave|won|lost|went|came|saw|told|knew|thought|became|began|left|held|kept|"
          r"brought|met|ran|wrote|spoke|chose|felt|put|set|led|sent|spent|stood|built|paid|sold|fell|rose|heard)")
# "Rossi he found": a sentence's subject (after an opening phrase "With Bianchi") taken up at once by a
# pronoun; "He and Anna [the treasurer] they will meet": a coordinated subject taken up by "they"
RESUMED_NAME_RE = re.compile(r"(?:^|(?<=[.!?:;“\"‘]) *|(?<=\n)|(?<=, )|(?<=\band )|(?<=\bbut )|(?<=\bso ))"
                             r"(?:(?:With|For|After|Against|Unlike|Like|Despite|Beside|Besides) [A-Z][\w’'-]+ )?"
                             r"((?:[A-Z][\w’'-]+ )*?([A-Z][\w’'-]+)) (he|she) (?=" + FINITE + r"\b)", re.M)
RESUMED_PAIR_RE = re.compile(r"(?:^|(?<=[.!?:;“\"‘]) *|(?<=\n))((He|She|I|[A-Z][\w’'-]+) and ([A-Z][\w’'-]+)"
                             r"(?: [\[(][^\])\n]{1,80}[\])])?) (they) (?=" + FINITE + r"\b)", re.M)


@register
class ResumptivePronoun(Rule):
    """A subject repeated at once by a pronoun: "Rossi he found", "He and Anna they will meet".

    Why: English names a clause's subject once; translation from languages that mark the person on
    the verb (Italian, Spanish, Portuguese) renders the verb's ending or auxiliary as a pronoun beside
    the subject it repeats. Edited English has a pronoun right after a name only where the name is an
    object ("told Rossi he would") or an adverb opens the sentence ("Instead they said").
    Knowledge: the page's people (names it uses with titles and speech verbs, first names).
    Example: "With the strike over, Rossi he found the deal fair."; "He and Anna they will meet".
    Fix: drop the pronoun: "Rossi found", "He and Anna will meet" (unsafe: an auxiliary may be lost:
    "Rossi has found").
    """

    code = "MT105"
    name = "resumptive-pronoun"
    category = "pronoun"
    fix = UNSAFE
    confidence = 0.75

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        people = person_names(doc) if (" he " in text or " she " in text or " they " in text) else frozenset()
        genders = person_genders(doc) if people else {}
        function_words = load_words("function_words")
        for m in RESUMED_NAME_RE.finditer(text, doc.body_start):
            name, first = m.group(2), m.group(1).split()[0]
            if first.lower() in function_words or (name not in people and name not in genders):
                continue
            yield self.finding(doc, m.start(1), m.end(3),
                               f"'{m.group(3)}' repeats the subject '{m.group(1)}' it follows", m.group(1))
        for m in RESUMED_PAIR_RE.finditer(text, doc.body_start):
            first, second = m.group(2), m.group(3)
            persons = people | set(genders)
            if second.lower() in function_words or not (first in ("He", "She", "I") or first in persons) \
                    or not (second in persons or first_name_gender(second) or first in ("He", "She", "I")):
                continue
            yield self.finding(doc, m.start(1), m.end(4),
                               f"'they' repeats the subject '{m.group(1)}' it follows", m.group(1))


FEMININE_RE = re.compile("(?:" + alternation(("She", "she", "Her", "her"), not_after=r"\w") + r")(?:[’']s)?\b")


@register
class FeminineWithoutAntecedent(Rule):
    """"She" or "her" with no woman anywhere before it: a feminine noun's gender carried over.

    Why: German, French, Spanish, Italian and Russian give abstract nouns and countries feminine
    gender ("die Aggression", "la France"); translation renders their pronoun as "she".
    Example: "The reform is overdue. Without her the pension system will fail within a decade."
    Fix: "Without it the pension system" (unsafe: the antecedent is inferred).
    """

    code = "MT103"
    name = "feminine-without-antecedent"
    category = "pronoun"
    confidence = 0.6

    @staticmethod
    def _names_someone(doc: Document, start: int, end: int) -> bool:
        """A capitalised word inside a sentence that is not a place or body (the gazetteer's, or one the
        page names as a body: `bodies.body_mentions`), or a noun for a person."""
        person_nouns = load_words("person_nouns")
        stop = load_words("not_names")
        bodies = [(a - start, b - start) for a, b, _, _ in body_mentions(doc) if a < end and b > start]
        window = doc.text[start:end]
        for m in re.finditer(r"\b[A-Z][a-z][\w’'-]*|\b[a-z]+\b", window):
            w = m.group()
            if any(a <= m.start() < b for a, b in bodies):
                continue
            if w[0].islower():
                if w in person_nouns or w.rstrip("s") in person_nouns:
                    return True
                continue
            inside = bool(re.search(r"[\w,;:)] $", window[:m.start()]))
            if w not in stop and not is_non_person(w) and (inside or zipf(w.lower()) < 3.5):
                return True
        return False

    def check(self, doc: Document) -> Iterator[Finding]:
        nouns = load_words("female_nouns")
        text = doc.text
        pos = doc.body_start
        pronouns = list(FEMININE_RE.finditer(text, doc.body_start))
        if any(PERSON_VERB_RE.match(text[m.end():m.end() + 40]) or
               re.match(r"\s+(?:own|husband|career|family|life|job|home|children|son|daughter|mother|father|"
                        r"boyfriend|partner|coach|lawyer|first|last|personal|debut|death|friends?)\b",
                        text[m.end():m.end() + 20])
               for m in pronouns):
            return
        for m in pronouns:
            words = re.findall(r"[\w’'-]+", text[pos:m.start()])
            if any(first_name_gender(w) == "f" or w.lower().rstrip("s") in nouns or w.lower() in nouns
                   for w in words if w[0].isupper() or w.islower()):
                return
            pos = m.start()
            if m.group()[0].isupper() and doc.sentence_at(m.start()).start != m.start():
                continue
            if re.search(r"\b(?:he|his|him)\s*(?:/|or)\s*$", text[m.start() - 12:m.start()], re.I) or \
                    re.match(r"\s*(?:/|or)\s*(?:he|his|him)\b", text[m.end():m.end() + 8]):
                continue
            idx = doc.sentence_index(m.start())
            window_start = doc.sentences[max(0, idx - 1)].start if doc.sentences else m.start()
            if self._names_someone(doc, window_start, m.start()):
                continue
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group()}' has no woman to refer to in the text before it: "
                               "a feminine noun's pronoun carried over from the source language",
                               _suggest(m.group(), text[m.end():m.end() + 20]))

"""MT104: a pronoun of the wrong gender for the only people the sentences before it name."""

from __future__ import annotations

import bisect
import re
from typing import Iterator

from ..findings import Finding
from ..language.lexicon import load_words
from ..language.trie import alternation
from ..text.document import Document
from .base import Rule, register
from .people import person_genders, person_names

GENDERED = {"he": "m", "him": "m", "his": "m", "himself": "m", "she": "f", "her": "f", "hers": "f", "herself": "f"}
PRONOUN_RE = re.compile("(?:" + alternation([w for p in GENDERED for w in (p, p.capitalize())], not_after=r"\w")
                        + r")\b(?![’'/-])")
SUBJECTS = frozenset({"he", "she", "himself", "herself"})
OPPOSITE = {"he": "she", "him": "her", "himself": "herself", "she": "he", "herself": "himself", "hers": "his"}
WORD_RE = re.compile(r"[A-Za-z][\w’'-]*")
# the name a pronoun takes up at once: "Okafor said, his voice ...", "Rossi he found"
SUBJECT_RE = re.compile(r"(?:^|[.:!?”]\s+|\n)(?:[A-Z][\w’'-]+ )*([A-Z][\w’'-]+) \Z"  # a subject resumed: "Bianchi Rossi he"
                        r"|\b([A-Z][\w’'-]+) (?:said|says|added|adds|wrote|replied|explained), \Z")  # "Okafor said, his"
ATTRIBUTION_RE = re.compile(r"[,?!][”\"’']\s*\Z")
TITLE_BEFORE_NAME_RE = re.compile(r" (?:[A-Z][\w’'-]+ )*[A-Z][\w’'-]+")
APPOSITION_RE = re.compile(r"[A-Z][\w’'-]+, (?:the|a|an) (?:[\w’'-]+ ){0,2}\Z")
HONORIFIC_RE = re.compile(r" (?:Majesty|Royal|Highness|Excellency|Holiness|Grace|Lordship|Ladyship)\b")
MAX_BACK = 4  # sentences a pronoun's antecedent is looked for in, past sentences that name nobody
BOTH_RE = re.compile(r"\b(?:he|she|his|her|him)\s*(?:/|or|and)\s*$|^\s*(?:/|or|and)\s*(?:he|she|his|her|him)\b", re.I)


def _suggest(word: str, after: str) -> str:
    low = word.lower()
    if low == "his":
        new = "her"
    elif low == "her":  # "her role" -> "his role"; "told her" -> "told him"
        new = "his" if re.match(r"\s+[a-z]", after) and not re.match(
            r"\s+(?:to|and|or|that|in|on|at|for|with|by|from|as|a|an|the)\b", after) else "him"
    else:
        new = OPPOSITE[low]
    return new.capitalize() if word[0].isupper() else new


def _quotation_start(text: str, para_start: int, pos: int) -> int:
    """Where the quotation closed just before `pos` ("“...,” she said") opens, within its paragraph."""
    close = max(text.rfind("”", para_start, pos), text.rfind('"', para_start, pos))
    if text[close] == "”":
        return max(para_start, text.rfind("“", para_start, close))
    return max(para_start, text.rfind('"', para_start, close))


@register
class PronounGenderMismatch(Rule):
    """"He" or "his" where every person the sentences before it name is a woman (or the reverse).

    Why: languages that drop the subject or mark gender only on the verb (Italian, Spanish, Polish,
    Turkish, Japanese) leave the engine to guess the pronoun, and it guesses "he".
    Knowledge: people's first names with their gender (lexicons/first_names.tsv, derived from the
    nomquamgender name data), the page's surnames linked to them, nouns for women and men.
    The antecedent is looked for in the sentence before the pronoun, or further back in its paragraph
    past sentences that name nobody (a quotation); "his" only where its own sentence names women alone
    before it; a noun just before a name is that person's title ("the minister Sofia Brandt").
    Example: "Lena Hartmann took her seat. He follows every speech."; "The minister Sofia Brandt spoke.
    Brandt defended his reform." The speaker named after a quotation ("...,” he said") is read against
    the text before the quotation (whose own words may be about anyone), and only where that names
    nobody of unknown gender.
    Fix: "She closely follows" (unsafe: the antecedent is inferred).
    """

    code = "MT104"
    name = "pronoun-gender-mismatch"
    category = "pronoun"
    confidence = 0.75

    @staticmethod
    def _references(doc: Document, start: int, end: int, skip: set[int]) -> list[tuple[str, bool]]:
        """Each person the text mentions between `start` and `end`, in order: their gender ("f", "m"
        or "?") and whether it was named (not a pronoun); pronouns at offsets in `skip` are left out.
        Read from the body's words, found once, where no word runs across `start` or `end`."""
        starts, ends, refs = doc.memo("pronoun_references", lambda: PronounGenderMismatch._body(doc))
        i, j = bisect.bisect_left(starts, start), bisect.bisect_left(starts, end)
        if start < doc.body_start or (i and ends[i - 1] > start) or (j and ends[j - 1] > end):
            return [(g, named) for at, g, named in PronounGenderMismatch._read(doc, start, end)
                    if named or at not in skip]
        lo, hi = bisect.bisect_left(refs, (start,)), bisect.bisect_left(refs, (end,))
        return [(g, named) for at, g, named in refs[lo:hi] if named or at not in skip]

    @staticmethod
    def _body(doc: Document) -> tuple[list[int], list[int], list[tuple[int, str, bool]]]:
        """The body's word starts and ends, and `_read` over the whole body."""
        words = [(m.start(), m.end()) for m in WORD_RE.finditer(doc.text, doc.body_start)]
        return [a for a, _ in words], [b for _, b in words], PronounGenderMismatch._read(doc, doc.body_start, len(doc.text))

    @staticmethod
    def _read(doc: Document, start: int, end: int) -> list[tuple[int, str, bool]]:
        """`_references` between `start` and `end` with each one's offset, no pronoun skipped."""
        genders = person_genders(doc)
        people = person_names(doc)
        female, male, persons = load_words("female_nouns"), load_words("male_nouns"), load_words("person_nouns")
        out: list[tuple[int, str, bool]] = []
        for m in WORD_RE.finditer(doc.text, start, end):
            w, low, at = m.group(), m.group().lower(), m.start()
            if low in GENDERED:
                out.append((at, GENDERED[low], False))
            elif low in female:
                out.append((at, "f", True))
            elif low in male:
                out.append((at, "m", True))
            elif w[0].isupper() and w in genders:
                out.append((at, genders[w], True))
            elif w[0].isupper() and w in people:
                out.append((at, "?", True))
            elif low in persons and not TITLE_BEFORE_NAME_RE.match(doc.text, m.end()) \
                    and not APPOSITION_RE.search(doc.text, max(0, at - 60), at):
                out.append((at, "?", True))  # a noun set before a name, or after it, is that person's title:
                # "the minister Anna Rossi", "Anna Rossi, the city's mayor,"
            # a plural ("reporters", "mothers") is no antecedent of "he" or "she"
        return out

    @staticmethod
    def _mismatch(refs: list[tuple[str, bool]], gender: str) -> bool:
        """Whether the window names someone of the other gender and nobody who may be the pronoun's.

        An unknown person ("the secretary") that a later pronoun of the other gender already took up
        ("takes her seat") is that gender's."""
        other = "f" if gender == "m" else "m"
        kept = [(g, named) for i, (g, named) in enumerate(refs)
                if not (g == "?" and any(h == other and not n for h, n in refs[i + 1:]))]
        if any(g in (gender, "?") for g, _ in kept):
            return False
        return any(g == other and named for g, named in kept)

    def _own_sentence_names_other(self, doc: Document, pos: int, gender: str, skip: set[int]) -> bool:
        """Whether the sentence of the pronoun at `pos` names, before it, people of the other gender only,
        by their names ("Anna Rossi answered his critics"; a noun such as "the actor" may mean a group)."""
        idx = doc.sentence_index(pos)
        start = doc.sentences[max(0, idx - 1)].start if doc.sentences else doc.body_start
        refs = self._references(doc, start, pos, skip)
        genders = person_genders(doc)
        names = [w for w in WORD_RE.findall(doc.text, start, pos) if w[0].isupper() and w in genders]
        return bool(names) and all(g not in (gender, "?") and named for g, named in refs)

    def _window_start(self, doc: Document, pos: int, para_start: int, skip: set[int]) -> int:
        """Where the antecedents of a pronoun at `pos` are looked for: the sentence before it, or further
        back in its paragraph (up to MAX_BACK sentences) while those sentences name nobody, as after a
        quotation ("For Rossi, the plan is bad: “...” Then he announced")."""
        if not doc.sentences:
            return doc.body_start
        idx = doc.sentence_index(pos)
        back = max(0, idx - 1)
        while back > 0 and idx - back < MAX_BACK and doc.sentences[back - 1].start >= para_start \
                and not self._references(doc, doc.sentences[back].start, pos, skip):
            back -= 1
        return doc.sentences[back].start

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        genders = person_genders(doc)
        if not genders:
            return
        flagged: set[int] = set()
        for m in PRONOUN_RE.finditer(text, doc.body_start):
            word = m.group()
            gender = GENDERED[word.lower()]
            if BOTH_RE.search(text[max(0, m.start() - 12):m.start()]) or BOTH_RE.search(text[m.end():m.end() + 12]) \
                    or HONORIFIC_RE.match(text, m.end()):
                continue  # "his or her"; "His Majesty the King" is a title
            para_start = text.rfind("\n", 0, m.start()) + 1
            before = text[para_start:m.start()]
            if before.count("“") > before.count("”") or before.count('"') % 2 == 1:
                continue  # in speech a pronoun may mean someone the quotation does not name
            direct = SUBJECT_RE.search(text, max(doc.body_start, m.start() - 60), m.start())
            name = direct and (direct.group(1) if word.lower() in SUBJECTS else None) or (direct and direct.group(2))
            if name and name in genders:
                if genders[name] == gender:
                    continue
                why = f"'{word}' refers to {name}, whom the page names as a " + ("woman" if gender == "m" else "man")
            elif doc.sentence_at(m.start()).start in flagged | {m.start()} and \
                    not self._references(doc, doc.body_start, m.start(), flagged):
                # nobody before it: a lead that names its person next ("He rose early. Anna Kern ...")
                idx = doc.sentence_index(m.start())
                ahead_end = doc.sentences[min(len(doc.sentences) - 1, idx + 1)].end if doc.sentences else m.end()
                ahead = self._references(doc, m.end(), ahead_end, flagged)
                named = [g for g, n in ahead if n]
                if not named or named[0] == gender or "?" in named[:1]:
                    continue
                why = f"'{word}' opens the text before anyone is named, and the first person named after it is a " + \
                      ("woman" if gender == "m" else "man")
            elif word.lower() in SUBJECTS or word.lower() == "his" \
                    and self._own_sentence_names_other(doc, m.start(), gender, flagged):
                # "her" and "him" may mean anyone, "his" only where its own sentence names nobody but women
                # before it ("Anna Rossi answered his critics"). The speaker after a quotation ("...,” she
                # said") is read against the text before the quotation, whose words may name anyone.
                window_end, speaker = m.start(), bool(ATTRIBUTION_RE.search(text[max(0, m.start() - 4):m.start()]))
                if speaker:
                    if word.lower() not in SUBJECTS:
                        continue
                    window_end = _quotation_start(text, para_start, m.start())
                window_start = self._window_start(doc, window_end, para_start, flagged)
                refs = self._references(doc, window_start, window_end, flagged)
                if not self._mismatch(refs, gender) or speaker and any(g == "?" for g, _ in refs):
                    continue  # a speaker may be anyone the text before names without a gender
                if any(g == gender and named for g, named in self._references(doc, doc.body_start, window_start, flagged)):
                    continue  # someone of the pronoun's gender named further back may be meant
                why = f"'{word}' has no antecedent of its gender: the people named before it are " + \
                      ("women" if gender == "m" else "men")
            else:
                continue
            flagged.add(m.start())
            yield self.finding(doc, m.start(), m.end(), why, _suggest(word, text[m.end():m.end() + 20]))

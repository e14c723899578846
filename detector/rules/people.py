"""Which capitalised words of a document name people: the evidence a pronoun may refer to a person."""

from __future__ import annotations

import bisect
import re
import unicodedata

from ..language.frequency import zipf
from ..language.gazetteer import is_non_person
from ..language.lexicon import derived_cache, load_table, load_words
from ..language.trie import alternation
from ..text.document import Document
from .bodies import body_mentions, page_bodies

NAME_TAIL = r"[\w’'-]+"
NAME = r"[A-Z]" + NAME_TAIL


@derived_cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    # `not_after=r"\w"` makes "\b(?:words)" that the engine searches faster (see trie.alternation)
    titles = alternation({"Mr", "Mrs", "Ms", "Dr", "Sir", "Dame", "Lord", "Lady", "President", "Minister",
                          "Secretary", "Chancellor", "Prime", "Premier", "Mayor", "Governor", "Senator", "Gen",
                          "General", "Judge", "King", "Queen", "Prince", "Princess", "Pope", "Ambassador", "Envoy",
                          "Spokesman", "Spokeswoman", "Chairman", "Chief", "Captain", "Coach", "Rep"}, not_after=r"\w")
    verbs = alternation(load_words("speech_verbs"))
    verb_word = alternation(load_words("speech_verbs"), not_after=r"\w")
    return (
        re.compile(rf"(?:{titles})\.? ((?:{NAME} ){{0,2}}{NAME})"),
        re.compile(rf"({NAME}(?: {NAME}){{0,2}}),? (?:{verbs})\b"),
        re.compile(rf"(?:{verb_word}) ({NAME}(?: {NAME}){{0,2}})"),
        re.compile(rf"([A-Z](?<=[a-z,] [A-Z]){NAME_TAIL} {NAME})\b"),  # looking behind once past the capital is faster
    )


def _inside_sentence(text: str, pos: int) -> bool:
    return bool(re.search(r"[\w,;:)] $", text[max(0, pos - 3):pos]))


def _inside(spans: list[tuple[int, int]], start: int, end: int) -> bool:
    """Whether start..end lies in one of the sorted spans: "National Renewal" in "the National Renewal Party"."""
    i = bisect.bisect_right(spans, (start, float("inf"))) - 1
    return i >= 0 and spans[i][0] <= start and end <= spans[i][1]


def _common_word(phrase: str) -> bool:
    """One word that English uses often (a capitalised "Officials" opening a sentence); a word with
    digits ("G7", "F1") never is."""
    return " " not in phrase and not any(c.isdigit() for c in phrase) and zipf(phrase.lower()) >= 4.0


def person_names(doc: Document) -> frozenset[str]:
    """Single capitalised words that the document uses as parts of people's names."""
    return doc.memo("person_names", lambda: _person_names(doc))


def _person_names(doc: Document) -> frozenset[str]:
    stop = load_words("not_names")
    bodies = page_bodies(doc)
    spans = [(start - doc.body_start, end - doc.body_start) for start, end, _, _ in body_mentions(doc)]
    names: set[str] = set()
    for pat in _patterns():
        for m in pat.finditer(doc.body):
            phrase = m.group(1)
            if is_non_person(phrase) or phrase in bodies or _inside(spans, m.start(1), m.end(1)) or \
                    (_common_word(phrase) and not _inside_sentence(doc.body, m.start(1))):
                continue
            for word in phrase.split():
                if word not in stop and not is_non_person(word) and word not in bodies:
                    names.add(word)
    return frozenset(names)


_FOLD = str.maketrans({"ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "ß": "ss", "ı": "i", "đ": "d", "Đ": "D"})


@derived_cache
def _first_names() -> dict[str, str]:
    """First name -> "f" or "m", from `lexicons/first_names.tsv` (derived from nomquamgender)."""
    return {row["name"]: row["gender"] for row in load_table("first_names")}


def first_name_gender(word: str) -> str | None:
    """"f" or "m" for a first name the name list gives one gender, else None ("Jean", "Andrea")."""
    names = _first_names()
    if word in names:
        return names[word]
    plain = "".join(c for c in unicodedata.normalize("NFKD", word.translate(_FOLD)) if not unicodedata.combining(c))
    return names.get(plain.replace("’", "").replace("'", "").capitalize())


NAME_RUN_RE = re.compile(rf"\b{NAME}(?: (?:[A-Z]\.|{NAME}))+")  # "Prime Minister Anna Rossi"
WEAK_SURNAME_ZIPF = 4.0  # "Rose Garden": a common word after a first name is a surname only where the page
# also uses it as a name ("Hill said")


def person_genders(doc: Document) -> dict[str, str]:
    """Surname -> "f" or "m" for the people the document names with a gendered first name
    ("Anna Rossi" makes "Rossi" "f"); a surname borne by a woman and a man is left out."""
    return doc.memo("person_genders", lambda: _person_genders(doc))


def _person_genders(doc: Document) -> dict[str, str]:
    seen: dict[str, set[str]] = {}
    for m in NAME_RUN_RE.finditer(doc.body):
        words = m.group().split()
        surname = words[-1]
        if is_non_person(surname) or (zipf(surname) >= WEAK_SURNAME_ZIPF and surname not in person_names(doc)):
            continue
        firsts = [(w, g) for w in words[:-1] if (g := first_name_gender(w))]
        if not firsts or (zipf(surname) >= WEAK_SURNAME_ZIPF and zipf(firsts[-1][0]) >= WEAK_SURNAME_ZIPF):
            continue  # two common words ("Rose Garden") are no name
        first, gender = firsts[-1]
        seen.setdefault(surname, set()).add(gender)
        seen.setdefault(first, set()).add(gender)
    return {name: next(iter(g)) for name, g in seen.items() if len(g) == 1}

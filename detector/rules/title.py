"""MT21x: mistranslated ranks and offices."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterator

from ..findings import Finding
from ..language.gazetteer import is_non_person
from ..language.lexicon import derived_cache, load_table, load_words
from ..language.prefilter import Guarded
from ..text.document import Document
from .base import Rule, register
from .lexicon_rule import SENTENCE_START_RE, LexiconRule
from .people import person_names

DEPUTY_RE = Guarded(re.compile(r"\b([A-Z][\w-]+?)(?:([’'])s|s)? (MPs?)(?= [A-Z])"))


@register
class DeputyAsMP(Rule):
    """A person's name followed by "MP" and another name: "deputy" translated as "MP".

    Why: Spanish "diputado", French "député" and Russian "депутат" mean both a member of parliament
    and a deputy; round-trip translation turns "Macron's deputy" into "Macrons MP".
    Example: "Macrons MP Jean Dupont".
    Fix: "Macron’s deputy Jean Dupont" (unsafe).
    """

    code = "MT211"
    name = "deputy-as-mp"
    category = "title"
    confidence = 0.8

    def check(self, doc: Document) -> Iterator[Finding]:
        parties = load_words("parties")
        for m in DEPUTY_RE.finditer(doc.text, doc.body_start):
            name = m.group(1)
            people = person_names(doc)
            bare = name if name in people else (name + "s" if name + "s" in people else None)
            if bare is None or is_non_person(bare) or bare in parties or name in parties:
                continue
            if not re.search(rf"\b[A-Z][\w’'-]+ {re.escape(bare)}\b", doc.body):
                continue
            deputy = "deputies" if m.group(3) == "MPs" else "deputy"
            suggestion = f"{bare}{m.group(2) or doc.apostrophe}s {deputy}"
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group()}': a person's 'MP' reads as 'deputy' translated as member of parliament",
                               suggestion)


@register
class MistranslatedTitle(LexiconRule):
    """A rank or office rendered with its false friend (lexicon `titles.tsv`).

    Why: offices differ between countries, and translation picks the nearest English word: a German
    state's "Ministerpräsident" becomes "Prime Minister", Spain's "presidente del Gobierno" becomes
    "President of the Government".
    Example: "Saxony's Prime Minister Karl Brandt".
    Fix: "Saxony's state premier Karl Brandt" (unsafe).
    """

    code = "MT212"
    name = "mistranslated-title"
    category = "title"
    lexicon = "titles"
    describes = "a mistranslated title"


# "chairman of the House of Representatives Ways and Means Committee": the chamber names a part of it
NOT_A_PART = r"(?! (?:[A-Z][\w'’-]+ |and |of |for ){0,5}(?:Committee|Subcommittee|Commission|Caucus|Office)\b)"
ADDRESS = "\0address:"  # a template for the form of address: "Mr Speaker," when spoken to, else "the Speaker"
VOCATIVE_RE = re.compile(r"\s*[,!?]")


def _address(m: re.Match[str], title: str, text: str) -> str:
    """The English form of "Mr./Madam <office>": itself with the English title where someone is spoken to
    ("Madam Marshal, the floor is yours" -> "Madam Speaker"), else "the <title>"."""
    if VOCATIVE_RE.match(text, m.end()):
        return m.group()[:m.start(1) - m.start()] + title
    return f"the {title}"


@dataclass(frozen=True)
class Office:
    """One row of `lexicons/offices.tsv`: an office rendered literally, and its English title."""

    country: str
    patterns: tuple[tuple[Guarded, str], ...]  # (pattern, suggestion template)
    cue: re.Pattern[str] | None
    reference: str


@derived_cache
def offices() -> tuple[Office, ...]:
    out = []
    for row in load_table("offices"):
        inst, literal, title = row["institution"], row["literal"], row["title"]
        address = row.get("address", "no")
        patterns = [] if address == "only" else [
            (Guarded(re.compile(rf"\b({literal}) of (the )?({inst})\b{NOT_A_PART}")), rf"{title} of \2\3"),
            (Guarded(re.compile(rf"\b({inst}) ({literal})\b(?![-\w])")), rf"\1 {title}"),
        ]
        if address in ("yes", "only"):
            patterns.append((Guarded(re.compile(rf"\b(?:Mr|Mrs|Ms|Madam|Madame|Mister)\.? ({literal})\b")),
                             ADDRESS + title))
        cue = row.get("cue") or ""
        out.append(Office(row["country"], tuple(patterns), re.compile(cue) if cue else None, row["reference"]))
    return tuple(out)


@register
class OfficeByInstitution(Rule):
    """An office of a named institution rendered word for word: "chairman of the Knesset".

    Why: offices are named differently in every country, and translation renders the source word
    ("marszałek", "prezes", "代表", "официальный представитель") with its nearest English word.
    Knowledge: `lexicons/offices.tsv`, a gazetteer of institutions (legislatures whose presiding officer
    English news calls the Speaker, a country's parties whose head is "leader" in English), the literal
    renderings of their offices and the English title, each row with its reference. An institution
    followed by the name of one of its parts ("... Ways and Means Committee") is left alone.
    Example: "chairman of the Knesset", "Madam Marshal" (Poland), "the PSL president", "CDP Representative".
    Fix: "Speaker of the Knesset", "the Speaker" ("Madam Speaker," when she is spoken to), "the PSL leader",
    "CDP leader" (unsafe).
    """

    code = "MT213"
    name = "office-by-institution"
    category = "title"
    confidence = 0.8

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for office in offices():
            if office.cue is not None and not office.cue.search(doc.body):
                continue
            for pattern, template in office.patterns:
                for m in pattern.finditer(text, doc.body_start):
                    suggestion = _address(m, template[len(ADDRESS):], text) if template.startswith(ADDRESS) \
                        else m.expand(template)
                    if SENTENCE_START_RE.search(text[max(doc.body_start, m.start() - 4):m.start()]) \
                            or m.start() == doc.body_start:
                        suggestion = suggestion[0].upper() + suggestion[1:]
                    yield self.finding(doc, m.start(), m.end(),
                                       f"'{m.group()}' renders an office word for word; English news writes "
                                       f"'{suggestion}' ({office.country}: {office.reference})", suggestion)

"""MT21x: mistranslated ranks and offices."""

from __future__ import annotations

import re
from typing import Iterator

from ..document import Document
from ..findings import Finding
from ..gazetteer import is_non_person
from ..lexicon import load_words
from ..people import person_names
from ..prefilter import Guarded
from .base import Rule, register
from .lexicon_rule import LexiconRule

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
    Example: "Hesse's Prime Minister Boris Rhein".
    Fix: "Hesse's state premier Boris Rhein" (unsafe).
    """

    code = "MT212"
    name = "mistranslated-title"
    category = "title"
    lexicon = "titles"
    describes = "a mistranslated title"

"""MT433: a sentence run into the next with neither full stop nor space: "the neighborhoodHe saw"."""

from __future__ import annotations

import re
from typing import Iterator

from ...document import Document
from ...findings import UNSAFE, Finding
from ...frequency import zipf
from ...lexicon import load_words
from ..base import Rule, register
from .context import finditer_prose

# Words that open English sentences most often (closed-class: pronouns, articles, demonstratives,
# conjunctions and prepositions; Biber et al., Longman Grammar of Spoken and Written English, 11.3).
OPENERS = ("He", "She", "It", "They", "We", "The", "This", "That", "These", "Those", "There", "But",
           "And", "In", "On", "At", "After", "When", "While", "His", "Her", "Its", "Their", "Our", "A", "An")
GLUED_RE = re.compile(rf"\b([a-z]{{3,}})({'|'.join(OPENERS)})\b")


@register
class GluedSentence(Rule):
    """A lower-case word run into a capitalised sentence opener: "the neighborhoodHe saw".

    Why: a sentence ends with a full stop and a space (Guardian style guide "full stops"); scrapers
    that join a caption or a paragraph to the next drop both. The first part is a frequent word, the
    whole is no word, and a sentence opener follows.
    Example: "shocked the neighborhoodHe saw normalcy return".
    Fix: "neighborhood. He saw" (unsafe: the break may be a paragraph end).
    """

    code = "MT433"
    name = "glued-sentence"
    category = "run_on"
    fix = UNSAFE
    confidence = 0.75

    def check(self, doc: Document) -> Iterator[Finding]:
        camel = load_words("camelcase")
        for para, m in finditer_prose(GLUED_RE, doc):
            left, right = m.groups()
            if m.group() in camel or zipf(left) < 3.0 or zipf(m.group()) > 0:
                continue
            start = para.start + m.start()
            yield self.finding(doc, start, para.start + m.end(),
                               f"'{m.group()}' runs '{left}' into the sentence opener '{right}'",
                               f"{left}. {right}")

"""MT431: a full stop after a word that cannot end a sentence: "in the. European Union"."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import UNSAFE, Finding
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose

# Articles, possessive determiners and coordinators need what follows them (Quirk et al., A
# Comprehensive Grammar of the English Language, 5.10-5.14 and 13.1: a determiner heads no noun
# phrase alone, a coordinator links two units): a full stop after one splits a phrase.
HEADLESS = ("the", "a", "an", "its", "their", "our", "my", "your", "every", "and", "or", "nor")
SPLIT_RE = re.compile(rf"(?<![\w.’'-])({'|'.join(HEADLESS)})\.( )(?=[A-Z][a-z])")


@register
class DeterminerFullStop(Rule):
    """A full stop after an article, a possessive determiner or "and": a noun phrase split in two.

    Why: a determiner cannot end a sentence, nor can "and" (Quirk et al. 5.10-5.14, 13.1); engines that
    re-segment a sentence leave the full stop inside the phrase.
    Example: "talks with the. European Commission", "prices and. Wages rose".
    Fix: drop the full stop: "the European Commission" (unsafe: the capital the split gave the next
    word may need to go too). A lower-case word after the stop is MT401's.
    """

    code = "MT431"
    name = "determiner-full-stop"
    category = "stray_punct"
    fix = UNSAFE
    confidence = 0.8

    def check(self, doc: Document) -> Iterator[Finding]:
        for para, m in finditer_prose(SPLIT_RE, doc):
            word = m.group(1)
            start = para.start + m.start()
            yield self.finding(doc, start, para.start + m.end(),
                               f"a full stop after '{word}', which cannot end a sentence", f"{word} ")

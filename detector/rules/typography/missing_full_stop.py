"""MT435: a sentence run into the next with no full stop: "ended very late In the morning"."""

from __future__ import annotations

import re
from typing import Iterator

from ...findings import UNSAFE, Finding
from ...language.lexicon import load_words
from ...text.document import Document
from ..base import Rule, register
from .context import finditer_prose

# Words that open sentences and are never names, so a capital means a sentence begins (closed-class
# words: pronouns, determiners, conjunctions, prepositions; "I" and "A" are left out, being letters too).
OPENERS = ("The", "In", "We", "It", "This", "He", "She", "They", "But", "And", "However", "On", "At", "For",
           "There", "These", "Those", "His", "Her", "Its", "Our", "Their")
RUN_IN_RE = re.compile(rf"(?<![\w’'.-])([a-z]{{2,}}) ({'|'.join(OPENERS)}) (?=[a-z]{{2,}}\b)")
MIN_WORDS = 12            # a paragraph this long is running text, not a caption or a list
MAX_CAPITALISED = 0.4     # ... unless most of its words are capitalised (a headline, a list of titles)


@register
class MissingFullStop(Rule):
    """A sentence run into the next with no full stop: "ended very late In the morning".

    Why: English capitalises a closed-class word such as "In", "The" or "They" only where a sentence
    begins (and in the titles of works); a small-letter word right before it means the mark that ended
    the previous sentence was lost, as when segments of a translation are joined. A word that cannot end
    a sentence ("for", "of", "the": a title follows, "for On the Waterfront") is left alone, and so are
    headlines and lists of titles.
    Example: "the talks ended late In the morning the ministers met again".
    Fix: the full stop: "late. In the morning" (unsafe: a comma or a colon may have been meant).
    """

    code = "MT435"
    name = "missing-full-stop"
    category = "run_on"
    fix = UNSAFE
    confidence = 0.75

    def check(self, doc: Document) -> Iterator[Finding]:
        function_words = load_words("function_words")
        for para, m in finditer_prose(RUN_IN_RE, doc):
            before, opener = m.groups()
            words = para.text.split()
            if before in function_words or len(words) < MIN_WORDS or \
                    sum(w[0].isupper() for w in words) > MAX_CAPITALISED * len(words):
                continue
            start = para.start + m.start(1)
            yield self.finding(doc, start, para.start + m.end(2),
                               f"'{opener}' opens a sentence, but no full stop ends the one before",
                               f"{before}. {opener}")

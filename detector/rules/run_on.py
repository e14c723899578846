"""MT52x: words and headline parts glued together by scraping or translation."""

from __future__ import annotations

import re
from typing import Iterator

from ..findings import UNSAFE, Finding
from ..language.frequency import zipf
from ..language.lexicon import load_words
from ..language.wordsplit import FREQUENT, Split, best_split, glue_words, name_split
from ..text.document import Document
from .base import Rule, register

GLUED_CAPS_RE = re.compile(r"\b([A-Z][a-z]+|[a-z]{3,}|[A-Z]{2,})([A-Z][a-z]+)\b")  # always a whole word
JUNCTION_RE = re.compile(r"[A-Z](?<=[A-Za-z][A-Z])[a-z]")  # a capital inside a word, before a small letter
URL_RE = re.compile(r"https?:|www\.|\.(?:com|org|net|html?|php)\b|[\w.]+@[\w.]+")
# "(Lyon)reports": a bracketed name or phrase, then a word with no space (not "(s)he", "(re)open")
PAREN_GLUED_RE = re.compile(r"(?<=\s)(\([A-Z0-9][^()\n]{1,40}\))([a-z]{3,})\b")
OPENERS = frozenset({"But", "And", "The", "As", "In", "After", "Before", "While", "When", "Updated",
                     "Read", "Photo", "Video", "Democracy", "Share", "Watch", "Also", "By"})


@register
class GluedHeadline(Rule):
    """Two words run together with a capital in the middle: headline parts glued by scraping.

    Why: scrapers drop the line break between a headline, its subheads and the body.
    Example: "talks end in ViennaMerkel sees progress". A name the page also writes open ("the
    PowerPage" beside "Power Page") is a brand's closed spelling.
    Fix: "Vienna. Merkel" (unsafe: the missing mark may be a full stop or a line break).
    """

    code = "MT521"
    name = "glued-headline"
    category = "run_on"
    fix = UNSAFE
    confidence = 0.8

    @staticmethod
    def _glued(text: str, pos: int) -> Iterator[re.Match[str]]:
        """`GLUED_CAPS_RE.finditer(text, pos)`, trying only the words with a capital inside them."""
        last_start = -1
        for junction in JUNCTION_RE.finditer(text, pos):
            start = junction.start()
            while start > pos and (text[start - 1].isalnum() or text[start - 1] == "_"):
                start -= 1
            if start != last_start:
                last_start = start
                m = GLUED_CAPS_RE.match(text, start)
                if m:
                    yield m

    def check(self, doc: Document) -> Iterator[Finding]:
        camel = load_words("camelcase")
        counts = doc.word_counts
        for m in self._glued(doc.text, doc.body_start):
            left, right = m.group(1), m.group(2)
            word = m.group()
            if word in camel or re.match(r"(?:Mc|Mac|O)$", left) or counts.get(word, 0) > 1:
                continue
            if doc.text[m.start() - 1:m.start()] in ("@", "#") or (left.isupper() and len(right) < 3):
                continue  # a handle, a hashtag, an acronym's plural ("MDAs")
            # a lower-case word before a capitalised function word ("neighborhoodHe"); two capitalised
            # parts are a brand's way ("CinemaNow") unless the second is a usual opener
            opener = right in OPENERS or (left.islower() and right.lower() in glue_words())
            right_known = counts.get(right, 0) > 0 or opener
            left_known = counts.get(left, 0) > 0 or (opener and zipf(left) >= FREQUENT)
            if not (right_known and left_known) or zipf(word) >= 2.0:
                continue
            if not left.islower() and re.search(rf"\b{left}[ \[(-]{right}\b", doc.body):
                continue  # the page writes the same name open ("Power Page", "Ever[Crack]"): a brand's way
            yield self.finding(doc, m.start(), m.end(),
                               f"'{word}' runs '{left}' into '{right}': parts of a headline glued together",
                               f"{left}. {right}")


@register
class GluedWords(Rule):
    """A token that is no word but two words without the space between them: "poorlythe".

    Why: translation, spinning and text extraction lose spaces between words.
    Knowledge: wordfreq (the token is unknown to it, both parts are frequent), the page's own names
    ("kowalczyklive" where the page writes "Kowalczyk"); a capitalised token is a name glued to a
    function word or a verb of reported speech, where English knows the name or the page writes it on its
    own ("Hiroshimawith"); a token the page repeats, a URL, a handle or a hashtag is left alone.
    Example: "the team played poorlythe coach said", "our reporter kowalczyklive from Warsaw",
    "(Madrid)says", "rain fell on Hiroshimawith record totals".
    Fix: insert the space: "poorly the", "Kowalczyk live", "(Madrid) says", "Hiroshima with" (unsafe: the split is
    inferred from word frequencies, and a comma may be missing too).
    """

    code = "MT522"
    name = "glued-words"
    category = "stray_punct"
    fix = UNSAFE
    confidence = 0.7

    @staticmethod
    def _names(doc: Document) -> frozenset[str]:
        """Capitalised words of the page that English does not use as common words: its names."""
        return frozenset(w for w in doc.word_counts if w[:1].isupper() and w[1:].islower() and zipf(w) < 3.0)

    def _splits(self, doc: Document) -> Iterator[tuple[str, Split, str]]:
        """Each token of the page that is no word and its split: lower-case tokens into two words or the
        page's name and a word, capitalised ones into a name and a function word or speech verb."""
        counts = doc.word_counts
        once = [w for w, n in counts.items() if n == 1 and w.isalpha() and zipf(w) == 0]
        lower = [w for w in once if len(w) >= 5 and w.islower()]
        names = self._names(doc) if lower else frozenset()
        for word in lower:
            split = best_split(word, names)
            if split is not None:
                yield word, split, "the page's name" if split.kind == "name" else "the words"
        for word in once:
            if len(word) >= 7 and word[0].isupper() and word[1:].islower():
                split = name_split(word, counts.keys())
                if split is not None:
                    yield word, split, "the name"

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for word, split, what in self._splits(doc):
            for m in re.finditer(rf"(?<![\w@#/.’'-]){word}(?![\w/’'@-]|\.\w)", text[doc.body_start:]):
                start = doc.body_start + m.start()
                if URL_RE.search(text, max(0, start - 60), start + len(word) + 1):
                    continue
                yield self.finding(doc, start, start + len(word),
                                   f"'{word}' is no English word: {what} '{split.left}' and '{split.right}' "
                                   "without the space between them", f"{split.left} {split.right}")
        for m in PAREN_GLUED_RE.finditer(text, doc.body_start):
            if zipf(m.group(2)) < FREQUENT:
                continue
            yield self.finding(doc, m.start(1), m.end(2),
                               f"'{m.group(2)}' is glued to the closing bracket before it",
                               f"{m.group(1)} {m.group(2)}", confidence=0.75)


# A lone small letter between words: "a" and "i" are words, "v" is "versus" ("Leeds v Hull") and "x" a
# multiplication sign or an unknown; a letter inside brackets may be a list mark or quoted foreign text
STRAY_LETTER_RE = re.compile(r"(?:(?<=[a-z,] )|(?<=[“\"‘]))([b-hj-uwyz]) (?=([a-z]{2,}))")
JOINED = 3.0  # wordfreq Zipf of a word the letter completes: "dea l" -> "deal"


@register
class StrayLetter(Rule):
    """A lone letter between two words: "the dea l is off", "“l economy will grow".

    Why: a translation engine leaves a source-language particle or a broken elision behind (Italian
    "e" for "and", French "n'" and "l'"), and a line break that split a word leaves its last letter
    alone. English has no one-letter words but "a" and "I" ("v" for versus and letters in brackets
    are left alone).
    Example: "the dea l is off", "the country e the region", "“l economy will grow".
    Fix: join the letter to the word before where that makes a word ("deal"), else drop it (unsafe).
    """

    code = "MT523"
    name = "stray-letter"
    category = "other"
    fix = UNSAFE
    confidence = 0.75

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in STRAY_LETTER_RE.finditer(text, doc.body_start):
            line_start = text.rfind("\n", 0, m.start()) + 1
            before = text[line_start:m.start()]
            if before.count("(") > before.count(")") or before.count("[") > before.count("]"):
                continue  # a list mark or bracketed source text: "(b) the fee", "[sobre o tema]"
            previous = re.search(r"([A-Za-z]+) $", before)
            if previous and zipf(previous.group(1) + m.group(1)) >= JOINED:
                start, suggestion = line_start + previous.start(1), previous.group(1) + m.group(1)
            else:
                start, suggestion = m.start(), ""
            yield self.finding(doc, start, m.end(), f"the lone letter '{m.group(1)}' is no English word",
                               suggestion + " " if suggestion else "")

"""MT403 and MT411: quotation marks orphaned or lost in translation (their spacing, direction and
style: typography/, MT421-MT425)."""

from __future__ import annotations

import re
from typing import Iterator

from ..findings import UNCORROBORATED, Finding
from ..language.lexicon import derived_cache, load_words
from ..language.prefilter import Guarded
from ..language.trie import alternation
from ..text.document import Document, Sentence
from .base import Rule, register

STRAY_CLOSING_RE = Guarded(re.compile(r"\b[a-z]+[a-rt-z]’(?=\s)"))
ORPHAN_FRAGMENT_RE = Guarded(re.compile(r"([.!?]) ([‘“'\"])([a-z][^.!?’”'\"\n]{0,80}[.!?])(?=\s|$)"))
FIRST_PERSON_RE = re.compile(r"\b(?:I|we|We|us|our|Our|my|My|let’s|Let’s|let's|Let's|I’m|we’re|We’re|I'm|we're|you|You)\b")
ATTRIBUTION = (r",\s+((?:he|she|they|[A-Z][\w’'-]+(?: [A-Z][\w’'-]+)?|the (?:[a-z-]+ ){0,3}[a-z]+)"
               r"\s+(?:{verbs}))\b")


@derived_cache
def with_speech_verbs(pattern: str) -> re.Pattern[str]:
    """`pattern` with `{verbs}` replaced by the speech verbs of `lexicons/speech_verbs.txt`."""
    return re.compile(pattern.replace("{verbs}", alternation(load_words("speech_verbs"))))


@register
class QuoteFragment(Rule):
    """An opening quotation mark after a full stop that starts a lower-case fragment.

    Why: translation splits a clause and leaves one quotation mark and the fragment behind.
    Example: "she told farmers at the fair. ‘a trade show." A closing mark whose
    quotation opened on an earlier short line (a quoted verse or lyric) is not scattered.
    Fix: rewrite the clause ("at a trade show"); no automatic suggestion.
    """

    code = "MT403"
    name = "quote-fragment"
    category = "quote_fragment"
    confidence = 0.85

    @staticmethod
    def _lines_before(text: str, pos: int) -> str:
        """The line up to `pos`, with the lines of verse before it: a quoted verse or lyric runs over
        short lines, its opening mark on the first ("‘I left the city, that’s why you’re" / "Still
        waiting by the door for you’")."""
        start = text.rfind("\n", 0, pos) + 1
        for _ in range(3):
            prev_end = text[:start].rstrip("\n").rstrip()
            prev_start = prev_end.rfind("\n") + 1
            line = prev_end[prev_start:]
            if not line or len(line.split()) > 14 or re.search(r"[.!?]$", line):
                break
            start = prev_start
        return text[start:pos]

    def check(self, doc: Document) -> Iterator[Finding]:
        for m in ORPHAN_FRAGMENT_RE.finditer(doc.text, doc.body_start):
            yield self.finding(doc, m.start(), m.end(),
                               f"an orphan quotation mark starts the fragment '{m.group(3)}'", None)
        for m in STRAY_CLOSING_RE.finditer(doc.text, doc.body_start):
            before = self._lines_before(doc.text, m.start())
            if before.count("‘") > len(re.findall(r"’(?![\w])", before)):
                continue
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group()}': a closing quotation mark scattered into the clause", None,
                               confidence=0.6)


# group 1 opens: “, « and the low-9 „ (German, Polish and Romanian typography, closed by “ or ”), a
# straight mark before a word, and a closing-shaped mark glued to the next word (misdirected
# typography, MT421-MT425); the rest close
QUOTE_MARK_RE = re.compile(r"([“«„]|[”»](?=\w)|(?<![^\s(\[])\"(?=\w))|[”»]")


SINGLE_OPEN_RE = re.compile(r"(?<![^\s(\[])‘(?=\w)")
SINGLE_CLOSE_RE = re.compile(r"’(?!\w)")


def _single_opened(text: str) -> bool:
    """Whether `text` opens a quotation with a single mark that it does not close."""
    return len(SINGLE_OPEN_RE.findall(text)) > len(SINGLE_CLOSE_RE.findall(text))


def _quote_scan(para: str) -> tuple[int | None, bool]:
    """Where the speech of the paragraph's first closing mark that was never opened starts (a sentence
    start), if any; and whether a quotation opened in the paragraph runs on past its end."""
    depth = last_close = 0
    start, unopened = None, False
    for m in QUOTE_MARK_RE.finditer(para):
        if m.group(1):
            depth += 1
        elif depth:
            depth -= 1
            last_close = m.end()
        elif _single_opened(para[last_close:m.start()]):
            last_close = m.end()  # "a ‘cleaner river” by": opened with a single mark, closed with a double
        elif not unopened:
            unopened = True
            first = re.search(r"(?:^|[.!?:]\s+)(?=[A-Z])", para[last_close:m.start()])
            start = last_close + first.end() if first else None
    return start, depth > 0


SPEAKER_RE = re.compile(r"\b(?:I|we|We|our|Our|us|my|My|me|I’m|I'm|we’re|We’re|we're|We're|I’ve|I've|we’ve|We’ve|"
                        r"we've|We've)\b")
REPORTED_RE = re.compile(r"\b(?:said|says|added|adds|told|tells|according|stated|explained|stressed|noted|"
                         r"remarked|insisted|wrote|writes|asked)\b")
MAX_UNMARKED = 2  # more first-person paragraphs than this: the writer's own voice (a column, a letter)
# the site speaking to its readers, in its own first person (the calls to action of web page furniture):
# "subscribe to our newsletter", "© 2024 All rights reserved"
SITE_VOICE_RE = re.compile(r"(?i)\b(?:subscribe|newsletter|inbox|sign up|follow us|log in|cookies?|rights reserved|"
                           r"our (?:website|site|app|readers))\b|©")
QUOTED_RE = re.compile(r"“[^”\n]*”|\"[^\"\n]*\"")


def _unmarked_speech(doc: Document) -> list[Sentence]:
    """Paragraphs of twelve words or more in the first person (two such words), with no quotation
    mark and no reporting verb: a quotation that lost its marks, where the page has at most
    MAX_UNMARKED paragraphs in the first person outside its quotations."""
    voice = [p for p in doc.paragraphs if len(SPEAKER_RE.findall(QUOTED_RE.sub("", p.text))) >= 2
             and not SITE_VOICE_RE.search(p.text)]
    if len(voice) > MAX_UNMARKED:
        return []
    return [p for p in voice if len(p.text.split()) >= 12 and not any(q in p.text for q in "“”\"«»")
            and not REPORTED_RE.search(p.text)]


@register
class MissingQuotes(Rule):
    """Reported speech in the first person with an attribution but no quotation marks.

    Why: round-trip translation drops quotation marks, turning direct quotes into bare sentences
    that still end in "he said".
    Example: "We will wait for the vote, we are open to a deal, the mayor said."
    Also a closing mark in a paragraph that never opened it ("The talks failed.” Then ..."), unless
    the quotation opened in the paragraph before and runs over the break; and, below the default
    threshold unless other glitches on the page corroborate it, a paragraph in the first person with
    no marks and no attribution on a page that quotes with marks elsewhere (a column's own voice, with
    more such paragraphs, is left alone).
    Fix: put the quoted words in quotation marks (unsafe: where the quote starts is a guess).
    """

    code = "MT411"
    name = "missing-quotes"
    category = "missing_quotes"
    confidence = 0.75

    def check(self, doc: Document) -> Iterator[Finding]:
        attribution = with_speech_verbs(ATTRIBUTION)
        quoted_elsewhere = any(q in doc.body for q in "“”\"")
        unmarked = _unmarked_speech(doc)
        continued = False
        for para in doc.paragraphs:
            continues = continued
            start, continued = _quote_scan(para.text)
            if start is not None and continues:
                continue  # the quotation opened in the paragraph before, and closes here
            if start is not None:
                word = re.match(r"[\w’']+", para.text[start:]).group()
                yield self.finding(doc, para.start + start, para.start + start + len(word),
                                   "a quotation closes here but never opens", "“" + word, confidence=0.7)
                continue
            if any(q in para.text for q in "“”\"«»"):
                continue
            m = attribution.search(para.text)
            if not m or m.start() < 25:
                if quoted_elsewhere and para in unmarked:
                    yield self.finding(doc, para.start, para.end,
                                       "a paragraph in the first person with no quotation marks or attribution, "
                                       "on a page that quotes with marks elsewhere", None,
                                       confidence=UNCORROBORATED)
                continue
            speech = para.text[:m.start()]
            if not FIRST_PERSON_RE.search(speech) or len(speech.split()) < 6:
                continue
            yield self.finding(doc, para.start, para.start + m.start() + 1,
                               f"first-person speech attributed with '{m.group(1)}' has no quotation marks",
                               f"“{speech},”",
                               confidence=0.8 if quoted_elsewhere else 0.65)

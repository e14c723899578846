"""MT41x: quotation marks lost, orphaned, mixed or misplaced in translation."""

from __future__ import annotations

import re
from typing import Iterator

from ..document import Document
from ..findings import SAFE, UNSAFE, Finding
from ..lexicon import derived_cache, load_words
from ..prefilter import Guarded
from ..trie import alternation
from .base import Rule, register

STRAY_CLOSING_RE = Guarded(re.compile(r"\b[a-z]+[a-rt-z]’(?=\s)"))
ORPHAN_FRAGMENT_RE = Guarded(re.compile(r"([.!?]) ([‘“'\"])([a-z][^.!?’”'\"\n]{0,80}[.!?])(?=\s|$)"))
OPEN_AT_END_RE = Guarded(re.compile(r"([.!?,]) ?“[ \t]*(?=\r?$)", re.M))
SPACE_BEFORE_CLOSE_RE = Guarded(re.compile(r"(?<=[\w.!?,])([.!?,]?) (”)(?=\s|$)", re.M))
GUILLEMET_RE = Guarded(re.compile(r"[«»]"))
PERIOD_BEFORE_ATTRIBUTION = r"\.(?<=\w\.)([”\"]) (he|she|they) ({verbs})\b"
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
    Example: "he told reporters during the meeting. ‘a press conference."
    Fix: rewrite the clause ("during a press conference"); no automatic suggestion.
    """

    code = "MT403"
    name = "quote-fragment"
    category = "quote_fragment"
    confidence = 0.85

    def check(self, doc: Document) -> Iterator[Finding]:
        for m in ORPHAN_FRAGMENT_RE.finditer(doc.text, doc.body_start):
            yield self.finding(doc, m.start(), m.end(),
                               f"an orphan quotation mark starts the fragment '{m.group(3)}'", None)
        for m in STRAY_CLOSING_RE.finditer(doc.text, doc.body_start):
            before = doc.text[doc.text.rfind("\n", 0, m.start()) + 1:m.start()]
            if before.count("‘") > len(re.findall(r"’(?![\w])", before)):
                continue
            yield self.finding(doc, m.start(), m.end(),
                               f"'{m.group()}': a closing quotation mark scattered into the clause", None,
                               confidence=0.6)


@register
class MisplacedQuoteMark(Rule):
    """Quotation marks that are mixed, turned the wrong way or spaced off their words.

    Why: engines convert guillemets and low quotes unevenly and move marks across spaces.
    Example: "«Our wives ... now,” Klitschko said", "timeline. ”", "of course. “" at a paragraph end,
    "problems.” he said."
    Fix: English curly quotes tight against their words: "timeline.”" (safe where only a space or the
    direction of a mark changes).
    """

    code = "MT404"
    name = "misplaced-quote-mark"
    category = "stray_punct"
    fix = SAFE
    confidence = 0.85

    def check(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in SPACE_BEFORE_CLOSE_RE.finditer(text, doc.body_start):
            yield self.finding(doc, m.start(), m.end(), "a space before a closing quotation mark",
                               m.group(1) + "”")
        for m in OPEN_AT_END_RE.finditer(text, doc.body_start):
            yield self.finding(doc, m.start(), m.end(),
                               "an opening quotation mark closes the quotation", m.group(1) + "”")
        for m in GUILLEMET_RE.finditer(text, doc.body_start):
            para_start = text.rfind("\n", 0, m.start()) + 1
            para_end = text.find("\n", m.end())
            para = text[para_start:para_end if para_end >= 0 else len(text)]
            if "«" in para and "»" in para and "”" not in para and "“" not in para:
                continue
            start, end, replacement = _guillemet_fix(text, m.start(), m.group())
            yield self.finding(doc, start, end, f"'{m.group()}' mixed with English quotation marks",
                               replacement, confidence=0.8)
        for m in with_speech_verbs(PERIOD_BEFORE_ATTRIBUTION).finditer(text, doc.body_start):
            yield self.finding(doc, m.start(), m.start() + 2,
                               "a full stop before the closing quotation mark of an attributed quote",
                               "," + m.group(1), confidence=0.7, fix=UNSAFE)


def _closes(text: str, at: int, glyph: str) -> bool:
    """Whether the guillemet at `at` closes a quotation. Its shape decides, except where it stands
    plainly the other way: `«` after a word or a mark and before a space or the line end closes
    (`«useful.«`: the second one); `»` at the start of a line before a word opens."""
    before = text[at - 1:at] if at else ""
    after = text[at + 1:at + 2]
    tight_before = bool(before) and not before.isspace() and before not in "(["
    tight_after = bool(after) and not after.isspace()
    if glyph == "«":
        return tight_before and not tight_after
    return not (before in ("", "\n") and tight_after and after.isalnum())


def _guillemet_fix(text: str, at: int, glyph: str) -> tuple[int, int, str]:
    """Span and replacement of a guillemet among English quotes: a curly mark facing the way the
    guillemet works, tight against its words."""
    if _closes(text, at, glyph):
        start = at - 1 if text[at - 1:at] == " " and at - 1 > 0 and not text[at - 2].isspace() else at
        return start, at + 1, "”" + (" " if re.match(r"\w", text[at + 1:at + 2]) else "")
    end = at + 2 if text[at + 1:at + 2] == " " and re.match(r"\w", text[at + 2:at + 3]) else at + 1
    return at, end, "“"


def _unopened_quote_start(para: str) -> int | None:
    """Where the speech of a closing mark that was never opened starts (a sentence start), if any."""
    depth = 0
    last_close = 0
    for m in re.finditer(r"[“«”»]", para):
        if m.group() in "“«":
            depth += 1
        elif depth:
            depth -= 1
            last_close = m.end()
        else:
            first = re.search(r"(?:^|[.!?:]\s+)(?=[A-Z])", para[last_close:m.start()])
            return last_close + first.end() if first else None
    return None


@register
class MissingQuotes(Rule):
    """Reported speech in the first person with an attribution but no quotation marks.

    Why: round-trip translation drops quotation marks, turning direct quotes into bare sentences
    that still end in "he said".
    Example: "Let’s not rush, the president is ready for talks, the spokesman said."
    Fix: put the quoted words in quotation marks (unsafe: where the quote starts is a guess).
    """

    code = "MT411"
    name = "missing-quotes"
    category = "missing_quotes"
    confidence = 0.75

    def check(self, doc: Document) -> Iterator[Finding]:
        attribution = with_speech_verbs(ATTRIBUTION)
        quoted_elsewhere = any(q in doc.body for q in "“”\"")
        for para in doc.paragraphs:
            start = _unopened_quote_start(para.text)
            if start is not None:
                word = re.match(r"[\w’']+", para.text[start:]).group()
                yield self.finding(doc, para.start + start, para.start + start + len(word),
                                   "a quotation closes here but never opens", "“" + word, confidence=0.7)
                continue
            if any(q in para.text for q in "“”\"«»"):
                continue
            m = attribution.search(para.text)
            if not m or m.start() < 25:
                continue
            speech = para.text[:m.start()]
            if not FIRST_PERSON_RE.search(speech) or len(speech.split()) < 6:
                continue
            yield self.finding(doc, para.start, para.start + m.start() + 1,
                               f"first-person speech attributed with '{m.group(1)}' has no quotation marks",
                               f"“{speech},”",
                               confidence=0.8 if quoted_elsewhere else 0.65)

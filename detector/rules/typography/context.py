"""What typography rules must leave alone: web addresses, file names, page furniture; quote state.

Page furniture (menus, share buttons, captions, bylines) is set in no sentence style: BBC and
Guardian style govern body copy, so a rule looks at paragraphs that read as prose.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from ...language.lexicon import load_words
from ...language.prefilter import Guarded
from ...text.document import Document, Sentence

WEB_MARK_RE = re.compile(r"://|www\.|@|\\|/\w")
FURNITURE_START_RE = re.compile(
    r"(?i)\s*(?:share|read (?:also|more)|see also|related|source|photo|image|picture|credit|caption|"
    r"tags?|advertisement|follow us|subscribe|sign up|copyright|©|updated|published|posted|by )\b")
PROSE_END_RE = re.compile(r"[.!?:;,”’\"')\]…]\s*$")


def token_around(text: str, start: int, end: int) -> str:
    """The run of non-space characters holding text[start:end]."""
    left = start
    while left > 0 and not text[left - 1].isspace():
        left -= 1
    right = end
    while right < len(text) and not text[right].isspace():
        right += 1
    return text[left:right]


def is_web_token(token: str) -> bool:
    """A URL, e-mail address, host or file name: "https://x.org/a", "news@x.com", "Amazon.com", "a.pdf"."""
    if WEB_MARK_RE.search(token):
        return True
    suffixes = load_words("web_suffixes")
    # a capitalised ending counts in a host of three parts or more ("Halo.Bungie.Org"), not in
    # "partners.It"
    ending = r"(?<=\w)\.([a-z]{2,5})(?![a-z])" if token.count(".") < 2 \
        else r"(?<=\w)\.([A-Za-z]{2,5})(?![A-Za-z])"
    return any(m.group(1).lower() in suffixes for m in re.finditer(ending, token))


def in_web_token(text: str, start: int, end: int) -> bool:
    return is_web_token(token_around(text, start, end))


def is_furniture(line: str) -> bool:
    """A line that is not prose: a label, a menu, a caption, a short line with no sentence end."""
    words = line.split()
    if FURNITURE_START_RE.match(line) and len(words) < 12:
        return True
    return len(words) < 8 and not PROSE_END_RE.search(line)


def is_english(line: str) -> bool:
    """Whether a line reads as English: one word in six or more is an English function word (a quoted
    Polish tweet or a Russian headline has none; English prose has about one word in two)."""
    words = re.findall(r"[^\W\d_]+", line.lower())
    if len(words) < 6:
        return True
    function_words = load_words("function_words")
    return sum(w in function_words for w in words) * 6 >= len(words)


def prose_paragraphs(doc: Document) -> tuple[Sentence, ...]:
    """The body's paragraphs that read as English prose."""
    return _prose(doc.text, doc.body_start)


@lru_cache(maxsize=8)  # every typography rule asks for the same document's paragraphs in turn
def _prose(text: str, body_start: int) -> tuple[Sentence, ...]:
    paragraphs = Document(text=text, body_start=body_start).paragraphs
    return tuple(p for p in paragraphs if not is_furniture(p.text) and is_english(p.text))


def open_double_quote(para: str, pos: int) -> bool:
    """Whether a double quotation is open at `pos` of a paragraph (curly marks counted by direction,
    straight ones by parity)."""
    before = para[:pos]
    curly = before.count("“") + before.count("«") - before.count("”") - before.count("»")
    return curly > 0 or (curly == 0 and before.count('"') % 2 == 1)


def quote_roles(para: str) -> list[tuple[int, bool]]:
    """Each double quotation mark of a paragraph (curly, straight, guillemet, low-9) with whether it
    opens: by the spaces around it where they say (a mark after a space and before a word opens, one
    after a word and before a space or a mark closes), else by whether a quotation is open."""
    roles = []
    depth = 0
    for m in re.finditer(r"[“”\"«»„]", para):
        i = m.start()
        before, after = para[i - 1:i], para[i + 1:i + 2]
        open_side = not before or before.isspace() or before in "([—–-"
        close_side = not after or after.isspace() or after in ".,;:!?)"
        if open_side != close_side:
            opens = open_side
        elif m.group() in "“„«":
            opens = depth == 0
        elif m.group() in "”»":
            opens = False
        else:
            opens = depth == 0
        depth = 1 if opens else 0
        roles.append((i, opens))
    return roles


@lru_cache(maxsize=None)
def _guard(pattern: re.Pattern[str]) -> Guarded:
    """The pattern in the shared first pass (`prefilter.SHARED`): a document it cannot match is skipped."""
    return Guarded(pattern)


def finditer_prose(pattern: re.Pattern[str], doc: Document,
                   marks: str = "") -> Iterator[tuple[Sentence, re.Match[str]]]:
    """Matches of `pattern` inside prose paragraphs, outside web addresses and file names; match
    offsets are those of the paragraph text. `marks`: characters one of which every match holds (a
    paragraph with none is not searched)."""
    if not _guard(pattern).possible(doc.text):
        return
    for para in prose_paragraphs(doc):
        if marks and not any(c in para.text for c in marks):
            continue
        for m in pattern.finditer(para.text):
            if not in_web_token(para.text, m.start(), m.end()):
                yield para, m

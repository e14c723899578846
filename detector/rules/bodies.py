"""Which names of a document are bodies (parties, companies, public bodies), read from the page's own usage.

A name the gazetteer does not know is a body where the page writes it with a head noun that names a kind of
organisation ("the Civic Renewal Party", "Acme Inc", "the Ministry of Health"), or defines an abbreviation for
one ("the Civic Renewal Party (CRP)"): its later mentions, and the abbreviation's, are the same body.
"""

from __future__ import annotations

import re

from ..language.trie import alternation
from ..text.document import Document

# Head nouns of organisations' names in English (Wikipedia "Types of business entity", "Political party",
# "Government agency"): the kind a pronoun referring to it should be "it" for.
HEADS = {
    "party": ("Party",),
    "company": ("Inc", "Corp", "Corporation", "Ltd", "LLC", "plc", "PLC", "GmbH", "Group", "Holdings", "Company"),
    "public body": ("Ministry", "Commission", "Council", "Agency", "Committee", "Authority", "Office", "Bureau",
                    "Department", "Assembly", "Parliament", "Senate", "Court", "Bank", "Federation", "Union",
                    "Association", "Institute", "Foundation", "Organisation", "Organization", "Service"),
}
KIND_OF_HEAD = {head: kind for kind, heads in HEADS.items() for head in heads}
NAME_WORD = r"[A-Z][\w’'&-]*"
HEAD = "(" + alternation(KIND_OF_HEAD) + ")"
# "the Civic Renewal Party", "Acme Inc.": one to four capitalised words and a head noun
NAMED_RE = re.compile(rf"\b((?:{NAME_WORD} ){{1,4}}{HEAD})\b(?![\w’'-])")
# "the Ministry of Health", "the Bank of Korea"
OF_RE = re.compile(rf"\b({HEAD} of (?:the )?{NAME_WORD}(?: {NAME_WORD}){{0,2}})")
ABBREVIATION_RE = re.compile(r"\s?\(([A-Z][A-Za-z]{1,5})\)")
SENTENCE_OPENERS = frozenset({"The", "A", "An", "This", "That", "Its", "Their", "His", "Her", "Our", "Every"})


def page_bodies(doc: Document) -> dict[str, str]:
    """Name -> kind ("party", "company", "public body") for the bodies the document names by its usage."""
    return doc.memo("page_bodies", lambda: _page_bodies(doc))


def _page_bodies(doc: Document) -> dict[str, str]:
    found: dict[str, str] = {}
    for m in NAMED_RE.finditer(doc.text, doc.body_start):
        words, kind = m.group(1).split(" "), KIND_OF_HEAD[m.group(2)]
        for i in range(len(words) - 1):  # "On Monday Civic Renewal Party": its tails name the party too
            if words[i] not in SENTENCE_OPENERS:
                found[" ".join(words[i:])] = kind
        _abbreviation(doc, m.end(), kind, found)
    for m in OF_RE.finditer(doc.text, doc.body_start):
        found[m.group(1)] = KIND_OF_HEAD[m.group(2)]
        _abbreviation(doc, m.end(), KIND_OF_HEAD[m.group(2)], found)
    return found


def _abbreviation(doc: Document, end: int, kind: str, found: dict[str, str]) -> None:
    """The abbreviation a name defines right after it: "the Civic Renewal Party (CRP)"."""
    m = ABBREVIATION_RE.match(doc.text, end)
    if m:
        found[m.group(1)] = kind


def body_mentions(doc: Document) -> list[tuple[int, int, str, str]]:
    """(start, end, name, kind) of every mention of the page's bodies, in order."""
    return doc.memo("body_mentions", lambda: _body_mentions(doc))


def _body_mentions(doc: Document) -> list[tuple[int, int, str, str]]:
    bodies = page_bodies(doc)
    if not bodies:
        return []
    regex = re.compile(r"(?:\b[Tt]he )?(" + alternation(bodies, not_after=r"[\w’'-]") + r")(?![\w-]|[’']s\b)")
    return [(m.start(), m.end(), m.group(1), bodies[m.group(1)]) for m in regex.finditer(doc.text, doc.body_start)]

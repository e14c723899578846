"""Rules driven by a pattern table: each row a regex, a suggestion and context conditions.

Columns: `pattern` (Python regex, case-sensitive unless it starts with `(?i)`), `suggestion`
(a template: `\\1` for groups; empty: none), `topic` (a regex the document must contain, empty: any),
`unless` (a regex that must not occur in the same paragraph), `category` (empty: the rule's),
`source` (the language the calque comes from), `note`, `example` (a sentence the entry must flag),
`counterexample` (a sentence it must leave alone) and, in `calques.tsv`, `provenance` (the general source
that confirms the row: `source: wrong > right`, a pair of the mined substitution tables). The tests run
every example.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Iterator

from ..findings import Finding
from ..language.lexicon import derived_cache, expand_lists, load_table
from ..language.prefilter import PatternSet
from ..text.document import Document
from .base import Rule


@dataclass(frozen=True)
class PatternEntry:
    expression: str  # the pattern, its `{word lists}` spelled out; compiled when first needed
    suggestion: str | None
    topic_expression: str
    unless_expression: str
    category: str
    source: str
    note: str
    example: str
    counterexample: str
    confidence: float
    provenance: str

    @cached_property
    def pattern(self) -> re.Pattern[str]:
        return re.compile(self.expression)

    @cached_property
    def topic(self) -> re.Pattern[str] | None:
        return re.compile(self.topic_expression) if self.topic_expression else None

    @cached_property
    def unless(self) -> re.Pattern[str] | None:
        return re.compile(self.unless_expression) if self.unless_expression else None


@derived_cache
def load_entries(lexicon: str) -> tuple[PatternEntry, ...]:
    """The table's rows, every expression compiled, so that a broken one fails when the table loads."""
    entries = tuple(PatternEntry(
        expression=expand_lists(row["pattern"]),
        suggestion=row.get("suggestion") or None,
        topic_expression=expand_lists(row.get("topic", "")),
        unless_expression=expand_lists(row.get("unless", "")),
        category=row.get("category", ""),
        source=row.get("source", ""),
        note=row.get("note", ""),
        example=row.get("example", ""),
        counterexample=row.get("counterexample", ""),
        confidence=float(row.get("confidence") or 0.75),
        provenance=row.get("provenance", ""),
    ) for row in load_table(lexicon))
    for entry in entries:
        entry.pattern, entry.topic, entry.unless  # noqa: B018 - compiled now
    return entries


@derived_cache
def table_filter(lexicon: str) -> PatternSet:
    """The first pass over a table's patterns: which of them may match a document."""
    patterns = PatternSet()
    for entry in load_entries(lexicon):
        patterns.add(entry.pattern)
    return patterns


SENTENCE_START_RE = re.compile(r"(?:^|[.!?][”’\"]?\s+|[“‘\"(]|\n)\s*$")


def _match_case(template: str, original: str, at_sentence_start: bool) -> str:
    """Capitalise a lower-case suggestion where it opens a sentence."""
    if at_sentence_start and original[:1].isupper() and template[:1].islower():
        return template[0].upper() + template[1:]
    return template


class LexiconRule(Rule):
    """Base for rules whose knowledge is a pattern table under `lexicons/`."""

    lexicon: ClassVar[str]
    describes: ClassVar[str] = "a translation calque"

    def check(self, doc: Document) -> Iterator[Finding]:
        body = doc.body
        entries = load_entries(self.lexicon)
        passed = table_filter(self.lexicon).possible(doc.text)
        topics: dict[str, bool] = {}
        for entry in (entries[i] for i in sorted(passed)):
            if entry.topic_expression:
                if entry.topic_expression not in topics:
                    topics[entry.topic_expression] = bool(entry.topic.search(body))
                if not topics[entry.topic_expression]:
                    continue
            for m in entry.pattern.finditer(doc.text, doc.body_start):
                if m.end() == m.start():
                    continue
                if entry.unless:
                    para = doc.sentence_at(m.start())
                    line_start = doc.text.rfind("\n", 0, m.start()) + 1
                    line_end = doc.text.find("\n", m.end())
                    line = doc.text[line_start:line_end if line_end >= 0 else len(doc.text)]
                    if entry.unless.search(line) or entry.unless.search(para.text):
                        continue
                opens = bool(SENTENCE_START_RE.search(doc.text[max(doc.body_start, m.start() - 4):m.start()])) \
                    or m.start() == doc.body_start
                suggestion = _match_case(m.expand(entry.suggestion), m.group(), opens) if entry.suggestion else None
                why = f" ({entry.source}: {entry.note})" if entry.source else (f" ({entry.note})" if entry.note else "")
                message = f"'{m.group()}' reads as {self.describes}"
                if suggestion:
                    message += f"; news English writes '{suggestion}'"
                message += why
                if entry.provenance:
                    message += f"; pair from {entry.provenance}"
                yield self.finding(doc, m.start(), m.end(), message, suggestion,
                                   confidence=entry.confidence, category=entry.category or None)

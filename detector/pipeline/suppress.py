"""Inline suppression comments: `<!-- detect: ignore MT301 -->` hides findings where an editor says so.

The comment is Markdown's (HTML's) comment, invisible once rendered. On a line of its own it covers
the next block: the first non-blank line after it and the lines that follow up to a blank line (one
paragraph; scraped news keeps a paragraph a line). After text on a line it covers that line only.
It names rule codes, code prefixes, categories or rule names, separated by commas or spaces
(`MT301`, `MT4`, `calque`, `LT:EN_A_VS_AN`); with none it covers every rule.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

MARKER = "detect:"
COMMENT_RE = re.compile(r"<!--\s*detect:\s*ignore\b(?P<codes>(?:(?!-->).)*)-->", re.IGNORECASE | re.DOTALL)
BLANK_LINE_RE = re.compile(r"\n[ \t]*(?:\r?\n|\Z)")


@dataclass(frozen=True)
class Suppression:
    """Findings of `selectors` (all when empty) that start in text[start:end] are hidden."""

    start: int
    end: int
    selectors: tuple[str, ...]

    def covers(self, start: int, rule: str, category: str, name: str = "") -> bool:
        return self.start <= start < self.end and (
            not self.selectors or any(rule.startswith(s) or s in (category, name) for s in self.selectors))


def suppressions(text: str) -> list[Suppression]:
    """The suppression comments of `text`, each with the span it covers."""
    if MARKER not in text:
        return []
    found = []
    for m in COMMENT_RE.finditer(text):
        selectors = tuple(s for s in re.split(r"[\s,]+", m.group("codes")) if s)
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = _line_end(text, m.end())
        if text[line_start:m.start()].strip():
            found.append(Suppression(line_start, line_end, selectors))  # after text: this line
            continue
        block = m.end() if text[m.end():line_end].strip() else _next_nonblank(text, line_end)
        blank = BLANK_LINE_RE.search(text, block)
        found.append(Suppression(m.end(), blank.start() if blank else len(text), selectors))
    return found


def _line_end(text: str, offset: int) -> int:
    end = text.find("\n", offset)
    return len(text) if end < 0 else end


def _next_nonblank(text: str, offset: int) -> int:
    m = re.compile(r"\S").search(text, offset)
    return m.start() if m else len(text)


def visible(findings: Iterable, text: str) -> list:
    """The findings (anything with start, rule and category) that no comment in `text` suppresses."""
    from ..rules import REGISTRY

    findings = list(findings)
    rules = suppressions(text)
    if not rules:
        return findings
    names = {code: rule.name for code, rule in REGISTRY.items()}
    return [f for f in findings
            if not any(s.covers(f.start, f.rule, f.category, names.get(f.rule, "")) for s in rules)]

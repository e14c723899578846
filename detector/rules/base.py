"""The Rule base class and the registry that maps a stable code to its rule."""

from __future__ import annotations

import inspect
from typing import ClassVar, Iterator

from ..findings import UNSAFE, Finding
from ..text.document import Document

REGISTRY: dict[str, "Rule"] = {}


class Rule:
    """A check over a Document. Subclasses set the class fields and implement `check`."""

    code: ClassVar[str]
    name: ClassVar[str]
    category: ClassVar[str]
    fix: ClassVar[str] = UNSAFE
    confidence: ClassVar[float] = 0.8
    per_document: ClassVar[bool] = True
    uses_language_model: ClassVar[bool] = False  # runs only in the fluency stage (see engine)
    # A slip edited copy makes too: its rule's only finding on a page is shown only where the page
    # corroborates it (pipeline/corroborate.py, `settle_lone`)
    lone_needs_corroboration: ClassVar[bool] = False

    @classmethod
    def summary(cls) -> str:
        return inspect.getdoc(cls).splitlines()[0]

    def check(self, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError

    def finding(self, doc: Document, start: int, end: int, message: str, suggestion: str | None,
                confidence: float | None = None, category: str | None = None,
                fix: str | None = None) -> Finding:
        line, col = doc.line_col(start)
        return Finding(start=start, end=end, text=doc.text[start:end], rule=self.code,
                       category=category or self.category, message=message, suggestion=suggestion,
                       confidence=self.confidence if confidence is None else confidence,
                       fix=fix or self.fix, line=line, column=col)


def register(cls: type[Rule]) -> type[Rule]:
    if cls.code in REGISTRY:
        raise ValueError(f"duplicate rule code {cls.code}")
    REGISTRY[cls.code] = cls()
    return cls

"""Parser for the per-rule fixture files under tests/fixtures/rules (format: README.md there)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

RULE_FIXTURES = Path(__file__).parent / "fixtures" / "rules"

HEADER_RE = re.compile(r"^=== (flag|ok)( xfail)?:\s*(.*?)\s*$")
SECTION_RE = re.compile(r"^--- (fixed|no fix)\s*$")
SPAN_RE = re.compile(r"\[\[(.*?)\]\]", re.S)


class FixtureError(ValueError):
    pass


@dataclass
class Case:
    code: str
    kind: str  # "flag" or "ok"
    title: str
    text: str  # the document text, markers removed, ending in one newline
    spans: list[tuple[int, int]] = field(default_factory=list)
    fixed: str | None = None  # expected text after the rule's fixes (flag cases with a fix)
    no_fix: bool = False  # flag case whose findings carry no suggestion
    xfail: bool = False
    line: int = 0

    @property
    def id(self) -> str:
        slug = re.sub(r"[^a-z0-9]+", "-", self.title.lower()).strip("-")[:40]
        return f"{self.code}:{self.line}:{self.kind}:{slug}"


def _strip_block(lines: list[str]) -> str:
    while lines and not lines[0].strip():
        lines = lines[1:]
    while lines and not lines[-1].strip():
        lines = lines[:-1]
    return "\n".join(lines)


def _unmark(marked: str) -> tuple[str, list[tuple[int, int]]]:
    out, spans, pos = [], [], 0
    length = 0
    for m in SPAN_RE.finditer(marked):
        before = marked[pos:m.start()]
        out.append(before)
        length += len(before)
        spans.append((length, length + len(m.group(1))))
        out.append(m.group(1))
        length += len(m.group(1))
        pos = m.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise FixtureError(f"unbalanced span marker in {marked!r}")
    return text, spans


def parse_fixture(path: Path) -> list[Case]:
    code = path.stem
    cases: list[Case] = []
    current: dict | None = None

    def close() -> None:
        if current is None:
            return
        body = _strip_block(current["body"])
        if not body:
            raise FixtureError(f"{path}:{current['line']}: empty case")
        text, spans = _unmark(body)
        case = Case(code=code, kind=current["kind"], title=current["title"], text=text + "\n",
                    spans=spans, xfail=current["xfail"], line=current["line"])
        if case.kind == "ok":
            if spans or current["section"] is not None:
                raise FixtureError(f"{path}:{case.line}: an ok case has no spans and no fixed text")
        else:
            if not spans:
                raise FixtureError(f"{path}:{case.line}: a flag case marks at least one [[span]]")
            if current["section"] == "fixed":
                fixed = _strip_block(current["fixed"])
                if "[[" in fixed:
                    raise FixtureError(f"{path}:{case.line}: markers in fixed text")
                case.fixed = fixed + "\n"
            elif current["section"] == "no fix":
                case.no_fix = True
            else:
                raise FixtureError(f"{path}:{case.line}: a flag case needs '--- fixed' or '--- no fix'")
        cases.append(case)

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith("#"):
            continue
        header = HEADER_RE.match(line)
        if header:
            close()
            current = {"kind": header.group(1), "xfail": bool(header.group(2)), "title": header.group(3),
                       "line": number, "body": [], "fixed": [], "section": None}
            continue
        if current is None:
            if line.strip():
                raise FixtureError(f"{path}:{number}: text before the first '===' header")
            continue
        section = SECTION_RE.match(line)
        if section:
            if current["section"] is not None:
                raise FixtureError(f"{path}:{number}: a second '---' section")
            current["section"] = section.group(1)
            continue
        if current["section"] == "fixed":
            current["fixed"].append(line)
        elif current["section"] == "no fix":
            if line.strip():
                raise FixtureError(f"{path}:{number}: text after '--- no fix'")
        else:
            current["body"].append(line)
    close()
    return cases


def fixture_files() -> list[Path]:
    return sorted(RULE_FIXTURES.glob("MT*.txt"))


def all_cases() -> list[Case]:
    return [case for path in fixture_files() for case in parse_fixture(path)]

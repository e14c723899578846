"""Fixes that settle in one run: apply, rescan the fixed text, apply again until nothing changes.

As ruff does, a fix can leave (or uncover) another one: `EL. . t` loses one stray period, then the
other. `settle_fixes` repeats scan-and-fix up to MAX_ROUNDS times, so a second run changes nothing,
and reports the edits against the original text: a later round's fix that touches an earlier
round's edit is merged with it into one edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ..config import Config
from ..findings import SAFE, UNSAFE, Finding, apply_fixes, fixable
from ..text.document import Document
from .engine import DocumentReport, scan_document

MAX_ROUNDS = 10  # ruff stops at 100; our fixes rarely need more than three rounds


@dataclass
class Settled:
    text: str
    applied: list[Finding]  # edits of the original text, in text order
    rounds: int             # rounds that changed the text
    settled: bool           # False: fixes were still pending after MAX_ROUNDS


@dataclass
class _Piece:
    """A run of the original text, `start:end`, and what stands there now (`out`)."""

    start: int
    end: int
    out: str
    fixes: list[Finding] = field(default_factory=list)  # empty: unchanged


def settle_fixes(report: DocumentReport, config: Config, unsafe: bool = False,
                 max_rounds: int = MAX_ROUNDS) -> Settled:
    """The report's fixes applied, then the fixes of each rescan of the result, until none applies."""
    doc = report.document
    pieces = [_Piece(0, len(doc.text), doc.text)] if doc.text else []
    text, findings = doc.text, report.findings
    for rounds in range(max_rounds + 1):
        new_text, applied = apply_fixes(text, fixable(findings, unsafe))
        if not applied:
            return Settled(text, _edits(doc, pieces), rounds, True)
        if rounds == max_rounds:
            break
        for f in sorted(applied, key=lambda f: f.start, reverse=True):
            _replace(pieces, f)
        text = new_text
        findings = scan_document(Document.from_text(text, doc.path, doc.encoding), config).findings
    return Settled(text, _edits(doc, pieces), max_rounds, False)


def _replace(pieces: list[_Piece], f: Finding) -> None:
    """Record `f` (offsets into the current text) in `pieces`, merging it with the edits it touches."""
    s, e = f.start, f.end
    _split(pieces, s)
    _split(pieces, e)
    starts, pos = [], 0
    for p in pieces:
        starts.append(pos)
        pos += len(p.out)
    touched = [i for i, (p, at) in enumerate(zip(pieces, starts))
               if (at < e and s < at + len(p.out)) or (s == e and at < s < at + len(p.out))]
    if not touched:  # an insertion between pieces
        k = next((i for i, at in enumerate(starts) if at >= s), len(pieces))
        at = pieces[k].start if k < len(pieces) else (pieces[-1].end if pieces else 0)
        pieces.insert(k, _Piece(at, at, f.suggestion or "", [f]))
        return
    first, last = touched[0], touched[-1]
    run = pieces[first:last + 1]
    now, base = "".join(p.out for p in run), starts[first]
    pieces[first:last + 1] = [_Piece(run[0].start, run[-1].end,
                                     now[:s - base] + (f.suggestion or "") + now[e - base:],
                                     [x for p in run for x in p.fixes] + [f])]


def _split(pieces: list[_Piece], at: int) -> None:
    """Cut the unchanged piece that holds current offset `at` strictly inside it."""
    pos = 0
    for i, p in enumerate(pieces):
        if pos < at < pos + len(p.out) and not p.fixes:
            cut = p.start + at - pos
            pieces[i:i + 1] = [_Piece(p.start, cut, p.out[:at - pos]), _Piece(cut, p.end, p.out[at - pos:])]
            return
        pos += len(p.out)


def _edits(doc: Document, pieces: list[_Piece]) -> list[Finding]:
    out = []
    for p in pieces:
        if not p.fixes:
            continue
        first = p.fixes[0]
        if len(p.fixes) == 1 and (first.start, first.end, first.suggestion) == (p.start, p.end, p.out):
            out.append(first)
            continue
        line, column = doc.line_col(p.start)
        out.append(replace(first, start=p.start, end=p.end, text=doc.text[p.start:p.end], suggestion=p.out,
                           rule="+".join(dict.fromkeys(f.rule for f in p.fixes)), line=line, column=column,
                           message="; then ".join(dict.fromkeys(f.message for f in p.fixes)),
                           confidence=min(f.confidence for f in p.fixes),
                           fix=SAFE if all(f.fix == SAFE for f in p.fixes) else UNSAFE))
    return out

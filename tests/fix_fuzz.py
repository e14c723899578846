"""Generated news-like texts with injected glitches, and the fix properties checked on them.

Shared by tests/test_fix_properties.py and scripts/fuzz_fixes.py (which counts failures instead of
stopping at the first). The sentences are written for this generator; the glitches are the kinds
machine translation and spinners leave: doubled words, doubled and stray marks, stray periods,
turned, mixed or unmatched quotation marks and guillemets, and spacing.
"""

from __future__ import annotations

from hypothesis import strategies as st

from detector.config import Config
from detector.findings import apply_fixes
from detector.pipeline.engine import DocumentReport, scan_document
from detector.pipeline.settle import settle_fixes
from detector.text.document import Document

SENTENCES = (
    "The council will meet on Monday to discuss the new budget.",
    "Officials in the capital declined to comment on the report.",
    "The minister said the talks would continue next week.",
    "Police arrested two men after the protest outside the embassy.",
    "Residents of the town were asked to leave their homes before the storm.",
    "The company said its profits had fallen by a third this year.",
    "EL officials said the border crossing would reopen in the spring.",
    "We will not give up, the mayor told the crowd.",
    "It was a useful meeting, she said after the vote.",
    "The United Nations called for an immediate ceasefire in the region.",
    "Prices rose by 4% in March, the statistics office said.",
    "He told reporters that the deal was not yet final.",
    "The bridge has been closed since the floods in October.",
    "Our priority is the safety of the passengers, the airline said.",
    "They said the new rules would hurt small businesses.",
    "The president will visit Paris and Berlin later this month.",
    "Talks between the two sides broke down on Friday night.",
    "Doctors at the hospital said the patient was in a stable condition.",
    "The vote was postponed until after the summer recess.",
    "Thousands of people marched through the city centre on Saturday.",
    "The report found that the school had failed to protect its pupils.",
    "Is this the end of the crisis? Not yet, analysts warned.",
    "The U.S. ambassador met the foreign minister in Kyiv.",
    "Mr Smith, who has led the party since 2019, denied the claims.",
)
QUOTE_PAIRS = (("“", "”"), ('"', '"'), ("«", "»"), ("«", "«"), ("»", "«"), ("“", "“"), ("”", "”"),
               ("« ", " »"), ("‘", "’"), ("„", "“"), ("“", "»"), ("«", "”"))
DOUBLED_MARKS = (". .", "..", ". . .", "?.", ",.", ".,", " .", "!!", ". ,", ":.", ";;")
LONE_MARKS = ("«", "»", "“", "”", '"', ".", ",", ". ", "« ", " »", "'", "’")
SPACES = ("  ", " ,", " .", "\t", " ;")
GLITCHES = ("double_word", "triple_word", "stray_period", "double_mark", "quote", "lone_mark", "space",
            "lower_start", "no_space")


def _inject(words: list[str], kind: str, i: int, j: int, variant: int) -> None:
    """Apply one glitch to the word list in place (positions taken modulo its length)."""
    n = len(words)
    a, b = sorted((i % n, j % n))
    if kind in ("double_word", "triple_word"):
        bare = words[a].rstrip(".,?!:;")
        words[a] = " ".join([bare] * (2 if kind == "double_word" else 3)) + words[a][len(bare):]
    elif kind == "stray_period":
        words[a] = words[a].rstrip(".,") + "."
    elif kind == "double_mark":
        words[a] = words[a].rstrip(".,?!:;") + DOUBLED_MARKS[variant % len(DOUBLED_MARKS)]
    elif kind == "quote":
        left, right = QUOTE_PAIRS[variant % len(QUOTE_PAIRS)]
        words[a] = left + words[a]
        words[b] = words[b] + right if variant % 2 else words[b].rstrip(".,") + right + words[b][len(words[b].rstrip(".,")):]
    elif kind == "lone_mark":
        mark = LONE_MARKS[variant % len(LONE_MARKS)]
        words[a] = words[a] + mark if variant % 3 else mark + words[a]
    elif kind == "space":
        words[a] = words[a] + SPACES[variant % len(SPACES)]
    elif kind == "lower_start":
        words[a] = words[a][:1].lower() + words[a][1:]
    elif kind == "no_space" and a + 1 < n:
        words[a:a + 2] = [words[a] + words[a + 1]]


@st.composite
def glitched_texts(draw) -> str:
    """One to five paragraphs of one to three sentences, with up to six glitches."""
    paragraphs = draw(st.lists(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3), min_size=1, max_size=5))
    words = " \n".join(" ".join(p) for p in paragraphs).split(" ")
    ops = draw(st.lists(st.tuples(st.sampled_from(GLITCHES), st.integers(0, 999), st.integers(0, 999),
                                  st.integers(0, 99)), max_size=6))
    for op in ops:
        _inject(words, *op)
    text = " ".join(words).replace(" \n", "\n\n")
    return text + draw(st.sampled_from(("\n", "", "\n\n")))


CONFIG = Config()


def report_of(text: str) -> DocumentReport:
    return scan_document(Document.from_text(text, path="<generated>"), CONFIG)


def fixed(text: str, unsafe: bool) -> str:
    """What `detect fix --stdout [--unsafe-fixes]` writes for `text`."""
    return settle_fixes(report_of(text), CONFIG, unsafe).text


def problems(text: str) -> list[str]:
    """Every way `text` breaks the properties: a finding whose text is not its span, a fixed text
    that a second run changes, edits that do not rebuild the fixed text; empty when none."""
    out = []
    report = report_of(text)
    for f in report.findings + report.candidates:
        if f.text != text[f.start:f.end]:
            out.append(f"{f.rule}: text {f.text!r} != span {text[f.start:f.end]!r}")
    for unsafe in (False, True):
        settled = settle_fixes(report, CONFIG, unsafe)
        once = settled.text
        rebuilt, _ = apply_fixes(text, settled.applied)
        if rebuilt != once or any(f.text != text[f.start:f.end] for f in settled.applied):
            out.append(f"unsafe={unsafe}: the edits do not rebuild the fixed text")
        out.extend(f"unsafe={unsafe}: {m}" for m in misfacing_quotes(once, settled.applied))
        twice = fixed(once, unsafe)
        if twice != once:
            out.append(f"unsafe={unsafe}: a second run changes {once!r} to {twice!r}")
    return out


def misfacing_quotes(new_text: str, edits: list) -> list[str]:
    """Curly quotation marks that a fix wrote facing the wrong way: `“` between a word and a space
    (`useful.“ Both`), `”` between a space and a word."""
    out, shift = [], 0
    for f in edits:
        at = f.start + shift
        for i in range(at, at + len(f.suggestion)):
            before, after = new_text[i - 1:i] if i else "", new_text[i + 1:i + 2]
            tight_before = bool(before) and not before.isspace()
            if new_text[i] == "“" and tight_before and (not after or after.isspace()):
                out.append(f"a fix wrote an opening mark that closes: {new_text[max(0, i - 20):i + 20]!r}")
            if new_text[i] == "”" and not tight_before and after.isalnum():
                out.append(f"a fix wrote a closing mark that opens: {new_text[max(0, i - 20):i + 20]!r}")
        shift += len(f.suggestion) - (f.end - f.start)
    return out


def single_pass_problems(text: str) -> list[str]:
    """The same idempotence check for one round of fixes (how `fix` worked before fixes settled)."""
    from detector.findings import fixable

    out = []
    for unsafe in (False, True):
        once, _ = apply_fixes(text, fixable(report_of(text).findings, unsafe))
        twice, _ = apply_fixes(once, fixable(report_of(once).findings, unsafe))
        if twice != once:
            out.append(f"unsafe={unsafe}: one round leaves {once!r}, the next makes {twice!r}")
    return out


"""Synthetic training data: inject each glitch family into clean news text.

For training only, never for evaluation. Each injection returns the new text and the span of the
glitch in it, so candidates can be labelled by overlap.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable

from ..language.gazetteer import mention_regex

Injection = tuple[str, tuple[int, int]]

CALQUE_SWAPS = (
    (r"\bformer (Soviet|Yugoslav) (republic|state)", r"old \1 \2"),
    (r"\bthe former (president|prime minister|minister|chancellor|leader)\b", r"the old \1"),
    (r"\bcarried out (an?|the) (attack|operation|visit|inspection|reform)\b", r"realized \1 \2"),
    (r"\bthe current (government|president|administration|leadership)\b", r"the actual \1"),
    (r"\bsecurity (guarantees|council|interests)\b", r"safety \1"),
    (r"\bsevere (consequences|response|reprisals)\b", r"harsh \1"),
    (r"\bfor (\d+|two|three|four|five|six|ten) (years|months|weeks)\b", r"since \1 \2"),
    (r"\bhealth (crisis|emergency|measures|restrictions)\b", r"sanitary \1"),
    (r"\bprotesters\b", r"manifestants"),
    (r"\battended the (meeting|ceremony|conference|summit|funeral)\b", r"assisted to the \1"),
    (r"\bfinancial results\b", r"monetary outcomes"),
    (r"\bsupply (constraints|chains?|shortages)\b", r"provide \1"),
    (r"\bsoon\b", r"in the near time"),
)


def _pronoun(text: str, rng: random.Random) -> Injection | None:
    """A country's "it" or "its" turned "he"/"his" or "she"/"her", preferring a clause opener."""
    mentions = [c.end() for c in mention_regex().finditer(text)]
    spots = [m for m in re.finditer(r"(?:(?<=[.!?] )|(?<=[.!?][”\"] )|(?<=\n)|(?<=“))(It|Its)\b|\b(it|its)\b", text)
             if any(0 < m.start() - end < 160 for end in mentions)]
    if not spots:
        return None
    openers = [m for m in spots if m.group(1)]
    m = rng.choice(openers if openers and rng.random() < 0.8 else spots)
    word = m.group()
    gendered = {"it": rng.choice(["he", "she"]), "its": rng.choice(["his", "her"])}[word.lower()]
    new = gendered.capitalize() if word[0].isupper() else gendered
    return text[:m.start()] + new + text[m.end():], (m.start(), m.start() + len(new))


def _pick(pattern: str, text: str, rng: random.Random) -> re.Match[str] | None:
    """A random match of `pattern` in `text`, or None."""
    spots = list(re.finditer(pattern, text))
    return rng.choice(spots) if spots else None


def _splice(text: str, start: int, end: int, new: str) -> Injection:
    """`text[start:end]` replaced by `new`, and the span of `new` in the result."""
    return text[:start] + new + text[end:], (start, start + len(new))


def _possessive(text: str, rng: random.Random) -> Injection | None:
    m = _pick(r"\b([A-Z][a-z]+[a-rt-z])([’'])s(?= [a-z])", text, rng)
    return m and _splice(text, m.start(), m.end(), m.group(1) + ("s" if rng.random() < 0.6 else "s" + m.group(2)))


def _calque(text: str, rng: random.Random) -> Injection | None:
    options = [(m, repl) for pattern, repl in CALQUE_SWAPS for m in re.finditer(pattern, text)]
    if not options:
        return None
    m, repl = rng.choice(options)
    return _splice(text, m.start(), m.end(), m.expand(repl))


def _stray_period(text: str, rng: random.Random) -> Injection | None:
    m = _pick(r"(?<=[a-z]) (?=(?:the|from|of|to|in|and|with|for|as)\b)", text, rng)
    return m and (_splice(text, m.start(), m.end(), ". ")[0], (m.start(), m.start() + 5))


def _double_period(text: str, rng: random.Random) -> Injection | None:
    m = _pick(r"(?<=[a-z])\.(?=\s|$)", text, rng)
    return m and (_splice(text, m.end(), m.end(), " .")[0], (m.start(), m.end() + 2))


def _doubled_word(text: str, rng: random.Random) -> Injection | None:
    m = _pick(r"\b(the|a|to|of|in|we|that|and|is|was|for)\b", text, rng)
    return m and _splice(text, m.start(), m.end(), f"{m.group()} {m.group()}")


def _missing_quotes(text: str, rng: random.Random) -> Injection | None:
    m = _pick(r"[“\"]([A-Z][^”\"\n]{20,300}?),[”\"] (he|she|[A-Z]\w+) (said|added|told)", text, rng)
    if m is None:
        return None
    new_text, _ = _splice(text, m.start(), m.end(), f"{m.group(1)}, {m.group(2)} {m.group(3)}")
    return new_text, (m.start(), m.start() + len(m.group(1)))


def _glued_headline(text: str, rng: random.Random) -> Injection | None:
    m = re.match(r"([^\n.!?]{10,120}?[a-z])\n+([A-Z])", text)
    if not m:
        return None
    return text[:m.end(1)] + text[m.start(2):], (m.end(1) - 3, m.end(1) + 3)


INJECTORS: dict[str, Callable[[str, random.Random], Injection | None]] = {
    "pronoun": _pronoun, "possessive": _possessive, "calque": _calque, "stray_punct": _stray_period,
    "double_punct": _double_period, "doubled_word": _doubled_word, "missing_quotes": _missing_quotes,
    "run_on": _glued_headline,
}


def inject(text: str, rng: random.Random, count: int) -> tuple[str, list[tuple[int, int, str]]]:
    """`count` glitches of random families; spans are offsets into the returned text."""
    spans: list[tuple[int, int, str]] = []
    families = list(INJECTORS)
    for _ in range(count * 3):
        if len(spans) >= count:
            break
        family = rng.choice(families)
        result = INJECTORS[family](text, rng)
        if result is None:
            continue
        new_text, (start, end) = result
        shift = len(new_text) - len(text)
        spans = [(s + shift if s >= start else s, e + shift if e > start else e, f) for s, e, f in spans]
        spans.append((start, end, family))
        text = new_text
    return text, spans

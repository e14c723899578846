"""Word suspicion in context: how much more a word surprises the language model than its frequency
and the model's own uncertainty lead one to expect, then counterfactual re-scoring of the suspicious
words against alternatives, so that the words after them decide.

`excess = surprisal - (a + b * zipf + c * entropy)`, with a, b, c fitted on BBC News (edited native
text, `scripts/fit_fluency.py`). A word whose excess passes `SUSPICIOUS` is replaced, in turn, by the
model's likeliest whole words at its position, by the `right` column of `lexicons/substitutions.tsv`
rows whose `wrong` is the word, and by nothing; each variant is scored over the words around it. When the best
variant makes the sentence at least `WINS` nats likelier (`WINS_DELETION` for a deletion), the word is
a candidate and the variant its suggestion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..document import Document, Sentence
from ..frequency import zipf
from ..lexicon import BUILTIN_DIR, load_words

if TYPE_CHECKING:  # NumPy is imported where the language model runs, not by every scan
    import numpy as np

# fitted on BBC News words (scripts/fit_fluency.py); a word's expected surprisal in nats
EXPECTED = (9.248, -1.306, 0.782)  # intercept, per zipf unit, per nat of entropy
SUSPICIOUS = 6.0      # excess surprisal (nats) that sends a word to counterfactual re-scoring
WINS = 2.5            # how much likelier (nats) the words after it must become with a replacement
WINS_DELETION = 6.0   # ... with the word deleted
TOP_ALTERNATIVES = 3
MAX_SUSPECTS = 6      # per document, the most suspicious first
WINDOW_BEFORE, WINDOW_AFTER = 8, 6
MIN_WORDS = 6         # shorter lines are headlines, captions or furniture

WORD_RE = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
ENDS_SENTENCE_RE = re.compile(r"[.!?][\"'”’)]*\s*$")


@dataclass(frozen=True)
class SentenceScores:
    ids: list[int]
    spans: list[tuple[int, int]]    # character span (in the sentence) of each token's piece
    logprob: np.ndarray
    entropy: np.ndarray
    top: np.ndarray                 # [T, k] likeliest token ids


@dataclass(frozen=True)
class WordScore:
    start: int                      # offsets in the document
    end: int
    word: str
    surprisal: float
    entropy: float
    zipf: float

    @property
    def excess(self) -> float:
        a, b, c = EXPECTED
        return self.surprisal - (a + b * self.zipf + c * self.entropy)


@dataclass(frozen=True)
class Suspect:
    word: WordScore
    replacement: str | None         # None: no variant won; "": delete the word
    gain: float                     # nats the window gains with the replacement
    right: float                    # ... of which the words after it gain
    source: str                     # model, substitutions or deletion


Scorer = Callable[[list[str]], list[SentenceScores]]


def judged_sentences(doc: Document) -> list[Sentence]:
    """Sentences worth judging: running text of at least MIN_WORDS words ending like a sentence
    (headlines, captions, bylines and the excerpt's cut-off last sentence are left out)."""
    out = []
    for s in doc.sentences:
        words = WORD_RE.findall(s.text)
        if len(words) < MIN_WORDS or not ENDS_SENTENCE_RE.search(s.text):
            continue
        capitalised = sum(w[0].isupper() for w in words[1:]) / max(len(words) - 1, 1)
        if capitalised > 0.5:  # title case: a headline or a list of names
            continue
        out.append(s)
    return out


def _judged_word(sentence: str, start: int, word: str) -> bool:
    """Names, abbreviations and the sentence's first word are not judged."""
    if start == 0 or not sentence[:start].strip() or any(c.isupper() for c in word) or len(word) < 2:
        return False
    before = sentence[:start].rstrip()
    return not before.endswith(("“", '"', "(", ":", "‘"))


def word_scores(sentence: Sentence, scores: SentenceScores) -> list[WordScore]:
    """Each judged word's surprisal (its tokens summed) and the entropy where it begins."""
    out = []
    for m in WORD_RE.finditer(sentence.text):
        if not _judged_word(sentence.text, m.start(), m.group()):
            continue
        tokens = [i for i, (s, e) in enumerate(scores.spans) if s < m.end() and e > m.start()]
        if not tokens or any(not (scores.spans[i][0] <= m.start() and scores.spans[i][1] >= m.end())
                             for i in tokens):
            continue  # a word split across pieces (an apostrophe, a hyphen): not judged
        z = zipf(m.group())
        if z <= 0.0:
            continue  # unknown to the frequency list: a name or a typo, not a fluency question
        out.append(WordScore(sentence.start + m.start(), sentence.start + m.end(), m.group(),
                             float(-scores.logprob[tokens].sum()), float(scores.entropy[tokens[0]]), z))
    return out


@lru_cache(maxsize=1)
def substitutions() -> dict[str, tuple[str, ...]]:
    """`wrong` -> its `right` renderings from lexicons/substitutions.tsv (one-word rows), if present."""
    path = BUILTIN_DIR / "substitutions.tsv"
    table: dict[str, list[str]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return {}
    rows = [line.split("\t") for line in lines if line and not line.startswith("#")]
    if not rows:
        return {}
    header = rows[0]
    wrong, right = header.index("wrong"), header.index("right")
    status = header.index("status") if "status" in header else None
    for row in rows[1:]:
        if len(row) <= max(wrong, right) or (status is not None and row[status] != "kept"):
            continue
        if " " not in row[wrong] and " " not in row[right]:
            table.setdefault(row[wrong].lower(), []).append(row[right])
    return {k: tuple(v) for k, v in table.items()}


def _alternatives(word: WordScore, scores: SentenceScores, token_at: int, vocab: list[str]) -> list[tuple[str, str]]:
    seen = {word.word.lower()}
    function = load_words("function_words")
    content = word.word.lower() not in function
    out: list[tuple[str, str]] = []
    for tid in scores.top[token_at]:
        piece = vocab[int(tid)]
        candidate = piece[1:]
        if content and (candidate in function or len(candidate) < 3):
            continue  # a content word is weighed against content words, not against "the"
        if piece.startswith("Ġ") and candidate.isalpha() and candidate.islower() and candidate not in seen:
            seen.add(piece[1:])
            out.append((piece[1:], "model"))
        if len(out) >= TOP_ALTERNATIVES:
            break
    for right in substitutions().get(word.word.lower(), ()):
        if right.lower() not in seen:
            seen.add(right.lower())
            out.append((right, "substitutions"))
    return out


def _window(sentence: Sentence, word: WordScore, replacement: str | None) -> str:
    """The words around `word` (WINDOW_BEFORE before it, WINDOW_AFTER after), with `replacement` in
    its place (None: the word itself; "": deleted). Scoring a window instead of the whole sentence
    halves the cost of re-scoring and keeps the words that decide."""
    s, e = word.start - sentence.start, word.end - sentence.start
    before = [m.start() for m in WORD_RE.finditer(sentence.text, 0, s)]
    after = [m.end() for m in WORD_RE.finditer(sentence.text, e)]
    left = before[-WINDOW_BEFORE] if len(before) >= WINDOW_BEFORE else 0
    right = after[WINDOW_AFTER - 1] if len(after) >= WINDOW_AFTER else len(sentence.text)
    if replacement is None:
        return sentence.text[left:right]
    if replacement:
        return sentence.text[left:s] + replacement + sentence.text[e:right]
    return sentence.text[left:s].rstrip() + sentence.text[e:right]


def suspects(doc: Document, score: Scorer, vocab: list[str]) -> list[Suspect]:
    """The judged words of `doc` that a variant beats, with the winning variant."""
    sentences = judged_sentences(doc)
    scored = score([s.text for s in sentences])
    pending: list[tuple[Sentence, SentenceScores, WordScore, list[tuple[str, str]]]] = []
    for sentence, scores in zip(sentences, scored):
        for w in word_scores(sentence, scores):
            if w.excess < SUSPICIOUS:
                continue
            first = next(i for i, (s, e) in enumerate(scores.spans) if e > w.start - sentence.start)
            alts = _alternatives(w, scores, first, vocab) + [("", "deletion")]
            pending.append((sentence, scores, w, alts))
    pending = sorted(pending, key=lambda p: -p[2].excess)[:MAX_SUSPECTS]
    variants = [_window(s, w, alt) for s, _, w, alts in pending for alt in [None, *(a for a, _ in alts)]]
    variant_scores = iter(score(variants))
    out = []
    for sentence, scores, w, alts in pending:
        base = next(variant_scores)
        window = _window(sentence, w, None)
        word_end = window.rfind(w.word, 0, len(window) - len(_window_tail(sentence, w))) + len(w.word)
        n_after = sum(1 for a, _ in base.spans if a >= word_end)
        after = float(base.logprob[len(base.logprob) - n_after:].sum()) if n_after else 0.0
        whole = float(base.logprob.sum())
        best: Suspect | None = None
        for alt, source in alts:
            v = next(variant_scores)
            v_after = float(v.logprob[len(v.logprob) - n_after:].sum()) if n_after else 0.0
            right = v_after - after
            gain = float(v.logprob.sum()) - whole
            needed = WINS_DELETION if source == "deletion" else WINS
            if right >= needed and gain > 0 and (best is None or right > best.right):
                best = Suspect(w, alt, gain, right, source)
        if best is not None:
            out.append(best)
    return out


def _window_tail(sentence: Sentence, word: WordScore) -> str:
    """The window's text after the word."""
    e = word.end - sentence.start
    after = [m.end() for m in WORD_RE.finditer(sentence.text, e)]
    right = after[WINDOW_AFTER - 1] if len(after) >= WINDOW_AFTER else len(sentence.text)
    return sentence.text[e:right]


AUXILIARY_FORMS = ({"is", "are", "was", "were", "be", "been"}, {"has", "have", "had"}, {"do", "does", "did"})


def _edit_distance(a: str, b: str) -> int:
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


def category(word: str, replacement: str) -> str:
    """agreement for another form of the same word, other for a deletion or a near-spelling
    (a typo or a swapped short word), calque for a different word."""
    if not replacement:
        return "other"
    a, b = word.lower(), replacement.lower()
    prefix = next((i for i in range(min(len(a), len(b)), 0, -1) if a[:i] == b[:i]), 0)
    if any(a in forms and b in forms for forms in AUXILIARY_FORMS) or (prefix >= 4 and prefix >= min(len(a), len(b)) - 2):
        return "agreement"
    if _edit_distance(a, b) <= 2 and min(len(a), len(b)) >= 3:
        return "other"
    return "calque"

"""Word suspicion in context: how much more a word surprises the language model than its frequency
and the model's own uncertainty lead one to expect, then counterfactual re-scoring of the suspicious
words against alternatives, so that the words after them decide.

`excess = surprisal - (a + b * zipf + c * entropy)`, with a, b, c fitted on BBC News (edited native
text, `scripts/fit_fluency.py`). A word whose excess passes `SUSPICIOUS` is replaced, in turn, by the
model's likeliest whole words at its position, by the `right` column of `lexicons/substitutions.tsv`
rows whose `wrong` is the word and mined one-word pairs of both substitution tables, and by nothing;
each variant is scored over the words around it. The variant that makes the words after it likeliest
is the suspect's suggestion; how much it wins by, the word's excess, its neighbours' and the page's
fluency statistics are the signals the candidate model weighs (`Suspect.signals`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..language.frequency import zipf
from ..language.lexicon import BUILTIN_DIR, load_words
from ..text.document import Document, Sentence

if TYPE_CHECKING:  # NumPy is imported where the language model runs, not by every scan
    import numpy as np

# fitted on BBC News words (scripts/fit_fluency.py); a word's expected surprisal in nats
EXPECTED = (9.248, -1.306, 0.782)  # intercept, per zipf unit, per nat of entropy
SUSPICIOUS = 3.0      # excess surprisal (nats) that sends a word to counterfactual re-scoring
HIGH_EXCESS = 4.0     # a page's share of words above this is one of its fluency statistics
TOP_ALTERNATIVES = 2  # the model's likeliest whole words tried in a suspect's place
TABLE_ALTERNATIVES = 2  # ... and mined substitution pairs
MAX_SUSPECTS = 10     # per document, the most suspicious first
DELETION_MARGIN = 3.5  # nats by which deletion must beat the best replacement on the words after it
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
    replacement: str | None         # None: no variant helps; "": delete the word
    gain: float                     # nats the window gains with the replacement
    right: float                    # ... of which the words after it gain
    source: str                     # model, substitutions, deletion or none
    neighbour: float                # the highest excess of the judged words beside it
    page: "PageStats"
    in_table: bool                  # a mined substitution pair names the word
    deletion_right: float           # what the words after it gain when it is deleted

    def signals(self) -> dict[str, float]:
        """What the candidate model sees of the language model's judgement (detector.scoring.candidate_model)."""
        return {"excess": self.word.excess, "surprisal": self.word.surprisal, "entropy": self.word.entropy,
                "right_gain": self.right, "window_gain": self.gain, "neighbour_excess": self.neighbour,
                "page_mean_excess": self.page.mean_excess, "page_share_high": self.page.share_high,
                "deletion_right_gain": self.deletion_right, "in_table": float(self.in_table),
                f"variant={self.source}": 1.0}


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
    from ..language.substitution_pairs import alternatives

    mined = [*substitutions().get(word.word.lower(), ()),
             *(p.right[0] for p in alternatives(word.word.lower()) if len(p.wrong) == len(p.right) == 1)]
    table = 0
    for right in mined:
        if right.lower() not in seen and table < TABLE_ALTERNATIVES:
            seen.add(right.lower())
            out.append((right, "substitutions"))
            table += 1
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


@dataclass(frozen=True)
class PageStats:
    """How the page reads as a whole: the mean excess surprisal of its judged words and the share of
    them above HIGH_EXCESS. Machine-translated and spun pages are surprising throughout; an edited
    page's surprising words are few (names, rare words)."""

    mean_excess: float
    share_high: float

    @classmethod
    def of(cls, words: list[WordScore]) -> "PageStats":
        if not words:
            return cls(0.0, 0.0)
        import numpy as np

        excess = np.array([w.excess for w in words])
        return cls(float(excess.mean()), float((excess > HIGH_EXCESS).mean()))


def _neighbours(words: list[WordScore]) -> list[float]:
    """For each judged word, the highest excess of the judged words just before and after it (a
    calque is often several surprising words in a row)."""
    out = []
    for i in range(len(words)):
        near = [words[j].excess for j in (i - 1, i + 1) if 0 <= j < len(words)
                and abs(words[j].start - words[i].start) < 40]
        out.append(max(near, default=0.0))
    return out


def suspects(doc: Document, score: Scorer, vocab: list[str], limit: int = MAX_SUSPECTS) -> list[Suspect]:
    """The `limit` most suspicious judged words of `doc` (excess >= SUSPICIOUS), each with its best
    variant: of those that make the window likelier, the one the words after it favour most
    (replacement None when no variant makes the window likelier)."""
    sentences = judged_sentences(doc)
    scored = score([s.text for s in sentences])
    words_of = [(s, sc, word_scores(s, sc)) for s, sc in zip(sentences, scored)]
    every = [w for _, _, ws in words_of for w in ws]
    page = PageStats.of(every)
    near = dict(zip((w.start for w in every), _neighbours(every)))
    pending: list[tuple[Sentence, WordScore, list[tuple[str, str]]]] = []
    for sentence, scores, ws in words_of:
        for w in ws:
            if w.excess < SUSPICIOUS:
                continue
            first = next(i for i, (s, e) in enumerate(scores.spans) if e > w.start - sentence.start)
            pending.append((sentence, w, _alternatives(w, scores, first, vocab) + [("", "deletion")]))
    pending = sorted(pending, key=lambda p: -p[1].excess)[:limit]
    variants = [_window(s, w, alt) for s, w, alts in pending for alt in [None, *(a for a, _ in alts)]]
    variant_scores = iter(score(variants))
    out = []
    for sentence, w, alts in pending:
        base = next(variant_scores)
        n_after = _tokens_after(base, _window(sentence, w, None), w, sentence)
        after = float(base.logprob[len(base.logprob) - n_after:].sum()) if n_after else 0.0
        whole = float(base.logprob.sum())
        best: Suspect | None = None
        in_table, deletion = False, 0.0
        for alt, source in alts:
            v = next(variant_scores)
            in_table |= source == "substitutions"
            v_after = float(v.logprob[len(v.logprob) - n_after:].sum()) if n_after else 0.0
            right, gain = v_after - after, float(v.logprob.sum()) - whole
            if source == "deletion":
                deletion = right
                # deleting a surprising word always saves its own cost: it must win on the words after
                if best is not None and right < best.right + DELETION_MARGIN:
                    continue
            if gain > 0 and (best is None or right > best.right):
                best = Suspect(w, alt, gain, right, source, near[w.start], page, False, 0.0)
        best = best or Suspect(w, None, 0.0, 0.0, "none", near[w.start], page, False, 0.0)
        out.append(replace(best, in_table=in_table, deletion_right=deletion))
    return out


def _tokens_after(base: SentenceScores, window: str, word: WordScore, sentence: Sentence) -> int:
    """How many of the window's tokens come after the word."""
    word_end = window.rfind(word.word, 0, len(window) - len(_window_tail(sentence, word))) + len(word.word)
    return sum(1 for a, _ in base.spans if a >= word_end)


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

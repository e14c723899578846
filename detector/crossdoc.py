"""Cross-document evidence: reports of one story confirm and correct each other's glitches.

News comes in clusters: the same quotes and facts recur across outlets, so a glitch in one copy
stands out against the others, and the others show the right wording. Three steps, each linear in
the number of documents apart from small stories:

1. `group_stories`: TF-IDF over content words; candidate pairs only between documents that share
   several of their most distinctive terms (an inverted index with capped posting lists, never all
   pairs); linked when their cosine similarity is high and their date headers (if any) agree.
2. `align`: within a story, sentences matched by character n-gram TF-IDF (mutual best, high cosine).
3. `differences`: aligned sentences diffed word by word; differences typical of translation
   (pronoun, apostrophe, the word pairs of `lexicons/crossdoc_pairs.tsv`, doubled punctuation)
   become evidence; any other difference is taken for an editor's paraphrase and ignored.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import Iterator


from .config import Config
from .document import TOKEN_RE, Document, Sentence
from .engine import DocumentReport, select_findings
from .findings import UNSAFE, Finding
from .lexicon import load_table
from .rules.sibling import SiblingDifference

TOP_TERMS = 12
SHARED_TERMS = 3
POSTING_CAP = 60
STORY_SIMILARITY = 0.2
SMALL_BATCH = 200
SENTENCE_SIMILARITY = 0.55
MAX_ALIGNED_SIBLINGS = 8
PRONOUNS = {"he": "it", "she": "it", "him": "it", "his": "its", "her": "its"}
PUNCTUATION = set(".,")
QUOTES = set("“”\"‘’'«»")


@dataclass
class Difference:
    doc: int
    start: int
    end: int
    category: str
    sibling: int
    wording: str
    phrase: str          # the wording with the two tokens that follow it, for messages
    sibling_sentence: str


def _dates_agree(a: Document, b: Document, days: int = 3) -> bool:
    da, db = a.metadata.get("date"), b.metadata.get("date")
    if not da or not db:
        return True
    return abs((dt.date.fromisoformat(da) - dt.date.fromisoformat(db)).days) <= days


class _UnionFind:
    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        self.parent[self.find(i)] = self.find(j)


def group_stories(docs: list[Document]) -> list[list[int]]:
    """Stories of two or more documents (indices into `docs`)."""
    if len(docs) < 2:
        return []
    from sklearn.feature_extraction.text import TfidfVectorizer  # here: scikit-learn takes 0.8 s to import

    vec = TfidfVectorizer(token_pattern=r"(?u)\b[A-Za-z][a-z]{3,}\b", stop_words="english", sublinear_tf=True)
    try:
        x = vec.fit_transform([d.body for d in docs]).tocsr()
    except ValueError:  # no content words at all
        return []
    import numpy as np

    pairs = np.array(list(_candidate_pairs(x)), dtype=np.int64).reshape(-1, 2)
    similarity = np.asarray(x[pairs[:, 0]].multiply(x[pairs[:, 1]]).sum(axis=1)).ravel() if len(pairs) else []
    uf = _UnionFind(len(docs))
    for (i, j), sim in zip(pairs.tolist(), similarity):
        if sim >= STORY_SIMILARITY and _dates_agree(docs[i], docs[j]):
            uf.union(i, j)
    stories: dict[int, list[int]] = defaultdict(list)
    for i in range(len(docs)):
        stories[uf.find(i)].append(i)
    return [m for m in stories.values() if len(m) > 1]


def _candidate_pairs(x) -> Iterator[tuple[int, int]]:
    """Pairs worth comparing: all of them in a small batch; in a large one, only documents that share
    several of their most distinctive terms (capped posting lists keep this near-linear)."""
    n = x.shape[0]
    if n <= SMALL_BATCH:
        yield from ((i, j) for i in range(n) for j in range(i + 1, n))
        return
    import numpy as np

    postings: dict[int, list[int]] = defaultdict(list)
    for i in range(n):
        lo, hi = x.indptr[i], x.indptr[i + 1]
        for term in x.indices[lo:hi][np.argsort(-x.data[lo:hi])[:TOP_TERMS]]:
            postings[int(term)].append(i)
    shared: dict[tuple[int, int], int] = defaultdict(int)
    for members in postings.values():
        if len(members) > POSTING_CAP:
            continue
        for a in range(len(members)):
            for b in range(a + 1, len(members)):
                shared[(members[a], members[b])] += 1
    yield from (pair for pair, count in shared.items() if count >= SHARED_TERMS)


class SentenceVectors:
    """Character n-gram vectors of each document's sentences, hashed (no vocabulary to fit), made
    once per document and only for documents that belong to a story."""

    def __init__(self, docs: list[Document]) -> None:
        from sklearn.feature_extraction.text import HashingVectorizer

        self.docs = docs
        self.vectorizer = HashingVectorizer(analyzer="char_wb", ngram_range=(3, 5), n_features=2 ** 18,
                                            alternate_sign=False, norm="l2")
        self.cache: dict[int, tuple[list[int], object]] = {}

    def of(self, d: int) -> tuple[list[int], object]:
        """(sentence indices, their vectors) for the sentences of document d long enough to align."""
        if d not in self.cache:
            keep = [k for k, s in enumerate(self.docs[d].sentences) if len(s.text.split()) >= 5]
            texts = [self.docs[d].sentences[k].text for k in keep]
            self.cache[d] = (keep, self.vectorizer.transform(texts) if texts else None)
        return self.cache[d]


def align(vectors: SentenceVectors, story: list[int]) -> Iterator[tuple[int, int, int, int]]:
    """(doc a, sentence a, doc b, sentence b) for mutually best-matching sentences of a story; each
    document is compared with at most MAX_ALIGNED_SIBLINGS others of its story."""
    for a_pos, a in enumerate(story):
        keep_a, m_a = vectors.of(a)
        for b in story[a_pos + 1:a_pos + 1 + MAX_ALIGNED_SIBLINGS]:
            keep_b, m_b = vectors.of(b)
            if m_a is None or m_b is None:
                continue
            sim = (m_a @ m_b.T).toarray()
            best_b = sim.argmax(axis=1)
            best_a = sim.argmax(axis=0)
            for i, j in enumerate(best_b):
                if best_a[j] == i and sim[i, j] >= SENTENCE_SIMILARITY:
                    yield a, keep_a[i], b, keep_b[j]


def _pairs() -> dict[tuple[str, str], str]:
    return {(r["glitch"].lower(), r["edited"].lower()): r["category"] for r in load_table("crossdoc_pairs")}


def _classify(x: list[str], y: list[str], pairs: dict[tuple[str, str], str]) -> tuple[str, bool] | None:
    """(category, True when x is the glitch side) for a difference typical of translation."""
    joined = (" ".join(x).lower(), " ".join(y).lower())
    if joined in pairs:
        return pairs[joined], True
    if joined[::-1] in pairs:
        return pairs[joined[::-1]], False
    if len(x) == 1 and len(y) == 1:
        a, b = x[0].lower(), y[0].lower()
        if PRONOUNS.get(a) == b or PRONOUNS.get(re.sub(r"[’']s$", "", a)) == b:
            return "pronoun", True
        if PRONOUNS.get(b) == a:
            return "pronoun", False
        if x[0][:1].isupper() and a != b and re.sub(r"[’']", "", a) == re.sub(r"[’']", "", b):
            return "possessive", not re.search(r"[’']s$", a)
    return None


def _sentence(doc: Document, k: int) -> Sentence:
    """Sentence k with any following sentences that are only punctuation ("said. ." splits in two)."""
    s = doc.sentences[k]
    end = s.end
    for nxt in doc.sentences[k + 1:]:
        if nxt.text.strip(" .,;:!?") or doc.text[end:nxt.start].count("\n"):
            break
        end = nxt.end
    return Sentence(s.start, end, doc.text[s.start:end])


def _pieces(xa: list, xb: list) -> list[tuple[list, list]]:
    """A replacement of as many tokens as it replaces is compared token by token."""
    if len(xa) == len(xb) > 1:
        return [([p], [q]) for p, q in zip(xa, xb) if p[2] != q[2]]
    return [(xa, xb)]


def differences(docs: list[Document], a: int, sa: int, b: int, sb: int) -> Iterator[Difference]:
    sent_a, sent_b = _sentence(docs[a], sa), _sentence(docs[b], sb)
    ta = [(m.start() + sent_a.start, m.end() + sent_a.start, m.group()) for m in TOKEN_RE.finditer(sent_a.text)]
    tb = [(m.start() + sent_b.start, m.end() + sent_b.start, m.group()) for m in TOKEN_RE.finditer(sent_b.text)]
    pairs = _pairs()
    matcher = difflib.SequenceMatcher(None, [t[2] for t in ta], [t[2] for t in tb], autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal":
            continue
        xa = [t for t in ta[i1:i2] if t[2] not in QUOTES]  # quotation marks are compared elsewhere
        xb = [t for t in tb[j1:j2] if t[2] not in QUOTES]
        extra = _doubled_mark(docs[a].text, xa, xb) or _doubled_mark(docs[b].text, xb, xa)
        if extra:
            g, gtoks, e, esent = (a, xa, b, sent_b) if extra is xa else (b, xb, a, sent_a)
            start = gtoks[0][0] - (docs[g].text[gtoks[0][0] - 1:gtoks[0][0]] == " ")
            yield Difference(g, start, gtoks[-1][1], "double_punct", e, "", "", esent.text)
            continue
        for pa, pb in _pieces(xa, xb):
            kind = _classify([t[2] for t in pa], [t[2] for t in pb], pairs)
            if kind is None:
                continue
            category, a_is_glitch = kind
            (g, gtoks), (e, etoks, esent) = (((a, pa), (b, pb, sent_b)) if a_is_glitch
                                            else ((b, pb), (a, pa, sent_a)))
            wording = docs[e].text[etoks[0][0]:etoks[-1][1]]
            following = [t for t in (tb if e == b else ta) if t[0] >= etoks[-1][1]][:2]
            phrase = docs[e].text[etoks[0][0]:following[-1][1]] if following else wording
            yield Difference(g, gtoks[0][0], gtoks[-1][1], category, e, wording, phrase, esent.text)


def _doubled_mark(text: str, extra: list, other: list) -> list | None:
    """`extra` when it is only full stops or commas following a full stop: "said. ." against "said."."""
    if not extra or other or not {t[2] for t in extra} <= PUNCTUATION:
        return None
    return extra if re.search(r"[.!?]\s*$", text[:extra[0][0]]) else None


def _match_case(wording: str, original: str) -> str:
    if original[:1].isupper() and wording[:1].islower():
        return wording[:1].upper() + wording[1:]
    if original[:1].islower() and wording[:1].isupper() and wording.lower() in PRONOUNS.values():
        return wording.lower()
    return wording


def apply(reports: list[DocumentReport], config: Config) -> int:
    """Attach sibling evidence to findings, add findings where only the siblings show a glitch, and
    re-select each report's findings. Returns the number of stories found."""
    docs = [r.document for r in reports]
    stories = group_stories(docs)
    vectors = SentenceVectors(docs) if stories else None
    found: dict[tuple[int, int, int], list[Difference]] = defaultdict(list)
    for story in stories:
        for a, sa, b, sb in align(vectors, story):
            for d in differences(docs, a, sa, b, sb):
                found[(d.doc, d.start, d.end)].append(d)
    for (doc_i, start, end), diffs in found.items():
        report = reports[doc_i]
        by_sibling = {d.sibling: d for d in diffs}
        best = min(by_sibling.values(), key=lambda d: reports[d.sibling].mt_score)
        evidence = [{"path": docs[s].path, "text": d.wording, "sentence": d.sibling_sentence}
                    for s, d in sorted(by_sibling.items())]
        said = f"write '{best.phrase}'" if best.phrase else "have no such mark"
        note = (f"{len(evidence)} other report{'s' if len(evidence) > 1 else ''} of this story "
                f"{said if len(evidence) > 1 else said.replace('write ', 'writes ').replace('have ', 'has ')}")
        overlapping = [f for f in report.candidates if f.start < end and start < f.end]
        suggestion = _match_case(best.wording, report.document.text[start:end])
        if overlapping:
            for f in overlapping:
                f.evidence = evidence
                f.message = f"{f.message}; {note}"
                f.confidence = 1.0 - (1.0 - f.confidence) * 0.5 ** len(evidence)
            continue
        rule = SiblingDifference
        line, col = report.document.line_col(start)
        report.candidates.append(Finding(
            start, end, report.document.text[start:end], rule.code, best.category,
            f"differs from the other reports of this story ({best.category}); {note}", suggestion,
            min(0.9, rule.confidence + 0.1 * (len(evidence) - 1)), UNSAFE, line, col, evidence))
    for r in reports:
        r.findings = select_findings(r.candidates, config)
    return len(stories)

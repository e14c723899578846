"""Cross-document evidence: reports of one story confirm and correct each other's glitches.

News comes in clusters: the same quotes and facts recur across outlets, so a glitch in one copy
stands out against the others, and the others show the right wording. Three steps, each linear in
the number of documents apart from small batches (plain Python and numpy, no vectorizer library):

1. `link_reports`: TF-IDF over content words; candidate pairs only between documents that share
   several of their most distinctive terms (an inverted index with capped posting lists, never all
   pairs, except in a small batch). Two reports are linked when each is among the other's few most
   similar documents above a cosine threshold, they share several phrases (three-word windows with
   two content words: quotes and names recur across outlets, a topic's vocabulary does not) and
   their date headers (if any) agree. `group_stories` gives the connected reports as stories.
2. `align`: for each link, sentences matched by the cosine of their word unigram and bigram sets
   (mutual best above a threshold).
3. `differences`: aligned sentences diffed word by word; differences typical of translation
   (pronoun, apostrophe, the word pairs of `lexicons/crossdoc_pairs.tsv`, doubled punctuation)
   become evidence; any other difference is taken for an editor's paraphrase and ignored.

Linking holds, of each document, where its term counts are in a `Store` (in memory, or a file for
a stream), its number in the posting list of each of its top terms while candidates are made, and
its NEIGHBOURS closest documents; weights, candidate pairs and cosines are made a block of
documents at a time, so its memory grows with the vocabulary and by about 100 bytes a document.

`apply` runs the three over a list of reports; `crossdoc_stream` over a stream, writing each
report's term counts to a file (`TermTable`) and reading back the linked reports to compare them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable, Iterator, Protocol, Sequence

import numpy as np
from threadpoolctl import threadpool_limits

from ..config import Config
from ..findings import UNSAFE, Finding
from ..language.lexicon import load_table, load_words
from ..rules.sibling import SiblingDifference
from ..text.document import TOKEN_RE, WORD_RE, Document, Sentence, split_at_apostrophes
from .engine import DocumentReport, select_findings

TERM_RE = re.compile(r"\b[a-z]{4,}\b")   # content terms, matched in the lower-cased body
TOP_TERMS = 12
SHARED_TERMS = 3
POSTING_CAP = 60
SMALL_BATCH = 200
STORY_SIMILARITY = 0.2
NEIGHBOURS = 3
SHARED_PHRASES = 3
PHRASE_WORDS = 3
PHRASE_CONTENT_WORDS = 2
MIN_SENTENCE_WORDS = 5
SENTENCE_SIMILARITY = 0.5
PHRASE_CACHE = 1024    # documents whose phrases linking keeps at hand
BLOCK = 256            # documents whose term weights are worked on at once
PHRASE_MULTIPLIER = 1_000_003   # combines word hashes into an n-gram hash (int64 wraps around)
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


class Store(Protocol):
    """Bytes appended one piece at a time and read back by offset."""

    def append(self, data: bytes) -> int:
        """Where `data` begins."""

    def read(self, start: int, size: int) -> bytes: ...


class MemoryStore(bytearray):
    """A `Store` in memory, for a batch held in memory anyway."""

    def append(self, data: bytes) -> int:
        self.extend(data)
        return len(self) - len(data)

    def read(self, start: int, size: int) -> bytes:
        return bytes(self[start:start + size])


@dataclass
class TermRows:
    """L2-normalised TF-IDF weights of some documents, stored as sorted (row, term) entries."""

    term: np.ndarray      # int32 term id of each entry
    weight: np.ndarray
    indptr: np.ndarray    # entries of row k: indptr[k]:indptr[k + 1]


@dataclass
class TermMatrix:
    """TF-IDF weights of a batch's documents, made a few documents at a time from the term ids and
    counts in `store`: in memory only where each document's entries end and each term's IDF."""

    store: Store          # (term id, count) int32 pairs of each document, sorted by term id; then scratch
    indptr: np.ndarray    # entries of document i: indptr[i]:indptr[i + 1]
    idf: np.ndarray

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def rows(self, docs: np.ndarray) -> TermRows:
        """The weights of `docs` (sorted, distinct): sublinear term frequency times IDF, unit rows.
        A run of consecutive documents is one read."""
        ends = np.flatnonzero(np.diff(docs) != 1)
        start, end = self.indptr[docs[np.r_[0, ends + 1]]] * 8, self.indptr[docs[np.r_[ends, len(docs) - 1]] + 1] * 8
        data = b"".join(map(self.store.read, start.tolist(), (end - start).tolist()))
        entries = np.frombuffer(data, dtype=np.int32).reshape(-1, 2)
        lengths = self.indptr[docs + 1] - self.indptr[docs]
        row = np.repeat(np.arange(len(docs)), lengths)
        term = np.ascontiguousarray(entries[:, 0])
        w = (1 + np.log(np.ascontiguousarray(entries[:, 1]))) * self.idf[term]
        norm = np.sqrt(np.bincount(row, weights=w ** 2, minlength=len(docs)))
        w /= np.where(norm > 0, norm, 1)[row]
        return TermRows(term, w, np.concatenate([[0], np.cumsum(lengths)]))

    def int32s(self, start: int, count: int) -> np.ndarray:
        """`count` int32 numbers written to the store at `start`."""
        return np.frombuffer(self.store.read(start, 4 * int(count)), dtype=np.int32)


def _dates_agree(da: str | None, db: str | None, days: int = 3) -> bool:
    """Date headers (ISO dates) at most `days` apart, or one of them missing."""
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


def _hashes(words: list[str]) -> np.ndarray:
    """Python's string hash of each word (stable within a process, which is all the comparison needs)."""
    return np.fromiter(map(hash, words), dtype=np.int64, count=len(words))


SALT = hash("mt-detector")  # string hashes are the same only in this process and those forked from it


@dataclass
class Sketch:
    """What linking needs of one document, small enough to make where the document is scanned and
    send back: its content words (hashed, in order of first use) with their counts, and its phrases."""

    terms: np.ndarray           # int64
    counts: np.ndarray          # int64: how often each term occurs
    phrases: np.ndarray | None  # `phrases` of the document, or None until needed
    salt: int = SALT


def _lower_words(doc: Document, tokens: list[str] | None) -> list[str]:
    """WORD_RE's words of the lower-cased body; from the body's words, when given, lower-cased one by
    one where that is the same (not where "İ" lower-cases to two characters or "Σ" by context)."""
    body = doc.body
    if tokens is None or "\u0130" in body or "\u03a3" in body:
        return WORD_RE.findall(body.lower())
    return list(map(str.lower, tokens))


def _content_words(words: Iterable[str]) -> set[str]:
    """The words of four or more letters a-z that are not stop words."""
    return {w for w in words if len(w) >= 4 and w.isascii() and w.isalpha()} - load_words("stop_words")


def _terms_of_text(body: str) -> dict[str, int]:
    counts: dict[str, int] = {}
    stop = load_words("stop_words")
    for term in TERM_RE.findall(body.lower()):
        if term not in stop:
            counts[term] = counts.get(term, 0) + 1
    return counts


def _terms_of_words(tally: Counter[str], content_words: set[str]) -> dict[str, int]:
    """TERM_RE's terms from the lower-cased body's words (`tally`, in order of first use): the content
    words, and the content words among the pieces of words with apostrophes."""
    counts: dict[str, int] = {}
    for word, n in tally.items():
        if word in content_words:
            counts[word] = counts.get(word, 0) + n
        elif "'" in word or "’" in word:
            for term in split_at_apostrophes(word):
                if _content_words((term,)):
                    counts[term] = counts.get(term, 0) + n
    return counts


def sketch(doc: Document, with_phrases: bool = True, tokens: list[str] | None = None) -> Sketch:
    """Content terms: TERM_RE's matches in the lower-cased body, stop words left out, with their
    counts in order of first use. Phrases: see `phrases`. `tokens`: the body's words
    (`Document.word_tokens`), when the caller has them: terms and phrases then come from them."""
    if tokens is None and not with_phrases:
        counts, found = _terms_of_text(doc.body), None  # one regex pass: cheapest without the words
    else:
        words = _lower_words(doc, tokens)
        tally = Counter(words)
        content_words = _content_words(tally)
        counts = _terms_of_words(tally, content_words)
        found = phrases(words, content_words) if with_phrases else None
    return Sketch(_hashes(list(counts)), np.fromiter(counts.values(), dtype=np.int64, count=len(counts)), found)


def _phrases_of(doc: Document) -> np.ndarray:
    words = _lower_words(doc, None)
    return phrases(words, _content_words(set(words)))


class TermTable:
    """The content-term counts of a batch, one document added at a time: term ids in order of first
    use, each document's (term id, count) pairs, sorted by term id, written to `store` (8 bytes a
    term). In memory: the vocabulary (hash to id) and where each document's pairs end."""

    def __init__(self, store: Store | None = None) -> None:
        self.ids: dict[int, int] = {}
        self.store = MemoryStore() if store is None else store
        self.indptr = array("q", [0])

    def __len__(self) -> int:
        return len(self.indptr) - 1

    def add(self, s: Sketch) -> None:
        ids, hashes = self.ids, s.terms.tolist()
        found = list(map(ids.get, hashes))
        if None in found:   # terms new to the batch, numbered in order of first use
            found = [ids.setdefault(h, len(ids)) if k is None else k for h, k in zip(hashes, found)]
        entries = np.stack([np.array(found, dtype=np.int32), s.counts.astype(np.int32)], axis=1)
        self.store.append(entries[np.argsort(entries[:, 0])].tobytes())
        self.indptr.append(self.indptr[-1] + len(found))

    def matrix(self) -> TermMatrix:
        """TF-IDF of content words over the batch (see `TermMatrix.rows`); smoothed IDF from the number
        of documents with each term, counted a block of documents at a time."""
        n, indptr = len(self), np.array(self.indptr, dtype=np.int64)
        n_terms = max(len(self.ids), 1)
        spread = np.zeros(n_terms, dtype=np.int64)
        for lo in range(0, n, BLOCK):
            a, b = int(indptr[lo]), int(indptr[min(n, lo + BLOCK)])
            term = np.frombuffer(self.store.read(8 * a, 8 * (b - a)), dtype=np.int32)[::2]
            spread += np.bincount(term, minlength=n_terms)
        return TermMatrix(self.store, indptr, np.log((1 + n) / (1 + spread)) + 1)


def term_matrix(sketches: list[Sketch]) -> TermMatrix:
    """TF-IDF of content words over the batch (see `TermTable.matrix`)."""
    table = TermTable()
    for s in sketches:
        table.add(s)
    return table.matrix()


def candidate_pairs(m: TermMatrix) -> Iterator[np.ndarray]:
    """(i, j) rows, i < j, worth comparing, in order, a block of documents i at a time: all of them in a
    small batch; in a large one, only documents that share SHARED_TERMS of their TOP_TERMS most
    distinctive terms (capped posting lists keep this near-linear). The top terms are written to
    the store; held meanwhile: the document of each (int32), in the order of their terms."""
    n = len(m)
    if n <= SMALL_BATCH:
        i, j = np.triu_indices(n, 1)
        yield np.stack([i, j], axis=1)
        return
    top_ptr = np.zeros(n + 1, dtype=np.int64)
    sizes = np.zeros(len(m.idf), dtype=np.int64)   # documents with each term among their top terms
    tops = []    # where each block's top terms are in the store
    for lo in range(0, n, BLOCK):
        top, count = _top_terms(m.rows(np.arange(lo, min(n, lo + BLOCK))))
        top_ptr[lo + 1:lo + 1 + len(count)] = top_ptr[lo] + np.cumsum(count)
        tops.append(m.store.append(top.tobytes()))
        np.add.at(sizes, top, 1)
    listed, ends = (sizes > 1) & (sizes <= POSTING_CAP), np.cumsum(sizes)
    fill = ends - sizes
    members = np.empty(top_ptr[-1], dtype=np.int32)   # each term's documents in order, term by term
    places = []  # where each block's places of its top terms in `members` are in the store
    for lo, term_at in zip(range(0, n, BLOCK), tops):
        term, doc = _block_tops(m, top_ptr, lo, term_at)
        order = np.argsort(term, kind="stable")
        t = term[order]
        place = np.empty(len(t), dtype=np.int32)
        place[order] = fill[t] + np.arange(len(t)) - np.searchsorted(t, t)
        members[place] = doc
        np.add.at(fill, t, 1)
        places.append(m.store.append(place.tobytes()))
    for lo, term_at, place_at in zip(range(0, n, BLOCK), tops, places):
        term, doc = _block_tops(m, top_ptr, lo, term_at)
        first = m.int32s(place_at, len(term)) + 1   # a top term's later documents: members[first:first + length]
        lengths = np.where(listed[term], ends[term], first) - first
        owner = np.repeat(doc, lengths)
        at = np.repeat(first - np.cumsum(lengths) + lengths, lengths) + np.arange(len(owner))
        codes = np.sort(owner * n + members[at])   # a pair once per shared term
        # Sorted, a pair listed under SHARED_TERMS terms or more opens a run that long.
        code = np.unique(codes[SHARED_TERMS - 1:][codes[SHARED_TERMS - 1:] == codes[:len(codes) - SHARED_TERMS + 1]])
        yield np.stack([code // n, code % n], axis=1)


def _block_tops(m: TermMatrix, top_ptr: np.ndarray, lo: int, at: int) -> tuple[np.ndarray, np.ndarray]:
    """The top terms of the block of documents from `lo`, as written to the store at `at`, and the
    document of each."""
    hi = min(len(m), lo + BLOCK)
    return m.int32s(at, top_ptr[hi] - top_ptr[lo]), np.repeat(np.arange(lo, hi), np.diff(top_ptr[lo:hi + 1]))


def _top_terms(rows: TermRows) -> tuple[np.ndarray, np.ndarray]:
    """Of each row, its TOP_TERMS terms of highest weight (ties in term order), row by row; and how
    many each row has."""
    lengths = np.diff(rows.indptr)
    row = np.repeat(np.arange(len(lengths)), lengths)
    order = np.lexsort((-rows.weight, row))
    return rows.term[order[np.arange(len(order)) - rows.indptr[row[order]] < TOP_TERMS]], np.minimum(lengths, TOP_TERMS)


def cosines(m: TermMatrix, pairs: np.ndarray) -> np.ndarray:
    """Cosine similarity of each (i, j) row of `pairs`, BLOCK // 2 rows at a time: their documents
    read back, document i scattered into a dense row, then the entries of all its partners gathered
    against it at once."""
    out = np.zeros(len(pairs))
    dense = np.zeros(len(m.idf))
    for at in range(0, len(pairs), BLOCK // 2):
        docs, local = np.unique(pairs[at:at + BLOCK // 2].ravel(), return_inverse=True)
        r, local = m.rows(docs), local.reshape(-1, 2)
        order = np.argsort(local[:, 0], kind="stable")
        firsts, starts = np.unique(local[order, 0], return_index=True)
        for i, lo, hi in zip(firsts.tolist(), starts.tolist(), [*starts[1:].tolist(), len(order)]):
            rows = order[lo:hi]
            own = slice(r.indptr[i], r.indptr[i + 1])
            dense[r.term[own]] = r.weight[own]
            partners = local[rows, 1]
            lengths = r.indptr[partners + 1] - r.indptr[partners]
            segment = np.repeat(np.arange(len(partners)), lengths)
            entries = r.indptr[partners][segment] + np.arange(len(segment)) - np.repeat(np.cumsum(lengths) - lengths, lengths)
            out[at + rows] = np.bincount(segment, weights=dense[r.term[entries]] * r.weight[entries], minlength=len(partners))
            dense[r.term[own]] = 0
    return out


class _Neighbours:
    """Each document's NEIGHBOURS most similar partners among the pairs given so far (ties to later
    documents before earlier ones, then to the lower number): NEIGHBOURS numbers and similarities a
    document, whatever the number of pairs."""

    def __init__(self, n: int) -> None:
        self.partner = np.full((n, NEIGHBOURS), -1, dtype=np.int32)
        self.similarity = np.zeros((n, NEIGHBOURS))

    def add(self, pairs: np.ndarray, similarity: np.ndarray) -> None:
        touched = np.unique(pairs)
        held = self.partner[touched] >= 0
        x = np.concatenate([pairs[:, 0], pairs[:, 1], np.repeat(touched, held.sum(axis=1))])
        y = np.concatenate([pairs[:, 1], pairs[:, 0], self.partner[touched][held]])
        s = np.concatenate([similarity, similarity, self.similarity[touched][held]])
        order = np.lexsort((y, y < x, -s, x))
        x, y, s = x[order], y[order], s[order]
        rank = np.arange(len(x)) - np.searchsorted(x, x)
        top = rank < NEIGHBOURS
        self.partner[touched] = -1
        self.partner[x[top], rank[top]] = y[top]
        self.similarity[x[top], rank[top]] = s[top]

    def mutual(self, lo: int, hi: int) -> np.ndarray:
        """(i, j) rows, lo <= i < hi, i < j, in order, where each is among the other's neighbours."""
        x, y = np.repeat(np.arange(lo, hi), NEIGHBOURS), self.partner[lo:hi].ravel()
        x, y = x[y > x], y[y > x]
        both = (self.partner[y] == x[:, None]).any(axis=1)
        order = np.lexsort((y[both], x[both]))
        return np.stack([x[both][order], y[both][order]], axis=1)


def phrases(words: list[str], content_words: set[str]) -> np.ndarray:
    """Sorted distinct hashes of the windows of PHRASE_WORDS words holding PHRASE_CONTENT_WORDS
    content words; an array, which holds them in an eighth of a set's memory."""
    n = len(words) - PHRASE_WORDS + 1
    if n < 1:
        return np.empty(0, dtype=np.int64)
    content = np.fromiter(map(content_words.__contains__, words), dtype=np.int8, count=len(words))
    word_hashes = _hashes(words)
    counts, window = content[:n].copy(), word_hashes[:n].copy()
    for k in range(1, PHRASE_WORDS):
        counts += content[k:k + n]
        window = window * PHRASE_MULTIPLIER + word_hashes[k:k + n]
    return np.unique(window[counts >= PHRASE_CONTENT_WORDS])


def link_reports(docs: list[Document], sketches: list[Sketch] | None = None) -> list[tuple[int, int]]:
    """Pairs (i, j), i < j, of documents that report the same story; `sketches`: those made where the
    documents were scanned, if any (others are made here)."""
    if len(docs) < 2:
        return []
    sketches = [s if s is not None and s.salt == SALT else sketch(d, with_phrases=False)
                for d, s in zip(docs, sketches or [None] * len(docs))]
    return list(map(tuple, link(term_matrix(sketches), [d.metadata.get("date") for d in docs],
                                lambda k: _phrases_of(docs[k]) if sketches[k].phrases is None
                                else sketches[k].phrases).tolist()))


def link(m: TermMatrix, dates: Sequence[str | None], phrases_of: Callable[[int], np.ndarray]) -> np.ndarray:
    """(i, j) rows, i < j, in order, of the matrix's documents that report the same story, given their
    date headers and their phrases (asked for only where the terms already link two documents).
    Candidate pairs and their cosines are worked on a block at a time: what is held between blocks
    is each document's closest neighbours."""
    if len(m) < 2:
        return np.empty((0, 2), dtype=np.int64)
    neighbours = _Neighbours(len(m))
    for pairs in candidate_pairs(m):
        similarity = cosines(m, pairs)
        close = similarity >= STORY_SIMILARITY
        neighbours.add(pairs[close], similarity[close])
    near = np.concatenate([neighbours.mutual(lo, min(len(m), lo + BLOCK)) for lo in range(0, len(m), BLOCK)])
    found = lru_cache(maxsize=PHRASE_CACHE)(phrases_of)  # pairs come in order: few are asked for twice
    linked = (_dates_agree(dates[i], dates[j]) and
              len(np.intersect1d(found(i), found(j), assume_unique=True)) >= SHARED_PHRASES
              for i, j in ((int(a), int(b)) for a, b in near))
    return near[np.fromiter(linked, dtype=bool, count=len(near))]


def stories_of(n: int, links: list[tuple[int, int]]) -> list[list[int]]:
    """Connected groups of two or more linked documents, each in document order."""
    uf = _UnionFind(n)
    for i, j in links:
        uf.union(i, j)
    stories: dict[int, list[int]] = defaultdict(list)
    for i in sorted({k for link in links for k in link}):
        stories[uf.find(i)].append(i)
    return list(stories.values())


def group_stories(docs: list[Document]) -> list[list[int]]:
    """Stories of two or more documents (indices into `docs`)."""
    return stories_of(len(docs), link_reports(docs))


@dataclass
class Features:
    """Hashed word unigrams and bigrams of a document's sentences long enough to align."""

    keep: list[int]          # indices of those sentences
    rows: np.ndarray         # int32: the sentence (index into `keep`) of each (sentence, feature) entry
    columns: np.ndarray      # int32: the feature of each entry, as an index into `vocabulary`
    sizes: np.ndarray        # float64: the number of distinct features of each sentence
    vocabulary: np.ndarray   # int64: the document's distinct feature hashes, sorted

    def incidence(self, common: np.ndarray) -> np.ndarray:
        """Dense 0/1 matrix: which of the sorted `common` features each sentence has."""
        out = np.zeros((len(self.keep), len(common)), dtype=np.float32)
        if len(common):
            at = np.minimum(np.searchsorted(common, self.vocabulary), len(common) - 1)
            column = np.where(common[at] == self.vocabulary, at, -1)[self.columns]
            hit = column >= 0
            out[self.rows[hit], column[hit]] = 1
        return out


class SentenceFeatures:
    """Each document's `Features`, made only for documents in a story, and kept for the last
    `keep` documents asked about (all of them by default)."""

    def __init__(self, docs: Sequence[Document], keep: int | None = None) -> None:
        self.docs = docs
        self.keep = keep
        self.cache: dict[int, Features] = {}

    def of(self, d: int) -> Features:
        if d not in self.cache:
            if self.keep is not None and len(self.cache) >= self.keep:
                del self.cache[next(iter(self.cache))]
            sentences = self.docs[d].sentences
            keep = [k for k, s in enumerate(sentences) if len(s.text.split()) >= MIN_SENTENCE_WORDS]
            words = [WORD_RE.findall(sentences[k].text.lower()) for k in keep]
            h = _hashes([w for ws in words for w in ws])
            row = np.repeat(np.arange(len(keep)), [len(ws) for ws in words])
            same = row[1:] == row[:-1]
            feats = np.concatenate([h, (h[:-1] * PHRASE_MULTIPLIER + h[1:])[same]])
            rows = np.concatenate([row, row[:-1][same]])
            order = np.lexsort((feats, rows))
            feats, rows = feats[order], rows[order]
            first = np.ones(len(rows), dtype=bool)
            first[1:] = (feats[1:] != feats[:-1]) | (rows[1:] != rows[:-1])
            sizes = np.bincount(rows[first], minlength=len(keep)).astype(np.float64)
            vocabulary, columns = np.unique(feats[first], return_inverse=True)
            self.cache[d] = Features(keep, rows[first].astype(np.int32), columns.astype(np.int32), sizes,
                                     vocabulary)
        return self.cache[d]


def align(features: SentenceFeatures, a: int, b: int) -> Iterator[tuple[int, int, int, int]]:
    """(doc a, sentence a, doc b, sentence b) for mutually best-matching sentences of two linked reports."""
    fa, fb = features.of(a), features.of(b)
    if not fa.keep or not fb.keep:
        return
    common = np.intersect1d(fa.vocabulary, fb.vocabulary, assume_unique=True)
    sim = fa.incidence(common) @ fb.incidence(common).T / np.sqrt(np.outer(fa.sizes, fb.sizes))
    best_b = sim.argmax(axis=1)
    best_a = sim.argmax(axis=0)
    for i, j in enumerate(best_b.tolist()):
        if best_a[j] == i and sim[i, j] >= SENTENCE_SIMILARITY:
            yield a, fa.keep[i], b, fb.keep[j]


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
        if x[0][:1].isupper() and a.replace("’", "'") != b.replace("’", "'") \
                and re.sub(r"[’']", "", a) == re.sub(r"[’']", "", b):  # a lost apostrophe, not another style of it
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


def differences(docs: Sequence[Document], a: int, sa: int, b: int, sb: int) -> Iterator[Difference]:
    sent_a, sent_b = _sentence(docs[a], sa), _sentence(docs[b], sb)
    if sent_a.text == sent_b.text:  # copied word for word: nothing to compare
        return
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


@dataclass
class Sibling:
    """A difference found against another report, with what the evidence names of that report."""

    difference: Difference
    path: str
    mt_score: float


class Comparison:
    """Differences between linked reports, gathered by document and span in the order found;
    `reports[k]` is the report of document k (a list, or a store that reads reports back)."""

    def __init__(self, reports: Sequence[DocumentReport], features: SentenceFeatures) -> None:
        self.reports = reports
        self.features = features
        self.found: dict[int, dict[tuple[int, int], list[Sibling]]] = defaultdict(dict)

    def compare(self, a: int, b: int) -> None:
        """The differences between linked reports a and b."""
        ra, rb = self.reports[a], self.reports[b]
        if ra.document.body == rb.document.body:  # copies: nothing differs
            return
        docs = self.features.docs
        for _, sa, _, sb in align(self.features, a, b):
            for d in differences(docs, a, sa, b, sb):
                sibling = rb if d.sibling == b else ra
                self.found[d.doc].setdefault((d.start, d.end), []).append(
                    Sibling(d, sibling.document.path, sibling.mt_score))

    def attach(self, k: int, report: DocumentReport, config: Config) -> None:
        """Give report k the evidence found for it (and forget that evidence)."""
        spans = self.found.pop(k, None)
        if spans is not None:
            for (start, end), siblings in spans.items():
                _attach(report, start, end, siblings)
            report.findings = select_findings(report.candidates, config, report.document.text)


def _attach(report: DocumentReport, start: int, end: int, siblings: list[Sibling]) -> None:
    """Sibling evidence on the findings over text[start:end], or a finding of its own where there is none."""
    by_sibling = {s.difference.sibling: s for s in siblings}
    best = min(by_sibling.values(), key=lambda s: s.mt_score).difference
    evidence = [{"path": s.path, "text": s.difference.wording, "sentence": s.difference.sibling_sentence}
                for _, s in sorted(by_sibling.items())]
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
        return
    rule = SiblingDifference
    line, col = report.document.line_col(start)
    report.candidates.append(Finding(
        start, end, report.document.text[start:end], rule.code, best.category,
        f"differs from the other reports of this story ({best.category}); {note}", suggestion,
        min(0.9, rule.confidence + 0.1 * (len(evidence) - 1)), UNSAFE, line, col, evidence))


def compare_links(comparison: Comparison, links: Iterable[tuple[int, int]]) -> None:
    # The sentence matrices are small: BLAS threads would only spin on cores other processes use.
    with threadpool_limits(limits=1, user_api="blas"):
        for a, b in links:
            comparison.compare(a, b)


def apply(reports: list[DocumentReport], config: Config) -> int:
    """Attach sibling evidence to findings, add findings where only the siblings show a glitch, and
    re-select the findings of the reports that changed. Returns the number of stories found."""
    docs = [r.document for r in reports]
    links = link_reports(docs, [r.sketch for r in reports])
    comparison = Comparison(reports, SentenceFeatures(docs))
    compare_links(comparison, links)
    for k in sorted(comparison.found):
        comparison.attach(k, reports[k], config)
    return len(stories_of(len(docs), links))

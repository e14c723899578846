"""Linking a batch a block at a time: the same candidates, cosines, neighbours and links as at once."""

from __future__ import annotations

import random
from itertools import combinations

import numpy as np
import pytest

from detector.pipeline import crossdoc, crossdoc_stream
from detector.text.document import Document


def batch(stories: int = 70, seed: int = 1) -> list[Document]:
    """Stories of three to five reports (copies with a few words changed, some exact copies) over an
    invented vocabulary, so that several documents share terms and similarities tie."""
    rng = random.Random(seed)
    vocabulary = ["".join(rng.choice("abcdefghiklmnoprstuvw") for _ in range(rng.randint(5, 9))) for _ in range(900)]
    docs = []
    for _ in range(stories):
        base = [rng.sample(vocabulary, 9) for _ in range(8)]
        for copy in range(rng.randint(3, 5)):
            words = [list(s) for s in base]
            for _ in range(0 if copy == 2 else rng.randint(0, 6)):
                rng.choice(words)[rng.randrange(9)] = rng.choice(vocabulary)
            docs.append(Document.from_text(" ".join(" ".join(w) + "." for w in words) + "\n", path=f"{len(docs)}"))
    rng.shuffle(docs)
    return docs


def matrix(docs: list[Document], store=None) -> crossdoc.TermMatrix:
    table = crossdoc.TermTable(store)
    for d in docs:
        table.add(crossdoc.sketch(d, with_phrases=False))
    return table.matrix()


def test_a_spilled_term_table_gives_the_weights_of_one_held_in_memory():
    docs = batch(20)
    spill = crossdoc_stream.Spill()
    held, spilled = matrix(docs), matrix(docs, spill.terms)
    some = np.array([0, 1, 2, 7, 9, 10, len(docs) - 1])
    for a, b in [(held.rows(some), spilled.rows(some)), (held.rows(np.arange(len(docs))), spilled.rows(np.arange(len(docs))))]:
        assert np.array_equal(a.term, b.term) and np.array_equal(a.weight, b.weight)
        assert np.array_equal(a.indptr, b.indptr)
    spill.close()


def test_candidates_are_the_pairs_sharing_enough_listed_top_terms():
    docs = batch()
    m = matrix(docs)
    rows = m.rows(np.arange(len(m)))
    tops = [set(rows.term[rows.indptr[k]:rows.indptr[k + 1]][np.lexsort(
        (-rows.weight[rows.indptr[k]:rows.indptr[k + 1]],))][:crossdoc.TOP_TERMS].tolist()) for k in range(len(m))]
    listed = {}
    for k, terms in enumerate(tops):
        for t in terms:
            listed.setdefault(t, []).append(k)
    shared = {}
    for members in listed.values():
        if 1 < len(members) <= crossdoc.POSTING_CAP:
            for pair in combinations(members, 2):
                shared[pair] = shared.get(pair, 0) + 1
    expected = sorted(p for p, n in shared.items() if n >= crossdoc.SHARED_TERMS)
    assert len(m) > crossdoc.SMALL_BATCH and len(expected) > len(m)
    found = [tuple(p) for block in crossdoc.candidate_pairs(m) for p in block.tolist()]
    assert found == expected


def mutual_of_all(pairs: np.ndarray, similarity: np.ndarray) -> list[tuple[int, int]]:
    """The rows where each is among the other's NEIGHBOURS most similar, ranked over all pairs at
    once (ties: pairs in order, a document's later partners before its earlier ones)."""
    both = np.concatenate([pairs, pairs[:, ::-1]])
    order = np.lexsort((-np.concatenate([similarity, similarity]), both[:, 0]))
    ranked = np.empty(len(order), dtype=np.int64)
    ranked[order] = np.arange(len(order)) - np.searchsorted(both[order, 0], both[order, 0])
    keep = (ranked[:len(pairs)] < crossdoc.NEIGHBOURS) & (ranked[len(pairs):] < crossdoc.NEIGHBOURS)
    return [tuple(p) for p in pairs[keep].tolist()]


@pytest.mark.parametrize("seed", range(3))
def test_neighbours_kept_block_by_block_are_those_ranked_over_all_pairs(seed):
    rng = np.random.default_rng(seed)
    code = np.unique(rng.integers(0, 60 * 60, 900))
    pairs = np.stack([code // 60, code % 60], axis=1)
    pairs = pairs[pairs[:, 0] < pairs[:, 1]]
    similarity = rng.choice([0.3, 0.5, 0.5, 0.7, 1.0], len(pairs))   # many ties
    neighbours = crossdoc._Neighbours(60)
    cuts = np.sort(rng.choice(np.arange(1, len(pairs)), 12, replace=False))
    for part in np.split(np.arange(len(pairs)), cuts):
        neighbours.add(pairs[part], similarity[part])
    found = [tuple(p) for lo in range(0, 60, 7) for p in neighbours.mutual(lo, min(60, lo + 7)).tolist()]
    expected = mutual_of_all(pairs, similarity)
    assert found == expected and len(expected) > 20


def test_links_a_block_at_a_time_are_those_of_one_block(monkeypatch):
    docs = batch()
    sketches = [crossdoc.sketch(d) for d in docs]
    one = crossdoc.link_reports(docs, sketches)
    m = matrix(docs)
    pairs = np.concatenate(list(crossdoc.candidate_pairs(m)))
    similarity = crossdoc.cosines(m, pairs)
    monkeypatch.setattr(crossdoc, "BLOCK", 6)
    assert crossdoc.link_reports(docs, sketches) == one and len(one) >= len(docs)
    assert np.array_equal(np.concatenate(list(crossdoc.candidate_pairs(m))), pairs)
    assert np.array_equal(crossdoc.cosines(m, pairs), similarity)
    dense = np.zeros((len(m), len(m.idf)))
    rows = m.rows(np.arange(len(m)))
    dense[np.repeat(np.arange(len(m)), np.diff(rows.indptr)), rows.term] = rows.weight
    assert np.allclose(similarity, (dense[pairs[:, 0]] * dense[pairs[:, 1]]).sum(axis=1))

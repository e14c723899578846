"""How score_sentences groups sequences into packed batches (no model needed)."""

from detector.fluency import lm
from detector.fluency.lm import _pack, batches


def test_batches_keep_every_nonempty_sequence_once():
    lengths = [5, 0, 30, 7, 7, 2, 60, 0, 12]
    flat = [i for g in batches(lengths, budget=64) for i in g]
    assert sorted(flat) == [i for i, n in enumerate(lengths) if n]


def test_rows_are_filled_and_never_overfull():
    sizes = [100, 60, 60, 40, 30, 20, 10, 8, 4]
    rows = _pack(sizes, 128)
    assert sorted(i for row in rows for i in row) == list(range(len(sizes)))
    assert all(sum(sizes[i] for i in row) <= 128 for row in rows)
    assert len(rows) == 3  # 332 tokens in 3 rows of 128: nothing left half empty


def test_batches_stay_within_the_budget_in_whole_rows(monkeypatch):
    monkeypatch.setattr(lm, "PACK_WIDTH", 16)
    lengths = [3, 4, 4, 9, 10, 10, 11, 2, 1, 5]
    for group in batches(lengths, budget=32):
        assert len(_pack([lengths[i] + 1 for i in group], 16)) <= 2


def test_a_sequence_longer_than_a_row_widens_the_rows():
    assert batches([300, 3, 3], budget=128) == [[0], [1, 2]]

"""How score_sentences groups sequences into padded batches (no model needed)."""

from detector.fluency.lm import batches


def test_batches_keep_every_nonempty_sequence_once_shortest_first():
    lengths = [5, 0, 30, 7, 7, 2, 60, 0, 12]
    groups = batches(lengths, budget=64)
    flat = [i for g in groups for i in g]
    assert sorted(flat) == [i for i, n in enumerate(lengths) if n]
    assert [lengths[i] for i in flat] == sorted(lengths[i] for i in flat)


def test_batches_stay_within_the_padded_budget():
    lengths = [3, 4, 4, 9, 10, 10, 31, 40, 200]
    for group in batches(lengths, budget=64):
        padded = len(group) * (max(lengths[i] for i in group) + 1)
        assert padded <= 64 or len(group) == 1


def test_a_sequence_longer_than_the_budget_is_a_batch_alone():
    assert batches([100, 3, 3], budget=32) == [[1, 2], [0]]

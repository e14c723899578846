"""Derived data in the cache folder: built once, read back the same, rebuilt when damaged or keyed anew."""

from __future__ import annotations

import pytest

from detector import diskcache


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "mt-detector"


def test_built_once_then_read(cache):
    calls = []

    def build():
        calls.append(1)
        return [["a", "b"], None, True]

    assert diskcache.cached_json("kind", ["key"], build) == [["a", "b"], None, True]
    assert diskcache.cached_json("kind", ["key"], build) == [["a", "b"], None, True]
    assert len(calls) == 1 and len(list(cache.glob("kind-*.json"))) == 1


def test_another_key_is_another_entry(cache):
    assert diskcache.cached_json("kind", ["one"], lambda: 1) == 1
    assert diskcache.cached_json("kind", ["two"], lambda: 2) == 2
    assert len(list(cache.glob("kind-*.json"))) == 2


def test_a_damaged_entry_is_built_again(cache):
    diskcache.cached_json("kind", ["key"], lambda: {"x": 1})
    (path,) = cache.glob("kind-*.json")
    path.write_text('{"x": ')
    assert diskcache.cached_json("kind", ["key"], lambda: {"x": 2}) == {"x": 2}
    assert diskcache.cached_json("kind", ["key"], lambda: {"x": 3}) == {"x": 2}


def test_an_unwritable_cache_still_answers(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    assert diskcache.cached_json("kind", ["key"], lambda: 5) == 5


def test_table_prefilters_read_from_the_cache_equal_a_fresh_derivation(cache):
    from detector.rules import lexicon_rule

    def load(lexicon: str) -> list:
        lexicon_rule._prefilters.cache_clear()
        return [(e.required, e.ignore_case) for e in lexicon_rule.load_entries.__wrapped__(lexicon)]

    try:
        for lexicon in ("calques", "titles"):
            fresh = load(lexicon)   # derived, then written
            assert load(lexicon) == fresh   # read back
        assert len(list(cache.glob("prefilters-*.json"))) == 2
    finally:
        lexicon_rule._prefilters.cache_clear()


@pytest.mark.parametrize("column", ["pattern", "topic", "unless"])
def test_a_broken_expression_in_a_users_table_fails_when_the_table_loads(cache, tmp_path, column):
    import re

    from detector.lexicon import set_extra_dirs
    from detector.rules import lexicon_rule

    row = {"pattern": r"\bgross sales\b", "topic": "", "unless": "", column: "(unclosed"}
    (tmp_path / "calques.tsv").write_text(
        "pattern\tsuggestion\ttopic\tunless\n" + f"{row['pattern']}\tsales\t{row['topic']}\t{row['unless']}\n",
        encoding="utf-8")
    set_extra_dirs([tmp_path])
    try:
        with pytest.raises(re.error):
            lexicon_rule.load_entries("calques")
    finally:
        set_extra_dirs([])

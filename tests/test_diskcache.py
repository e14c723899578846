"""A user's pattern table with a broken expression fails when it loads, naming the problem."""

from __future__ import annotations

import pytest



@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    return tmp_path / "mt-detector"


@pytest.mark.parametrize("column", ["pattern", "topic", "unless"])
def test_a_broken_expression_in_a_users_table_fails_when_the_table_loads(cache, tmp_path, column):
    import re

    from detector.language.lexicon import set_extra_dirs
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

"""Substitution pairs from the mined tables (`lexicons/substitutions.tsv`, `lexicons/false_friends.tsv`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import NamedTuple

from .lexicon import derived_cache, load_table

SOURCE_NAMES = {
    "false_friends": "LanguageTool's false-friend rules",
    "tortured_phrases": "the spinner word map derived from the tortured-phrase list",
    "wmt21": "WMT21 MT output aligned with human translations",
    "mqm_zhen": "MQM expert error spans (zh-en)",
}


class Pair(NamedTuple):
    wrong: tuple[str, ...]
    right: tuple[str, ...]
    source: str
    langs: str
    count: str
    kept: bool  # the bigram filters kept it (the rules read kept pairs only)

    def provenance(self) -> str:
        name = SOURCE_NAMES.get(self.source, self.source)
        return f"{name}, {self.langs}" if self.langs and self.langs != "spinner" else name


@derived_cache
def _pairs(table: str) -> tuple[Pair, ...]:
    """Every pair of `table`, read once for all the rules and the fluency stage."""
    return tuple(Pair(tuple(row["wrong"].split()), tuple(row["right"].split()), row["source"],
                      row.get("langs", ""), row.get("count", ""), row.get("status", "kept") == "kept")
                 for row in load_table(table))


def _by_first_word(pairs: Iterable[Pair]) -> dict[str, tuple[Pair, ...]]:
    index: dict[str, list[Pair]] = defaultdict(list)
    for pair in pairs:
        index[pair.wrong[0]].append(pair)
    return {word: tuple(found) for word, found in index.items()}


@derived_cache
def pairs_by_first_word(table: str, sources: tuple[str, ...]) -> dict[str, tuple[Pair, ...]]:
    """The kept pairs of `table` whose source is one of `sources`, keyed by the first written word."""
    return _by_first_word(p for p in _pairs(table) if p.kept and p.source in sources)


@derived_cache
def _all_pairs(kept_only: bool) -> dict[str, tuple[Pair, ...]]:
    return _by_first_word(p for table in ("substitutions", "false_friends") for p in _pairs(table)
                          if p.kept or not kept_only)


def alternatives(word: str, kept_only: bool = True) -> tuple[Pair, ...]:
    """Every mined pair whose written phrase starts with `word` (lower case), from both tables: the
    counterfactual alternatives a model of fluent English can re-score. `kept_only=False` adds the
    pairs the bigram filters dropped (their status says why), for a judge stronger than bigrams."""
    return _all_pairs(kept_only).get(word, ())

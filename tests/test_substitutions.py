"""The mined substitution tables and the context check that lets their pairs fire (MT302-MT304), and
the calque table's provenance: every row names a pair of the mined tables."""

from __future__ import annotations

import re

import pytest
from helpers import REPO

from detector.config import Config
from detector.language.lexicon import BUILTIN_DIR, load_table, set_extra_dirs
from detector.language.substitution_pairs import SOURCE_NAMES
from detector.pipeline.engine import scan_document
from detector.rules.substitution.evidence import Bigrams, confirm, native_bigrams
from detector.text.document import Document

PAIR_TABLES = ("substitutions", "false_friends")
STATUSES = {"kept", "not_mt_preferred", "unconfirmed", "mostly_unmarked", "fires_on_references", "fires_on_bbc"}
GOLD = REPO.parent / "shared" / "gold"


@pytest.fixture(autouse=True)
def builtin_lexicons_only():
    set_extra_dirs([])
    yield


def header_rows_claim(name: str) -> int:
    text = (BUILTIN_DIR / f"{name}.tsv").read_text(encoding="utf-8")
    return int(re.search(r"^# Rows: (\d+)", text, re.M).group(1))


@pytest.mark.parametrize("name", PAIR_TABLES)
def test_pair_tables_are_well_formed_and_count_their_rows(name):
    rows = load_table(name)
    assert len(rows) == header_rows_claim(name)
    seen = set()
    for row in rows:
        key = (row["wrong"], row["right"], row["source"])
        assert key not in seen, key
        seen.add(key)
        assert row["source"] in SOURCE_NAMES and row["status"] in STATUSES, row
        assert row["wrong"] != row["right"] and row["wrong"] == row["wrong"].lower()
        assert int(row["count"]) >= 1 and re.fullmatch(r"\d+/\d+", row["mqm_marked"])
        if row["status"] == "kept":
            assert row["ref_fires"] == row["bbc_fires"] == "0", row


def test_false_friend_rows_live_in_their_own_lgpl_file():
    assert {r["source"] for r in load_table("false_friends")} == {"false_friends"}
    assert "false_friends" not in {r["source"] for r in load_table("substitutions")}
    assert "GNU Lesser General Public License" in (BUILTIN_DIR / "false_friends.tsv").read_text(encoding="utf-8")


def test_spinner_pairs_are_aggregates_of_two_or_more_phrases():
    spun = [r for r in load_table("substitutions") if r["source"] == "tortured_phrases"]
    assert spun and all(int(r["count"]) >= 2 and " " not in r["wrong"] for r in spun)


def test_native_bigrams_are_counts_only():
    grams = native_bigrams()
    assert grams.news and grams.books
    assert all(n > 0 for n in grams.news.values()) and all(n > 0 for n in grams.books.values())
    assert all(" " not in w for pair in list(grams.news)[:1000] for w in pair)


# --- the context check ----------------------------------------------------------------------

TOY = Bigrams(news={("press", "conference"): 60, ("geneva", "convention"): 4, ("geneva", "conference"): 3},
              books={("press", "conference"): 120_000_000})


def test_the_context_decides_press_convention_but_not_geneva_convention():
    found = confirm("press", ("convention",), ("conference",), None, TOY)
    assert found and found.bigram == ("press", "conference") and found.written == ("press", "convention")
    assert confirm("geneva", ("convention",), ("conference",), None, TOY) is None


def test_a_pair_never_fires_on_the_word_alone():
    assert confirm(None, ("convention",), ("conference",), None, TOY) is None
    assert confirm("the", ("convention",), ("conference",), "of", TOY) is None  # function words say nothing


def test_an_attested_side_vetoes_the_other():
    grams = Bigrams(news={("press", "conference"): 60, ("convention", "centre"): 2}, books={})
    assert confirm("press", ("convention",), ("conference",), "centre", grams) is None


def scan(code: str, text: str):
    return scan_document(Document.from_text(text + "\n"), Config(select=(code,), min_confidence=0)).findings


def test_message_names_the_source_and_the_evidence():
    [f] = scan("MT303", "The house secretary announced new powers for the police.")
    assert f.text == "house secretary" and f.suggestion == "home secretary" and f.fix == "unsafe"
    assert "tortured-phrase list" in f.message and "'home secretary'" in f.message


def test_a_capitalised_context_word_is_a_name_and_confirms_nothing():
    assert scan("MT303", "The House Secretary announced new powers.") == []
    assert scan("MT303", "She met Ms Secretary at the house.") == []


# --- the calque table: each row confirmed by a general source --------------------------------

def mined_pairs() -> set[tuple[str, str, str]]:
    return {(r["source"], r["wrong"], r["right"]) for name in PAIR_TABLES for r in load_table(name)}


@pytest.mark.parametrize("row", [*load_table("calques"), *load_table("crossdoc_pairs")], ids=lambda r: r["provenance"])
def test_every_calque_and_crossdoc_row_names_a_mined_pair(row):
    m = re.fullmatch(r"(\w+): ([a-z ]+) > ([a-z ]+)", row["provenance"])
    assert m, row["provenance"]
    source, wrong, right = m.groups()
    assert (source, wrong, right) in mined_pairs()
    assert wrong in row["example"].lower(), "the row flags the pair's written word"


@pytest.mark.skipif(not GOLD.is_dir(), reason="the gold sets are not beside the repository")
def test_no_lexicon_example_is_copied_from_the_gold():
    files = [*GOLD.rglob("*.txt"), *(REPO / "seeds").glob("*.txt")]
    gold = " ".join(p.read_text(encoding="utf-8") for p in files)
    gold = " ".join(gold.split())
    for path in BUILTIN_DIR.glob("*.tsv"):
        for row in load_table(path.stem):
            for column in ("example", "counterexample"):
                if row.get(column):
                    assert " ".join(row[column].split()) not in gold, (path.name, row[column])


def test_alternatives_offer_every_source_for_rescoring():
    from detector.language.substitution_pairs import alternatives

    kept = alternatives("actual")
    every = alternatives("actual", kept_only=False)
    assert set(kept) < set(every)  # "actual > current" fires on references, so only the full list has it
    assert ("current",) in {p.right for p in every} and all(p.wrong[0] == "actual" for p in every)
    assert alternatives("zzzz") == ()


def test_the_shipped_bigram_rows_are_in_the_order_bisection_reads():
    from detector.rules.substitution.evidence import TableColumn
    column = native_bigrams().news
    assert isinstance(column, TableColumn)
    rows = column._rows
    assert rows == sorted(rows) and len({tuple(r.split("\t")[:2]) for r in rows}) == len(rows)
    first, second, news, books = rows[len(rows) // 2].split("\t")
    assert column.get((first, second), 0) == int(news)
    assert native_bigrams().books.get((first, second), 0) == int(books)
    assert (first, second + "zz") not in column

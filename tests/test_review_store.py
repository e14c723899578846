"""The review queue without a browser: schema and migrations, queueing and re-queueing a changed
document, decisions (versions, undo, log), export, `detect review` commands, training examples."""

from __future__ import annotations

import json
import sqlite3

import pytest

from detector.apps.review import schema
from detector.apps.review.queue import enqueue, export, review, reviewed_text
from detector.apps.review.remap import SpanMap
from detector.apps.review.store import NothingToUndo, ReviewStore, StaleDecision
from detector.config import Config
from detector.apps.review.training_examples import review_examples
from helpers import REPO, write
from review_helpers import OVERLAP, queue_overlapping

ARTICLE = ("The council will meet on on Monday. The vote was postponed. .\n\n"
           "The ministry backs synthetic intelligence research outside the capital. the mayor said the talks would go on.\n")


@pytest.fixture
def queued(tmp_path):
    """A queue with ARTICLE in it; returns (store, article path)."""
    path = write(tmp_path / "articles" / "council.txt", ARTICLE)
    store = ReviewStore(tmp_path / "review.db")
    enqueue(store, [str(path)], Config())
    yield store, path
    store.close()


def by_text(store: ReviewStore, text: str):
    return next(f for f in store.findings() if f.text == text)


# --- schema ------------------------------------------------------------------------------------

def test_a_new_file_has_the_current_schema_in_wal_mode(tmp_path):
    with ReviewStore(tmp_path / "q.db") as store:
        assert schema.schema_version(store.conn) == schema.SCHEMA_VERSION == 1
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        tables = {r[0] for r in store.conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert tables == {"schema_version", "documents", "findings", "decisions"}


def test_migrate_applies_only_the_missing_steps_and_keeps_the_data(queued, monkeypatch):
    store, _ = queued
    assert schema.migrate(store.conn) == 1      # nothing to do: still version 1, same rows
    monkeypatch.setattr(schema, "MIGRATIONS", [*schema.MIGRATIONS, "ALTER TABLE findings ADD COLUMN note TEXT"])
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    with ReviewStore(store.path) as again:
        assert schema.schema_version(again.conn) == 2
        assert len(again.findings()) == 4
        assert again.conn.execute("SELECT count(note) FROM findings").fetchone()[0] == 0


def test_a_newer_schema_or_another_file_is_refused(tmp_path, cli):
    db = tmp_path / "q.db"
    ReviewStore(db).close()
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(schema.SchemaError, match="newer"):
        ReviewStore(db)
    result = cli("review", "status", "--db", db)
    assert result.exit_code == 2 and "newer than this tool" in result.stderr
    junk = write(tmp_path / "junk.db", "not a database at all " * 100)
    with pytest.raises(schema.SchemaError, match="not a review queue"):
        ReviewStore(junk)
    other = tmp_path / "other.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE notes (body TEXT)")
    with pytest.raises(schema.SchemaError, match="another kind"):
        ReviewStore(other)
    with sqlite3.connect(other) as conn:          # left as it was
        assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["notes"]
    result = cli("review", "add", write(tmp_path / "a.txt", ARTICLE), "--db", tmp_path / "no" / "such" / "q.db")
    assert result.exit_code == 2 and "unable to open database file" in result.stderr


# --- queueing and re-queueing ------------------------------------------------------------------

def test_add_queues_every_finding_and_the_same_text_again_changes_nothing(queued):
    store, path = queued
    findings = store.findings()
    assert [f.confidence for f in findings] == sorted((f.confidence for f in findings), reverse=True)
    assert sorted((f.start, f.text, f.state, f.version) for f in findings) == [
        (22, "on on", "pending", 1), (58, ". .", "pending", 1), (82, "synthetic intelligence", "pending", 1),
        (133, ". the", "pending", 1)]
    doc = store.documents()[0]
    assert doc.path == str(path.resolve()) and doc.text == ARTICLE and 0 <= doc.mt_score <= 1
    results, errors = enqueue(store, [str(path)], Config())
    assert errors == [] and [(r.status, r.findings) for r in results] == [("unchanged", 4)]


def test_re_adding_a_changed_document_keeps_decisions_whose_span_still_holds_the_same_text(queued):
    store, path = queued
    for text, action in (("on on", "accept"), ("synthetic intelligence", "reject"), (". .", "accept")):
        f = by_text(store, text)
        store.decide(f.id, action, f.version)
    kept_ids = {by_text(store, "on on").id, by_text(store, "synthetic intelligence").id}
    # a new first paragraph shifts every offset; the editor fixed '. .' by hand
    write(path, "Late news.\n\n" + ARTICLE.replace("postponed. .", "postponed."))
    results, _ = enqueue(store, [str(path)], Config())
    assert [(r.status, r.kept, r.dropped) for r in results] == [("changed", 2, 1)]
    text = store.documents()[0].text
    states = {f.text: (f.state, f.id) for f in store.findings()}
    assert states["on on"] == ("accepted", by_text(store, "on on").id)
    assert {states["on on"][1], states["synthetic intelligence"][1]} == kept_ids
    assert states["synthetic intelligence"][0] == "rejected" and states[". the"][0] == "pending"
    assert ". ." not in states
    for f in store.findings():
        assert text[f.start:f.end] == f.text


def test_re_adding_keeps_a_decision_at_the_same_offset_and_drops_one_whose_text_changed(queued):
    store, path = queued
    for text in ("on on", "synthetic intelligence"):
        f = by_text(store, text)
        store.decide(f.id, "accept", f.version)
    write(path, ARTICLE.replace("synthetic intelligence", "manifestant") + "\nA last line.\n")
    results, _ = enqueue(store, [str(path)], Config())
    assert (results[0].kept, results[0].dropped) == (1, 1)
    assert by_text(store, "on on").start == ARTICLE.index("on on")


def test_span_map_follows_insertions_and_deletions():
    old = "Alpha beta gamma. Delta epsilon."
    new = "Zero. Alpha beta, gamma. Delta epsilon!"
    spans = SpanMap(old, new)
    assert spans.locate(old.index("Delta"), "Delta epsilon") == new.index("Delta epsilon")
    assert spans.locate(old.index("beta"), "beta gamma") is None      # a comma came in between
    assert SpanMap(old, old + " More.").locate(6, "beta") == 6


def test_read_errors_are_reported_and_the_rest_is_queued(tmp_path, cli):
    good = write(tmp_path / "a.txt", ARTICLE)
    write(tmp_path / "empty.txt", "")
    result = cli("review", "add", good, tmp_path / "empty.txt", "--db", tmp_path / "q.db")
    assert result.exit_code == 2
    assert f"error: {tmp_path / 'empty.txt'}: file is empty" in result.stderr
    assert "4 finding(s) from 1 document(s)" in result.stdout


# --- decisions ---------------------------------------------------------------------------------

def test_a_decision_on_a_stale_version_is_refused_and_changes_nothing(queued):
    store, _ = queued
    f = by_text(store, "synthetic intelligence")
    after = store.decide(f.id, "accept", f.version, editor="ana")
    assert (after.state, after.version) == ("accepted", 2)
    with pytest.raises(StaleDecision) as refused:
        store.decide(f.id, "reject", f.version, editor="ben")
    assert refused.value.current.state == "accepted"
    assert store.finding(f.id).state == "accepted"
    assert [(d["editor"], d["new_state"]) for d in store.decisions()] == [("ana", "accepted")]


def test_undo_walks_back_through_the_decisions(queued):
    store, _ = queued
    f = by_text(store, "synthetic intelligence")
    f = store.decide(f.id, "edit", f.version, "machine learning")
    f = store.decide(f.id, "accept", f.version)
    assert f.replacement == "artificial intelligence"
    f = store.decide(f.id, "undo", f.version)
    assert (f.state, f.edited_text, f.replacement) == ("edited", "machine learning", "machine learning")
    f = store.decide(f.id, "undo", f.version)
    assert (f.state, f.edited_text) == ("pending", None)
    with pytest.raises(NothingToUndo):
        store.decide(f.id, "undo", f.version)
    assert [(d["action"], d["old_state"], d["new_state"], d["text"]) for d in store.decisions()] == [
        ("edit", "pending", "edited", "machine learning"), ("accept", "edited", "accepted", "artificial intelligence"),
        ("undo", "accepted", "edited", "machine learning"), ("undo", "edited", "pending", None)]


def test_bad_actions_are_refused(queued):
    store, _ = queued
    f = by_text(store, "on on")
    with pytest.raises(ValueError):
        store.decide(f.id, "delete", f.version)
    with pytest.raises(ValueError):
        store.decide(f.id, "edit", f.version)


# --- export ------------------------------------------------------------------------------------

def decide_all(store: ReviewStore) -> None:
    """on on: accepted; synthetic intelligence: edited; '. the' (safe): rejected; '. .' (safe): pending."""
    for text, action, edit in (("on on", "accept", None), ("synthetic intelligence", "edit", "machine learning"),
                               (". the", "reject", None)):
        f = by_text(store, text)
        store.decide(f.id, action, f.version, edit)


EXPORTED = ("The council will meet on Monday. The vote was postponed.\n\n"
            "The ministry backs machine learning research outside the capital. the mayor said the talks would go on.\n")


def test_export_applies_accepted_and_edited_suggestions_and_safe_fixes_nobody_rejected(queued, tmp_path):
    store, _ = queued
    decide_all(store)
    written = export(store, tmp_path / "out")
    assert written == [(tmp_path / "out" / "council.txt", "", [])]
    assert (tmp_path / "out" / "council.txt").read_bytes() == EXPORTED.encode()
    export(store, tmp_path / "strict", safe=False)
    assert (tmp_path / "strict" / "council.txt").read_text() == EXPORTED.replace("postponed.\n", "postponed. .\n")
    log = [json.loads(line) for line in (tmp_path / "out" / "decisions.jsonl").read_text().splitlines()]
    assert [(d["original"], d["new_state"], d["text"]) for d in log] == [
        ("on on", "accepted", "on"), ("synthetic intelligence", "edited", "machine learning"), (". the", "rejected", None)]
    assert all(d["path"] == store.documents()[0].path for d in log)


def test_an_editor_decision_wins_over_an_overlapping_safe_fix(queued):
    store, _ = queued
    f = by_text(store, "synthetic intelligence")
    store.decide(f.id, "edit", f.version, "crowds")
    doc = store.documents()[0]
    wide = f.__class__(**{**f.__dict__, "id": 0, "start": f.start - 4, "end": f.end, "text": "cks synthetic intelligence",
                          "fix": "safe", "state": "pending", "suggestion": "X"})
    assert "The ministry backs crowds research" in reviewed_text(doc, [store.finding(f.id), wide])


def test_export_keeps_encoding_newlines_and_layout(tmp_path):
    src = tmp_path / "src"
    write(src / "a" / "one.txt", ARTICLE.replace("capital", "capital café"), encoding="cp1252", newline="\r\n")
    write(src / "b" / "one.txt", "Nothing to see here at all, the report said.\n")
    with ReviewStore(tmp_path / "q.db") as store:
        enqueue(store, [str(src)], Config())
        export(store, tmp_path / "out", safe=False)
        with pytest.raises(ValueError, match="overwrite"):
            export(store, src)
    assert (tmp_path / "out" / "a" / "one.txt").read_bytes() == (src / "a" / "one.txt").read_bytes()
    assert (tmp_path / "out" / "b" / "one.txt").read_bytes() == (src / "b" / "one.txt").read_bytes()


# --- commands ----------------------------------------------------------------------------------

def test_review_commands(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path / "articles" / "council.txt", ARTICLE)
    result = cli("review", "add", "articles")
    assert result.exit_code == 0, result.output
    assert "4 finding(s) from 1 document(s) in review.db (1 new, 0 changed, 0 unchanged)" in result.stdout
    with ReviewStore(tmp_path / "review.db") as store:
        decide_all(store)
    status = cli("review", "status").stdout
    assert "review.db: 4 finding(s) in 1 document(s), 3 reviewed (75%)" in status
    assert "pending 1  accepted 1  rejected 1  edited 1  skipped 0" in status
    assert any(line.split() == ["articles/council.txt", "4", "1", "1", "1", "1", "0"] for line in status.splitlines())
    assert any(line.split() == ["calque", "1", "0", "0", "0", "1", "0"] for line in status.splitlines())
    lines = cli("review", "decisions", "--format", "jsonl").stdout.splitlines()
    assert [json.loads(line)["action"] for line in lines] == ["accept", "edit", "reject"]
    result = cli("review", "export", "out", "--no-safe")
    assert result.exit_code == 0 and "wrote 1 document(s) and decisions.jsonl to out" in result.stdout
    assert (tmp_path / "out" / "council.txt").read_text() == EXPORTED.replace("postponed.\n", "postponed. .\n")
    write(tmp_path / "articles" / "council.txt", ARTICLE.replace("synthetic intelligence", "machine intelligence"))
    result = cli("review", "add", "articles")
    assert "articles/council.txt: changed; 2 decision(s) kept, 1 dropped" in result.stdout.replace(str(tmp_path) + "/", "")
    assert "decisions kept 2, dropped 1" in result.stdout


def test_status_of_a_missing_queue_is_a_usage_error(tmp_path, cli):
    result = cli("review", "status", "--db", tmp_path / "absent.db")
    assert result.exit_code == 2 and "does not exist" in result.stderr


# --- training examples -------------------------------------------------------------------------

def test_decisions_become_labelled_candidates_of_group_review(queued):
    store, _ = queued
    decide_all(store)
    f = by_text(store, ". .")
    store.decide(f.id, "skip", f.version)
    examples = review_examples(store.path)
    assert [(e.start, e.label, e.group) for e in examples] == [
        (ARTICLE.index("on on"), 1, "review"), (ARTICLE.index("synthetic intelligence"), 1, "review"),
        (ARTICLE.index(". the"), 0, "review")]
    assert examples[0].feats["rule=MT511"] == 1.0


def test_train_from_review_adds_the_decisions_and_the_card_counts_them(tmp_path, cli):
    sample = REPO / "tests" / "data" / "train_sample"
    texts = sample / "gold" / "texts"
    db = tmp_path / "review.db"
    with ReviewStore(db) as store:
        enqueue(store, [str(texts)], Config(min_confidence=0.0))
        findings = store.findings()
        for f, action in zip(findings, ["accept", "reject", "edit", "skip"] * len(findings)):
            store.decide(f.id, action, f.version, "x" if action == "edit" else None)
    expected = len(review_examples(db))
    assert expected > 0
    result = cli("train", "--data", sample, "--gold", sample / "gold" / "gold.json", texts,
                 "--out", tmp_path / "models", "--from-review", db)
    assert result.exit_code == 0, result.output
    assert f"read {expected} editor decisions from {db}" in result.stderr
    examples = json.loads((tmp_path / "models" / "metrics.json").read_text())["candidates"]["examples"]
    assert examples["review"] == expected
    card = (tmp_path / "models" / "README.md").read_text()
    assert f"real, rejected: false alarm): {expected}." in card


def test_status_escapes_control_characters_in_file_names(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    hostile = "council\x1b[2J\nfake line\u202e.txt"
    write(tmp_path / "articles" / hostile, ARTICLE)
    assert cli("review", "add", "articles").exit_code == 0
    status = cli("review", "status").stdout
    assert "\x1b" not in status and "\u202e" not in status
    assert "articles/council\\x1b[2J\\nfake line\\u202e.txt" in status
    assert not any(line.startswith("fake line") for line in status.splitlines())


# --- overlapping decisions ----------------------------------------------------------------------

@pytest.mark.parametrize("narrow, wide, expected", [
    # the edit changes 'Monday', the accepted doubled word the other 'on': both apply
    (("accept", None), ("edit", "on on Friday"), "meet on Friday in"),
    # they agree on the same change
    (("accept", None), ("edit", "on Monday"), "meet on Monday in"),
    # the wider edit already does what the accepted doubled word does ('Marlows MP' -> "Marlow's deputy"
    # with 'Marlows' -> "Marlow's" accepted): its text, once
    (("accept", None), ("edit", "on Friday"), "meet on Friday in"),
    (("edit", "at"), ("reject", None), "meet at Monday in"),
    (("reject", None), ("accept", None), "meet on Tuesday in"),
])
def test_overlapping_decisions_that_fit_together_are_merged(tmp_path, cli, narrow, wide, expected):
    db = queue_overlapping(tmp_path)
    with ReviewStore(db) as store:
        for text, (action, edit) in (("on on", narrow), ("on on Monday", wide)):
            f = by_text(store, text)
            store.decide(f.id, action, f.version, edit)
    result = cli("review", "export", tmp_path / "out", "--db", db)
    assert result.exit_code == 0, result.output
    assert "conflict" not in result.stderr
    assert (tmp_path / "out" / "overlap.txt").read_text(encoding="utf-8") == OVERLAP.replace(
        "meet on on Monday in", expected)


def test_conflicting_overlapping_decisions_are_reported_not_dropped(tmp_path, cli):
    """An edit of one finding and an accepted overlapping one that change the same words."""
    db = queue_overlapping(tmp_path)
    with ReviewStore(db) as store:
        narrow, wide = by_text(store, "on on"), by_text(store, "on on Monday")
        store.decide(narrow.id, "edit", narrow.version, "at")
        store.decide(wide.id, "accept", wide.version)
        doc = store.documents()[0]
        reviewed = review(doc, store.findings_of(doc.id))
    assert [(c.kept.text, c.dropped.text) for c in reviewed.conflicts] == [("on on Monday", "on on")]
    result = cli("review", "export", tmp_path / "out", "--db", db)
    assert result.exit_code == 1
    conflict_lines = [line for line in result.stderr.splitlines() if line.startswith("conflict: ")]
    assert len(conflict_lines) == 1
    assert f"finding {narrow.id} (edited 'on on' -> 'at')" in conflict_lines[0]
    assert f"only {wide.id} is applied" in conflict_lines[0]
    assert "1 decision(s) not applied" in result.stderr
    assert (tmp_path / "out" / "overlap.txt").read_text(encoding="utf-8") == OVERLAP.replace("on on Monday",
                                                                                              "on Tuesday")
    log = [json.loads(line) for line in (tmp_path / "out" / "decisions.jsonl").read_text().splitlines()]
    assert [(d["original"], d["new_state"]) for d in log] == [("on on", "edited"), ("on on Monday", "accepted")]

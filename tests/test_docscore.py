"""The document model's features (style profiles), its windows, length
independence of the shipped model's mt_score, and the windows in the JSON report."""

from __future__ import annotations

import csv
import json

import pytest

from detector.config import Config
from detector.language.lexicon import BUILTIN_DIR
from detector.pipeline.engine import run_rules
from detector.scoring.document_features import (_MARK_RES, TAG_TOKEN_RE, closed_class, feature_names, gram_code_of,
                                                gram_counts, gram_name, profile, profiles, tag_names, tags)
from detector.scoring.document_model import (MIN_WINDOW_WORDS, WINDOW_WORDS, DocumentModel,
                                             load_document_model, window_profiles, windows)
from detector.text.document import Document
from helpers import write

# Written for these tests: two edited-style paragraphs about invented places.
PARAGRAPH = ("The council in Kessford approved plans for 200 new homes on Tuesday, after a meeting that lasted "
             "more than four hours. Residents had asked for a new school and a doctor's surgery to be built "
             "first, and the developer agreed to pay for both. \"We listened to what people told us,\" said Ms "
             "Okafor, who leads the council. Work is expected to start next spring.")
OTHER = ("Rail services between Dunmore and the coast will stop for two weeks in August while engineers replace "
         "a bridge that was damaged by floods last winter. Buses will run instead, the operator said, and "
         "tickets bought before the closure will be accepted on them. It's the third closure on the line "
         "in two years, and passengers' groups say they are losing patience.")


def test_closed_class_rows_name_a_class_and_a_source_and_are_unique():
    with (BUILTIN_DIR / "closed_class.tsv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    assert len(rows) == len({r["word"] for r in rows}) == len(closed_class())
    assert all(r["class"] and r["source"] for r in rows)
    assert {"the", "of", "it", "would", "not", "which"} <= set(closed_class())
    assert not {"council", "said", "government", "war"} & set(closed_class())


def test_profile_has_every_feature_and_no_topic_word():
    feats = profile([[PARAGRAPH]])
    assert set(feats) == set(feature_names())
    assert not any(w in name for name in feats for w in ("council", "homes", "school"))


def test_profile_is_the_same_for_two_topics_built_alike():
    """Content words enter only through their frequency class: swapping nouns of like frequency
    leaves function-word, class, sentence and punctuation features unchanged."""
    a = profile([["The mayor opened the bridge on Friday, and she said it was safe."]])
    b = profile([["The coach praised the striker on Sunday, and she said it was fair."]])
    same = [n for n in feature_names() if n.startswith(("class=", "mark=", "sentence_"))]
    assert {n: a[n] for n in same} == {n: b[n] for n in same}


def test_profile_counts_contractions_quote_styles_and_spacing():
    feats = profile([["It's late, they're tired and we can't stay .", "“Yes,” she said, \"now\"."]])
    assert feats["contractions"] > 0
    assert feats["quote_styles_mixed"] == 1.0
    assert feats["mark=space_before_punct"] > 0
    clean = profile([["It is late, they are tired and we cannot stay.", "“Yes,” she said, “now”."]])
    assert clean["contractions"] == 0 and clean["quote_styles_mixed"] == 0 and clean["mark=space_before_punct"] == 0



def test_every_match_of_a_marks_pattern_contains_its_quick_pattern():
    """The quick pattern only decides whether a text is searched: it must never miss a match."""
    text = "Prices rose 3,5 % - a 1 000 rise , they said,and left.Then  more came."
    for name, (pattern, quick) in _MARK_RES.items():
        found = [m.group() for m in pattern.finditer(text)]
        assert found, name
        assert all(quick.search(m) for m in found), name


def _tags(sentence: str) -> list[str]:
    return [tag_names()[t] for t in tags(TAG_TOKEN_RE.findall(sentence))]


def test_tags_keep_closed_class_words_and_reduce_other_words_to_shape_and_frequency_band():
    got = _tags("The mayor of Kessford said “no” in 2020.")
    assert got[:3] == ["<s>", "the", got[2]] and got[2].startswith("<c")
    assert got[3] == "of" and got[4] == "<C0>"                   # an invented name: capitalised, unknown
    assert '"' in got and "<D>" in got and got[-2:] == [".", "</s>"]
    assert _tags("The mayor opened the bridge on Friday.")[2:] != _tags("The mayor opened a bridge on Friday.")[2:]
    a, b = _tags("The coach praised the striker."), _tags("The mayor opened the bridge.")
    assert [t for t in a if not t.startswith("<c")] == [t for t in b if not t.startswith("<c")]


def test_gram_counts_count_one_to_three_tags_within_sentences():
    first, second = tags(TAG_TOKEN_RE.findall("It rained.")), tags(TAG_TOKEN_RE.findall("It rained."))
    codes, counts, n_tokens = gram_counts(first + second)
    names = dict(zip([gram_name(int(c)) for c in codes], counts.tolist()))
    rained = _tags("It rained.")[2]
    assert n_tokens == 6
    assert names["gram=it"] == 2 and names[f"gram=<s> it {rained}"] == 2 and names["gram=. </s>"] == 2
    assert not any(n.startswith(("gram=</s> ", "gram=. </s> ")) for n in names)  # none runs past a sentence end
    assert list(codes) == sorted(codes)
    for n in names:
        assert gram_name(gram_code_of(n)) == n


def test_an_ngram_the_window_lacks_counts_zero_and_without_counts_its_mean():
    model = DocumentModel(("digits", "gram=it", "gram=the"), (1.0, 2.0, 3.0), 0.5, (0.0, 4.0, 1.0), (1.0, 1.0, 1.0))
    grams = gram_counts(tags(TAG_TOKEN_RE.findall("It rained and it rained.")))
    expected = 0.5 + 2.0 * ((200.0 / 6) ** 0.5 - 4.0) + 3.0 * (0.0 - 1.0)   # sqrt of the count per 100 tokens
    assert model.window_logit({"digits": 0.0}, grams) == pytest.approx(expected)
    assert model.window_logit({"digits": 0.0}) == pytest.approx(0.5)


def test_windows_profiled_together_get_the_profiles_and_ngrams_each_gets_alone():
    """`profiles` counts every window of a text at once; no feature or n-gram leaks across windows."""
    windows_ = [[[PARAGRAPH]], [["It's late -", "they  can't stay ,they said."], [OTHER]], [["Menu"]]]
    together = profiles(windows_, [0.0, 2.0, 1.0])
    for i, w in enumerate(windows_):
        alone = profiles([w], [[0.0, 2.0, 1.0][i]])
        assert together.row(i) == pytest.approx(alone.row(0))
        sentences = [s for p in w for s in p]
        codes, counts, n_tokens = gram_counts([t for s in sentences for t in tags(TAG_TOKEN_RE.findall(s))])
        got = together.grams(i)
        assert got[0].tolist() == codes.tolist() and got[1].tolist() == counts.tolist() and got[2] == n_tokens


def test_glitch_density_enters_as_its_logarithm():
    assert profile([[PARAGRAPH]], glitch_density=4.0)["log_glitch_density"] == pytest.approx(1.6094, abs=1e-4)


def test_windows_are_whole_sentences_of_about_the_target_length_and_skip_furniture():
    text = "Council approves homes\nShare this article\n\n" + "\n\n".join([PARAGRAPH, OTHER] * 6)
    doc = Document.from_text(text)
    ws = windows(doc)
    assert len(ws) > 2
    assert ws[0].start == text.index("The council")                     # headline and widget skipped
    for w in ws:
        assert w.words >= MIN_WINDOW_WORDS
        assert any(s.start == w.start for s in doc.sentences) and any(s.end == w.end for s in doc.sentences)
    for w in ws[:-1]:
        assert WINDOW_WORDS <= w.words < WINDOW_WORDS + 60
    assert [w.start for w in ws] == sorted(w.start for w in ws)
    assert all(a.end <= b.start for a, b in zip(ws, ws[1:]))


def test_a_short_text_is_one_window_and_an_empty_one_none():
    assert len(windows(Document.from_text(PARAGRAPH))) == 1
    assert windows(Document.from_text("Menu\nShare\n")) == []


def _toy(features: tuple[str, ...]) -> DocumentModel:
    return DocumentModel(features, tuple(1.0 for _ in features), -0.5, tuple(0.0 for _ in features),
                         tuple(1.0 for _ in features), (2.0, 0.1), (1.0, 0.0))


def test_a_feature_the_profile_lacks_counts_as_its_training_mean():
    model = DocumentModel(("a", "b"), (1.0, 3.0), 0.0, (0.0, 7.0), (1.0, 2.0))
    assert model.window_logit({"a": 0.5}) == pytest.approx(0.5)
    assert model.window_logit({"a": 0.5, "b": 9.0}) == pytest.approx(0.5 + 3.0)


def test_document_score_is_the_calibrated_word_weighted_mean_of_window_logits():
    model = _toy(("digits", "contractions"))
    doc = Document.from_text("\n\n".join([PARAGRAPH, OTHER] * 4))
    scored, prof = window_profiles(doc, [])
    words = sum(w.words for w in scored)
    logits = [model.window_logit(prof.row(i), prof.grams(i)) for i in range(len(scored))]
    mean = sum(w.words * z for w, z in zip(scored, logits)) / words
    score, ws = model.score_windows(doc, [])
    assert score == pytest.approx(model.probability(mean))
    assert [w.mt_score for w in ws] == [round(model.probability(z, window=True), 3) for z in logits]


# --- the shipped model: length independence -----------------------------------------------------

def _shipped(text: str) -> float:
    doc = Document.from_text(text)
    return load_document_model().score(doc, run_rules(doc, Config()))


def test_a_page_scores_about_the_same_alone_repeated_and_joined_with_its_kind():
    page = "\n\n".join([PARAGRAPH, OTHER])
    alone = _shipped(page)
    assert abs(_shipped("\n\n".join([page] * 20)) - alone) < 0.05
    other = "\n\n".join([OTHER, PARAGRAPH])
    joined = _shipped("\n\n".join([page, other] * 10))
    assert min(alone, _shipped(other)) - 0.05 <= joined <= max(alone, _shipped(other)) + 0.05


def test_json_report_has_a_score_for_each_window(cli, tmp_path):
    text = "\n\n".join([PARAGRAPH, OTHER] * 5)
    path = write(tmp_path / "long.txt", text)
    result = cli("scan", "--format", "json", str(path))
    doc, = json.loads(result.stdout)["documents"]
    assert len(doc["windows"]) >= 3
    for w in doc["windows"]:
        assert set(w) == {"start", "end", "mt_score"} and 0.0 <= w["mt_score"] <= 1.0
        assert text[w["start"]:w["end"]].strip() == text[w["start"]:w["end"]]
    assert doc["windows"][0]["start"] == 0 and doc["windows"][-1]["end"] == len(text)


def test_rules_only_reports_no_windows(cli, tmp_path):
    path = write(tmp_path / "a.txt", PARAGRAPH)
    doc, = json.loads(cli("scan", "--format", "json", "--rules-only", str(path)).stdout)["documents"]
    assert doc["windows"] == []


def test_mt_threshold_alone_routes_at_the_shipped_models_default(cli, tmp_path):
    src = tmp_path / "src"
    for i, text in enumerate([PARAGRAPH, OTHER, "\n\n".join([OTHER, PARAGRAPH])]):
        write(src / f"a{i}.txt", text)
    result = cli("clean", src, "--out", tmp_path / "out", "--jobs", "1", "--mt-threshold")
    assert result.exit_code == 0, result.output
    threshold = load_document_model().threshold
    assert 0.5 <= threshold < 1
    audit = [json.loads(x) for x in (tmp_path / "out" / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["machine_translated"] == sum(a["mt_score"] >= threshold for a in audit)
    assert cli("clean", src, "--out", tmp_path / "out2", "--mt-threshold", "1.5").exit_code == 2

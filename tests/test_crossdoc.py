"""Cross-document evidence: stories, alignment, the differences that count and those that do not."""

from __future__ import annotations

import json

import numpy as np
import pytest

from detector.config import Config
from detector.language.lexicon import load_table
from detector.pipeline import crossdoc
from detector.pipeline.engine import scan_document
from detector.text.document import Document

FILLER = ("The talks in the capital lasted three hours and ended without a joint statement. "
          "Officials from both delegations said further meetings were planned for the spring. ")


def story(*sentences: str, date: str | None = None) -> Document:
    header = f" date {date} \n\n" if date else ""
    return Document.from_text(header + FILLER + "\n\n" + "\n\n".join(sentences) + "\n", path=f"doc{id(sentences)}")


def reports(*docs: Document, config: Config = Config()):
    out = [scan_document(d, config) for d in docs]
    return out, crossdoc.apply(out, config)


def test_reports_of_one_story_are_grouped_and_unrelated_ones_are_not():
    a = story("The minister said the harvest would be late this year because of the rain.")
    b = story("The minister said that the harvest will be late this year because of rain.")
    c = Document.from_text("Shares in the carmaker rose sharply after it reported record profits "
                           "for the quarter, beating analysts' forecasts for electric vehicles.\n")
    assert crossdoc.group_stories([a, b, c]) == [[0, 1]]


def test_date_headers_far_apart_keep_stories_apart():
    a = story("The minister said the harvest would be late.", date="2022-01-21")
    b = story("The minister said the harvest would be late.", date="2022-03-01")
    assert crossdoc.group_stories([a, b]) == []


def test_a_pronoun_for_a_country_gets_the_siblings_wording_as_evidence():
    edited = story("“It can pick the path of dialogue or the path of isolation,” the envoy said of Iran.")
    translated = story("“He can pick the path of dialogue or the path of isolation,” the envoy said of Iran.")
    (r_edited, r_translated), stories = reports(edited, translated)
    assert stories == 1
    found = [f for f in r_translated.candidates if f.text == "He"]
    assert found, [f.to_json() for f in r_translated.candidates]
    f = found[0]
    assert f.suggestion == "It" and f.evidence and f.evidence[0]["path"] == edited.path
    assert "1 other report of this story writes 'It can pick'" in f.message
    assert not [f for f in r_edited.candidates if f.evidence]


def test_evidence_raises_the_confidence_of_an_existing_finding():
    edited = story("Russia now faces a choice.", "It can pick dialogue or it can pick a long conflict.")
    translated = story("Russia now faces a choice.", "He can pick dialogue or he can pick a long conflict.")
    before = {(f.start, f.rule): f.confidence for f in scan_document(translated, Config()).candidates}
    _, r = reports(edited, translated)[0]
    raised = [f for f in r.candidates if f.evidence and (f.start, f.rule) in before]
    assert raised and all(f.confidence > before[(f.start, f.rule)] for f in raised)


def test_a_difference_no_rule_caught_becomes_a_sibling_finding():
    edited = story("The delegations agreed to meet again, and the ministers stressed the security "
                   "interests of both sides in the region.")
    translated = story("The delegations agreed to meet again, and the ministers stressed the safety "
                       "interests of both sides in the region.")
    (_, r), _ = reports(edited, translated, config=Config(ignore=("MT301",)))
    new = [f for f in r.findings if f.rule == "MT701"]
    assert [(f.text, f.suggestion, f.category) for f in new] == [("safety", "security", "calque")]


def test_a_doubled_full_stop_is_confirmed_by_a_sibling():
    edited = story("The agreement was signed on Tuesday, the ministry said.")
    translated = story("The agreement was signed on Tuesday, the ministry said. .")
    (_, r), _ = reports(edited, translated)
    doubled = [f for f in r.candidates if f.category == "double_punct"]
    assert doubled and doubled[0].evidence


def test_a_paraphrase_is_not_a_finding():
    a = story("The minister said the new bridge would open to traffic in the spring of next year.")
    b = story("The minister said that the new bridge should open to traffic next spring, if funds allow.")
    (ra, rb), stories = reports(a, b)
    assert stories == 1
    assert not [f for f in ra.candidates + rb.candidates if f.rule == "MT701" or f.evidence]


def test_punctuation_only_differences_that_are_not_doubled_marks_are_ignored():
    a = story("We have been clear: the border must stay open to aid convoys and to journalists.")
    b = story("We have been clear the border must stay open to aid convoys and to journalists.")
    (ra, rb), _ = reports(a, b)
    assert not [f for f in ra.candidates + rb.candidates if f.evidence or f.rule == "MT701"]


def test_another_style_of_apostrophe_is_not_a_lost_one():
    curly = story("The mayor’s office said Oslo’s plan would cost more than the council expected.")
    straight = story("The mayor's office said Oslo's plan would cost more than the council expected.")
    lost = story("The mayor's office said Oslos plan would cost more than the council expected.")
    (rc, rs), _ = reports(curly, straight)
    assert not [f for f in rc.candidates + rs.candidates if f.rule == "MT701" or f.evidence]
    (_, rl), _ = reports(straight, lost)
    assert [(f.text, f.category) for f in rl.candidates if f.evidence] == [("Oslos", "possessive")]


@pytest.mark.parametrize("row", load_table("crossdoc_pairs"), ids=lambda r: r["glitch"])
def test_every_word_pair_example_is_classified(row):
    glitch, edited = (part.strip() for part in row["example"].split("|"))
    docs = [story(f"Officials confirmed that {edited} today."), story(f"Officials confirmed that {glitch} today.")]
    pairs = crossdoc.align(crossdoc.SentenceFeatures(docs), 0, 1)
    found = [d for a, sa, b, sb in pairs for d in crossdoc.differences(docs, a, sa, b, sb)]
    assert any(d.doc == 1 and d.category == row["category"] for d in found), found


def test_cli_crossdoc_is_on_by_default_and_can_be_turned_off(cli, tmp_path):
    (tmp_path / "a.txt").write_text(FILLER + "\n\n“It can pick dialogue or isolation,” the envoy said of Iran.\n",
                                    encoding="utf-8")
    (tmp_path / "b.txt").write_text(FILLER + "\n\n“He can pick dialogue or isolation,” the envoy said of Iran.\n",
                                    encoding="utf-8")
    on = json.loads(cli("scan", tmp_path, "--format", "json", "--min-confidence", "0").stdout)
    off = json.loads(cli("scan", tmp_path, "--format", "json", "--min-confidence", "0", "--no-crossdoc").stdout)
    assert any(f.get("evidence") for d in on["documents"] for f in d["findings"])
    assert not any(f.get("evidence") for d in off["documents"] for f in d["findings"])


def similarity(docs: list[Document], i: int, j: int) -> float:
    m = crossdoc.term_matrix([crossdoc.sketch(d, with_phrases=False) for d in docs])
    return float(crossdoc.cosines(m, np.array([[i, j]]))[0])


TOPIC_A = ("Carmakers reported falling sales across Europe as diesel demand collapsed, and dealers cut "
           "prices on electric models to clear stock before the new registration rules.\n")
TOPIC_B = ("Electric car sales climbed in Europe last quarter while diesel models lost ground, dealers "
           "said, as carmakers raced to meet tougher emissions rules on registration.\n")
UNRELATED = ("The orchestra opened its winter season with a new symphony by a young composer, "
             "and the conductor thanked the audience for returning after the long renovation.\n")


def test_a_topic_neighbour_that_is_not_the_same_story_is_not_grouped():
    docs = [Document.from_text(t) for t in (TOPIC_A, TOPIC_B, UNRELATED)]
    assert similarity(docs, 0, 1) >= crossdoc.STORY_SIMILARITY  # close in vocabulary ...
    assert crossdoc.group_stories(docs) == []                      # ... but no phrase in common


def test_an_exact_duplicate_is_grouped():
    docs = [Document.from_text(t) for t in (TOPIC_A, UNRELATED, TOPIC_A, TOPIC_B)]
    assert crossdoc.group_stories(docs) == [[0, 2]]


def test_each_report_is_linked_only_to_its_closest_reports():
    copies = [story("The minister said the harvest would be late this year because of the rain.")
              for _ in range(5)]
    links = crossdoc.link_reports(copies)
    assert crossdoc.group_stories(copies) == [list(range(len(copies)))]
    assert len(links) < len(copies) * (len(copies) - 1) // 2  # not every pair



@pytest.mark.parametrize("text", [
    "The Kremlin's and Kremlin’s view; don't, DON'T shouldn't café caféx ab_cd _abcd abcd1 1abcd",
    "İstanbul İSTANBUL and ΟΔΟΣ.ΑΒΓΔ words Words WORDS words' o'clock rock'n'roll",
    "Prices rose. Prices fell; prices held and the government's government government.",
    "ΟΔΟΣ.Α prices rose and prices fell, traders said; ΟΔΟΣ prices rose and prices fell again",
])
def test_sketch_terms_are_the_runs_of_four_letters_a_z_in_order_of_first_use(text):
    import re
    from collections import Counter

    stop = crossdoc.load_words("stop_words")
    expected = Counter(t for t in re.findall(r"\b[a-z]{4,}\b", text.lower()) if t not in stop)
    doc = Document.from_text(text)
    s = crossdoc.sketch(doc)
    assert s.terms.tolist() == [hash(t) for t in expected] and s.counts.tolist() == list(expected.values())
    from_tokens = crossdoc.sketch(doc, tokens=doc.word_tokens)  # as the scan workers make it
    for part in ("terms", "counts", "phrases"):
        assert np.array_equal(getattr(from_tokens, part), getattr(s, part))
    terms_only = crossdoc.sketch(doc, with_phrases=False)  # from the text, as linking makes it
    assert np.array_equal(terms_only.terms, s.terms) and np.array_equal(terms_only.counts, s.counts)


def test_sketches_made_by_scan_workers_equal_those_made_here(tmp_path):
    from detector.text.reader import iter_paths
    from detector.pipeline.scanner import PARALLEL_MIN_FILES, scan_paths

    for k in range(PARALLEL_MIN_FILES + 2):
        (tmp_path / f"{k:03}.txt").write_text(f"Report {k}. The ministry's spokesman said talks on item {k} "
                                              "would resume in Geneva, officials confirmed.\n", encoding="utf-8")
    items = list(scan_paths(list(iter_paths([str(tmp_path)], ())), Config(), jobs=2, compare=True))
    for report in items:
        mine = crossdoc.sketch(report.document)
        assert report.sketch.salt == crossdoc.SALT
        for part in ("terms", "counts", "phrases"):
            assert np.array_equal(getattr(report.sketch, part), getattr(mine, part))


def test_a_sketch_from_a_process_with_other_string_hashes_is_made_again():
    docs = [story("The minister said the harvest would be late this year because of the rain."),
            story("The minister said that the harvest will be late this year because of rain.")]
    foreign = [crossdoc.Sketch(np.array([1, 2]), np.array([1, 1]), np.array([3]), salt=crossdoc.SALT + 1)] * 2
    assert crossdoc.link_reports(docs, foreign) == crossdoc.link_reports(docs) == [(0, 1)]


def test_phrases_made_apart_from_a_sketch_are_the_sketchs():
    for text in ["The Kremlin's view of the talks in Geneva was that the talks in Geneva had failed, officials said.",
                 "Officials said. Don't doubt the officials’ doubts about the officials' doubts."]:
        doc = Document.from_text(text)
        assert np.array_equal(crossdoc._phrases_of(doc), crossdoc.sketch(doc).phrases)

"""The Document model: the date header, offline sentence segmentation, and offsets into the text."""

from __future__ import annotations

import json
import random
import socket
import subprocess
import sys

import nltk
import pytest

from detector.config import Config
from detector.language.lexicon import load_words
from detector.pipeline.engine import scan_document
from detector.text import segment
from detector.text.document import TOKEN_RE, Document
from helpers import SEEDS, write

ALL_RULES = Config(min_confidence=0)

HEADER = " date 2024-03-05 \n\n\n"
BODY = ("Mr. Halvorsen met U.S. officials on Monday. They discussed trade. "
        "Dr. Amara Osei said the talks went well.\n\n"
        "The U.S. economy grew 2 percent in the year to March. Prices rose at 10 a.m. on Friday, "
        "the “official” data showed.\n\n"
        "The council will meet on on Monday. The vote was postponed. .\n")


# --- the date header --------------------------------------------------------------------------

def test_header_is_metadata_and_the_body_follows_it():
    doc = Document.from_text(HEADER + BODY)
    assert doc.metadata == {"date": "2024-03-05"}
    assert doc.text == HEADER + BODY, "the text keeps the header: offsets index the whole file"
    assert doc.text[:doc.body_start].strip() == "date 2024-03-05"
    assert doc.body.strip() == BODY.strip()


def test_header_is_never_tokenised_segmented_or_flagged():
    doc = Document.from_text(HEADER + BODY)
    assert "date" not in doc.word_tokens and "2024" not in doc.word_tokens
    assert all(s.start >= doc.body_start for s in doc.sentences + doc.paragraphs)
    findings = scan_document(doc, ALL_RULES).findings
    assert findings, "the body's glitches are still found"
    assert all(f.start >= doc.body_start for f in findings)


def test_header_offsets_shift_findings_but_not_their_text():
    with_header = scan_document(Document.from_text(HEADER + BODY), ALL_RULES).findings
    without = scan_document(Document.from_text(BODY), ALL_RULES).findings
    assert [(f.rule, f.text) for f in with_header] == [(f.rule, f.text) for f in without]
    assert [f.start - len(HEADER) for f in with_header] == [f.start for f in without]
    assert [f.line - 3 for f in with_header] == [f.line for f in without]


@pytest.mark.parametrize("header", ["date 2024-03-05\n", " date 2024-03-05 \n", "\ndate 2024-03-05\t\n"])
def test_header_variants(header):
    doc = Document.from_text(header + "The council met.\n")
    assert doc.metadata.get("date") == "2024-03-05"
    assert doc.body.strip() == "The council met."


@pytest.mark.parametrize("text", [
    "The council met.\n date 2024-03-05 \n",     # not on the first line
    "The date 2024-03-05 was chosen.\n",          # inside a sentence
    " date 05-03-2024 \nThe council met.\n",      # not an ISO date
])
def test_text_that_only_looks_like_a_header_is_body(text):
    doc = Document.from_text(text)
    assert doc.metadata == {} and doc.body_start == 0


def test_seed_headers_are_metadata():
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        doc = Document.from_text(text)
        if text.lstrip().startswith("date "):
            assert doc.metadata.get("date"), path.name
            findings = scan_document(doc, ALL_RULES).findings
            assert all(f.start >= doc.body_start for f in findings), path.name


def test_json_offsets_index_the_file_with_its_header(cli, tmp_path):
    path = write(tmp_path / "dated.txt", HEADER + BODY)
    data = json.loads(cli("scan", path, "--format", "json").stdout)
    findings = data["documents"][0]["findings"]
    assert findings
    for f in findings:
        assert f["start"] >= len(HEADER)
        assert (HEADER + BODY)[f["start"]:f["end"]] == f["text"]


# --- sentence segmentation --------------------------------------------------------------------

@pytest.fixture
def offline(monkeypatch):
    """Fail loudly if anything tries to download NLTK data or open a network connection."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network or NLTK data access: {args!r}")

    monkeypatch.setattr(nltk, "download", refuse)
    monkeypatch.setattr(nltk.downloader, "download", refuse, raising=False)
    monkeypatch.setattr(nltk.data, "load", refuse)
    monkeypatch.setattr(nltk.data, "find", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    segment._abbreviations.cache_clear()  # load the parameters again under the patches
    yield
    segment._abbreviations.cache_clear()


def sentences(text: str) -> list[str]:
    return [s.text for s in Document.from_text(text).sentences]


def test_segmentation_needs_no_download(offline):
    assert sentences("The talks ended. The ministers left.\n") == ["The talks ended.", "The ministers left."]


def test_a_whole_scan_needs_no_download(offline):
    findings = scan_document(Document.from_text(HEADER + BODY), ALL_RULES).findings
    assert findings


def test_refusal_fixture_really_refuses(offline):
    with pytest.raises(AssertionError):
        nltk.download("punkt")
    with pytest.raises(AssertionError):
        nltk.data.load("tokenizers/punkt/english.pickle")


@pytest.mark.parametrize("text,expected", [
    ("Mr. Halvorsen met the mayor. They discussed trade.",
     ["Mr. Halvorsen met the mayor.", "They discussed trade."]),
    ("The U.S. economy grew in March. Prices rose.",
     ["The U.S. economy grew in March.", "Prices rose."]),
    ("Dr. Amara Osei and Gen. Ruiz met Sen. Park on Jan. 5 in Washington. The talks went well.",
     ["Dr. Amara Osei and Gen. Ruiz met Sen. Park on Jan. 5 in Washington.", "The talks went well."]),
    ("Acme Inc. said profit rose. Shares fell.", ["Acme Inc. said profit rose.", "Shares fell."]),
    ("Prices rose at 10 a.m. on Friday. Traders were surprised.",
     ["Prices rose at 10 a.m. on Friday.", "Traders were surprised."]),
    ("“We will win,” she said. “We always do.”", ["“We will win,” she said.", "“We always do.”"]),
    ("Is it over? Not yet! The count goes on.", ["Is it over?", "Not yet!", "The count goes on."]),
], ids=["Mr", "U.S.", "titles-and-months", "Inc", "a.m.", "quotes", "question-exclamation"])
def test_abbreviations_do_not_end_sentences(offline, text, expected):
    assert sentences(text + "\n") == expected


@pytest.mark.xfail(strict=True, reason="an abbreviation that ends a sentence ('p.m.' before a capital) never "
                                       "splits: Punkt runs without orthographic statistics")
def test_abbreviation_at_the_end_of_a_sentence(offline):
    assert sentences("The talks ended at 5 p.m. The ministers then left.\n") == [
        "The talks ended at 5 p.m.", "The ministers then left."]


TRICKY = [
    "He said... then stopped. “Why?” she asked (quietly). The U.N. met on Jan. 5 at 10 a.m. in N.Y.",
    "Prices rose 2.5% to $1,000.50 in Q3. Mr. J. R. R. Tolkien wrote it. -- The end.. Or not?! Yes.",
    "The vote was 3-2.’ Then: «No.» [Laughter.] 'Fine.' They left... Finally, “it’s done.”",
    "Sentence one.Sentence two without a space. e.g. this one. i.e., that one. Section 3.2 applies.",
    "Talks with Gov. Smith ended. Did they? No! Really?\" Yes.\" (Done.) Then ex. officials met Co. chiefs.",
    "It rose in 2005. The dept. said so. St. Petersburg's mayor met Dr. No. Mr. A. Smith left. Est. 1999.",
]


def fuzz(seed: int, n: int) -> list[str]:
    """Random runs of the pieces Punkt decides on: abbreviations, initials, numbers, quotes, ellipses."""
    rng = random.Random(seed)
    pieces = ["U.S.", "5.", "A.", "e.g.", "Mr.", "said.", "said?", "Why!", "“", "”", "’", "\"", "(", ")", "...", "--",
              ",", ".", ". .", "J.", "10.", "2,000.", "\n", "\n\n", " ", "x.", "end.)", "He", "the", "\t", "Ü.",
              "«", "»", "a.m.", "no.", ";", ":"]
    return ["".join(rng.choice(pieces) + rng.choice(["", " ", " "]) for _ in range(rng.randint(1, 24)))
            for _ in range(n)]


def test_segmentation_equals_nltks_own_punkt(offline):
    """The splitter gives exactly the spans of NLTK's PunktSentenceTokenizer with the same parameters."""
    from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

    params = PunktParameters()
    params.abbrev_types = {a.lower().rstrip(".") for a in load_words("abbreviations")}
    stock = PunktSentenceTokenizer(params)
    seeds = [line for p in sorted(SEEDS.glob("*.txt")) for line in p.read_text(encoding="utf-8").splitlines()]
    for paragraph in TRICKY + [line for line in seeds if line.strip()] + fuzz(0, 3000):
        assert segment.span_tokenize(paragraph) == list(stock.span_tokenize(paragraph)), paragraph


def test_segmentation_does_not_import_nltk():
    code = ("import sys; from detector.text.document import Document; "
            "assert len(Document.from_text('It ended. Mr. Li left.').sentences) == 2; "
            "assert 'nltk' not in sys.modules, 'nltk was imported'")
    subprocess.run([sys.executable, "-c", code], check=True)


def test_paragraphs_are_never_joined_into_one_sentence():
    doc = Document.from_text("Headline without a full stop\nThe body starts here. It goes on.\n")
    assert [s.text for s in doc.sentences] == ["Headline without a full stop", "The body starts here.",
                                               "It goes on."]


# --- offsets ----------------------------------------------------------------------------------

SAMPLES = [
    HEADER + BODY,
    BODY.replace("\n", "\r\n"),
    "Résumé: the café’s owner — “naïve” — met 🇺🇦 envoys; l’État said it’s fine.\n\n\tIndented line.\n",
]


@pytest.mark.parametrize("text", SAMPLES, ids=["header", "crlf", "unicode"])
def test_offsets_index_into_the_text(text):
    doc = Document.from_text(text)
    for unit in doc.sentences + doc.paragraphs:
        assert doc.text[unit.start:unit.end] == unit.text
    tokens = list(TOKEN_RE.finditer(doc.text, doc.body_start))
    assert tokens
    for t in tokens:  # every token of the body lies inside one sentence
        s = doc.sentence_at(t.start())
        assert s.start <= t.start() and t.end() <= s.end, (t, s)
    assert "".join(t.group() for t in tokens) == "".join(doc.body.split())


def test_words_keep_apostrophes_inside_them():
    doc = Document.from_text("The country’s leader didn't say it's over.\n")
    assert "country’s" in doc.word_tokens and "didn't" in doc.word_tokens
    assert doc.word_runs >= {"country", "s", "didn", "t"}


def test_line_and_column_are_one_based():
    doc = Document.from_text("first line\nsecond line\n")
    assert doc.line_col(0) == (1, 1)
    assert doc.line_col(doc.text.index("second")) == (2, 1)
    assert doc.line_col(doc.text.index("line", 12)) == (2, 8)


def test_word_counts_and_apostrophe_preference():
    doc = Document.from_text("The mayor’s plan and the mayor’s budget. It's late.\n")
    assert doc.word_counts["mayor’s"] == 2 and doc.word_counts["The"] == 1
    assert doc.apostrophe == "’"
    assert Document.from_text("It's the mayor's plan.\n").apostrophe == "'"


def test_crlf_text_gets_the_same_findings_as_lf_text():
    lf = ("The council will meet on on Monday. The vote was postponed. .\n\n"
          "“We have enough grain for the winter,” he said. “We will share it with our neighbours. “\n\n"
          "The ministry backs synthetic intelligence research.\n")
    crlf = lf.replace("\n", "\r\n")
    a = scan_document(Document.from_text(lf), ALL_RULES).findings
    b = scan_document(Document.from_text(crlf), ALL_RULES).findings
    assert [(f.rule, f.text, f.suggestion) for f in b] == [(f.rule, f.text, f.suggestion) for f in a]
    assert [f.line for f in b] == [f.line for f in a]


def test_crlf_text_keeps_findings_of_line_internal_rules():
    lf = "The council will meet on on Monday. The vote was postponed. .\n\nThe ministry backs synthetic intelligence.\n"
    a = scan_document(Document.from_text(lf), ALL_RULES).findings
    b = scan_document(Document.from_text(lf.replace("\n", "\r\n")), ALL_RULES).findings
    assert [(f.rule, f.text) for f in b] == [(f.rule, f.text) for f in a] and a

"""Cross-document evidence over a stream: the same findings as over the whole list, in input order."""

from __future__ import annotations

import io
import json
import random

import pytest

from detector.config import Config
from detector.pipeline import crossdoc, crossdoc_stream
from detector.pipeline.engine import scan_document
from detector.report.formats import document_json
from detector.text.document import Document
from detector.text.reader import ReadError

FILLER = ("The talks in the capital lasted three hours and ended without a joint statement. "
          "Officials from both delegations said further meetings were planned for the spring. ")
VERSIONS = [
    ("“It can pick the path of dialogue or the path of isolation,” the envoy said of {place}.",
     "“He can pick the path of dialogue or the path of isolation,” the envoy said of {place}."),
    ("The ministry said its budget for {place} would rise next year.",
     "The ministry said his budget for {place} would rise next year."),
]
PLACES = ["Iran", "Norway", "Chile", "Kenya", "Vietnam", "Peru"]


def corpus() -> list[Document]:
    """Three reports of each of several stories (one with a glitch), and unrelated notes, shuffled."""
    docs = []
    for k, place in enumerate(PLACES):
        edited, glitch = VERSIONS[k % len(VERSIONS)]
        opening = f"Reporters in {place} followed the {place} delegation to the summit on {place} trade. "
        for n, sentence in enumerate([edited, edited, glitch]):
            docs.append(Document.from_text(opening + FILLER + "\n\n" + sentence.format(place=place) + "\n",
                                           path=f"{place}-{n}.txt"))
    for k in range(4):
        docs.append(Document.from_text(f"Note {k}: the orchestra opens its winter season with symphony {k}.\n",
                                       path=f"note-{k}.txt"))
    random.Random(3).shuffle(docs)
    return docs


def rendered(items) -> list[str]:
    return [json.dumps(document_json(i), sort_keys=True) for i in items]


def test_streamed_evidence_equals_the_whole_batchs_and_keeps_errors_in_place(monkeypatch):
    monkeypatch.setattr(crossdoc_stream, "KEEP", 2)   # reports are read back from the file again and again
    docs = corpus()
    held = [scan_document(d, Config()) for d in docs]
    assert crossdoc.apply(held, Config()) >= len(PLACES)
    items = [scan_document(Document.from_text(d.text, path=d.path), Config()) for d in docs]
    for r in items:
        r.document.compact()
    items.insert(5, ReadError("missing.txt", "cannot read: No such file or directory"))
    items.append(ReadError("last.txt", "not UTF-8"))
    out = list(crossdoc_stream.with_evidence(iter(items), Config()))
    assert [getattr(i, "path", None) or i.document.path for i in out] == \
        [getattr(i, "path", None) or i.document.path for i in items]
    expected = rendered(held)
    expected.insert(5, json.dumps(document_json(items[5]), sort_keys=True))
    expected.append(json.dumps(document_json(items[-1]), sort_keys=True))
    assert rendered(out) == expected
    assert any(f.rule == "MT701" or f.evidence for r in out if not isinstance(r, ReadError) for f in r.findings)


@pytest.mark.parametrize("reports", [0, 1])
def test_fewer_than_two_reports_pass_through_as_they_are(reports):
    items = [ReadError("a.txt", "cannot read")]
    items += [scan_document(Document.from_text("He said it was late.\n"), Config()) for _ in range(reports)]
    out = list(crossdoc_stream.with_evidence(iter(items), Config()))
    assert len(out) == len(items) and all(a is b for a, b in zip(out, items))


def test_the_spill_gives_back_what_it_was_given(monkeypatch):
    import numpy as np

    monkeypatch.setattr(crossdoc_stream, "KEEP", 1)
    spill = crossdoc_stream.Spill()
    spill.add(ReadError("x", "bad"))
    spill.add(ReadError("y", "worse"), np.array([3, -1, 2**62], dtype=np.int64).tobytes())
    assert [spill.item(1).path, spill.item(0).path, spill.release(1).error] == ["y", "x", "worse"]
    assert spill.phrases_of(0).tolist() == [3, -1, 2**62] and len(spill) == 2
    spill.close()


def test_a_spill_that_cannot_be_written_is_one_line_and_exit_2(cli, tmp_path, monkeypatch):
    for k in range(3):
        (tmp_path / f"{k}.txt").write_text(FILLER + f"Report {k}.\n", encoding="utf-8")
    out = tmp_path / "report.json"

    class Full(io.BytesIO):
        def write(self, data):
            raise OSError(28, "No space left on device")

    monkeypatch.setattr(crossdoc_stream.tempfile, "TemporaryFile", lambda **kw: Full())
    result = cli("scan", tmp_path, "--format", "json", "-o", out)
    assert result.exit_code == 2 and not out.exists()
    assert result.stderr.count("\n") == 1 and "No space left on device" in result.stderr
    assert "--no-crossdoc" in result.stderr


def test_a_spill_whose_second_file_cannot_be_made_leaves_the_first_closed(monkeypatch):
    made = []

    def temporary_file(**kw):
        if made:
            raise OSError(24, "Too many open files")
        made.append(io.BytesIO())
        return made[-1]

    monkeypatch.setattr(crossdoc_stream.tempfile, "TemporaryFile", temporary_file)
    with pytest.raises(crossdoc_stream.SpillError, match="Too many open files"):
        crossdoc_stream.Spill()
    assert made[0].closed

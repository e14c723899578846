"""Labelled pages for the document model: web pages (web_docs, the gold collections' labels), WMT21
documents (MT output, human translations, original English) and BBC News.

A page's `site` is its cross-validation group: pages of one site are never on both sides of a split.
Its `mechanism` is the kind of machine translation (a source language, round-trip, spinner) or ''.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

from ..text.document import Document
from ..text.reader import read_document
from .corpora import _tsv

WMT_DOC_SEGMENTS = 12  # consecutive segments joined into one document where WMT gives no document id


@dataclass
class Page:
    document: Document
    label: int            # 1 machine-translated or spun, 0 edited or original English
    site: str
    collection: str       # web_docs, web_dev, web_dev2, seeds, wmt, bbc ...
    mechanism: str = ""

    @property
    def mechanism_group(self) -> str:
        """The mechanism's family: 'spinner', 'round-trip', 'from <language>', or 'edited'."""
        return mechanism_group(self.mechanism) if self.label else "edited"


def mechanism_group(mechanism: str) -> str:
    m = mechanism.lower()
    if "spinner" in m or "rewrite" in m or "paraphrase" in m:
        return "spinner"
    if "round-trip" in m or "round trip" in m:
        return "round-trip"
    found = re.search(r"from ([a-z]+)", m)
    return f"from {found.group(1)}" if found else (m or "unknown")


def web_docs(data: Path) -> list[Page]:
    """../shared/data/web_docs/docs.jsonl: labelled excerpts of web news pages (empty when absent)."""
    path = data / "web_docs" / "docs.jsonl"
    if not path.is_file():
        return []
    out = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            out.append(Page(Document.from_text(r["text"], path=f"web_docs:{r['id']}"), int(r["label"] == "mt"),
                            r["site"], "web_docs", r.get("mechanism") or ""))
    return out


def gold_pages(gold_file: Path, texts: Path, collection: str) -> list[Page]:
    """The page labels of a gold file (`machine_translated`, `site`, `mechanism`); its spans are not read."""
    out = []
    for gd in json.loads(gold_file.read_text(encoding="utf-8"))["documents"]:
        doc = read_document(texts / gd["file"])
        if not isinstance(doc, Document):
            raise ValueError(f"{texts / gd['file']}: {doc.error}")
        out.append(Page(doc, int(bool(gd.get("machine_translated"))), gd.get("site", collection), collection,
                        gd.get("mechanism") or ""))
    return out


def wmt_pages(data: Path) -> list[Page]:
    """WMT21 documents: each producer's version of a document (MT 1, human translation 0) and the
    original English documents (0). Versions of one source document share a site."""
    segs: dict[tuple[str, str, str], list[tuple[int, str]]] = defaultdict(list)
    origin: dict[str, int] = {}
    for r in _tsv(data / "wmt21_toen" / "flat.tsv"):
        text = r["text"].strip()
        if not text:
            continue
        seg = int(r["seg_id"])
        doc = r["doc_id"] or f"block{(seg - 1) // WMT_DOC_SEGMENTS}"
        segs[(r["pair"], doc, r["producer"])].append((seg, text))
        origin[r["producer"]] = int(r["origin"] == "mt")
    for i, r in enumerate(_tsv(data / "wmt21_toen" / "en_original.tsv")):
        doc = r["doc_id"] or f"block{i // WMT_DOC_SEGMENTS}"
        segs[("en", doc, "original")].append((i, r["text"].strip()))
    origin["original"] = 0
    out = []
    for (pair, doc, producer), rows in sorted(segs.items()):
        text = "\n".join(t for _, t in sorted(rows))
        label = origin[producer]
        out.append(Page(Document.from_text(text, path=f"wmt:{pair}:{doc}:{producer}"), label, f"wmt:{pair}:{doc}",
                        "wmt", f"from {pair.split('-')[0]}" if label else ""))
    return out


def bbc_pages(articles: list[tuple[str, str]]) -> list[Page]:
    return [Page(Document.from_text(text, path=f"bbc:{aid}"), 0, f"bbc:{aid}", "bbc") for aid, text in articles]


def _draw(page: Page) -> float:
    """A fixed number in [0, 1) from a hash of the page's site (for BBC: its id)."""
    return int.from_bytes(hashlib.sha256(page.site.encode()).digest()[:4], "big") / 2 ** 32


def held_out(page: Page, share: float = 1 / 3) -> bool:
    """A fixed share of BBC articles never trains the model, by a hash of its id (for the BBC check)."""
    return _draw(page) < share


def sets_threshold(page: Page, share: float = 1 / 6) -> bool:
    """The first half of the held-out BBC articles sets the default threshold; the second half
    measures what it routes."""
    return _draw(page) < share

"""Readers for the training corpora: WMT21 into-English, original English news, BBC News.

They read a data folder laid out like ../shared/data (or the small sample in tests/data).
"""

from __future__ import annotations

import csv
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

csv.field_size_limit(sys.maxsize)


@dataclass(frozen=True)
class Segment:
    text: str
    label: int          # 1 machine-translated, 0 human-written or human-translated
    group: str          # document (or segment) id: splits never separate a group
    pair: str
    producer: str


def _tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def wmt_segments(data: Path, min_words: int = 6) -> list[Segment]:
    """MT output (1) against human references and original English (0), short and copied MT dropped."""
    rows = _tsv(data / "wmt21_toen" / "flat.tsv")
    refs: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r["origin"] == "human_translation":
            refs[(r["pair"], r["seg_id"])].add(r["text"].strip())
    out = []
    for r in rows:
        text = r["text"].strip()
        if len(text.split()) < min_words:
            continue
        is_mt = r["origin"] == "mt"
        if is_mt and text in refs[(r["pair"], r["seg_id"])]:
            continue
        group = f"{r['pair']}:{r['doc_id'] or 'seg' + r['seg_id']}"
        out.append(Segment(text, int(is_mt), group, r["pair"], r["producer"]))
    for r in _tsv(data / "wmt21_toen" / "en_original.tsv"):
        text = r["text"].strip()
        if len(text.split()) >= min_words:
            out.append(Segment(text, 0, f"en:{r['doc_id'] or 'line' + r['line_no']}", "en", "original"))
    return out


def bbc_articles(data: Path) -> list[tuple[str, str]]:
    """(id, text) of the unique BBC articles: professionally edited English."""
    out = []
    with (data / "bbc_news" / "articles.jsonl").open(encoding="utf-8") as handle:
        for line in handle:
            r = json.loads(line)
            if r.get("duplicate_of") is None:
                out.append((r["id"], f"{r['title']}\n\n{r['text']}"))
    return out

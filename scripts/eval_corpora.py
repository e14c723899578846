#!/usr/bin/env python3
"""Evaluation tool (reads ../shared/data; nothing here ships): findings per 10,000 words.

- bbc_news: professionally edited articles; every finding is a likely false alarm.
- web_docs and the gold sets: their edited pages, likewise (each finding is listed).
- wmt21_toen: per rule, findings per 10,000 words in MT output against original English news.

    python scripts/eval_corpora.py [--shared ../shared] [--list 40] [--rules-only] [--select CODES] [--no-wmt]
        [--fluency [--fluency-cache A.pkl,B.pkl]]

--fluency runs the language model's stage (MT801) where the engine's gate lets it; --fluency-cache
reads its scores from `scripts/fluency_data.py` caches where they hold a text.
"""

from __future__ import annotations

import argparse
import csv
import json
import pickle
import sys
from collections import Counter, defaultdict
from pathlib import Path

from detector.config import Config
from detector.fluency.mode import scoring_with
from detector.pipeline.engine import scan_document
from detector.text.document import Document
from detector.training.evaluate import locate

csv.field_size_limit(sys.maxsize)


def scan_texts(texts: list[str], config: Config,
               marked: list[list[tuple[int, int]]] | None = None) -> tuple[Counter, int, list]:
    """Findings per rule, words, and each finding as (rule, text, context, whether it overlaps one of
    the spans `marked` gives for its text: a slip the annotators marked on an edited page)."""
    per_rule: Counter = Counter()
    words = 0
    examples = []
    for i, text in enumerate(texts):
        doc = Document.from_text(text, path=str(i))
        report = scan_document(doc, config)
        words += len(text.split())
        spans = marked[i] if marked else []
        for f in report.findings:
            per_rule[f.rule] += 1
            examples.append((f.rule, f.text, text[max(0, f.start - 40):f.end + 40].replace("\n", " "),
                             any(f.start < e and s < f.end for s, e in spans)))
    return per_rule, words, examples


def join_documents(rows) -> list[str]:
    docs: dict[tuple[str, str, str], list[str]] = defaultdict(list)
    for r in rows:
        docs[(r["pair"], r["producer"], r["doc_id"])].append(r["text"])
    return ["\n".join(lines) for lines in docs.values()]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--list", type=int, default=40, help="how many BBC findings to print")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--rules-only", action="store_true", help="rule confidences, no trained model")
    ap.add_argument("--select", default="", help="comma-separated codes, prefixes or categories (default: all)")
    ap.add_argument("--no-wmt", action="store_true", help="edited text only")
    ap.add_argument("--fluency", action="store_true", help="with the language model's stage (MT801)")
    ap.add_argument("--fluency-cache", default="", help="comma-separated fluency_data caches (first: written)")
    a = ap.parse_args()
    select = tuple(s for s in a.select.split(",") if s)
    config = Config(models=not a.rules_only, select=select, fluency=a.fluency)
    if a.fluency_cache:
        with scoring_with(cached_scorer(a.fluency_cache)):
            run(a, config)
    else:
        run(a, config)


def cached_scorer(caches: str):
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from fluency_data import CachedScorer

    paths = [Path(p) for p in caches.split(",")]
    scorer = CachedScorer(paths[0])
    for p in paths[1:]:
        scorer.table.update(pickle.loads(p.read_bytes()))
    return scorer


def run(a: argparse.Namespace, config: Config) -> None:
    data = Path(a.shared) / "data"

    bbc = [json.loads(line) for line in (data / "bbc_news/articles.jsonl").open(encoding="utf-8")]
    bbc_texts = [f"{r['title']}\n\n{r['text']}" for r in bbc if r["duplicate_of"] is None]
    rules, words, examples = scan_texts(bbc_texts, config)
    total = sum(rules.values())
    result = {"bbc": {"articles": len(bbc_texts), "words": words, "findings": total,
                      "per_10k_words": round(1e4 * total / words, 2), "per_rule": dict(rules.most_common())}}

    edited = {"web_docs": [r["text"] for r in map(json.loads, (data / "web_docs/docs.jsonl").open(encoding="utf-8"))
                           if r["label"] == "edited"]}
    marked: dict[str, list[list[tuple[int, int]]]] = {}
    for name in ("web_dev", "web_dev2"):
        gold = json.loads((Path(a.shared) / "gold" / name / "gold.json").read_text(encoding="utf-8"))
        docs = [d for d in gold["documents"] if not d["machine_translated"]]
        edited[name] = [(Path(a.shared) / "gold" / name / "texts" / d["file"]).read_text(encoding="utf-8")
                        for d in docs]
        marked[name] = [[locate(text, g["quote"], g.get("occurrence", 1)) for g in d["glitches"]]
                        for d, text in zip(docs, edited[name])]
    for name, texts in edited.items():
        r, w, found = scan_texts(texts, config, marked.get(name))
        result[f"{name}_edited"] = {"documents": len(texts), "words": w, "findings": sum(r.values()),
                                    "per_10k_words": round(1e4 * sum(r.values()) / max(w, 1), 2),
                                    "marked_by_annotators": sum(m for *_, m in found),
                                    "per_rule": dict(r.most_common()),
                                    "what_fires": [f"{rule} {text!r}{' (marked)' if m else ''}: ...{ctx}..."
                                                   for rule, text, ctx, m in found]}
    if a.no_wmt:
        print(json.dumps(result, indent=1))
        return
    rows = list(csv.DictReader((data / "wmt21_toen/flat.tsv").open(encoding="utf-8"), delimiter="\t",
                               quoting=csv.QUOTE_NONE))
    # Whole documents (segments joined a line each) where the data has document ids: ru-en, ja-en and
    # the original-English set, so pronouns and quotations keep their context.
    mt = join_documents(r for r in rows if r["origin"] == "mt" and r["doc_id"])
    ref = join_documents(r for r in rows if r["origin"] == "human_translation" and r["doc_id"])
    orig = join_documents({**r, "pair": "en", "producer": "original"} for r in csv.DictReader(
        (data / "wmt21_toen/en_original.tsv").open(encoding="utf-8"), delimiter="\t", quoting=csv.QUOTE_NONE)
        if r["doc_id"])
    wmt = {}
    for name, texts in (("mt", mt), ("human_translation", ref), ("en_original", orig)):
        r, w, _ = scan_texts(texts, config)
        wmt[name] = {"documents": len(texts), "words": w, "per_10k_words": round(1e4 * sum(r.values()) / w, 2),
                     "per_rule_per_10k": {k: round(1e4 * v / w, 2) for k, v in sorted(r.items())}}
    result["wmt21_toen"] = wmt
    if a.json:
        print(json.dumps(result, indent=1))
        return
    print(json.dumps(result, indent=1))
    print(f"\nBBC findings (first {a.list}):")
    for rule, text, ctx, _ in examples[:a.list]:
        print(f"  {rule} {text!r}: ...{ctx}...")


if __name__ == "__main__":
    main()

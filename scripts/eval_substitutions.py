#!/usr/bin/env python3
"""Evaluation tool (reads ../shared; nothing here ships): findings of the substitution and calque rules
(MT301-MT304) per 10,000 words on edited text, and what fires.

- BBC News (all unique articles; half A gave native bigram counts, half B was the mining control),
- the edited pages of ../shared/data/web_docs, and the edited (not machine-translated) gold pages.

    python scripts/eval_substitutions.py [--shared ../shared] [--models]
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections import Counter
from pathlib import Path

from detector.config import Config
from detector.document import Document
from detector.engine import scan_document

RULES = ("MT301", "MT302", "MT303", "MT304")


def scan(texts: list[tuple[str, str]], config: Config) -> tuple[int, list[tuple[str, str, str, str]]]:
    words, found = 0, []
    for name, text in texts:
        doc = Document.from_text(text, path=name)
        words += len(text.split())
        for f in scan_document(doc, config).findings:
            found.append((name, f.rule, f.text, text[max(0, f.start - 40):f.end + 40].replace("\n", " ")))
    return words, found


def report(label: str, texts: list[tuple[str, str]], config: Config) -> dict:
    words, found = scan(texts, config)
    per_rule = Counter(rule for _, rule, _, _ in found)
    print(f"{label}: {len(texts)} documents, {words} words, {len(found)} findings, "
          f"{1e4 * len(found) / max(words, 1):.2f} per 10,000 words {dict(sorted(per_rule.items()))}")
    for name, rule, text, context in found:
        print(f"    {name} {rule} {text!r}: ...{context}...")
    return {"documents": len(texts), "words": words, "findings": len(found),
            "per_10k_words": round(1e4 * len(found) / max(words, 1), 2), "per_rule": dict(per_rule)}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[1].parent / "shared"))
    ap.add_argument("--models", action="store_true", help="the candidate model's confidences (default: rules only)")
    a = ap.parse_args()
    shared = Path(a.shared)
    config = Config(select=RULES, models=a.models)
    halves: dict[str, list[tuple[str, str]]] = {"A": [], "B": []}
    for line in (shared / "data/bbc_news/articles.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        if r["duplicate_of"] is None:
            half = "A" if int(hashlib.md5(r["id"].encode()).hexdigest(), 16) % 2 == 0 else "B"
            halves[half].append((r["id"], f"{r['title']}\n\n{r['text']}"))
    web = [(r["id"], r["text"]) for r in map(json.loads, (shared / "data/web_docs/docs.jsonl").open(encoding="utf-8"))
           if r["label"] == "edited"]
    result = {"bbc_half_A": report("BBC half A (counts)", halves["A"], config),
              "bbc_half_B": report("BBC half B (mining control)", halves["B"], config),
              "web_docs_edited": report("web_docs edited", web, config)}
    for name in ("web_dev", "web_dev2"):
        gold = json.loads((shared / "gold" / name / "gold.json").read_text(encoding="utf-8"))
        texts = [(d["file"], (shared / "gold" / name / "texts" / d["file"]).read_text(encoding="utf-8"))
                 for d in gold["documents"] if not d["machine_translated"]]
        result[f"{name}_edited"] = report(f"{name} edited pages", texts, config)
    print(json.dumps(result))


if __name__ == "__main__":
    main()

"""Evaluation helper (reads ../shared): corpora as Documents and a language-model scorer whose
outputs are kept in a pickle (default /tmp/fluency/lm.pkl) so thresholds can be tried quickly."""

from __future__ import annotations

import json
import os
import pickle
import sys
from pathlib import Path

from detector.fluency.lm import score_sentences
from detector.text.document import Document

SHARED = Path(os.environ.get("SHARED", Path(__file__).resolve().parents[2] / "shared"))
CACHE = Path(os.environ.get("FLUENCY_CACHE", "/tmp/fluency/lm.pkl"))


def corpus(name: str, limit: int | None = None) -> list[Document]:
    if name == "bbc":
        rows = [json.loads(line) for line in (SHARED / "data/bbc_news/articles.jsonl").open()]
        seen, docs = set(), []
        for r in rows:
            if r["text"] not in seen:
                seen.add(r["text"])
                docs.append(Document.from_text(r["title"] + "\n\n" + r["text"], r["id"]))
        return docs[:limit]
    if name == "web_docs_edited":
        rows = [json.loads(line) for line in (SHARED / "data/web_docs/docs.jsonl").open()]
        return [Document.from_text(r["text"], r["id"]) for r in rows if r["label"] == "edited"][:limit]
    folder = {"seeds": SHARED / "seeds", "web_dev": SHARED / "gold/web_dev/texts",
              "web_dev2": SHARED / "gold/web_dev2/texts"}[name]
    return [Document.from_text(p.read_text(encoding="utf-8"), str(p)) for p in sorted(folder.glob("*.txt"))][:limit]


class CachedScorer:
    def __init__(self, path: Path = CACHE) -> None:
        self.path = path
        try:
            self.table = pickle.loads(path.read_bytes())
        except OSError:
            self.table = {}
        self.new = 0

    def __call__(self, texts: list[str]):
        missing = list(dict.fromkeys(t for t in texts if t not in self.table))
        for at in range(0, len(missing), 64):
            chunk = missing[at:at + 64]
            self.table.update(zip(chunk, score_sentences(chunk)))
            self.new += len(chunk)
            if self.new >= 200:
                self.save()
        return [self.table[t] for t in texts]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(self.table))
        os.replace(tmp, self.path)
        self.new = 0


if __name__ == "__main__":  # warm the cache: python scripts/fluency_data.py web_dev bbc:60 ...
    from detector.fluency.lm import load_model
    from detector.fluency.suspicion import judged_sentences, suspects

    scorer = CachedScorer()
    vocab = load_model().tokenizer.tokens
    for arg in sys.argv[1:]:
        name, _, limit = arg.partition(":")
        base_only = name.endswith("+base")
        for doc in corpus(name.removesuffix("+base"), int(limit) if limit else None):
            if base_only:
                scorer([s.text for s in judged_sentences(doc)])
            else:
                suspects(doc, scorer, vocab)
            print(name, doc.path, len(scorer.table), flush=True)
        scorer.save()
    scorer.save()

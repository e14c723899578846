"""Evaluation tool (reads ../shared): every fluency suspect on a corpus's pages at the mt_score gate
as one JSON line: its signals (`Suspect.signals`), its rank in its page, whether a rule's candidate
covers it and its gold labels, from cached model scores (`scripts/fluency_data.py`; the model runs
for what the cache lacks). For fitting MT801's confidence offline with cross-validation by site
(`scripts/fit_mt801.py`).
Usage: python scripts/fluency_suspects_table.py OUT.jsonl LIMIT CORPUS[:N] ... (rows are appended)"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from fluency_data import CachedScorer, corpus
from fluency_sweep import gold_spans

from detector.fluency import suspicion
from detector.fluency.lm import load_model
from detector.pipeline.engine import mt_scores, run_rules
from detector.config import Config

SITES = {"web_dev": "/work/shared/gold/web_dev/gold.json", "web_dev2": "/work/shared/gold/web_dev2/gold.json",
         "seeds": "/work/shared/gold/seeds.json"}


def site_of(name: str) -> dict[str, str]:
    if name not in SITES:
        return {}
    return {d["file"]: d.get("site", d["file"]) for d in json.loads(Path(SITES[name]).read_text())["documents"]}


def main(out: str, limit: str, *names: str) -> None:
    scorer = CachedScorer()
    vocab = load_model().tokenizer.tokens
    config = Config()
    with open(out, "a", encoding="utf-8") as fh:
        for arg in names:
            name, _, n = arg.partition(":")
            gold, sites = gold_spans(name), site_of(name)
            for doc in corpus(name, int(n) if n else None):
                file = Path(doc.path).name
                spans = gold.get(file, [])
                rules = run_rules(doc, config)
                gate, _ = mt_scores(doc, rules, config.models)
                if gate < config.fluency_gate:  # the engine does not read this page with the model
                    continue
                found = suspicion.suspects(doc, scorer, vocab, int(limit))
                for rank, s in enumerate(found):
                    a, b = s.word.start, s.word.end
                    cats = sorted({c for x, y, c in spans if x < b and a < y})
                    row = {"corpus": name, "doc": file, "site": sites.get(file, f"{name}:{file}"),
                           "start": a, "end": b, "word": s.word.word, "replacement": s.replacement,
                           "rank": rank, "zipf": s.word.zipf, "gate": gate, "words": doc.n_words,
                           "covered_by_rule": any(f.start < b and a < f.end for f in rules),
                           "signals": s.signals(), "gold": cats,
                           "category": suspicion.category(s.word.word, s.replacement or "") if s.replacement is not None else None}
                    fh.write(json.dumps(row) + "\n")
                print(name, file, len(found), len(scorer.table), flush=True)
    scorer.save()


if __name__ == "__main__":
    main(*sys.argv[1:])

"""Evaluation tool (reads ../shared): `detect scan --fluency --format json` of a folder, with the
language model's scores read from `scripts/fluency_data.py` caches where they hold a text (the model
runs for the rest), so the fluency stage's settings can be scored on the gold in seconds.
Usage: python scripts/fluency_scan_cached.py TEXTS_DIR OUT.json CACHE[,CACHE...] [MIN_CONFIDENCE]
    [GATE] [FLUENCY_MIN_CONFIDENCE] (the first cache is the one written)
With CANDIDATES=DIR in the environment, the candidate model of DIR (a held-out run's) scores instead."""

from __future__ import annotations

import json
import os
import pickle
import sys
from pathlib import Path

from fluency_data import CachedScorer

from detector.config import DEFAULT_MIN_CONFIDENCE, Config
from detector.fluency.mode import scoring_with
from detector.pipeline import crossdoc, engine
from detector.pipeline.engine import scan_document
from detector.report.formats import document_json
from detector.scoring import model_store as modelstore
from detector.scoring.candidate_model import MODEL_NAME, CandidateModel
from detector.text.reader import read_document


def main(texts: str, out: str, caches: str, min_confidence: str = str(DEFAULT_MIN_CONFIDENCE),
         gate: str = str(Config.fluency_gate), fluency_min: str = str(Config.fluency_min_confidence)) -> None:
    paths = [Path(p) for p in caches.split(",")]
    scorer = CachedScorer(paths[0])
    for p in paths[1:]:
        scorer.table.update(pickle.loads(p.read_bytes()))
    if os.environ.get("CANDIDATES"):
        model = CandidateModel.from_params(modelstore.load(MODEL_NAME, Path(os.environ["CANDIDATES"])))
        engine.load_candidate_model = lambda: model
    config = Config(fluency=True, min_confidence=float(min_confidence), fluency_gate=float(gate),
                    fluency_min_confidence=float(fluency_min))
    with scoring_with(scorer):
        reports = [scan_document(read_document(path), config) for path in sorted(Path(texts).glob("*.txt"))]
    crossdoc.apply(reports, config)  # as `detect scan` does with several documents
    docs = [document_json(r) for r in reports]
    Path(out).write_text(json.dumps({"version": 1, "documents": docs}), encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])

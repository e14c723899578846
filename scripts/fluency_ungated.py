"""Evaluation tool (reads ../shared): `detect scan --format json --min-confidence 0` of a folder with
the fluency stage on every document (no mt_score gate), in two processes; for the precision-recall
curve of MT801 alone. Usage: python scripts/fluency_ungated.py TEXTS_DIR OUT.json"""

from __future__ import annotations

import json
import sys
from multiprocessing import Pool
from pathlib import Path

from detector.config import Config
from detector.pipeline.engine import scan_document
from detector.report.formats import document_json
from detector.text.document import Document

CONFIG = Config(fluency_gate=0.0, min_confidence=0.0)


def scan(path: str) -> dict:
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):
        doc = Document.from_text(Path(path).read_text(encoding="utf-8"), path)
        return document_json(scan_document(doc, CONFIG))


if __name__ == "__main__":
    paths = sorted(str(p) for p in Path(sys.argv[1]).glob("*.txt"))
    with Pool(2) as pool:
        docs = pool.map(scan, paths, chunksize=1)
    Path(sys.argv[2]).write_text(json.dumps({"version": 1, "documents": docs}), encoding="utf-8")

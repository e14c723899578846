"""The fluency stage's costs: model load (first run, which unpacks the weights, and later runs),
memory, tokens and words per second of scoring, one seed article end to end, and `detect scan` with
and without the model on a folder of BBC articles.

Usage: python benchmarks/fluency.py [--bbc-folder DIR] [--cold]
(DIR: BBC News articles as .txt files, e.g. written from ../shared/data/bbc_news/articles.jsonl).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "001_7fa934ba9f43fec6.txt"


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(cold: bool) -> None:
    from detector.diskcache import cache_dir

    if cold:
        for folder in cache_dir().glob("lm-smollm2-*"):
            shutil.rmtree(folder)
    t = time.perf_counter()
    from detector.fluency.lm import load_model

    model = load_model()
    print(f"model load ({'first run: unpack' if cold else 'unpacked weights mapped'}): "
          f"{time.perf_counter() - t:.2f} s, peak RSS {rss_mb():.0f} MB")
    return model


def scoring(model) -> None:
    from detector.document import Document
    from detector.fluency.lm import score_sentences
    from detector.fluency.suspicion import judged_sentences

    doc = Document.from_text(SEED.read_text(encoding="utf-8"))
    texts = [s.text for s in judged_sentences(doc)]
    tokens = sum(len(model.tokenizer.encode(t)[0]) for t in texts)
    words = sum(len(t.split()) for t in texts)
    t = time.perf_counter()
    score_sentences(texts)
    dt = time.perf_counter() - t
    print(f"scoring the seed's {len(texts)} judged sentences: {tokens / dt:.0f} tokens/s, {words / dt:.0f} words/s, "
          f"peak RSS {rss_mb():.0f} MB")


def seed_end_to_end() -> None:
    from detector.config import Config
    from detector.document import Document
    from detector.engine import scan_document

    doc = Document.from_text(SEED.read_text(encoding="utf-8"), str(SEED))
    for label, config in [("--fast", Config(fluency=False)), ("model on (gate as shipped)", Config()),
                          ("model on every document (gate 0)", Config(fluency_gate=0.0))]:
        t = time.perf_counter()
        report = scan_document(Document.from_text(doc.text, str(SEED)), config)
        print(f"one seed article end to end, warm, {label}: {time.perf_counter() - t:.2f} s, "
              f"{sum(f.rule == 'MT801' for f in report.candidates)} MT801 candidates")


def folder_scan(folder: Path) -> None:
    words = sum(len(p.read_text(encoding="utf-8").split()) for p in folder.glob("*.txt"))
    detect = str(Path(sys.executable).with_name("detect"))
    for args in (["--fast"], []):
        t = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%M", detect, "scan", "--format", "json", *args, str(folder)],
                       stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        dt = time.perf_counter() - t
        print(f"detect scan {' '.join(args) or '(model on)'} {folder}: {dt:.1f} s, {words / dt:,.0f} words/s")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--bbc-folder", type=Path)
    parser.add_argument("--cold", action="store_true", help="unpack the weights again first")
    args = parser.parse_args()
    model = load(args.cold)
    scoring(model)
    seed_end_to_end()
    if args.bbc_folder:
        folder_scan(args.bbc_folder)


if __name__ == "__main__":
    main()

"""Benchmark (not a test) of the fluency stage: model load (first run, which unpacks the weights,
and later runs, which map them), scoring speed, one seed article end to end, and `detect scan` on
BBC News articles with the model on, against `--fast`; peak memory of the whole process tree
(proportional set size: pages the worker processes share counted once).

    python benchmarks/fluency.py [--shared ../shared] [--cold] [--articles 2225] [--gate0-articles 64]

`--cold` unpacks the weights again first. The BBC scans use `--articles` articles spread over the
corpus (written to a temporary folder: texts are not redistributed); `detect scan --fluency` runs
the model where the rules' mt_score reaches the shipped gate, and the gate-0 scan (in-process API,
`--jobs 2`) runs it on every document, which is what the model itself costs. CPU seconds are given
beside wall seconds: on a shared machine they say what the work costs.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from throughput import ENV, timed  # noqa: E402

REPO = Path(__file__).resolve().parents[1]
SEEDS = sorted((REPO / "seeds").glob("*.txt"))

LOAD = """
import resource, time
t = time.perf_counter()
from detector.fluency.lm import load_model
load_model()
print(f"{time.perf_counter() - t:.2f} s, peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB")
"""

COLD_SEED = """
import sys, time
t = time.perf_counter()
from detector.config import Config
from detector.text.document import Document
from detector.pipeline.engine import scan_document
from pathlib import Path
path = Path(sys.argv[1])
scan_document(Document.from_text(path.read_text(encoding="utf-8"), str(path)), Config(fluency=True, fluency_gate=0.0))
print(f"{time.perf_counter() - t:.2f}")
"""

GATE0_SCAN = """
import sys
from pathlib import Path
from detector.config import Config
from detector.pipeline.scanner import scan_paths
paths = sorted(Path(sys.argv[1]).rglob("*.txt"))
reports = list(scan_paths(paths, Config(fluency=True, fluency_gate=0.0), jobs=int(sys.argv[2])))
print(sum(f.rule == "MT801" for r in reports for f in r.candidates))
"""


def run(code: str, *args: str) -> str:
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, env=ENV, check=True)
    return out.stdout.strip().splitlines()[-1]


def load(cold: bool) -> None:
    if cold:
        import shutil

        from detector.fluency.weights import cache_folder

        shutil.rmtree(cache_folder(), ignore_errors=True)  # this layout's only: other checkouts may map theirs
        print(f"model load, first run (dequantise and unpack the GGUF file): {run(LOAD)}")
    print(f"model load, later runs (map the unpacked weights): {run(LOAD)}")


def scoring() -> None:
    from detector.text.document import Document
    from detector.fluency import lm
    from detector.fluency.suspicion import judged_sentences

    texts = [s.text for p in SEEDS for s in judged_sentences(Document.from_text(p.read_text(encoding="utf-8")))]
    tokens = sum(len(lm.load_model().tokenizer.encode(t)[0]) for t in texts)
    words = sum(len(t.split()) for t in texts)
    lm.score_sentences(texts[:4])
    threads = lm.threads
    for n in sorted({1, threads()}):
        lm.threads = lambda n=n: n
        t, c = time.perf_counter(), time.process_time()
        lm.score_sentences(texts)
        dt, dc = time.perf_counter() - t, time.process_time() - c
        print(f"scoring the seeds' {len(texts)} judged sentences ({tokens} tokens, {words} words), {n} thread(s): "
              f"{dt:.2f} s wall, {dc:.2f} s CPU; {tokens / dt:.0f} tokens/s, {words / dt:.0f} words/s "
              f"({tokens / dc:.0f} tokens per CPU second)")
    lm.threads = threads


def seeds_end_to_end() -> None:
    from detector.config import Config
    from detector.text.document import Document
    from detector.pipeline.engine import scan_document

    warm = Document.from_text("Warm up. The ministry said it would answer the question on Monday.\n")
    for label, config in [("--fast", Config(fluency=False)), ("--fluency, gate as shipped", Config(fluency=True)),
                          ("--fluency, model on every document (gate 0)", Config(fluency=True, fluency_gate=0.0))]:
        scan_document(warm, config)
        for path in SEEDS:
            t, c = time.perf_counter(), time.process_time()
            report = scan_document(Document.from_text(path.read_text(encoding="utf-8"), str(path)), config)
            print(f"seed {path.name[:3]} end to end, warm, {label}: {time.perf_counter() - t:.2f} s wall, "
                  f"{time.process_time() - c:.2f} s CPU, {sum(f.rule == 'MT801' for f in report.candidates)} MT801")
    for path in SEEDS[1:2]:
        print(f"seed {path.name[:3]} end to end, cold (new process: imports, model load, scan, gate 0): "
              f"{run(COLD_SEED, str(path))} s")


def bbc_folder(shared: Path, folder: Path, n: int) -> int:
    rows = [json.loads(x) for x in (shared / "data/bbc_news/articles.jsonl").open(encoding="utf-8")]
    step = max(1, len(rows) // n)
    words = 0
    for r in rows[::step][:n]:
        path = folder / f"{r['id']}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"{r['title']}\n\n{r['text']}\n", encoding="utf-8")
        words += len(re.findall(r"\w+", f"{r['title']} {r['text']}"))
    return words


def folder_scans(shared: Path, articles: int, gate0_articles: int) -> None:
    detect = str(Path(sys.executable).with_name("detect"))
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "bbc"
        words = bbc_folder(shared, folder, articles)
        for args in (["--fast"], ["--fluency"]):
            seconds, mb, tree_mb = timed([detect, "scan", "--format", "json", *args, "--jobs", "2", str(folder)])
            print(f"detect scan {' '.join(args)} --jobs 2, {articles} BBC articles ({words} words): {seconds:.1f} s, "
                  f"{words / seconds:,.0f} words/s, {mb} MB largest process, {tree_mb} MB all processes")
        small = Path(tmp) / "bbc-small"
        words = bbc_folder(shared, small, gate0_articles)
        for jobs in (1, 2):
            t = time.perf_counter()
            seconds, mb, tree_mb = timed([sys.executable, "-c", GATE0_SCAN, str(small), str(jobs)])
            print(f"scan with the model on every document (gate 0), --jobs {jobs}, {gate0_articles} BBC articles "
                  f"({words} words): {seconds:.1f} s, {words / seconds:,.0f} words/s, {mb} MB largest process, "
                  f"{tree_mb} MB all processes")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    parser.add_argument("--cold", action="store_true", help="unpack the weights again first")
    parser.add_argument("--articles", type=int, default=2225)
    parser.add_argument("--gate0-articles", type=int, default=64)
    parser.add_argument("--no-folders", action="store_true", help="skip the BBC folder scans")
    args = parser.parse_args()
    load(args.cold)
    scoring()
    seeds_end_to_end()
    if not args.no_folders:
        folder_scans(args.shared, args.articles, args.gate0_articles)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Benchmark (reads ../shared/data/bbc_news; not a test): words per second and peak memory of
`detect scan` (the fast path, and with the fluency model on a subset) and `detect clean` on the 2,225
BBC articles, in the same run as proselint and a floor that only reads and tokenizes; scaling with
--jobs 1 and 2; one-file latency with and without the model (the difference: its load time).

Each command runs as its own process under /usr/bin/time (wall seconds, peak resident memory of the
largest process), and the proportional memory of its whole process tree is sampled every 20 ms
(worker processes included, pages they share counted once).
Needs `pip install proselint` for the comparison (skipped when it is missing).

    python benchmarks/throughput.py [--shared ../shared] [--repeat 3]

The commands run in rounds (each once per round, in turn), and each command's best round counts.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = ("import re,sys,pathlib\n"
         "n=0\n"
         "for p in sorted(pathlib.Path(sys.argv[1]).rglob('*.txt')):\n"
         "    n+=len(re.findall(r'\\w+|[^\\w\\s]', p.read_text(encoding='utf-8')))\n"
         "print(n)\n")


def _children(pid: int) -> list[int]:
    kids = []
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:  # the process has just ended
        return kids
    for task in tasks:
        try:
            kids += [int(k) for k in (task / "children").read_text().split()]
        except OSError:
            pass
    return kids


def tree_pss_mb(pid: int) -> float:
    """Proportional set size of a process and all its descendants (shared pages counted once)."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            continue
        todo += _children(p)
    return total / 1024


# As on an installed system, Python keeps the compiled byte code of the project's modules between runs
# (pip compiles a regular install; a sandbox may set PYTHONDONTWRITEBYTECODE, which would make every
# run recompile the sources).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(cmd: list[str]) -> tuple[float, int, int, float]:
    """Wall seconds, peak memory of the largest process (MB), peak memory of the whole process
    tree (MB, PSS sampled every 20 ms: worker processes included, shared pages counted once) and CPU
    seconds of the tree (user and system, workers included: less touched by a loaded host than wall time)."""
    proc = subprocess.Popen(["/usr/bin/time", "-f", "%e %M %U %S", *cmd], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, env=ENV)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_pss_mb(proc.pid))
        time.sleep(0.02)
    wall, kb, user, system = proc.stderr.read().strip().splitlines()[-1].split()
    return float(wall), round(int(kb) / 1024), round(peak), float(user) + float(system)


def best(cmd: list[str], repeat: int) -> tuple[float, int, int]:
    runs = [timed(cmd) for _ in range(repeat)]
    return min(r[0] for r in runs), max(r[1] for r in runs), max(r[2] for r in runs)


def _words(folder: Path) -> int:
    return sum(len(re.findall(r"\w+", p.read_text(encoding="utf-8"))) for p in folder.rglob("*.txt"))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(Path(__file__).resolve().parents[2] / "shared"))
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--fluency-articles", type=int, default=100, help="articles of the fluency-model subset")
    a = ap.parse_args()
    bin_dir = Path(sys.executable).parent
    detect = str(bin_dir / "detect")
    rows = [json.loads(x) for x in (Path(a.shared) / "data/bbc_news/articles.jsonl").open(encoding="utf-8")]
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "bbc"
        for r in rows:
            path = corpus / f"{r['id']}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(f"{r['title']}\n\n{r['text']}\n", encoding="utf-8")
        subset = Path(tmp) / "subset"
        for path in sorted(corpus.rglob("*.txt"))[::len(rows) // a.fluency_articles][:a.fluency_articles]:
            (subset / path.parent.name).mkdir(parents=True, exist_ok=True)
            shutil.copy(path, subset / path.parent.name / path.name)
        words = _words(corpus)
        commands = {
            "floor (read and tokenize)": [sys.executable, "-c", FLOOR, str(corpus)],
            "detect scan --fast --no-crossdoc": [detect, "scan", str(corpus), "--format", "json", "--fast",
                                                 "--no-crossdoc"],
            "detect scan --fast": [detect, "scan", str(corpus), "--format", "json", "--fast"],
            "detect scan --fast --jobs 1": [detect, "scan", str(corpus), "--format", "json", "--fast", "--jobs", "1"],
            f"detect scan --fluency ({a.fluency_articles} articles)": [detect, "scan", str(subset), "--format",
                                                                        "json", "--fluency"],
            "detect clean --jobs 1": [detect, "clean", str(corpus), "--out", str(Path(tmp) / "c1"), "--jobs", "1"],
            "detect clean --jobs 2": [detect, "clean", str(corpus), "--out", str(Path(tmp) / "c2"), "--jobs", "2"],
        }
        if shutil.which("proselint", path=str(bin_dir)) or shutil.which("proselint"):
            prose = shutil.which("proselint", path=str(bin_dir)) or shutil.which("proselint")
            commands["proselint check"] = [prose, "check", "-o", "json", str(corpus)]
        seed = Path(__file__).resolve().parents[1] / "seeds" / "001_7fa934ba9f43fec6.txt"
        subprocess.run([detect, "scan", str(seed)], stdout=subprocess.DEVNULL, env=ENV)  # byte code, caches
        # Rounds: every command once per round, so that a machine that speeds up or slows down
        # during the run (a shared host) affects all of them alike; each command's best round counts.
        runs: dict[str, list[tuple[float, int, int, float]]] = {name: [] for name in commands}
        for round_ in range(a.repeat):
            for name, cmd in commands.items():
                if "clean" in name and round_:
                    continue  # one run of each clean: it writes a whole corpus
                for out in ("c1", "c2"):
                    shutil.rmtree(Path(tmp) / out, ignore_errors=True)
                runs[name].append(timed(cmd))
        results = {}
        for name, measured in runs.items():
            seconds = min(r[0] for r in measured)
            mb, tree_mb = max(r[1] for r in measured), max(r[2] for r in measured)
            n = _words(subset) if "--fluency" in name else words
            cpu = min(r[3] for r in measured)
            results[name] = {"seconds": seconds, "words_per_second": round(n / seconds), "peak_mb": mb,
                             "peak_mb_all_processes": tree_mb, "rounds": [r[0] for r in measured],
                             "cpu_seconds": cpu, "words_per_cpu_second": round(n / cpu)}
            print(f"{name}: {seconds:.2f} s, {n / seconds:,.0f} words/s, {cpu:.2f} CPU s, {mb} MB largest process, "
                  f"{tree_mb} MB all processes (rounds: {', '.join(f'{r[0]:.2f}' for r in measured)} s)", flush=True)
        for flag in ("--fast", "--fluency"):
            latency, latency_mb, _ = best([detect, "scan", flag, str(seed)], 5)
            results[f"one seed file {flag}"] = {"seconds": latency, "peak_mb": latency_mb}
            print(f"one seed file {flag}: {latency:.2f} s, {latency_mb} MB")
        load = results["one seed file --fluency"]["seconds"] - results["one seed file --fast"]["seconds"]
        print(f"the fluency model's load (and one file's checks): {load:.2f} s")
    if "proselint check" in results:
        for name in [n for n in results if n.startswith("detect") and "words_per_second" in results[n]]:
            ratio = results[name]["words_per_second"] / results["proselint check"]["words_per_second"]
            per_cpu = results[name]["words_per_cpu_second"] / results["proselint check"]["words_per_cpu_second"]
            print(f"{name} / proselint words per second: {ratio:.1f}x (per CPU second: {per_cpu:.1f}x)")
    print(json.dumps({"words": words, "articles": len(rows), **results}, indent=1))


if __name__ == "__main__":
    main()

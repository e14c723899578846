#!/usr/bin/env python3
"""Count how many generated glitchy texts break the fix properties (tests/fix_fuzz.py).

Reports, over N texts drawn by hypothesis: the share where a second run of one round of fixes
(how `fix` worked before fixes settled) changes the text, safe-only and with unsafe fixes, and the
share that break the properties of `detect fix` now (see `fix_fuzz.problems`), with examples.

    python scripts/fuzz_fixes.py [--texts 10000] [--seed 1] [--examples 10]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from hypothesis import HealthCheck, given, seed, settings

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from fix_fuzz import glitched_texts, problems, single_pass_problems  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--examples", type=int, default=10)
    args = parser.parse_args()
    counts: Counter = Counter()
    examples: list[tuple[str, list[str]]] = []

    @seed(args.seed)
    @settings(max_examples=args.texts, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(glitched_texts())
    def run(text: str) -> None:
        counts["texts"] += 1
        before = single_pass_problems(text)
        for kind in ("unsafe=False", "unsafe=True"):
            counts[f"one round, {kind}"] += any(p.startswith(kind) for p in before)
        now = problems(text)
        counts["now: any"] += bool(now)
        if now and len(examples) < args.examples:
            examples.append((text, now))

    run()
    n = counts["texts"]
    for key, value in counts.items():
        print(f"{key}: {value}" + ("" if key == "texts" else f" ({value / n:.2%})"))
    for text, found in examples:
        print(repr(text))
        for p in found:
            print("   ", p)


if __name__ == "__main__":
    main()

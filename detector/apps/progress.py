"""A progress bar with documents per second and an ETA on a terminal; plain lines otherwise."""

from __future__ import annotations

import sys
import time
from typing import Any


class PlainProgress:
    """For logs and pipes: one line every `every` seconds."""

    def __init__(self, total: int, unit: str, every: float = 10.0) -> None:
        self.total, self.unit, self.every = total, unit, every
        self.done = 0
        self.start = self.last = time.monotonic()

    def update(self, n: int = 1) -> None:
        self.done += n
        now = time.monotonic()
        if now - self.last >= self.every or self.done == self.total:
            self.last = now
            rate = self.done / max(now - self.start, 1e-9)
            eta = (self.total - self.done) / rate if rate else 0.0
            print(f"{self.done}/{self.total} {self.unit}, {rate:.0f}/s, ETA {eta:.0f} s", file=sys.stderr, flush=True)

    def close(self) -> None:
        pass


def progress_bar(total: int, unit: str) -> Any:
    """tqdm's bar on a terminal, else PlainProgress; both have update(n) and close()."""
    if sys.stderr.isatty():
        from tqdm import tqdm

        return tqdm(total=total, unit=f" {unit}", file=sys.stderr, dynamic_ncols=True)
    return PlainProgress(total, unit)

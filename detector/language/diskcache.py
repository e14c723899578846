"""The user's cache folder, where derived data (the packed word-frequency table, model weights) is
kept between runs; an unwritable one says so once per process (every run then pays for it).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def cache_dir() -> Path:
    """Where derived data lives: $XDG_CACHE_HOME/mt-detector, else ~/.cache/mt-detector."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mt-detector"


_warned: list[bool] = []


def warn_unwritable(exc: OSError) -> None:
    """One line on standard error, the first time this process cannot keep derived data."""
    if _warned:
        return
    _warned.append(True)
    print(f"warning: {cache_dir()}: cannot keep derived data there ({exc.strerror or exc}); every run "
          "derives it again (about 2 s). Make the folder writable or set XDG_CACHE_HOME to one that is.",
          file=sys.stderr)

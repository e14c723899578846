"""Data derived from the shipped code and lexicons, kept in the user's cache folder between runs.

Deriving a table's prefilter strings parses every pattern (about 0.1 s); a later process reads the
result in a millisecond. An entry's key hashes everything the result depends on, so a changed lexicon
or a new version of the code gets a new entry, never a stale one; a damaged cache only costs the
derivation again, and an unwritable one says so once per process (every run then pays for it).
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .atomic import write_atomic


def cache_dir() -> Path:
    """Where derived data lives: $XDG_CACHE_HOME/mt-detector, else ~/.cache/mt-detector."""
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "mt-detector"


def source_of(*modules: str) -> str:
    """The code of modules (by import name), for keys of results that code computes."""
    return "".join(Path(sys.modules[name].__file__ or "").read_text(encoding="utf-8") for name in modules)


def cached_json(kind: str, key: list[str], build: Callable[[], Any]) -> Any:
    """`build()`, or what it returned in an earlier process for the same `key` (JSON values only)."""
    digest = hashlib.sha256("\0".join([sys.version, *key]).encode()).hexdigest()[:24]
    path = cache_dir() / f"{kind}-{digest}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        value = build()
    try:
        write_atomic(path, json.dumps(value).encode())
    except OSError as exc:
        warn_unwritable(exc)
    return value


_warned: list[bool] = []


def warn_unwritable(exc: OSError) -> None:
    """One line on standard error, the first time this process cannot keep derived data."""
    if _warned:
        return
    _warned.append(True)
    print(f"warning: {cache_dir()}: cannot keep derived data there ({exc.strerror or exc}); every run "
          "derives it again (about 2 s). Make the folder writable or set XDG_CACHE_HOME to one that is.",
          file=sys.stderr)

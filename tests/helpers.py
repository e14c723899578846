"""Small helpers shared by the test modules (imported as a plain module from tests/)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"


def detect_executable() -> list[str]:
    """The installed console script next to this interpreter, else the entry point through `python -c`."""
    script = Path(sys.executable).with_name("detect")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("detect")
    if found:
        return [found]
    return [sys.executable, "-c", "from detector.apps.cli import main; main()"]


def write(path: Path, text: str, encoding: str = "utf-8", newline: str = "\n") -> Path:
    """Write `text` with the given encoding and line ending; returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.replace("\n", newline).encode(encoding))
    return path

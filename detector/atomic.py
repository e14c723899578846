"""Writing a file so that it is either the old one or the new one, never half-written."""

from __future__ import annotations

import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

TMP_SUFFIX = ".tmp"


def new_file_mode() -> int:
    """The mode a file created now gets: 0666 less the process's umask."""
    try:  # Linux says it without changing it (os.umask must set one to read it)
        with open("/proc/self/status", encoding="ascii") as status:
            mask = next(int(line.split()[1], 8) for line in status if line.startswith("Umask:"))
    except (OSError, StopIteration, ValueError, IndexError):
        mask = os.umask(0o022)
        os.umask(mask)
    return 0o666 & ~mask


def write_atomic(path: Path, data: bytes, mode: int | None = None, tmp_dir: Path | None = None,
                 like: Path | None = None) -> None:
    """Write `data` so that `path` is the old file or the new one (see `atomic_file`)."""
    with atomic_file(path, mode, tmp_dir, like) as handle:
        handle.write(data)


@contextmanager
def atomic_file(path: Path, mode: int | None = None, tmp_dir: Path | None = None,
                like: Path | None = None) -> Iterator[BinaryIO]:
    """A binary handle on a temporary file (beside `path`, or in `tmp_dir` on the same file system)
    that is flushed to disk and renamed over `path` when the block ends, and removed if it fails.
    The file gets `mode`; by default the mode (and owner, where permitted) of `like` or of the file
    it replaces, and for a new file the umask's."""
    path.parent.mkdir(parents=True, exist_ok=True)
    folder = tmp_dir or path.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=TMP_SUFFIX)
    try:
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        _take_mode(tmp, like or path, mode)
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _take_mode(tmp: str, path: Path, mode: int | None) -> None:
    """Give `tmp` the mode `path` should have: `mode`, else the existing file's mode and owner,
    else the umask's."""
    try:
        old = path.stat() if mode is None else None
    except FileNotFoundError:
        old = None
    if old is not None and stat.S_ISREG(old.st_mode):
        os.chmod(tmp, stat.S_IMODE(old.st_mode))
        try:
            os.chown(tmp, old.st_uid, old.st_gid)
        except OSError:  # only root may give a file away; the group may still be kept
            try:
                os.chown(tmp, -1, old.st_gid)
            except OSError:
                pass
        return
    os.chmod(tmp, stat.S_IMODE(mode) if mode is not None else new_file_mode())

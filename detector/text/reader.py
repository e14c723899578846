"""Turn paths into Documents, one clear error per file that cannot be read."""

from __future__ import annotations

import codecs
import fnmatch
import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from .document import Document

TEXT_SUFFIXES = {".txt", ".text", ".md"}
MAX_BYTES = 20 * 1024 * 1024
FALLBACK_ENCODINGS = ("cp1252", "latin-1")
UNICODE_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),   # before UTF-16's:
                (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))  # FF FE starts both
SPECIAL_FILES = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a character device"),
                 (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


@dataclass
class ReadError:
    path: str
    error: str


def bom_encoding(data: bytes) -> str | None:
    """The UTF-16 or UTF-32 codec whose byte-order mark starts `data` (the codec reads and writes it)."""
    return next((enc for bom, enc in UNICODE_BOMS if data.startswith(bom)), None)


def decode(data: bytes) -> tuple[str, str]:
    """Text and the encoding used: UTF-8 (with or without BOM), UTF-16 or UTF-32 with a BOM, else a
    Windows/Latin fallback."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8"), "utf-8-sig"
    marked = bom_encoding(data)
    if marked:
        return data.decode(marked), marked
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        for enc in FALLBACK_ENCODINGS:
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                continue
    raise UnicodeDecodeError("utf-8", data, 0, 1, "undecodable")


def read_document(path: Path) -> Document | ReadError:
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return ReadError(str(path), _too_large(size))
        data = path.read_bytes()
    except OSError as exc:
        return ReadError(str(path), f"cannot read: {exc.strerror or exc}")
    return document_from_bytes(data, str(path))


def document_from_bytes(data: bytes, name: str) -> Document | ReadError:
    """A Document from a file's (or standard input's) bytes, or why they are not a text."""
    if len(data) > MAX_BYTES:
        return ReadError(name, _too_large(len(data)))
    if not data.strip():
        return ReadError(name, "file is empty")
    marked = bom_encoding(data)
    if b"\x00" in data[:8192] and not marked:
        return ReadError(name, "binary file (contains NUL bytes), not text")
    try:
        text, encoding = decode(data)
    except UnicodeDecodeError as exc:
        return ReadError(name, f"not valid {marked or 'text'}: {exc.reason} at byte {exc.start}")
    if not text.strip():
        return ReadError(name, "file is empty")
    return Document.from_text(text, path=name, encoding=encoding)


def _too_large(size: int) -> str:
    return f"file is {size // (1024 * 1024)} MiB, over the {MAX_BYTES // (1024 * 1024)} MiB limit"


def iter_paths(paths: list[str], exclude: tuple[str, ...] = ()) -> Iterator[Path | ReadError]:
    """Files named or found below folders (text suffixes only), sorted, each real file once."""
    seen: set[tuple[int, int]] = set()
    seen_files: set[tuple[int, int]] = set()
    for raw in paths:
        root = Path(raw)
        if not root.exists() and not root.is_symlink():
            yield ReadError(raw, "no such file or directory")
            continue
        if root.is_file() or (root.is_symlink() and not root.is_dir()):
            if _first_time(root, seen_files):
                yield root
            continue
        walk_errors: list[OSError] = []
        for dirpath, dirnames, filenames in os.walk(root, followlinks=True, onerror=walk_errors.append):
            while walk_errors:
                err = walk_errors.pop()
                yield ReadError(str(err.filename), f"cannot read folder: {err.strerror}")
            here = Path(dirpath)
            try:
                st = here.stat()
            except OSError as exc:
                yield ReadError(dirpath, f"cannot read folder: {exc.strerror}")
                dirnames[:] = []
                continue
            if (st.st_dev, st.st_ino) in seen:
                yield ReadError(dirpath, "symbolic link loop: folder already scanned")
                dirnames[:] = []
                continue
            seen.add((st.st_dev, st.st_ino))
            dirnames.sort()
            dirnames[:] = [d for d in dirnames if not d.startswith(".") and not _excluded(here / d, exclude)]
            for name in sorted(filenames):
                path = here / name
                if Path(name).suffix.lower() in TEXT_SUFFIXES and not _excluded(path, exclude):
                    special = _special(path)
                    if special:  # reading a pipe or a device would wait for ever
                        yield ReadError(str(path), f"{special}, not a regular file; skipped")
                    elif _first_time(path, seen_files):
                        yield path
        for err in walk_errors:
            yield ReadError(str(err.filename), f"cannot read folder: {err.strerror}")


def _first_time(path: Path, seen: set[tuple[int, int]]) -> bool:
    """False for a file already yielded under another name (a link to it); unreadable ones pass on."""
    try:
        st = path.stat()
    except OSError:
        return True
    key = (st.st_dev, st.st_ino)
    if key in seen:
        return False
    seen.add(key)
    return True


def _special(path: Path) -> str | None:
    """What a special file is (a named pipe, a device, a socket); None for a regular or unreadable one."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return None
    return next((kind for test, kind in SPECIAL_FILES if test(mode)), None)


def _excluded(path: Path, patterns: tuple[str, ...]) -> bool:
    """Whether a pattern matches the path as given, as an absolute path, or its name (`*` also
    matches `/`, so `*/drafts/*` skips every drafts folder however the folder was named)."""
    if not patterns:
        return False
    full = os.path.abspath(path)
    return any(fnmatch.fnmatch(str(path), p) or fnmatch.fnmatch(full, p) or fnmatch.fnmatch(path.name, p)
               for p in patterns)

"""The documents of a corpus for `detect clean`: a folder of text files, or JSONL (optionally gzipped).

Every record that cannot be cleaned becomes an `Item` with an `error` naming the file and line;
the reading goes on with the next one. A JSONL line that cannot be read keeps its bytes, so the
output can carry it unchanged in its place.
"""

from __future__ import annotations

import gzip
import json
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ..config import Config
from .reader import ReadError, iter_paths, read_document

UTF8_BOM = b"\xef\xbb\xbf"
_ESCAPED_SURROGATE = re.compile(rb"\\u[dD][89a-fA-F]")
_GZIP_ERRORS = (OSError, EOFError, zlib.error)  # gzip.BadGzipFile is an OSError


@dataclass
class Item:
    """One document to clean: its id (relative path or JSONL id), text, and where it came from."""
    id: str
    text: str
    encoding: str = "utf-8"
    record: dict | None = None          # the JSONL record, for JSONL corpora
    error: str | None = None
    line: int | None = None             # JSONL: the line it was read from
    raw: bytes | None = None            # JSONL: a line that could not be read, as it was
    where: str = ""                     # how messages name it (default: its id)


def is_jsonl(path: Path) -> bool:
    return path.is_file() and (path.name.endswith(".jsonl") or path.name.endswith(".jsonl.gz"))


def open_binary(path: Path):
    return gzip.open(path, "rb") if path.name.endswith(".gz") else path.open("rb")


def read_items(src: Path, config: Config, text_field: str = "text", id_field: str | None = None) -> Iterator[Item]:
    """Documents of a folder (sorted, layout kept) or a JSONL / JSONL.gz file, one at a time."""
    if is_jsonl(src):
        yield from _jsonl_items(src, text_field, id_field)
        return
    for path in iter_paths([str(src)], config.exclude):
        if isinstance(path, ReadError):
            yield Item(path.path, "", error=f"{path.path}: {path.error}")
            continue
        doc = read_document(path)
        rel = str(path.relative_to(src)) if src.is_dir() else path.name
        if isinstance(doc, ReadError):
            yield Item(rel, "", error=f"{doc.path}: {doc.error}")
        else:
            yield Item(rel, doc.text, doc.encoding, where=str(path))


def _jsonl_items(src: Path, text_field: str, id_field: str | None) -> Iterator[Item]:
    n = 0
    try:
        with open_binary(src) as handle:
            for n, raw in enumerate(handle, 1):
                item = _record(src, n, raw, text_field, id_field)
                if item is not None:
                    yield item
    except _GZIP_ERRORS as exc:
        n += 1
        yield Item(f"{src.name}:{n}", "", line=n, error=f"{src}:{n}: {_stream_error(exc, n)}")


def _stream_error(exc: BaseException, line: int) -> str:
    if isinstance(exc, EOFError):
        return "the compressed file ends early (truncated .gz); the records before this line are kept"
    if isinstance(exc, gzip.BadGzipFile) and line == 1:
        return f"not a gzip file ({exc})"
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    if line == 1:
        return f"cannot read: {reason}"
    return f"cannot read further: {reason}; the records before this line are kept"


def _record(src: Path, n: int, raw: bytes, text_field: str, id_field: str | None) -> Item | None:
    """The item of line `n`, None for a blank line."""
    encoding = "utf-8"
    body = raw
    if n == 1 and raw.startswith(UTF8_BOM):
        body, encoding = raw[len(UTF8_BOM):], "utf-8-sig"   # read, and written back with its mark

    def bad(reason: str) -> Item:
        return Item(f"{src.name}:{n}", "", line=n, raw=raw if raw.endswith(b"\n") else raw + b"\n",
                    error=f"{src}:{n}: {reason}; copied unchanged")

    try:
        line = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return bad(f"not UTF-8 (byte 0x{body[exc.start]:02x} at column {exc.start + 1})")
    if not line.strip():
        return None
    try:
        record = json.loads(line.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        return bad(f"not JSON: {exc.msg} at column {exc.pos + 1}")
    if not isinstance(record, dict):
        return bad(f"{_json_type(record)}, not an object")
    if text_field not in record:
        return bad(f"no field {text_field!r}")
    text = record[text_field]
    if not isinstance(text, str):
        return bad(f"field {text_field!r} is {_json_type(text)}, not a string")
    if _ESCAPED_SURROGATE.search(body):
        try:
            json.dumps(record, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            return bad("an escaped unpaired surrogate (\\ud800-\\udfff) is not text")
    ident = record.get(id_field) if id_field else None
    return Item(str(n) if ident is None else str(ident), text, encoding, record=record, line=n,
                where=f"{src}:{n}")


def _json_type(value: object) -> str:
    names = {bool: "a boolean", int: "a number", float: "a number", str: "a string", list: "an array",
             dict: "an object"}
    return "null" if value is None else names.get(type(value), type(value).__name__)


def count_items(src: Path, config: Config = Config()) -> int:
    """How many documents (for the progress bar's ETA): lines of a JSONL file, files of a folder."""
    if is_jsonl(src):
        count = 0
        try:
            with open_binary(src) as handle:
                for line in handle:
                    count += bool(line.strip())
        except _GZIP_ERRORS:
            pass
        return count
    return sum(1 for p in iter_paths([str(src)], config.exclude) if not isinstance(p, ReadError))

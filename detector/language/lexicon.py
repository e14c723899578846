"""Language data kept apart from code: word lists (.txt) and tables (.tsv) under `lexicons/`.

Users extend a lexicon by putting a file of the same name in a folder named in their configuration
(`lexicons = ["newsroom-lexicons"]`); its entries are added to the shipped ones.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from .trie import alternation

BUILTIN_DIR = Path(__file__).parent / "lexicons"
_extra_dirs: tuple[Path, ...] = ()
_derived_caches: list[Callable[[], None]] = []
F = TypeVar("F", bound=Callable)


def derived_cache(fn: F) -> F:
    """lru_cache for data built from lexicons: cleared whenever the lexicon folders change."""
    cached = lru_cache(maxsize=None)(fn)
    _derived_caches.append(cached.cache_clear)
    return cached  # type: ignore[return-value]


def set_extra_dirs(dirs: list[str | Path]) -> None:
    """Add user lexicon folders searched after the shipped ones."""
    global _extra_dirs
    new = tuple(Path(d) for d in dirs)
    if new != _extra_dirs:
        _extra_dirs = new
        load_words.cache_clear()
        load_table.cache_clear()
        for clear in _derived_caches:
            clear()


def _files(name: str, suffix: str) -> list[Path]:
    """The built-in list or table and the users' files of that name; a built-in one must exist."""
    builtin = BUILTIN_DIR / f"{name}{suffix}"
    if not builtin.is_file():
        raise FileNotFoundError(f"no built-in lexicon {builtin.name} in {BUILTIN_DIR}")
    return [builtin, *(p for d in _extra_dirs if (p := d / f"{name}{suffix}").is_file())]


@lru_cache(maxsize=None)
def load_words(name: str) -> frozenset[str]:
    """A word list: one entry a line; `#` starts a comment."""
    words: set[str] = set()
    for path in _files(name, ".txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            entry = line.split("#", 1)[0].strip()
            if entry:
                words.add(entry)
    return frozenset(words)


def table_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """The rows of one tab-separated table file with their line numbers: a header row, then one row a
    line; empty lines and lines starting with `#` are skipped."""
    numbered = [(n, ln) for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if ln and not ln.startswith("#")]
    if not numbered:
        return
    header = numbered[0][1].split("\t")  # no quoting: a cell is what lies between two tabs
    width, named = len(header), all(header)
    for number, line in numbered[1:]:
        cells = line.split("\t")
        if named and len(cells) == width:
            yield number, dict(zip(header, cells))
        else:  # a short row's missing cells are empty; cells past the header, or under no name, are dropped
            yield number, {k: cells[i] if i < len(cells) else "" for i, k in enumerate(header) if k}


@lru_cache(maxsize=None)
def load_table(name: str) -> tuple[dict[str, str], ...]:
    """A table: the rows of `lexicons/name.tsv` and of the users' files of that name."""
    return tuple(row for path in _files(name, ".tsv") for _, row in table_rows(path))


def lexicon_names() -> list[str]:
    return sorted({p.stem for p in BUILTIN_DIR.iterdir() if p.suffix in (".txt", ".tsv")})


PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")


def expand_lists(expr: str) -> str:
    """Replace `{name}` by an alternation of the word list `lexicons/name.txt`."""
    def words(m: re.Match[str]) -> str:
        return alternation(load_words(m.group(1))) if m.group(1) in lexicon_names() else m.group()
    return PLACEHOLDER_RE.sub(words, expr)


def check_tables(folders: tuple[str, ...]) -> None:
    """Compile every expression of the pattern tables (tables with a `pattern` column) in users'
    lexicon folders; a broken one raises ValueError naming its file, line and column."""
    for path in sorted(p for folder in folders for p in Path(folder).glob("*.tsv")):
        for number, row in table_rows(path):
            for column in ("pattern", "topic", "unless"):
                try:
                    re.compile(expand_lists(row.get(column, "")))
                except re.error as exc:
                    raise ValueError(f"{path}:{number}: {column}: {exc}") from exc

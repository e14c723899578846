"""Configuration from the scanned tree: `detector.toml`, `pyproject.toml` [tool.detector] or
`setup.cfg` [detector], the first found walking up from the scanned path."""

from __future__ import annotations

import configparser
import tomllib
import urllib.parse
from dataclasses import dataclass, replace
from pathlib import Path


OFF, LOCAL = "off", "local"


def parse_setting(value: str) -> str:
    """`off`, `local` or an http(s) server URL; ValueError for anything else."""
    setting = value.strip()
    if setting.lower() in (OFF, LOCAL):
        return setting.lower()
    url = urllib.parse.urlparse(setting)
    if url.scheme in ("http", "https") and url.netloc:
        return setting
    raise ValueError(f"languagetool must be off, local or a server URL such as http://localhost:8081, not {value!r}")


DEFAULT_MIN_CONFIDENCE = 0.5


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    min_confidence: float = DEFAULT_MIN_CONFIDENCE
    lexicons: tuple[str, ...] = ()
    accept: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    models: bool = True
    source: str | None = None
    languagetool: str = OFF  # off, local or a LanguageTool server URL
    fluency: bool = False  # the language model's checks (MT801); `fluency = true` or --fluency turns them on
    fluency_gate: float = 0.5  # ... run on documents whose mt_score from the rules reaches this (set on web_dev
    # and BBC: 16 of its 19 MT pages and 1 of 9 edited ones reach 0.5, and 17 of 2,092 BBC articles)
    fluency_min_confidence: float = 0.7  # MT801's findings are shown from this confidence (or min_confidence, if
    # higher). Set on BBC and web_dev: the retrained candidate model's MT801 candidates of held-out BBC articles
    # reach 0.65 at most, out of fold; with the shipped model (which caps MT801 at the rule's own confidence)
    # 1 MT801 finding on BBC and 1 (a false alarm) on web_dev pass it

    def merged(self, **overrides: object) -> "Config":
        """A copy with the command line's non-empty values taking precedence."""
        return replace(self, **{k: v for k, v in overrides.items() if v not in (None, ())})


def _is_code_prefix(selector: str) -> bool:
    """A selector that picks rules by the start of their code: ours (`MT4`, `MT402`) or LanguageTool's
    (`LT`, `LT:EN_A`)."""
    return selector.startswith("MT") or selector == "LT" or selector.startswith("LT:")


def distinct_selectors(selectors: tuple[str, ...]) -> tuple[str, ...]:
    """The selectors in their order, each once, less a code that a code prefix also given covers
    (`MT4,MT402,MT4` is `MT4`): the same rules, named once (in messages and a job's fingerprint)."""
    prefixes = {s for s in selectors if _is_code_prefix(s)}
    out: list[str] = []
    for s in selectors:
        covered = _is_code_prefix(s) and any(p != s and s.startswith(p) for p in prefixes)
        if s not in out and not covered:
            out.append(s)
    return tuple(out)


def _as_tuple(value: object) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return tuple(v.strip() for v in value.replace("\n", ",").split(",") if v.strip())
    return tuple(str(v) for v in value)


def _anchored(pattern: str, base: Path) -> str:
    """An exclude pattern with a folder part (`drafts/*`) is relative to the configuration's folder,
    as in .gitignore; one that starts with `/` or `*`, or names no folder, is used as it is."""
    if "/" not in pattern.rstrip("/") or pattern.startswith(("/", "*")):
        return pattern
    return str(base.absolute() / pattern)


def _from_mapping(data: dict, source: Path) -> Config:
    base = source.parent
    min_confidence = float(data.get("min-confidence", DEFAULT_MIN_CONFIDENCE))
    if not 0.0 <= min_confidence <= 1.0:
        raise ValueError(f"{source}: min-confidence must be between 0 and 1, not {min_confidence}")
    known = {"select", "ignore", "min-confidence", "lexicons", "accept", "exclude", "languagetool", "fluency"}
    unknown = set(data) - known
    if unknown:
        raise ValueError(f"{source}: unknown setting(s) {', '.join(sorted(unknown))}")
    try:
        languagetool = parse_setting(str(data.get("languagetool", OFF)))
    except ValueError as exc:
        raise ValueError(f"{source}: {exc}") from exc
    lexicons = tuple(str(base / p) for p in _as_tuple(data.get("lexicons")))
    if lexicons:
        from .language.lexicon import check_tables  # a broken pattern fails here, not mid-scan

        check_tables(lexicons)
    return Config(
        select=_as_tuple(data.get("select")),
        ignore=_as_tuple(data.get("ignore")),
        min_confidence=min_confidence,
        lexicons=lexicons,
        accept=_as_tuple(data.get("accept")),
        exclude=tuple(_anchored(p, base) for p in _as_tuple(data.get("exclude"))),
        source=str(source),
        languagetool=languagetool,
        fluency=bool(data.get("fluency", False)),
    )


def _read(path: Path) -> Config | None:
    try:
        return _parse(path)
    except (tomllib.TOMLDecodeError, configparser.Error, UnicodeDecodeError) as exc:
        raise ValueError(f"{path}: {exc}") from exc


def _parse(path: Path) -> Config | None:
    if path.name == "detector.toml":
        return _from_mapping(tomllib.loads(path.read_text(encoding="utf-8")), path)
    if path.name == "pyproject.toml":
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("detector")
        return _from_mapping(table, path) if table is not None else None
    parser = configparser.ConfigParser()
    parser.read(path, encoding="utf-8")
    return _from_mapping(dict(parser["detector"]), path) if parser.has_section("detector") else None


def find_config(start: Path) -> Config:
    """The configuration that governs `start` (a file or folder), or the defaults."""
    try:
        folder = start.resolve()
    except (OSError, RuntimeError):  # a symlink loop: the reader reports it; use the folder it sits in
        folder = start.absolute().parent
    if not folder.is_dir():
        folder = folder.parent
    for d in (folder, *folder.parents):
        for name in ("detector.toml", "pyproject.toml", "setup.cfg"):
            path = d / name
            if path.is_file():
                config = _read(path)
                if config is not None:
                    return config
    return Config()

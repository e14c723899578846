"""Whether the fluency stage runs: the configuration's `fluency` key, the command line, and whether the
language model can run here (its MT801 rule is `detector.rules.unexpected_word`)."""

from __future__ import annotations

from collections.abc import Iterator as Iterating
from contextlib import contextmanager
from dataclasses import replace
from typing import Callable

from ..config import Config
from .suspicion import Scorer
from .weights import ModelUnavailable, gguf_path

# A suspect is a candidate unless its best replacement leaves the words after it this much less likely
# (nats): set on web_dev, where candidates at -2 are right 0.38 of the time (29), at 0.5 0.38 (13)
# and without a floor 0.28 (67); the candidate model weighs the rest.
MIN_RIGHT = -2.0
MIN_RIGHT_DELETION = 6.0  # deleting a word saves its own cost: the words after it must gain more

_scorer: list[tuple[Scorer, list[str] | None]] = []  # stand-ins for the model (training reads cached scores)


@contextmanager
def scoring_with(scorer: Scorer, vocab: list[str] | None = None) -> Iterating[None]:
    """Within this block MT801 scores text with `scorer` (and reads token ids with `vocab`, default
    the model's) instead of running the model."""
    _scorer.append((scorer, vocab))
    try:
        yield
    finally:
        _scorer.pop()


def available() -> str | None:
    """None when the model can run, else why not (one line)."""
    try:
        gguf_path()
        import gguf  # noqa: F401
    except ModelUnavailable as exc:
        return str(exc)
    except ImportError as exc:
        return f"the package {exc.name} is not installed"
    return None


__all__ = ["available", "ModelUnavailable", "scoring_with"]


def fluency_setting(config: Config, on: bool | None, warn: Callable[[str], None]) -> Config:
    """`config` with the fluency stage as `on` asks (None: as configured), and off when the model
    cannot run; in that case `warn` gets one line saying why."""
    if on is not None:
        config = replace(config, fluency=on)
    if config.fluency and (why := available()) is not None:
        warn(f"warning: fluency checks (MT801) are off: {why}.")
        return replace(config, fluency=False)
    return config

"""Substitution rules: a pair mined from data (a rendering MT or a spinner writes, and the word native
English uses) fires only where native bigram counts confirm it in its context."""

from . import false_friend, mt_rendering, spinner  # noqa: F401

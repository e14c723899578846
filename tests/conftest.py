"""Shared fixtures: run the `detect` command in-process (click's CliRunner) or as a real process."""

from __future__ import annotations

import os
import subprocess

import pytest
from click.testing import CliRunner

from detector.apps.cli import main
from detector.language.lexicon import set_extra_dirs
from helpers import detect_executable


@pytest.fixture
def cli():
    """Invoke `detect ARGS...` in-process; returns click's Result (stdout, stderr, exit_code)."""
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    yield invoke
    set_extra_dirs([])


@pytest.fixture
def run_detect():
    """Run `detect ARGS...` as a separate process (fresh caches, real exit status and streams)."""

    def run(*args, cwd=None, timeout: float = 120):
        env = dict(os.environ, PYTHONIOENCODING="utf-8")
        return subprocess.run([*detect_executable(), *[str(a) for a in args]], capture_output=True,
                              text=True, encoding="utf-8", cwd=cwd, env=env, timeout=timeout)

    return run

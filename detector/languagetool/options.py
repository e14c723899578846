"""The command-line options and start-up of LanguageTool, shared by scan, fix, clean and review."""

from __future__ import annotations

import sys
from dataclasses import replace

import click

from ..config import Config, parse_setting
from . import client as languagetool

EXIT_ERROR = 2


def languagetool_setting(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    try:
        return None if value is None else parse_setting(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


languagetool_options = [
    click.option("--languagetool", "lt_setting", metavar="off|local|URL", callback=languagetool_setting,
                 help="Also check with LanguageTool: off (default), local (installed jar and Java) or a server URL."),
    click.option("--languagetool-required", "lt_required", is_flag=True,
                 help="Stop with status 2 when LanguageTool is asked for but unavailable."),
]


def with_languagetool(f):
    for option in reversed(languagetool_options):
        f = option(f)
    return f


def start_languagetool(config: Config, required: bool) -> Config:
    """Connect to LanguageTool when the configuration asks for it, until the command ends.

    Returns the configuration other processes should use: `local` becomes the URL of the server
    started here, so that worker processes reach the same server.
    """
    if config.languagetool == languagetool.OFF:
        return config
    click.get_current_context().call_on_close(languagetool.disconnect)
    connection = languagetool.connect(config.languagetool)
    report_languagetool(config, required)
    return replace(config, languagetool=connection.url) if connection.url else config


def report_languagetool(config: Config, required: bool) -> None:
    """One line on stderr once LanguageTool is unavailable; with `required`, exit with status 2."""
    problem = languagetool.unreported_problem(config.languagetool)
    if problem is None:
        return
    if required:
        click.echo(f"error: {problem.line()}", err=True)
        sys.exit(EXIT_ERROR)
    click.echo(f"warning: {problem.line()} Continuing without it.", err=True)



"""The `detect` command: scan, fix, rules."""

from __future__ import annotations

import difflib
import inspect
import json
import os
import re
import sys
from dataclasses import replace
from pathlib import Path

import click

from .. import __version__
from ..atomic import atomic_file, write_atomic
from ..config import Config, distinct_selectors, find_config
from ..fluency.mode import fluency_setting
from ..languagetool import client as languagetool
from ..languagetool.options import report_languagetool, start_languagetool, with_languagetool
from ..pipeline.crossdoc_stream import SpillError, with_evidence
from ..pipeline.engine import DocumentReport, unknown_selectors
from ..pipeline.scanner import PARALLEL_MIN_FILES, default_jobs, scan_paths
from ..pipeline.settle import MAX_ROUNDS, settle_fixes
from ..report.formats import (JsonStream, Tally, document_json, render_github, render_jsonl_line, render_junit,
                              render_statistics, render_text, text_summary)
from ..rules import REGISTRY
from ..scoring.model_store import MODELS_DIR
from ..text.reader import ReadError, iter_paths
from .progress import progress_bar
from .review.cli import review

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def _codes(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (value or "").split(",") if v.strip())


def _config(paths: tuple[str, ...], select: str | None, ignore: str | None,
            min_confidence: float | None, rules_only: bool = False, lt_setting: str | None = None,
            fluency: bool | None = None) -> Config:
    try:
        base = find_config(Path(paths[0]) if paths else Path.cwd())
    except (ValueError, OSError) as exc:
        raise click.UsageError(f"configuration: {exc}") from exc
    config = base.merged(select=_codes(select), ignore=_codes(ignore), min_confidence=min_confidence,
                         languagetool=lt_setting)
    config = replace(config, select=distinct_selectors(config.select), ignore=distinct_selectors(config.ignore))
    if rules_only:
        config = replace(config, models=False)
    config = fluency_setting(config, fluency, lambda line: click.echo(line, err=True))
    bad = unknown_selectors(config.select + config.ignore)
    if bad:
        raise click.UsageError(f"unknown rule code or category: {', '.join(bad)} (see `detect rules`)")
    return config


PROGRESS_MIN_FILES = 500


def _reports(paths: tuple[str, ...], config: Config, explain: bool, compare: bool, jobs: int = 1):
    """Reports in path order, with a progress bar on large inputs; with `compare`, each with the
    evidence of the other reports of its story (the first once all are scanned and linked)."""
    listed = list(iter_paths(list(paths), config.exclude))
    bar = progress_bar(len(listed), "documents") if len(listed) >= PROGRESS_MIN_FILES else None
    items = scan_paths(listed, config, explain, jobs, bar.update if bar else lambda n: None, compare)
    if compare:
        items = with_evidence(items, config)
    yield from items
    if bar:
        bar.close()


def _error_line(err: ReadError) -> None:
    click.echo(f"error: {err.path}: {err.error}", err=True)


def _warn_encoding(item: DocumentReport) -> None:
    if item.document.encoding not in ("utf-8", "utf-8-sig", "utf-16", "utf-32"):  # not declared by a BOM
        click.echo(f"warning: {item.document.path}: not UTF-8, read as {item.document.encoding}", err=True)


selection_options = [
    click.option("--select", help="Comma-separated rule codes, code prefixes or categories to run."),
    click.option("--ignore", help="Comma-separated rule codes, code prefixes or categories to skip."),
    click.option("--min-confidence", type=click.FloatRange(0, 1), help="Hide findings below this confidence."),
    click.option("--rules-only", is_flag=True,
                 help="Confidences from the rules alone, mt_score from glitch density: no trained model."),
    click.option("--fluency/--fast", default=None,
                 help="Also run the language model's checks (MT801; slow, off by default), or not "
                      "(default: the configuration's `fluency` key)."),
]


def with_selection(f):
    for option in reversed(selection_options):
        f = option(f)
    return f


@click.group()
@click.version_option(__version__, prog_name="detect")
def main() -> None:
    """Find machine-translation glitches in English news text and propose normalized wording."""


main.add_command(review)


FORMATS = ["text", "json", "jsonl", "sarif", "github", "junit"]
WITH_ENDS = {"sarif", "github", "junit"}  # formats that need each finding's end line and column
STDIN = "-"


class Output:
    """Standard output, or --output-file written as it goes to a temporary file that replaces the
    file when the report is complete (and is removed if it is not)."""

    def __init__(self, path: Path | None, color: bool) -> None:
        self.path, self.color = path, color and path is None
        self._file, self._handle = None, None
        if path is not None:
            self._file = atomic_file(path)
            try:
                self._handle = self._file.__enter__()
            except OSError as exc:
                raise click.FileError(str(path), str(exc)) from exc

    def echo(self, text: str, nl: bool = True) -> None:
        if self._handle is None:
            click.echo(text, nl=nl, color=self.color)
        else:
            self._handle.write((click.unstyle(text) + ("\n" if nl else "")).encode("utf-8"))

    def close(self) -> None:
        if self._file is not None:
            try:
                self._file.__exit__(None, None, None)
            except OSError as exc:
                raise click.FileError(str(self.path), str(exc)) from exc

    def discard(self) -> None:
        """Leave the output file as it was (the report is incomplete)."""
        if self._file is not None:
            self._file.__exit__(KeyboardInterrupt, KeyboardInterrupt(), None)
            self._file = None


def _stdin_report(name: str, config: Config, explain: bool) -> DocumentReport | ReadError:
    from ..pipeline.engine import scan_document
    from ..text.reader import MAX_BYTES, document_from_bytes

    doc = document_from_bytes(sys.stdin.buffer.read(MAX_BYTES + 1), name)
    return doc if isinstance(doc, ReadError) else scan_document(doc, config, explain)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="sarif: SARIF 2.1.0; github: GitHub Actions annotations; junit: JUnit XML.")
@with_selection
@click.option("--color/--no-color", default=None, help="Colour the text output (default: on a terminal).")
@click.option("--explain", is_flag=True, help="Show the features that weighed most in each confidence.")
@click.option("--no-crossdoc", is_flag=True, help="Do not compare reports of the same story with each other.")
@click.option("--jobs", type=click.IntRange(1), default=default_jobs(), show_default="all cores",
              help=f"Worker processes for {PARALLEL_MIN_FILES} files or more (one with LanguageTool).")
@click.option("--statistics", is_flag=True, help="Print the number of findings of each rule instead of the findings.")
@click.option("-o", "--output-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the report to this file (atomically) instead of standard output.")
@click.option("--exit-zero", is_flag=True, help="Exit with status 0 even when there are findings (2 still means an error).")
@click.option("-q", "--quiet", is_flag=True, help="Print the findings only: no summary line, no warnings.")
@click.option("--stdin-filename", help="With `-`: the name standard input is reported under (and configured by).")
@with_languagetool
def scan(paths: tuple[str, ...], fmt: str, select: str | None, ignore: str | None,
         min_confidence: float | None, rules_only: bool, fluency: bool | None, color: bool | None, explain: bool,
         no_crossdoc: bool, jobs: int, statistics: bool, output_file: Path | None, exit_zero: bool, quiet: bool,
         stdin_filename: str | None, lt_setting: str | None, lt_required: bool) -> None:
    """Report glitches in files or folders of .txt articles (`-`: standard input).

    With several documents, reports of the same story are compared with each other (cross-document
    evidence) before anything is printed; --no-crossdoc prints each document as soon as it is read.
    """
    if STDIN in paths and len(paths) > 1:
        raise click.UsageError("`-` (standard input) cannot be given with other paths")
    stdin_name = stdin_filename or "<stdin>"
    config_from = paths if paths != (STDIN,) else (stdin_filename,) if stdin_filename else ()
    config = _config(config_from, select, ignore, min_confidence, rules_only, lt_setting, fluency)
    start_languagetool(config, lt_required)
    color = _default_color() if color is None else color
    out = Output(output_file, color)
    jobs = 1 if config.languagetool != languagetool.OFF else jobs
    streaming = not statistics and fmt in ("text", "jsonl", "json")
    tally = Tally()
    documents: list[dict] = []  # only for the formats that need every document at the end
    json_stream = JsonStream()
    items = [_stdin_report(stdin_name, config, explain)] if paths == (STDIN,) else \
        _reports(paths, config, explain, not no_crossdoc, jobs)
    try:
        for item in items:
            if isinstance(item, ReadError):
                _error_line(item)
            else:
                if not quiet:
                    _warn_encoding(item)
                if fmt == "text" and streaming:
                    for block in render_text(item, out.color):
                        out.echo(block)
            record = document_json(item, ends=fmt in WITH_ENDS)
            tally.add(record)
            if not streaming:
                documents.append(record)
            elif fmt == "jsonl":
                out.echo(render_jsonl_line(record))
            elif fmt == "json":
                out.echo(json_stream.document(record), nl=False)
    except KeyboardInterrupt:
        out.discard()
        click.echo(f"interrupted after {tally.documents + tally.errors} document(s)", err=True)
        sys.exit(130)
    except SpillError as exc:
        out.discard()
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except BaseException:
        out.discard()
        raise
    if statistics:
        table = render_statistics(documents, fmt)
        if table:
            out.echo(table)
    elif fmt == "json":
        out.echo(json_stream.end(tally.summary()))
    elif fmt in RENDERERS:
        rendered = RENDERERS[fmt](documents)
        if rendered:
            out.echo(rendered)
    if fmt == "text" and not quiet:
        out.echo(text_summary(tally.summary(), out.color) + languagetool.summary_note(config.languagetool))
    out.close()
    report_languagetool(config, lt_required)
    status = EXIT_ERROR if tally.errors else EXIT_FINDINGS if tally.findings else EXIT_CLEAN
    sys.exit(EXIT_CLEAN if exit_zero and status == EXIT_FINDINGS else status)


def _sarif(documents: list[dict]) -> str:
    from ..report.sarif import render_sarif

    return render_sarif(documents)


RENDERERS = {"sarif": _sarif, "github": render_github, "junit": render_junit}


def _default_color() -> bool:
    """Colour on a terminal, unless NO_COLOR is set to anything but the empty string (no-color.org)."""
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


def _patch_lines(text: str) -> list[str]:
    """Lines as `patch` and `git apply` count them: each ends at a line feed; a carriage return is text."""
    return re.findall(r"[^\n]*\n|[^\n]+$", text)


def _unified_diff(old: str, new: str, path: str) -> str:
    """A patch that `patch` and `git apply` apply, marking a last line without a newline as diff does."""
    out = []
    for line in difflib.unified_diff(_patch_lines(old), _patch_lines(new), f"a/{path}", f"b/{path}"):
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--diff", is_flag=True, help="Print a unified diff of the fixes.")
@click.option("--stdout", "to_stdout", is_flag=True, help="Print the fixed text.")
@click.option("--in-place", is_flag=True, help="Rewrite the files (atomically).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes marked unsafe.")
@click.option("--no-crossdoc", is_flag=True, help="Do not compare reports of the same story with each other.")
@with_selection
@with_languagetool
def fix(paths: tuple[str, ...], diff: bool, to_stdout: bool, in_place: bool, unsafe_fixes: bool,
        no_crossdoc: bool, select: str | None, ignore: str | None, min_confidence: float | None, rules_only: bool,
        fluency: bool | None, lt_setting: str | None, lt_required: bool) -> None:
    """Apply the suggested fixes: safe ones only unless --unsafe-fixes.

    Fixes are applied and the text scanned again until no fix applies (at most MAX_ROUNDS rounds),
    so a second run changes nothing.
    """
    modes = [m for m, on in (("diff", diff), ("stdout", to_stdout), ("in-place", in_place)) if on]
    if len(modes) != 1:
        given = f" (got {' and '.join('--' + m for m in modes)})" if modes else ""
        raise click.UsageError(f"choose one of --diff, --stdout or --in-place{given}")
    mode = modes[0]
    config = _config(paths, select, ignore, min_confidence, rules_only, lt_setting, fluency)
    start_languagetool(config, lt_required)
    failed = changed = 0
    for item in _reports(paths, config, False, not no_crossdoc):
        if isinstance(item, ReadError):
            _error_line(item)
            failed += 1
            continue
        doc = item.document
        settled = settle_fixes(item, config, unsafe_fixes)
        new_text, applied = settled.text, settled.applied
        if not settled.settled:
            click.echo(f"warning: {doc.path}: fixes still pending after {MAX_ROUNDS} rounds", err=True)
        changed += bool(applied)
        if mode == "stdout":
            click.echo(new_text, nl=False)
        elif mode == "diff" and applied:
            click.echo(_unified_diff(doc.text, new_text, doc.path), nl=False)
        elif mode == "in-place" and applied:
            try:
                target = Path(doc.path).resolve()
                write_atomic(target, new_text.encode(doc.encoding), target.stat().st_mode)
            except (OSError, UnicodeEncodeError) as exc:
                _error_line(ReadError(doc.path, f"cannot write: {exc}"))
                failed += 1
                continue
            click.echo(f"fixed {len(applied)} in {doc.path}", err=True)
    report_languagetool(config, lt_required)
    sys.exit(EXIT_ERROR if failed else (EXIT_FINDINGS if changed and mode == "diff" else EXIT_CLEAN))


class MtThreshold(click.ParamType):
    """A number from 0 to 1, or `default`: the shipped document model's threshold (0.5 without a model)."""

    name = "threshold"

    def convert(self, value, param, ctx) -> float:
        if value == "default":
            from ..scoring.document_model import load_document_model

            model = load_document_model()
            return model.threshold if model is not None else 0.5
        return click.FloatRange(0, 1).convert(value, param, ctx)


def _default_gold(shared: Path) -> list[tuple[Path, Path, str]]:
    repo_seeds = Path(__file__).resolve().parent.parent.parent / "seeds"
    specs = [(shared / "gold" / "seeds.json", repo_seeds if repo_seeds.is_dir() else shared / "seeds", "seeds"),
             (shared / "gold" / "web_dev" / "gold.json", shared / "gold" / "web_dev" / "texts", "web_dev")]
    return [s for s in specs if s[0].is_file() and s[1].is_dir()]


def _default_labels(shared: Path) -> list[tuple[Path, Path, str]]:
    web_dev2 = shared / "gold" / "web_dev2"
    return [(web_dev2 / "gold.json", web_dev2 / "texts", "web_dev2")] if (web_dev2 / "gold.json").is_file() else []


@main.command("clean")
@click.argument("src", type=click.Path(exists=True, path_type=Path))
@click.option("--out", "dst", type=click.Path(file_okay=False, path_type=Path),
              help="Output folder (required unless --in-place).")
@click.option("--in-place", is_flag=True, help="Rewrite SRC itself, keeping a .bak copy of each changed file.")
@click.option("--text-field", default="text", show_default=True, help="JSONL: the field holding the text.")
@click.option("--id-field", help="JSONL: the field holding the document id (default: the line number).")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes marked unsafe.")
@click.option("--mt-threshold", type=MtThreshold(), is_flag=False, flag_value="default",
              help="Route documents with mt_score at or above this to DST/machine_translated; alone, the document "
                   "model's default threshold (set so that edited news stays below it; see models/README.md).")
@click.option("--jobs", type=click.IntRange(1), default=default_jobs(), show_default="all cores")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True)
@click.option("--scheduler", help="Dask scheduler address (with --engine dask); default: a local cluster.")
@click.option("--chunk-size", type=click.IntRange(1), default=200, show_default=True,
              help="Documents per unit of work, checkpoint and cross-document comparison.")
@click.option("--no-crossdoc", is_flag=True, help="Do not compare reports of the same story with each other.")
@with_selection
@with_languagetool
def clean_command(src: Path, dst: Path | None, in_place: bool, text_field: str, id_field: str | None,
                  unsafe_fixes: bool, mt_threshold: float | None, jobs: int, engine: str, scheduler: str | None,
                  chunk_size: int, no_crossdoc: bool, select: str | None, ignore: str | None,
                  min_confidence: float | None, rules_only: bool, fluency: bool | None, lt_setting: str | None,
                  lt_required: bool) -> None:
    """Apply safe fixes to a corpus (a folder of .txt files, or JSONL / JSONL.gz with a text field).

    Writes cleaned copies, audit.jsonl (every edit) and summary.json to --out. Parallel, and
    resumable: rerun the same command after an interruption to finish the job. The language
    model's checks (MT801) are off here, whatever --fluency says: their fixes are unsafe, and they would
    make a corpus take many times longer; scan or review documents to see them.
    """
    from .clean import CleanOptions, clean, count_items

    if (dst is None) == (not in_place):
        raise click.UsageError("give either --out DST or --in-place")
    if dst is None:
        dst = src if src.is_dir() else src.parent
    else:
        _check_apart(src, dst)
    config = start_languagetool(_config((str(src),), select, ignore, min_confidence, rules_only, lt_setting, False),
                                lt_required)
    options = CleanOptions(config, unsafe_fixes, not no_crossdoc, mt_threshold, text_field, id_field, chunk_size)
    bar = progress_bar(count_items(src, config), "documents")
    try:
        summary = clean(src, dst, options, in_place=in_place, jobs=jobs, engine=engine, scheduler=scheduler,
                        progress=bar.update)
    except KeyboardInterrupt:
        bar.close()
        click.echo("interrupted: finished chunks are kept; rerun the same command to finish", err=True)
        sys.exit(130)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    except OSError as exc:  # disk full, a read-only or missing folder: the finished chunks are kept
        bar.close()
        click.echo(f"error: {_failed_path(exc, dst)}: {exc.strerror or exc}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        bar.close()
    report_languagetool(config, lt_required)
    for error in summary["errors"]:
        click.echo(f"error: {error}", err=True)
    for ident, lines in summary.get("duplicate_ids", {}).items():
        click.echo(f"warning: {src}: id {ident!r} is shared by lines {', '.join(map(str, lines))}; "
                   "the records are kept apart (audit.jsonl gives each its line)", err=True)
    by_rule = ", ".join(f"{k} {v}" for k, v in summary["edits_by_rule"].items()) or "none"
    click.echo(f"{summary['documents']} documents, {summary['edited_documents']} edited, {summary['edits']} edits "
               f"({by_rule}); {summary['machine_translated']} routed as machine-translated; "
               f"audit log and summary in {dst}")
    sys.exit(EXIT_ERROR if summary["errors"] else EXIT_CLEAN)


def _check_apart(src: Path, dst: Path) -> None:
    """SRC is only read: --out may not be SRC, lie inside it (a rerun would read its own output) or
    hold it (the cleaned copy would replace it)."""
    s, d = src.resolve(), dst.resolve()
    if d == s:
        raise click.UsageError(f"--out {dst} is SRC {src} itself; choose another folder, or --in-place to rewrite SRC")
    if s in d.parents:
        raise click.UsageError(f"--out {dst} is inside SRC {src}; choose a folder outside SRC")
    if d in s.parents:
        raise click.UsageError(f"SRC {src} is inside --out {dst}; choose a folder that does not hold SRC")


def _failed_path(exc: OSError, dst: Path) -> str:
    """The output folder, or the file outside it that could not be read or written."""
    if exc.filename:
        failed = Path(exc.filename).resolve()
        if dst.resolve() not in (failed, *failed.parents):
            return str(exc.filename)
    return str(dst)


@main.command()
@click.option("--data", "data_dir", type=click.Path(file_okay=False, path_type=Path), default=Path("../shared/data"),
              show_default=True, help="Folder with wmt21_toen/ and bbc_news/ (research corpora; never shipped).")
@click.option("--gold", "gold", type=(click.Path(exists=True, dir_okay=False, path_type=Path),
                                      click.Path(exists=True, file_okay=False, path_type=Path)), multiple=True,
              help="A gold file and its texts folder (repeatable). Default: ../shared/gold seeds and web_dev.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=MODELS_DIR,
              show_default=True, help="Where the models and their card are written.")
@click.option("--labels", "labels", type=(click.Path(exists=True, dir_okay=False, path_type=Path),
                                          click.Path(exists=True, file_okay=False, path_type=Path)), multiple=True,
              help="A gold file whose page labels (not spans) train the document model only (repeatable). "
                   "Default: ../shared/gold/web_dev2.")
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--from-review", "reviews", type=click.Path(exists=True, dir_okay=False, path_type=Path), multiple=True,
              help="A review queue whose decisions become labelled candidates (repeatable).")
def train(data_dir: Path, gold: tuple[tuple[Path, Path], ...], labels: tuple[tuple[Path, Path], ...],
          out_dir: Path, seed: int, reviews: tuple[Path, ...]) -> None:
    """Rebuild the candidate and document models (deterministic for a given seed and data)."""
    from ..training.run import train_all
    from .review.training_examples import review_examples

    for needed in (data_dir / "wmt21_toen" / "flat.tsv", data_dir / "wmt21_toen" / "en_original.tsv",
                   data_dir / "bbc_news" / "articles.jsonl"):
        if not needed.is_file():
            raise click.UsageError(f"{needed}: not found (point --data at a folder like ../shared/data)")
    specs = [(g, t, g.stem) for g, t in gold] if gold else _default_gold(data_dir.parent)
    extra = [(g, t, g.parent.name) for g, t in labels] if labels or gold else _default_labels(data_dir.parent)
    review = [e for db in reviews for e in review_examples(db)]
    if reviews:
        click.echo(f"read {len(review)} editor decisions from {', '.join(map(str, reviews))}", err=True)
    train_all(data_dir, specs, out_dir, seed, echo=lambda m: click.echo(m, err=True), review=review,
              label_specs=extra)


@main.command("eval")
@click.option("--gold", "gold_file", required=True, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("texts", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@with_selection
def eval_command(gold_file: Path, texts: Path, fmt: str, select: str | None, ignore: str | None,
                 min_confidence: float | None, rules_only: bool, fluency: bool | None) -> None:
    """Score the scan of TEXTS against a gold file: recall, precision, F0.5, error reduction, AUC."""
    from ..training.evaluate import evaluate, render

    config = _config((str(texts),), select, ignore, min_confidence, rules_only, fluency=fluency)
    try:
        result = evaluate(gold_file, texts, config)
    except (ValueError, KeyError, json.JSONDecodeError) as exc:
        raise click.UsageError(f"{gold_file}: {exc}") from exc
    click.echo(json.dumps(result, indent=1) if fmt == "json" else render(result))


@main.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback: only this machine can connect).")
@click.option("--port", type=click.IntRange(0, 65535), default=8081, show_default=True, help="0: any free port.")
@click.option("--max-request-bytes", type=click.IntRange(1), default=1 << 20, show_default=True,
              help="Refuse larger requests (413).")
@click.option("--allow-origin", metavar="ORIGIN",
              help="Send Access-Control-Allow-Origin: ORIGIN ('*' for any), as LanguageTool's --allow-origin.")
@with_selection
@with_languagetool
def serve_command(host: str, port: int, max_request_bytes: int, allow_origin: str | None, select: str | None,
                  ignore: str | None, min_confidence: float | None, rules_only: bool, fluency: bool | None,
                  lt_setting: str | None, lt_required: bool) -> None:
    """Answer LanguageTool's HTTP API (/v2/check, /v2/languages) with our findings.

    Point LibreOffice, LTeX, the LanguageTool browser add-on or any LanguageTool client at
    http://HOST:PORT. With --languagetool URL (or local), each check also goes to that LanguageTool
    server and its matches are merged with ours.
    """
    from .serve.server import CheckServer
    from .serve.upstream import Upstream

    config = _config((), select, ignore, min_confidence, rules_only, lt_setting, fluency)
    start_languagetool(config, lt_required)
    connection = languagetool.connect(config.languagetool) if config.languagetool != languagetool.OFF else None
    upstream = Upstream(connection.url) if connection is not None and connection.url else None
    try:
        server = CheckServer(config, host, port, upstream, max_request_bytes, allow_origin)
    except OSError as exc:
        raise click.UsageError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from exc
    merged = f", merged with LanguageTool at {upstream.url}" if upstream else ""
    click.echo(f"LanguageTool API at {server.url}v2/ (detect's findings{merged}; Ctrl-C to stop)", err=True)
    server.run()


@main.command("rules")
@click.argument("codes", nargs=-1)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True,
              help="markdown: the table of the README's Rules section")
def rules_command(codes: tuple[str, ...], fmt: str) -> None:
    """List every rule: code, category, fix applicability and what it catches; with CODES, those
    rules in full (what, why, what it knows, an example, the fix)."""
    unknown = [c for c in codes if c.upper() not in REGISTRY]
    if unknown:
        raise click.UsageError(f"no rule {', '.join(unknown)} (`detect rules` lists them)")
    chosen = sorted((REGISTRY[c.upper()] for c in codes), key=lambda r: r.code) if codes else \
        [r for _, r in sorted(REGISTRY.items())]
    rows = [(r.code, r.category, r.fix, r.name, r.summary()) for r in chosen]
    if fmt == "json":
        click.echo(json.dumps([{**dict(zip(("code", "category", "fix", "name", "summary"), row)),
                                **({"description": inspect.getdoc(r)} if codes else {})}
                               for row, r in zip(rows, chosen)], indent=1))
        return
    if fmt == "markdown":
        click.echo("| code | category | fix | name | what it catches |\n|---|---|---|---|---|")
        for row in rows:
            click.echo("| " + " | ".join(row) + " |")
        return
    if codes:
        click.echo("\n\n".join(f"{r.code} {r.name} ({r.category}, fix {r.fix}, confidence {r.confidence})\n\n"
                               f"{inspect.getdoc(r)}" for r in chosen))
        return
    for code, category, fix_kind, name, text in rows:
        click.echo(f"{code}  {category:<15} {fix_kind:<7} {name:<28} {text}")

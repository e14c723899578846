"""`detect clean`: folders and JSONL, audit and summary, idempotence, resumption after kill -9, Dask."""

from __future__ import annotations

import gzip
import json
import os
import random
import shutil
import signal
import subprocess
import time
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest

from detector.apps import clean as batch
from detector.apps.clean import CleanOptions, clean, content_hash
from helpers import detect_executable

SENTENCES = [
    "The council will meet on on Monday to discuss the budget for the coming year.",
    "The vote on the new harbour was postponed until the spring, the mayor noted. .",
    "Farmers in the north reported a late harvest after weeks of heavy rain.",
    "The ministry said that exports of grain rose by a fifth in the first half of the year.",
    "Thousands of commuters were delayed when a signal failed outside the central station.",
    "The museum will reopen its east wing after two years of repairs. the director said.",
]


def article(i: int) -> str:
    picked = [SENTENCES[(i + k) % len(SENTENCES)] for k in range(4)]
    return f"Report number {i} from the regional desk\n\n" + "\n\n".join(picked) + "\n"


def make_folder(root: Path, n: int) -> Path:
    for i in range(n):
        sub = root / f"desk{i % 3}"
        sub.mkdir(parents=True, exist_ok=True)
        (sub / f"story{i:04d}.txt").write_text(article(i), encoding="utf-8")
    return root


def make_jsonl(path: Path, n: int, bad_line: bool = False) -> Path:
    lines = [json.dumps({"id": f"doc-{i}", "body": article(i), "source": "wire"}) for i in range(n)]
    if bad_line:
        lines.insert(2, "{not json")
    data = ("\n".join(lines) + "\n").encode()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(data, mtime=0) if path.name.endswith(".gz") else data)
    return path


def test_folder_layout_audit_and_summary(cli, tmp_path):
    src = make_folder(tmp_path / "src", 9)
    result = cli("clean", src, "--out", tmp_path / "out", "--jobs", "1")
    assert result.exit_code == 0, result.output
    out = tmp_path / "out"
    cleaned = (out / "desk0" / "story0000.txt").read_text(encoding="utf-8")
    assert "on on" not in cleaned and "noted. ." not in cleaned and "meet on Monday" in cleaned
    assert (src / "desk0" / "story0000.txt").read_text(encoding="utf-8") == article(0), "SRC is never touched"
    audit = [json.loads(x) for x in (out / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(audit) == 9 and all({"id", "mt_score", "edits"} <= set(a) for a in audit)
    edit = next(e for a in audit for e in a["edits"] if e["rule"] == "MT511")
    assert edit["before"] == "on on" and edit["after"] == "on" and 0 < edit["confidence"] <= 1
    summary = json.loads((out / "summary.json").read_text())
    assert summary["documents"] == 9 and summary["edits"] == sum(len(a["edits"]) for a in audit)
    assert not (out / ".detect-clean").exists()


def test_cleaning_the_cleaned_output_changes_nothing(cli, tmp_path):
    src = make_folder(tmp_path / "src", 6)
    cli("clean", src, "--out", tmp_path / "once", "--jobs", "1")
    for p in ("audit.jsonl", "summary.json"):
        (tmp_path / "once" / p).unlink()
    cli("clean", tmp_path / "once", "--out", tmp_path / "twice", "--jobs", "1")
    assert json.loads((tmp_path / "twice" / "summary.json").read_text())["edits"] == 0
    for path in (tmp_path / "once").rglob("*.txt"):
        assert (tmp_path / "twice" / path.relative_to(tmp_path / "once")).read_bytes() == path.read_bytes()


def test_jsonl_gz_with_fields_and_a_malformed_line(cli, tmp_path):
    src = make_jsonl(tmp_path / "corpus.jsonl.gz", 8, bad_line=True)
    result = cli("clean", src, "--out", tmp_path / "out", "--text-field", "body", "--id-field", "id", "--jobs", "1")
    assert result.exit_code == 2
    assert "corpus.jsonl.gz:3: not JSON" in result.stderr and "copied unchanged" in result.stderr
    lines = gzip.open(tmp_path / "out" / "corpus.jsonl.gz", "rt", encoding="utf-8").read().splitlines()
    assert lines.pop(2) == "{not json", "the unreadable line keeps its place, unchanged"
    rows = [json.loads(x) for x in lines]
    assert [r["id"] for r in rows] == [f"doc-{i}" for i in range(8)]
    assert all(r["source"] == "wire" and "on on" not in r["body"] for r in rows)


def test_machine_translated_documents_are_routed(tmp_path):
    src = make_folder(tmp_path / "src", 4)
    summary = clean(src, tmp_path / "out", CleanOptions(mt_threshold=0.0))
    assert summary["machine_translated"] == 4
    assert len(list((tmp_path / "out" / "machine_translated").rglob("*.txt"))) == 4


def test_in_place_keeps_backups(cli, tmp_path):
    src = make_folder(tmp_path / "src", 3)
    result = cli("clean", src, "--in-place", "--jobs", "1")
    assert result.exit_code == 0, result.output
    story = src / "desk0" / "story0000.txt"
    assert "on on" not in story.read_text(encoding="utf-8")
    assert (src / "desk0" / "story0000.txt.bak").read_text(encoding="utf-8") == article(0)


def test_out_and_in_place_are_exclusive(cli, tmp_path):
    src = make_folder(tmp_path / "src", 1)
    assert cli("clean", src).exit_code == 2
    assert cli("clean", src, "--out", src, "--in-place").exit_code == 2


@pytest.mark.parametrize("case", ["out-is-src", "out-inside-src", "src-inside-out", "jsonl-out-dot",
                                  "jsonl-out-its-folder", "out-is-the-jsonl"])
def test_out_never_overlaps_src(cli, tmp_path, monkeypatch, case):
    folder = make_folder(tmp_path / "corpus" / "src", 2)
    jsonl = make_jsonl(tmp_path / "news" / "news.jsonl", 2)
    monkeypatch.chdir(tmp_path / "news")
    src, out = {"out-is-src": (folder, folder), "out-inside-src": (folder, folder / "cleaned"),
                "src-inside-out": (folder, tmp_path / "corpus"), "jsonl-out-dot": (Path("news.jsonl"), Path(".")),
                "jsonl-out-its-folder": (jsonl, jsonl.parent), "out-is-the-jsonl": (jsonl, jsonl)}[case]
    before = {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    result = cli("clean", src, "--out", out, "--jobs", "1")
    assert result.exit_code == 2
    if case == "out-is-the-jsonl":   # click refuses a file as the output folder before anything else
        assert f"'{out}' is a file" in result.stderr
    else:
        assert f"SRC {src}" in result.stderr and f"--out {out}" in result.stderr, result.stderr
    assert {p: p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()} == before, "nothing written"


def test_records_that_share_an_id_are_kept_apart_in_order(cli, tmp_path):
    texts = [article(i) for i in range(7)]
    records = [{"id": "a", "body": texts[0]}, {"id": "b", "body": texts[1]}, {"id": "a", "body": texts[2]},
               {"body": texts[3]},   # no id: its line number, 4, is also the next record's id
               {"id": 4, "body": texts[4]}, {"id": "a", "body": texts[5]}, {"id": "c", "body": texts[6]}]
    src = tmp_path / "corpus.jsonl"
    src.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = cli("clean", src, "--out", tmp_path / "out", "--text-field", "body", "--id-field", "id",
                 "--jobs", "1", "--chunk-size", "3")   # duplicates within and across chunks
    assert result.exit_code == 0, result.output
    rows = [json.loads(x) for x in (tmp_path / "out" / "corpus.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r.get("id") for r in rows] == [r.get("id") for r in records], "every record once, in input order"
    assert all("on on" not in r["body"] and r["body"].startswith(f"Report number {i} ") for i, r in enumerate(rows))
    audit = [json.loads(x) for x in (tmp_path / "out" / "audit.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [(a["id"], a["line"]) for a in audit] == [("a", 1), ("b", 2), ("a", 3), ("4", 4), ("4", 5), ("a", 6),
                                                      ("c", 7)]
    assert all(a["edits"] for a in audit)
    summary = json.loads((tmp_path / "out" / "summary.json").read_text())
    assert summary["documents"] == 7 and summary["duplicate_ids"] == {"a": [1, 3, 6], "4": [4, 5]}
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert warnings == [f"warning: {src}: id 'a' is shared by lines 1, 3, 6; the records are kept apart "
                        "(audit.jsonl gives each its line)",
                        f"warning: {src}: id '4' is shared by lines 4, 5; the records are kept apart "
                        "(audit.jsonl gives each its line)"]


def test_in_place_jsonl_keeps_every_line(cli, tmp_path):
    src = make_jsonl(tmp_path / "corpus.jsonl", 4, bad_line=True)
    original = src.read_bytes()
    result = cli("clean", src, "--in-place", "--text-field", "body", "--id-field", "id", "--jobs", "1")
    assert result.exit_code == 2
    lines = src.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and lines[2] == "{not json" and "on on" not in lines[0]
    assert (tmp_path / "corpus.jsonl.bak").read_bytes() == original


@pytest.mark.parametrize("in_place", [False, True])
def test_a_gz_that_is_not_gzip_leaves_no_output_and_its_source_untouched(cli, tmp_path, in_place):
    src = tmp_path / "corpus.jsonl.gz"
    src.write_bytes(b'{"id": "a", "text": "He said it on on Monday."}\n')
    original = src.read_bytes()
    where = ["--in-place"] if in_place else ["--out", tmp_path / "out"]
    result = cli("clean", src, *where, "--jobs", "1")
    assert result.exit_code == 2 and f"error: {src}:1: not a gzip file" in result.stderr
    out = tmp_path if in_place else tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == sorted(["audit.jsonl", "summary.json", *(["corpus.jsonl.gz"] if in_place else [])])
    assert src.read_bytes() == original


def test_a_resumed_job_with_other_options_is_refused(tmp_path):
    src = make_folder(tmp_path / "src", 2)
    (tmp_path / "out" / ".detect-clean").mkdir(parents=True)
    (tmp_path / "out" / ".detect-clean" / "job.json").write_text('{"fingerprint": "another job"}')
    with pytest.raises(ValueError, match="other options"):
        clean(src, tmp_path / "out", CleanOptions())


def _run(args: list, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.Popen([*detect_executable(), *map(str, args)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env, **kw)


def test_kill_9_and_rerun_equals_an_uninterrupted_run(tmp_path):
    src = make_jsonl(tmp_path / "corpus.jsonl", 600)
    common = ["--text-field", "body", "--id-field", "id", "--jobs", "1", "--chunk-size", "5"]
    assert _run(["clean", src, "--out", tmp_path / "whole", *common]).wait(timeout=300) == 0
    proc = _run(["clean", src, "--out", tmp_path / "killed", *common])
    parts = tmp_path / "killed" / ".detect-clean" / "parts"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and len(list(parts.glob("*.audit.jsonl"))) < 3:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert parts.exists(), "the job was killed before it finished"
    done_before = len(list(parts.glob("*.audit.jsonl")))
    assert 3 <= done_before < 120
    assert _run(["clean", src, "--out", tmp_path / "killed", *common]).wait(timeout=300) == 0
    assert _tree(tmp_path / "killed") == _tree(tmp_path / "whole"), "the same files, bytes and modes; no other"
    assert sorted(os.listdir(tmp_path / "killed")) == ["audit.jsonl", "corpus.jsonl", "summary.json"]


def test_dask_local_cluster_output_equals_the_local_run(tmp_path):
    pytest.importorskip("distributed")
    src = make_folder(tmp_path / "src", 12)
    clean(src, tmp_path / "local", CleanOptions(chunk_size=4), jobs=1)
    clean(src, tmp_path / "dask", CleanOptions(chunk_size=4), jobs=2, engine="dask")
    assert content_hash(tmp_path / "dask") == content_hash(tmp_path / "local")


# Fault injection: a forked child (warm, so a run takes a fraction of a second) runs the job and
# sends itself SIGKILL just before its N-th file-system step: an fsync, a rename or a removal, the
# moments between which a crash can fall. N is drawn by a seeded RNG; in the final join, every step
# up to the removal of the state (each write and rename) and three steps of that removal are tried. After each kill (and, for some, a second kill during the rerun) a plain rerun
# must leave exactly the files of an uninterrupted run, byte for byte, with the same modes.

STEPS = ("fsync", "replace", "rename", "unlink", "rmdir")


def _in_child(run: Callable[[], object], kill_at: int | None, log: Path) -> bool:
    """Run `run` in a forked child, killed with SIGKILL before its `kill_at`-th step; True if it was
    killed. Without a kill, `log` gets the number of steps and the step at which the join began."""
    pid = os.fork()
    if pid == 0:  # the child: count steps, die on the chosen one
        code = 1
        try:
            count, finish_at = [0], []

            def counted(fn):
                def step(*args, **kwargs):
                    count[0] += 1
                    if count[0] == kill_at:
                        os.kill(os.getpid(), signal.SIGKILL)
                    return fn(*args, **kwargs)
                return step

            for name in STEPS:
                setattr(os, name, counted(getattr(os, name)))
            finish = batch.Output.finish
            batch.Output.finish = lambda self: (finish_at.append(count[0] + 1), finish(self))[1]
            run()
            log.write_text(json.dumps({"steps": count[0], "finish": finish_at[0] if finish_at else None}))
            code = 0
        except BaseException:
            traceback.print_exc(limit=-6)
        finally:
            os._exit(code)
    _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status):
        assert os.WTERMSIG(status) == signal.SIGKILL
        return True
    assert os.WEXITSTATUS(status) == 0, "the job failed"
    return False


def _tree(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every file and folder below `root` (hidden ones too): mode and bytes."""
    return {str(p.relative_to(root)): (p.stat().st_mode, p.read_bytes() if p.is_file() else None)
            for p in sorted(root.rglob("*"))}


KILL_CORPORA = {
    "folder": lambda tmp: (make_folder(tmp / "src", 12), CleanOptions(chunk_size=2)),
    "jsonl": lambda tmp: (make_jsonl(tmp / "corpus.jsonl", 24),
                          CleanOptions(text_field="body", id_field="id", chunk_size=3)),
    "jsonl.gz": lambda tmp: (make_jsonl(tmp / "corpus.jsonl.gz", 12),
                             CleanOptions(text_field="body", id_field="id", chunk_size=3, mt_threshold=0.99)),
    "in-place": lambda tmp: (make_folder(tmp / "src", 8), CleanOptions(chunk_size=2)),
}


@pytest.mark.parametrize("kind", list(KILL_CORPORA))
def test_kill_9_at_random_moments_and_during_the_join(tmp_path, kind):
    source, options = KILL_CORPORA[kind](tmp_path / "corpus")
    in_place = kind == "in-place"
    log = tmp_path / "steps.json"

    def trial(name: str) -> tuple[Path, Callable[[], object]]:
        """A fresh job: its output folder (in place: its copy of the corpus) and how to run it."""
        if in_place:
            src = dst = tmp_path / name
            shutil.copytree(source, src)
        else:
            src, dst = source, tmp_path / name
        return dst, lambda: clean(src, dst, options, in_place=in_place)

    clean(source, tmp_path / "warm-up", options)  # rules and models load once, before the forks
    reference, run = trial("reference")
    assert not _in_child(run, None, log)
    expected = _tree(reference)
    assert not any(".detect-clean" in name or name.endswith(".tmp") for name in expected)
    counts = json.loads(log.read_text())
    rng = random.Random(f"kill -9 {kind}")
    random_kills = sorted(rng.sample(range(1, counts["finish"]), min(10, counts["finish"] - 1)))
    join = list(range(counts["finish"], counts["steps"] + 1))
    join_kills = join[:9] + sorted(rng.sample(join[9:], min(3, len(join[9:]))))  # every write and the
    assert len(random_kills) == 10 and len(join_kills) >= 8                         # rename, then removals
    double = set(rng.sample(random_kills, 3))   # the rerun of these is killed too
    for n, kill_at in enumerate(random_kills + join_kills):
        dst, run = trial(f"killed-{n}")
        assert _in_child(run, kill_at, log), f"step {kill_at} was not reached"
        if kill_at in double:
            _in_child(run, rng.randint(1, 12), log)
        assert not _in_child(run, None, log)
        assert _tree(dst) == expected, f"{kind}: killed before step {kill_at} of {counts['steps']}"


def _interrupt_when(proc: subprocess.Popen, ready: Callable[[], bool]) -> None:
    """Ctrl-C, as a terminal sends it to the whole process group, once `ready()` holds."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not ready():
        assert proc.poll() is None, "the run ended before it could be interrupted"
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGINT)


def _popen(args: list, **kw) -> subprocess.Popen:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.Popen([*detect_executable(), *map(str, args)], stderr=subprocess.PIPE, text=True,
                            env=env, start_new_session=True, **kw)


def test_ctrl_c_stops_clean_workers_without_a_traceback(tmp_path):
    src = make_jsonl(tmp_path / "corpus.jsonl", 2000)
    out = tmp_path / "out"
    args = ["clean", src, "--out", out, "--text-field", "body", "--id-field", "id", "--jobs", "2", "--chunk-size", "4"]
    proc = _popen(args, stdout=subprocess.DEVNULL)
    _interrupt_when(proc, lambda: len(list((out / ".detect-clean" / "parts").glob("*.audit.jsonl"))) >= 2)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert "rerun the same command to finish" in stderr


def test_ctrl_c_stops_scan_workers_without_a_traceback(tmp_path):
    src = make_folder(tmp_path / "src", 3000)
    proc = _popen(["scan", src, "--jobs", "2", "--no-crossdoc", "--format", "jsonl"], stdout=subprocess.PIPE)
    assert proc.stdout.readline(), "the scan prints documents as it goes"
    _interrupt_when(proc, lambda: True)
    proc.stdout.read()
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 130, stderr
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr

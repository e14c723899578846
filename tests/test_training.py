"""`detect train` end to end on tests/data/train_sample, a data folder whose text was written for
the tests (see its README): outputs, determinism, loading, the counts in metrics.json, bad input.

Three trainings run once per module (a few seconds each): seed 0 in-process through click, seed 0
again in a separate process with another hash seed, and seed 1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import time

import pytest
from click.testing import CliRunner

from detector import __version__
from detector.apps.cli import main
from detector.config import Config
from detector.pipeline.engine import run_rules
from detector.scoring import model_store as modelstore
from detector.scoring.candidate_model import CandidateModel
from detector.scoring.document_features import feature_names, gram_code_of, gram_name
from detector.scoring.document_model import DocumentModel
from detector.text.document import Document
from detector.training.corpora import bbc_articles, wmt_segments
from detector.training.document import GRAMS, THRESHOLD_GRID
from detector.training.evaluate import locate
from helpers import REPO, detect_executable

SAMPLE = REPO / "tests" / "data" / "train_sample"
GOLD = SAMPLE / "gold" / "gold.json"
TEXTS = SAMPLE / "gold" / "texts"
MODEL_FILES = ("document.json", "candidates.json")
OUTPUTS = (*MODEL_FILES, "manifest.json", "metrics.json", "README.md")
FIGURES = ("precision_recall.png", "reliability.png")


def train_args(out, seed: int = 0, data=SAMPLE, gold=GOLD, texts=TEXTS) -> list[str]:
    return ["train", "--data", str(data), "--gold", str(gold), str(texts), "--out", str(out), "--seed", str(seed)]


THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def train_in_a_process(out, seed: int = 0, hash_seed: str = "0", threads: str | None = None):
    """`detect train` as a fresh process. BLAS threads: the machine's default unless `threads` is
    given (another test may have left thread limits in os.environ: Dask's LocalCluster sets them)."""
    env = {k: v for k, v in os.environ.items() if k not in THREAD_VARIABLES}
    env.update(PYTHONHASHSEED=hash_seed, PYTHONIOENCODING="utf-8")
    if threads is not None:
        env.update({k: threads for k in THREAD_VARIABLES})
    return subprocess.run([*detect_executable(), *train_args(out, seed)], capture_output=True, text=True,
                          encoding="utf-8", env=env, timeout=300)


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """seed 0 in-process through click; seed 0 in two fresh processes that differ only in their
    hash seed; seed 1 in-process."""
    base = tmp_path_factory.mktemp("train")
    runs, seconds = {}, {}
    jobs = {
        "first": lambda out: CliRunner().invoke(main, train_args(out), catch_exceptions=False),
        "fresh": lambda out: train_in_a_process(out, hash_seed="1"),
        "again": lambda out: train_in_a_process(out, hash_seed="12345"),
        "seed1": lambda out: CliRunner().invoke(main, train_args(out, seed=1), catch_exceptions=False),
    }
    for name, job in jobs.items():
        start = time.perf_counter()
        runs[name] = job(base / name)
        seconds[name] = time.perf_counter() - start
    print(f"training times (s): {({k: round(v, 1) for k, v in seconds.items()})}")
    return {"dirs": {k: base / k for k in runs}, "runs": runs, "seconds": seconds}


def metrics(trained, run: str = "first") -> dict:
    return json.loads((trained["dirs"][run] / "metrics.json").read_text())


def _matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


# --- end to end --------------------------------------------------------------------------------

def test_train_exits_0_and_writes_models_and_card(trained):
    result = trained["runs"]["first"]
    assert result.exit_code == 0, result.output
    out = trained["dirs"]["first"]
    for name in OUTPUTS:
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    assert "wrote" in result.stderr and str(out / "metrics.json") in result.stderr
    assert "4 gold articles" in result.stderr and "40 edited articles" in result.stderr
    card = (out / "README.md").read_text()
    assert card.startswith("# Model card")
    assert f"Version {__version__}, trained {dt.date.today().isoformat()}" in card
    assert "Gold articles** (4:" in card
    if _matplotlib():
        for name in FIGURES:
            assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", name
            assert f"![{name}]({name})" in card
    else:
        assert "(matplotlib not installed: no figures)" in card


def test_train_as_a_separate_process_also_succeeds(trained):
    for run in ("fresh", "again"):
        done = trained["runs"][run]
        assert done.returncode == 0, done.stderr
        for name in OUTPUTS:
            assert (trained["dirs"][run] / name).is_file(), (run, name)


def test_manifest_records_each_file_hash_format_and_seed(trained):
    for run, seed in (("first", 0), ("seed1", 1)):
        out = trained["dirs"][run]
        manifest = json.loads((out / "manifest.json").read_text())
        assert set(manifest) == {"document", "candidates"}
        listed = []
        for name, entry in manifest.items():
            for part, f in entry["files"].items():
                assert f["file"].startswith(f"{name}.")
                assert f["sha256"] == hashlib.sha256((out / f["file"]).read_bytes()).hexdigest(), f
                listed.append(f["file"])
            assert entry["format"] == modelstore.FORMAT_VERSION
            assert entry["seed"] == seed and entry["version"] == __version__
        assert sorted(listed) == sorted(MODEL_FILES)


def test_same_seed_gives_identical_metrics_and_model_bytes(trained):
    fresh, again = trained["dirs"]["fresh"], trained["dirs"]["again"]
    for name in ("metrics.json", "manifest.json", *MODEL_FILES):
        assert (fresh / name).read_bytes() == (again / name).read_bytes(), name


def test_training_in_process_after_other_work_gives_the_same_metrics_and_parameters(trained):
    """The in-process run follows whatever other tests did in this process (caches, lexicons)."""
    first, again = trained["dirs"]["first"], trained["dirs"]["again"]
    for name in ("metrics.json", "document.json", "candidates.json"):
        assert (first / name).read_bytes() == (again / name).read_bytes(), name


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one CPU: BLAS runs one thread whatever it is told")
def test_same_seed_gives_identical_model_bytes_whatever_the_blas_threads(trained, tmp_path):
    one = train_in_a_process(tmp_path / "one-thread", hash_seed="12345", threads="1")
    assert one.returncode == 0, one.stderr
    again = trained["dirs"]["again"]
    for name in ("manifest.json", *MODEL_FILES):
        assert (tmp_path / "one-thread" / name).read_bytes() == (again / name).read_bytes(), name


def test_another_seed_gives_other_models(trained):
    """Otherwise the test above would prove nothing: the seed must reach the training. The document
    model's fit draws no random number (the seed only orders the sites into folds), so it is the same."""
    first, other = trained["dirs"]["first"], trained["dirs"]["seed1"]
    assert (first / "document.json").read_bytes() == (other / "document.json").read_bytes()
    assert (first / "candidates.json").read_bytes() != (other / "candidates.json").read_bytes()
    assert metrics(trained, "first") != metrics(trained, "seed1")


# --- the written models ------------------------------------------------------------------------

def test_written_models_load_from_their_folder(trained):
    out = trained["dirs"]["first"]
    params = modelstore.load("document", models_dir=out)
    assert params == json.loads((out / "document.json").read_text())
    model = DocumentModel.from_params(params)
    n = len(feature_names())
    assert model.features[:n] == feature_names()                   # no fluency module in the test env
    grams = model.features[n:]                                     # then the tag n-grams, each once
    assert grams and len(set(grams)) == len(grams) <= GRAMS
    assert all(gram_name(gram_code_of(g)) == g for g in grams)
    assert len(model.weights) == len(model.mean) == len(model.scale) == len(model.features)
    assert model.threshold in THRESHOLD_GRID
    assert all(s > 0 for s in model.scale) and len(model.calibration) == len(model.window_calibration) == 2
    assert not (out / "document.npz").exists()

    cand = CandidateModel.from_params(modelstore.load("candidates", models_dir=out))
    assert len(cand.scale) == 2
    # every rule that fires on the gold articles becomes a feature of the candidate model
    fired = {f.rule for path in sorted(TEXTS.glob("*.txt"))
             for f in run_rules(Document.from_text(path.read_text(encoding="utf-8")), Config(min_confidence=0))}
    assert fired >= {"MT201", "MT301", "MT401", "MT402", "MT511", "MT521"}
    assert {f"rule={r}" for r in fired} <= set(cand.weights)
    assert {"rule_confidence", "document_density", "fix_safe"} <= set(cand.weights)


def test_written_models_score_articles_within_0_and_1(trained):
    out = trained["dirs"]["first"]
    doc_model = DocumentModel.from_params(modelstore.load("document", models_dir=out))
    cand = CandidateModel.from_params(modelstore.load("candidates", models_dir=out))
    from detector.scoring.candidate_model import features
    from detector.scoring.document_model import glitch_density
    for path in sorted(TEXTS.glob("*.txt")):
        doc = Document.from_text(path.read_text(encoding="utf-8"))
        found = run_rules(doc, Config(min_confidence=0))
        score, windows = doc_model.score_windows(doc, found)
        assert 0.0 <= score <= 1.0 and windows
        assert all(0.0 <= w.mt_score <= 1.0 and w.start < w.end for w in windows)
        for f in found:
            assert 0.0 <= cand.probability(features(f, doc, found, glitch_density(doc, found))) <= 1.0


# --- what metrics.json says, worked out from the sample by hand ---------------------------------

def test_document_training_counts_follow_from_the_sample(trained):
    """41 article lines, one a duplicate: 40 BBC articles, split by a hash of their id into training
    and held-out; the 4 gold articles are the only labelled web pages (no web_docs in the sample);
    WMT documents: each producer's version of each document, and the original English documents."""
    assert len(bbc_articles(SAMPLE)) == 40
    doc = metrics(trained)["document"]
    tr = doc["training"]
    assert tr["bbc_articles"] + tr["bbc_held_out"] + tr["bbc_threshold"] == 40 and 0 < tr["bbc_held_out"] < 40
    assert tr["web_pages"] == 4 and tr["wmt_documents"] >= 9
    assert doc["features"] == len(feature_names()) + doc["weights"]["grams"]
    gold = json.loads(GOLD.read_text())["documents"]
    oof = doc["pages_out_of_fold"]
    assert [(r["page"], r["label"], r["site"]) for r in oof] == \
        [(g["file"], int(g["machine_translated"]), g["site"]) for g in gold]
    assert all(0.0 <= r["mt_score"] <= 1.0 for r in oof)
    assert doc["out_of_fold_auc_web_docs"] is None and doc["topic_check"] == {}


def test_candidate_examples_follow_from_the_gold(trained):
    """Real examples are every rule candidate in the gold articles; 7 of them are on gold spans
    (harbour: realized, '. .', actual, 'we we'; orchard: Chiles, 'port.'; ferry: 'the the'; the rows
    for old Soviet and near time were retired with the calque table), and with only 40 articles all go
    to the 700 synthetic slots, none to edited."""
    gold = json.loads(GOLD.read_text())["documents"]
    candidates = positives = 0
    for g in gold:
        text = (TEXTS / g["file"]).read_text(encoding="utf-8")
        spans = [locate(text, x["quote"], x.get("occurrence", 1)) for x in g["glitches"]]
        for f in run_rules(Document.from_text(text), Config(min_confidence=0)):
            candidates += 1
            positives += any(f.start < e and s < f.end for s, e in spans)
    assert positives == 7
    examples = metrics(trained)["candidates"]["examples"]
    assert examples["real"] == candidates and examples["real_positive"] == positives
    assert examples["edited"] == 0 and examples["synthetic"] > 0


def test_precision_recall_and_reliability_are_consistent(trained):
    """Only 7 of the 13 gold glitches are rule candidates at all: recall can never pass 7/13."""
    cand = metrics(trained)["candidates"]
    curve = cand["precision_recall"]["all"]
    assert [p["threshold"] for p in curve] == [round(0.05 * i, 2) for i in range(1, 20)]
    for p in curve:
        assert p["recall"] <= round(7 / 13, 3)
        assert p["findings"] <= cand["examples"]["real"]
    findings = [p["findings"] for p in curve]
    assert findings == sorted(findings, reverse=True)
    assert sum(b["n"] for b in cand["reliability"]) == cand["examples"]["real"]
    for b in cand["reliability"]:
        assert b["from"] <= b["mean_confidence"] <= b["from"] + 0.1 + 1e-9
        assert 0.0 <= b["fraction_real"] <= 1.0


def test_metrics_name_the_data_folder_and_gold(trained):
    data = metrics(trained)["data"]
    assert data == {"folder": str(SAMPLE), "gold": [str(GOLD)], "labels": []}   # --gold given: no default labels


# --- bad input ---------------------------------------------------------------------------------

@pytest.fixture
def sample_copy(tmp_path):
    dest = tmp_path / "data"
    shutil.copytree(SAMPLE, dest, ignore=shutil.ignore_patterns("gold"))
    return dest


def _usage_error(result, missing: str, out) -> None:
    assert result.exit_code == 2, result.output
    assert "Error:" in result.stderr and missing in result.stderr, result.stderr
    assert "Traceback" not in result.output
    assert not out.exists(), "nothing is written when the input is incomplete"


def test_missing_data_folder_is_a_usage_error_naming_the_file(tmp_path):
    out = tmp_path / "models"
    result = CliRunner().invoke(main, train_args(out, data=tmp_path / "no-such-folder"))
    _usage_error(result, str(tmp_path / "no-such-folder" / "wmt21_toen" / "flat.tsv"), out)


@pytest.mark.parametrize("missing", [
    "wmt21_toen/flat.tsv",
    "bbc_news/articles.jsonl",
    "wmt21_toen/en_original.tsv",
])
def test_missing_data_file_is_a_usage_error_naming_it(sample_copy, tmp_path, missing):
    (sample_copy / missing).unlink()
    out = tmp_path / "models"
    result = CliRunner().invoke(main, train_args(out, data=sample_copy))
    _usage_error(result, str(sample_copy / missing), out)


def test_missing_gold_file_is_a_usage_error_naming_it(tmp_path):
    out = tmp_path / "models"
    result = CliRunner().invoke(main, train_args(out, gold=tmp_path / "absent.json"))
    _usage_error(result, str(tmp_path / "absent.json"), out)

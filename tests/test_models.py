"""The trained models: the model store (hashes, format, missing models), the shipped models, the
candidate model's explanations, and how `detect scan`
reports confidences with the models (default, `--explain`) and without them (`--rules-only`).
The document model's own features and windows are tested in test_docscore.py."""

from __future__ import annotations

import hashlib
import json
import math
import re

import numpy as np
import pytest

from detector.rules import REGISTRY
from detector.scoring import model_store as modelstore
from detector.scoring.candidate_model import CandidateModel, features, load_candidate_model
from detector.scoring.document_model import DocumentModel, load_document_model
from detector.text.document import Document
from helpers import REPO, write

# Seven glitches the rules catch: a calque ("realized an inspection"), a doubled full stop, two
# doubled words, a calque ("synthetic intelligence"), a lost apostrophe ("Latvias") and "actual government".
GLITCHY = ("Harbour wall plan delayed again\n\n"
           "The port authority realized an inspection of the harbour wall on Monday, the engineers said. .\n\n"
           "The the repairs will rely on synthetic intelligence, but the mayor said that we we must first wait for "
           "the report.\n\n"
           "Latvias ports have the same problem. The actual government has promised money for the works.\n")
CLEAN = ("Harbour wall repairs approved\n\n"
         "The port authority approved repairs to the harbour wall on Monday after engineers found cracks in "
         "two sections.\n\n"
         "Work will start in the spring and should take about six months, the authority said.\n\n"
         "The mayor welcomed the decision and said the town had waited long enough.\n")
GLITCHY_SPANS = {("MT301", "realized an inspection"), ("MT402", ". ."), ("MT511", "The the"),
                 ("MT301", "synthetic intelligence"), ("MT511", "we we"), ("MT201", "Latvias"),
                 ("MT301", "The actual government")}
FEATURE_KEYS = {"rule_confidence", "fix_safe", "has_suggestion", "span_words", "span_min_zipf", "span_mean_zipf",
                "span_capitalised", "left_word_zipf", "in_quotation", "other_rules_same_sentence",
                "document_density", "document_words"}


@pytest.fixture
def texts(tmp_path):
    return {"glitchy": write(tmp_path / "glitchy.txt", GLITCHY), "clean": write(tmp_path / "clean.txt", CLEAN)}


def scan_json(cli, *args) -> dict:
    result = cli("scan", "--format", "json", *args)
    assert result.exit_code in (0, 1), result.output
    return {d["path"].rsplit("/", 1)[-1]: d for d in json.loads(result.stdout)["documents"]}


# --- the model store ---------------------------------------------------------------------------

PARAMS = {"calibration": [0.25, -1.5, 2.0], "inputs": ["a", "b"], "note": "toy"}
ARRAYS = {"weights": np.array([0.5, -1.25, 3.0], dtype=np.float32), "counts": np.arange(4, dtype=np.int64),
          "names": np.array(["rule=MT511", "fix_safe"])}


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_save_and_load_round_trip(tmp_path):
    modelstore.save("toy", PARAMS, {"seed": 7}, tmp_path, arrays=ARRAYS)
    assert modelstore.load("toy", models_dir=tmp_path) == PARAMS
    loaded = modelstore.load_arrays("toy", models_dir=tmp_path)
    assert set(loaded) == set(ARRAYS)
    for key, value in ARRAYS.items():
        assert loaded[key].dtype == value.dtype and np.array_equal(loaded[key], value), key
    entry = json.loads((tmp_path / "manifest.json").read_text())["toy"]
    assert entry == {"format": modelstore.FORMAT_VERSION, "seed": 7, "files": {
        "params": {"file": "toy.json", "sha256": _sha(tmp_path / "toy.json")},
        "arrays": {"file": "toy.npz", "sha256": _sha(tmp_path / "toy.npz")}}}


def test_a_model_without_arrays_has_no_npz_and_its_arrays_are_missing(tmp_path):
    modelstore.save("toy", PARAMS, {}, tmp_path)
    assert modelstore.load("toy", models_dir=tmp_path) == PARAMS
    assert not (tmp_path / "toy.npz").exists()
    with pytest.raises(modelstore.ModelMissing):
        modelstore.load_arrays("toy", models_dir=tmp_path)


def test_saving_a_second_model_keeps_the_first_and_resaving_updates_it(tmp_path):
    modelstore.save("one", PARAMS, {}, tmp_path, arrays=ARRAYS)
    modelstore.save("two", {"x": 2}, {}, tmp_path, arrays={"x": np.ones(2)})
    modelstore.save("one", {"x": 1}, {}, tmp_path, arrays={"x": np.zeros(3)})
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert set(manifest) == {"one", "two"}
    assert modelstore.load("one", models_dir=tmp_path) == {"x": 1}
    assert np.array_equal(modelstore.load_arrays("one", models_dir=tmp_path)["x"], np.zeros(3))
    assert np.array_equal(modelstore.load_arrays("two", models_dir=tmp_path)["x"], np.ones(2))


def _refused(tmp_path, loader=modelstore.load, name: str = "toy") -> modelstore.ModelError:
    with pytest.raises(modelstore.ModelError) as info:
        loader(name, models_dir=tmp_path)
    assert not isinstance(info.value, modelstore.ModelMissing), "an altered model is not a missing one"
    return info.value


@pytest.mark.parametrize("suffix, loader", [(".json", modelstore.load), (".npz", modelstore.load_arrays)])
def test_load_refuses_a_file_changed_after_save(tmp_path, suffix, loader):
    modelstore.save("toy", PARAMS, {}, tmp_path, arrays=ARRAYS)
    path = tmp_path / f"toy{suffix}"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    assert "hash" in str(_refused(tmp_path, loader))


def test_load_refuses_a_json_edit_that_keeps_it_valid(tmp_path):
    modelstore.save("toy", PARAMS, {}, tmp_path)
    path = tmp_path / "toy.json"
    path.write_text(path.read_text().replace("0.25", "0.35"))
    json.loads(path.read_text())
    _refused(tmp_path)


def test_load_refuses_another_valid_model_put_in_its_place(tmp_path):
    modelstore.save("toy", PARAMS, {}, tmp_path, arrays=ARRAYS)
    modelstore.save("toy", {"x": 0}, {}, tmp_path / "elsewhere", arrays={"weights": np.zeros(3)})
    for name in ("toy.json", "toy.npz"):
        (tmp_path / name).write_bytes((tmp_path / "elsewhere" / name).read_bytes())
    _refused(tmp_path, modelstore.load)
    _refused(tmp_path, modelstore.load_arrays)


def test_load_refuses_a_listed_model_whose_file_is_gone(tmp_path):
    modelstore.save("toy", PARAMS, {}, tmp_path, arrays=ARRAYS)
    (tmp_path / "toy.npz").unlink()
    _refused(tmp_path, modelstore.load_arrays)


@pytest.mark.parametrize("fmt", [modelstore.FORMAT_VERSION + 1, modelstore.FORMAT_VERSION - 1, None,
                                 str(modelstore.FORMAT_VERSION)])
def test_load_refuses_an_unknown_format_number(tmp_path, fmt):
    modelstore.save("toy", PARAMS, {}, tmp_path, arrays=ARRAYS)
    manifest_path = tmp_path / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    if fmt is None:
        del manifest["toy"]["format"]
    else:
        manifest["toy"]["format"] = fmt
    manifest_path.write_text(json.dumps(manifest))
    assert "format" in str(_refused(tmp_path, modelstore.load))
    assert "format" in str(_refused(tmp_path, modelstore.load_arrays))


def test_model_missing_without_a_manifest(tmp_path):
    with pytest.raises(modelstore.ModelMissing, match="no model manifest"):
        modelstore.load("document", models_dir=tmp_path)
    with pytest.raises(modelstore.ModelMissing):
        modelstore.load_arrays("document", models_dir=tmp_path / "no-such-folder")


def test_model_missing_when_the_manifest_does_not_list_it(tmp_path):
    modelstore.save("toy", PARAMS, {}, tmp_path)
    with pytest.raises(modelstore.ModelMissing, match="'document'"):
        modelstore.load("document", models_dir=tmp_path)


# --- the shipped models ------------------------------------------------------------------------

SHIPPED = REPO / "models"


def test_shipped_models_are_where_the_loader_looks():
    assert modelstore.MODELS_DIR.resolve() == SHIPPED.resolve()


def test_shipped_model_files_match_their_manifest_hashes():
    manifest = json.loads((SHIPPED / "manifest.json").read_text())
    assert {"document", "candidates"} <= set(manifest)
    for name, entry in manifest.items():
        assert entry["format"] == modelstore.FORMAT_VERSION
        assert entry["files"], name
        for part, f in entry["files"].items():
            assert _sha(SHIPPED / f["file"]) == f["sha256"], (name, part)


def test_shipped_models_load_with_consistent_shapes():
    from detector.scoring.document_features import GRAM_PREFIX, feature_names
    params = modelstore.load("document")
    n = len(feature_names())
    assert tuple(params["features"][:n]) == feature_names()
    assert params["features"][n:] and all(g.startswith(GRAM_PREFIX) for g in params["features"][n:])
    assert len(params["weights"]) == len(params["mean"]) == len(params["scale"]) == len(params["features"])
    cand = CandidateModel.from_params(modelstore.load("candidates"))
    assert len(cand.scale) == 2
    assert FEATURE_KEYS <= set(cand.weights)
    assert {f"rule={code}" for code in ("MT301", "MT402", "MT511")} <= set(cand.weights)
    # the engine uses them: a scan without --rules-only is scored by the models
    assert load_document_model() is not None and load_candidate_model() is not None
    assert load_document_model() == DocumentModel.from_params(params)


def test_shipped_card_and_metrics_describe_the_shipped_files():
    card = (SHIPPED / "README.md").read_text()
    manifest = json.loads((SHIPPED / "manifest.json").read_text())
    for entry in manifest.values():
        for f in entry["files"].values():
            assert f["file"] in card, f["file"]
    for image in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", card):
        assert (SHIPPED / image).is_file(), image
    metrics = json.loads((SHIPPED / "metrics.json").read_text())
    assert {"document", "candidates"} <= set(metrics)


# --- CandidateModel ----------------------------------------------------------------------------

TOY = CandidateModel(weights={"a": 0.5, "b": -2.0, "c": 1.0, "d": 3.0, "e": 0.1, "f": 4.0}, intercept=-1.0,
                     scale=(2.0, 0.5))
# contributions value x weight: a 2*0.5=1.0, b 1*-2=-2.0, c -0.5*1=-0.5, d 0 (zero value: left out),
# e 1*0.1=0.1, f 0.3*4=1.2; "unknown" is not a feature of the model.
TOY_FEATS = {"a": 2.0, "b": 1.0, "c": -0.5, "d": 0.0, "e": 1.0, "unknown": 5.0, "f": 0.3}


def test_explain_returns_the_largest_contributions_by_absolute_value():
    explained = TOY.explain(TOY_FEATS)
    assert [k for k, _ in explained] == ["b", "f", "a", "c"]
    assert [v for _, v in explained] == pytest.approx([-2.0, 1.2, 1.0, -0.5])
    assert [k for k, _ in TOY.explain(TOY_FEATS, top=2)] == ["b", "f"]
    assert [k for k, _ in TOY.explain(TOY_FEATS, top=10)] == ["b", "f", "a", "c", "e"]
    assert TOY.explain({"unknown": 1.0, "d": 0.0}) == []


def test_params_round_trip_through_json():
    again = CandidateModel.from_params(json.loads(json.dumps(TOY.params())))
    assert again == TOY
    assert again.probability(TOY_FEATS) == TOY.probability(TOY_FEATS)


def test_probability_is_the_scaled_logit():
    z = 1.0 - 2.0 - 0.5 + 0.1 + 1.2 - 1.0          # contributions plus the intercept: -1.2
    assert TOY.logit(TOY_FEATS) == pytest.approx(z)
    assert TOY.probability(TOY_FEATS) == pytest.approx(1 / (1 + math.exp(-(2.0 * z + 0.5))))
    assert TOY.probability({}) == pytest.approx(1 / (1 + math.exp(-(2.0 * -1.0 + 0.5))))


def test_features_of_a_real_finding():
    from detector.config import Config
    from detector.scoring.document_model import glitch_density
    from detector.pipeline.engine import run_rules
    doc = Document.from_text(GLITCHY)
    found = run_rules(doc, Config(min_confidence=0))
    assert {(f.rule, f.text) for f in found} == GLITCHY_SPANS
    doubled = next(f for f in found if f.text == "we we")
    feats = features(doubled, doc, found, glitch_density(doc, found))
    assert FEATURE_KEYS <= set(feats)
    assert feats["rule=MT511"] == 1.0 and feats["category=doubled_word"] == 1.0
    assert feats["rule_confidence"] == REGISTRY["MT511"].confidence
    assert feats["fix_safe"] == 1.0 and feats["has_suggestion"] == 1.0
    assert feats["span_words"] == pytest.approx(math.log1p(2))
    assert feats["in_quotation"] == 0.0
    # "The the" and "synthetic intelligence" are in the same sentence as "we we"
    assert feats["other_rules_same_sentence"] == pytest.approx(math.log1p(2))


def test_explain_prints_what_weighed_most(cli, texts):
    result = cli("scan", texts["glitchy"], "--explain")
    assert result.exit_code == 1
    blocks = re.split(r"\n(?=\S)", result.stdout.strip())
    findings = [b for b in blocks if re.match(r"\S+:\d+:\d+: MT\d{3} ", b)]
    assert len(findings) >= 5
    for block in findings:
        assert "confidence from the candidate model; weighed most:" in block, block
        rows = re.findall(r"^      (\S+): ([+-]\d+\.\d\d)$", block, re.M)
        assert 1 <= len(rows) <= 4, block
        for name, _ in rows:
            assert name in FEATURE_KEYS or re.fullmatch(r"(rule=MT\d{3}|category=\w+)", name), name
        weights = [abs(float(w)) for _, w in rows]
        assert weights == sorted(weights, reverse=True), block


def test_explain_in_json_lists_features_and_weights(cli, texts):
    doc = scan_json(cli, texts["glitchy"], "--explain")["glitchy.txt"]
    for f in doc["findings"]:
        weights = [abs(e["weight"]) for e in f["explanation"]]
        assert 1 <= len(weights) <= 4 and weights == sorted(weights, reverse=True), f
        for e in f["explanation"]:
            assert e["feature"] in FEATURE_KEYS or e["feature"] in (f"rule={f['rule']}",
                                                                     f"category={f['category']}"), e
    plain = scan_json(cli, texts["glitchy"])["glitchy.txt"]
    assert all("explanation" not in f for f in plain["findings"])


def test_explain_without_a_model_prints_no_explanation(cli, texts):
    result = cli("scan", texts["glitchy"], "--explain", "--rules-only")
    assert result.exit_code == 1
    assert "weighed most" not in result.stdout


def test_rules_only_reports_the_rules_own_confidences(cli, texts):
    result = cli("scan", texts["glitchy"], "--rules-only")
    assert re.search(r"MT511 \[doubled_word\] 'we we' -> 'we' \(safe fix\) 0\.90$", result.stdout, re.M), result.stdout
    assert re.search(r"MT402 \[double_punct\] '\. \.' -> '\.' \(safe fix\) 0\.90$", result.stdout, re.M)
    doc = scan_json(cli, texts["glitchy"], "--rules-only", "--min-confidence", "0")["glitchy.txt"]
    assert {(f["rule"], f["text"]) for f in doc["findings"]} == GLITCHY_SPANS
    for f in doc["findings"]:
        assert "rule_confidence" not in f
        if f["rule"] in ("MT511", "MT402"):
            assert f["confidence"] == 0.9 == REGISTRY[f["rule"]].confidence
    by_text = {f["text"]: f["confidence"] for f in doc["findings"]}
    # calques carry the confidence of their lexicon row
    assert by_text["realized an inspection"] == 0.75 and by_text["synthetic intelligence"] == 0.8


def test_default_run_keeps_each_rule_confidence_beside_the_model_one(cli, texts):
    rules = scan_json(cli, texts["glitchy"], "--rules-only", "--min-confidence", "0")["glitchy.txt"]
    model = scan_json(cli, texts["glitchy"], "--min-confidence", "0")["glitchy.txt"]
    rule_conf = {(f["start"], f["end"], f["rule"]): f["confidence"] for f in rules["findings"]}
    model_conf = {(f["start"], f["end"], f["rule"]): f for f in model["findings"]}
    assert set(model_conf) == set(rule_conf), "the model rescores candidates; it neither adds nor drops any"
    for key, f in model_conf.items():
        assert f["rule_confidence"] == rule_conf[key]
        assert 0.0 <= f["confidence"] <= 1.0


def test_mt_score_in_range_and_higher_for_the_glitchy_text(cli, texts):
    for args in ((), ("--rules-only",)):
        # one file at a time: two reports of one story would also be compared with each other
        docs = {**scan_json(cli, texts["glitchy"], *args), **scan_json(cli, texts["clean"], *args)}
        assert docs["clean.txt"]["findings"] == []
        for d in docs.values():
            assert isinstance(d["mt_score"], float) and 0.0 <= d["mt_score"] <= 1.0
        assert docs["glitchy.txt"]["mt_score"] > docs["clean.txt"]["mt_score"], args


def test_rules_only_mt_score_of_a_clean_text_is_the_glitch_density_curve_at_zero(cli, texts):
    """Without a model, mt_score = 1 / (1 + exp(-(density - 1.5) * 1.5)); no finding: density 0."""
    docs = scan_json(cli, texts["clean"], "--rules-only")
    assert docs["clean.txt"]["mt_score"] == round(1 / (1 + math.exp(2.25)), 3) == 0.095


def test_the_candidate_model_never_raises_a_rule_it_was_not_trained_on(monkeypatch):
    from detector.config import Config
    from detector.text.document import Document
    from detector.pipeline.engine import scan_document

    from dataclasses import replace

    from detector.pipeline import engine

    text = ("The minister said the plan would cost £ 1,000 per family .\n\n"
            "Officials met in the capital(Seoul) on Monday.This was the third meeting.\n")
    doc = Document.from_text(text)
    found = {f.rule for f in scan_document(doc, Config()).candidates}
    # the shipped model, less its weights for the rules this text gives candidates of
    shipped = load_candidate_model()
    model = replace(shipped, weights={k: v for k, v in shipped.weights.items()
                                      if k.removeprefix("rule=") not in found})
    monkeypatch.setattr(engine, "load_candidate_model", lambda: model)
    report = scan_document(doc, Config())
    unseen = [f for f in report.candidates if not model.knows(f.rule)]
    assert unseen, "the text must hold candidates of rules the model has no weight for"
    assert all(f.confidence <= f.rule_confidence for f in unseen)

"""`detect eval` on the sample gold (tests/data/train_sample/gold): the numbers worked out by hand
for the rules alone, the model run checked against `detect scan`, both output formats, bad gold."""

from __future__ import annotations

import json
import re
import shutil

import pytest

from helpers import REPO, write

GOLD_DIR = REPO / "tests" / "data" / "train_sample" / "gold"
GOLD = GOLD_DIR / "gold.json"
TEXTS = GOLD_DIR / "texts"
TOP_KEYS = {"recall", "precision", "f05", "findings", "gold", "per_category", "clean_false_per_10k_words",
            "error_reduction", "document_auc"}
CATEGORY_KEYS = {"found", "gold", "recall", "findings", "precision", "f05"}

# What the rules alone find in the four gold articles (see the sample's README):
#   harbour_mt   7 gold: realized (calque), "said. ." (double_punct), actual (calque), "we we" (doubled_word)
#                found; old Soviet (calque: its row had no general source and was retired), "She" (pronoun)
#                and "for to" (other) missed.
#   orchard_mt   5 gold: Chiles (possessive), "port. of" (stray_punct) found; near time (calque, retired row),
#                "the half of" (other) and "in the in the" (doubled_word) missed.
#   ferry_slip   1 gold: "the the" (doubled_word) found.
#   library_clean 0 gold; one finding, BookWatch (MT521 run_on), a false alarm.
# So 13 gold glitches, 8 findings, 7 found and 7 findings on gold spans.
RULES_ONLY_CATEGORIES = {
    #               found gold recall findings precision f05
    "calque":       (2, 4, 0.5, 2, 1.0, 0.833),    # f05 = 1.25 * 1 * 0.5 / (0.25 + 0.5) = 5/6
    "double_punct": (1, 1, 1.0, 1, 1.0, 1.0),
    "doubled_word": (2, 3, 0.667, 2, 1.0, 0.909),   # f05 = 1.25 * 1 * 2/3 / (0.25 + 2/3) = 10/11
    "other":        (0, 2, 0.0, 0, None, None),
    "possessive":   (1, 1, 1.0, 1, 1.0, 1.0),
    "pronoun":      (0, 1, 0.0, 0, None, None),
    "run_on":       (0, 0, None, 1, 0.0, None),
    "stray_punct":  (1, 1, 1.0, 1, 1.0, 1.0),
}


def f05(p: float, r: float) -> float:
    return 1.25 * p * r / (0.25 * p + r) if p + r else 0.0


def eval_json(cli, *args, gold=GOLD, texts=TEXTS) -> dict:
    result = cli("eval", "--gold", gold, texts, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- the rules alone: every number by hand -----------------------------------------------------

def test_json_keys(cli):
    result = eval_json(cli, "--rules-only")
    assert set(result) == TOP_KEYS
    for cat, row in result["per_category"].items():
        assert set(row) == CATEGORY_KEYS, cat


def test_rules_only_totals_by_hand(cli):
    result = eval_json(cli, "--rules-only")
    assert result["gold"] == 13 and result["findings"] == 8
    assert result["recall"] == round(7 / 13, 3) == 0.538
    assert result["precision"] == round(7 / 8, 3) == 0.875
    assert result["f05"] == round(f05(7 / 8, 7 / 13), 3) == 0.778


def test_rules_only_per_category_by_hand(cli):
    per = eval_json(cli, "--rules-only")["per_category"]
    got = {c: tuple(r[k] for k in ("found", "gold", "recall", "findings", "precision", "f05")) for c, r in per.items()}
    assert got == RULES_ONLY_CATEGORIES
    for row in per.values():
        if row["gold"]:
            assert row["recall"] == round(row["found"] / row["gold"], 3)
    assert sum(r["found"] for r in per.values()) == 7
    assert sum(r["gold"] for r in per.values()) == 13


def test_rules_only_error_reduction_by_hand(cli):
    """Word-level edits (\\w+ or one punctuation mark) from each text to its gold correction:
    harbour 8 (realized an -> carried out an: 2; '. .', old, actual, 'we we', She, 'for to': 1 each),
    orchard 11 (the half: 1; Chiles -> Chile ' s: 3; 'port.': 1; in the in the: 2; in the near time
    -> soon: 4), ferry 1: 20 in all. After the suggestions: harbour 3 (old, She, for to), orchard 7 (the
    half, in the in the, in the near time), ferry 0, library 3 (BookWatch -> Book . Watch): 13.
    1 - 13/20 = 0.35."""
    assert eval_json(cli, "--rules-only")["error_reduction"] == 0.35


def test_clean_false_findings_per_10k_words(cli):
    """Only library_clean is neither translated nor annotated; its one finding is BookWatch."""
    words = len((TEXTS / "library_clean.txt").read_text(encoding="utf-8").split())
    assert eval_json(cli, "--rules-only")["clean_false_per_10k_words"] == round(1e4 / words, 2)


def _auc(pairs: list[tuple[float, bool]]) -> float:
    pos = [s for s, y in pairs if y]
    neg = [s for s, y in pairs if not y]
    return sum(1.0 if p > n else 0.5 if p == n else 0.0 for p in pos for n in neg) / (len(pos) * len(neg))


@pytest.mark.parametrize("args", [(), ("--rules-only",)], ids=["models", "rules-only"])
def test_document_auc_from_the_scan_mt_scores(cli, args):
    gold = json.loads(GOLD.read_text())["documents"]
    scanned = json.loads(cli("scan", "--format", "json", *args, *[TEXTS / g["file"] for g in gold]).stdout)
    pairs = [(d["mt_score"], g["machine_translated"]) for d, g in zip(scanned["documents"], gold)]
    assert eval_json(cli, *args)["document_auc"] == pytest.approx(_auc(pairs))


def test_rules_only_text_output(cli):
    result = cli("eval", "--gold", GOLD, TEXTS, "--rules-only")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.splitlines()[0] == "recall 0.538  precision 0.875  F0.5 0.778  (8 findings, 13 gold glitches)"
    rows = {
        "calque": r"2/4 0\.50\s+2 1\.00\s+0\.83",
        "doubled_word": r"2/3 0\.67\s+2 1\.00\s+0\.91",
        "pronoun": r"0/1 0\.00\s+-\s+-",
        "other": r"0/2 0\.00\s+-\s+-",
        "run_on": r"-\s+1 0\.00\s+-",
    }
    for cat, pattern in rows.items():
        assert re.search(rf"^  {cat}\s+{pattern}$", out, re.M), (cat, out)
    assert "error reduction of suggestions: 0.35" in out
    assert re.search(r"^false findings per 10,000 words in clean documents: \d+\.\d+$", out, re.M)
    assert re.search(r"^document AUC \(mt_score\): [\d.]+$", out, re.M)


# --- with the models: checked against what `detect scan` reports -------------------------------

def test_model_run_agrees_with_the_scan_findings(cli):
    """Recall, precision and the per-category counts recomputed from `detect scan --format json`
    (default threshold, shipped models) and the gold spans located by hand."""
    gold = json.loads(GOLD.read_text())["documents"]
    found = total = flagged = flagged_true = 0
    per: dict[str, list[int]] = {}
    for g in gold:
        text = (TEXTS / g["file"]).read_text(encoding="utf-8")
        spans = []
        for x in g["glitches"]:
            start = -1
            for _ in range(x.get("occurrence", 1)):
                start = text.index(x["quote"], start + 1)
            spans.append((start, start + len(x["quote"]), x["category"]))
        findings = json.loads(cli("scan", "--format", "json", TEXTS / g["file"]).stdout)["documents"][0]["findings"]
        for s, e, cat in spans:
            hit = any(f["start"] < e and s < f["end"] for f in findings)
            total += 1
            found += hit
            per.setdefault(cat, [0, 0, 0, 0])[0] += hit
            per[cat][1] += 1
        for f in findings:
            true = any(f["start"] < e and s < f["end"] for s, e, _ in spans)
            flagged += 1
            flagged_true += true
            per.setdefault(f["category"], [0, 0, 0, 0])[2] += 1
            per[f["category"]][3] += true
    result = eval_json(cli)
    assert (result["gold"], result["findings"]) == (total, flagged)
    assert result["recall"] == round(found / total, 3)
    assert result["precision"] == round(flagged_true / max(1, flagged), 3)
    assert result["f05"] == round(f05(flagged_true / max(1, flagged), found / total), 3)
    assert {c: (r["found"], r["gold"], r["findings"]) for c, r in result["per_category"].items()} == \
        {c: (v[0], v[1], v[2]) for c, v in per.items()}


def test_text_and_json_outputs_agree(cli):
    data = eval_json(cli)
    text = cli("eval", "--gold", GOLD, TEXTS).stdout
    assert text.splitlines()[0] == (f"recall {data['recall']:.3f}  precision {data['precision']:.3f}  "
                                    f"F0.5 {data['f05']:.3f}  ({data['findings']} findings, {data['gold']} gold glitches)")
    assert f"error reduction of suggestions: {data['error_reduction']}" in text
    assert f"document AUC (mt_score): {data['document_auc']}" in text
    for cat in data["per_category"]:
        assert re.search(rf"^  {cat}\s", text, re.M), cat


# --- bad gold ----------------------------------------------------------------------------------

@pytest.fixture
def gold_copy(tmp_path):
    texts = tmp_path / "texts"
    shutil.copytree(TEXTS, texts)
    return tmp_path / "gold.json", texts


def _write_gold(path, glitch: dict, file: str = "harbour_mt.txt") -> None:
    path.write_text(json.dumps({"documents": [{"file": file, "machine_translated": True, "glitches": [glitch]}]}))


@pytest.mark.parametrize("glitch, quote", [
    ({"quote": "realised an inspection", "occurrence": 1, "category": "calque",
      "correction": "carried out an inspection"}, "realised an inspection"),           # not in the text
    ({"quote": "we we", "occurrence": 2, "category": "doubled_word", "correction": "we"}, "we we"),  # only once
], ids=["absent", "occurrence-too-high"])
def test_gold_quote_not_in_the_text_is_a_usage_error(cli, gold_copy, glitch, quote):
    gold, texts = gold_copy
    _write_gold(gold, glitch)
    result = cli("eval", "--gold", gold, texts)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"gold quote not found: {quote!r}" in result.stderr and str(gold) in result.stderr, result.stderr


def test_gold_naming_a_missing_text_is_a_usage_error(cli, gold_copy):
    gold, texts = gold_copy
    _write_gold(gold, {"quote": "x", "occurrence": 1, "category": "other", "correction": ""}, file="absent.txt")
    result = cli("eval", "--gold", gold, texts)
    assert result.exit_code == 2 and "absent.txt" in result.stderr, result.stderr


def test_fixing_a_sentence_initial_doubled_word_keeps_its_capital(cli, tmp_path):
    texts = tmp_path / "texts"
    write(texts / "dock.txt", "Dock strike ends\n\nThe dockers went back to work on Monday.\n\n"
                              "\"We we are glad it is over,\" said one of them.\n")
    gold = tmp_path / "gold.json"
    _write_gold(gold, {"quote": "We we", "occurrence": 1, "category": "doubled_word", "correction": "We"},
                file="dock.txt")
    result = eval_json(cli, "--rules-only", gold=gold, texts=texts)
    assert result["recall"] == 1.0
    assert result["error_reduction"] == 1.0

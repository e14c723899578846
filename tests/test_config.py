"""Configuration found in the scanned tree: detector.toml, pyproject.toml [tool.detector], setup.cfg [detector]."""

from __future__ import annotations

import json
import os

import pytest

from detector.config import DEFAULT_MIN_CONFIDENCE, Config, find_config
from detector.language.lexicon import set_extra_dirs
from detector.pipeline.engine import scan_document
from detector.rules.lexicon_rule import load_entries
from detector.text.document import Document
from helpers import write

# MT511 (0.9, safe), MT402 (0.9, safe), MT401 (0.85, safe), MT301 "synthetic intelligence" (0.8, unsafe),
# MT201 "Mendozas" (possessive) and a phrase only the newsroom lexicon below knows ("auto-critique").
ARTICLE = ("Carla Mendoza won the runoff on Sunday. Mendozas government will take office in March.\n\n"
           "The council will meet on on Monday. The vote was postponed. .\n\n"
           "Farmers blocked the roads. with tractors, and the ministry backs synthetic intelligence.\n\n"
           "The losing party published an auto-critique after the defeat.\n")
NEWSROOM_CALQUES = (
    "pattern\tsuggestion\ttopic\tunless\tcategory\tconfidence\tsource\tnote\texample\tcounterexample\n"
    "\\bauto-critique\\b\tself-criticism\t\t\t\t0.8\tfr\t'autocritique' is self-criticism\t"
    "The party published an auto-critique.\tThe party published a self-criticism.\n")


def findings_of(result) -> list[dict]:
    assert result.stdout.strip(), result.stderr
    return [f for d in json.loads(result.stdout)["documents"] for f in d.get("findings", [])]


def rules_of(result) -> set[str]:
    return {f["rule"] for f in findings_of(result)}


@pytest.fixture
def tree(tmp_path):
    root = tmp_path / "newsroom-project"
    write(root / "articles" / "today.txt", ARTICLE)
    write(root / "articles" / "drafts" / "draft.txt", ARTICLE)
    write(root / "articles" / "notes.draft.txt", ARTICLE)
    write(root / "lexicons" / "calques.tsv", NEWSROOM_CALQUES)
    return root


@pytest.fixture(autouse=True)
def pristine_lexicons():
    set_extra_dirs([])
    yield
    set_extra_dirs([])
    load_entries.cache_clear()


def test_defaults_without_a_configuration(cli, tree):
    result = cli("scan", tree / "articles" / "today.txt", "--format", "json")
    rules = rules_of(result)
    assert {"MT511", "MT402", "MT301", "MT201"} <= rules
    assert not any("auto-critique" in f["text"] for f in findings_of(result))
    assert find_config(tree / "articles").source is None


def test_detector_toml_select_and_ignore(cli, tree):
    write(tree / "detector.toml", 'select = ["MT4", "MT5"]\nignore = ["MT402"]\n')
    result = cli("scan", tree / "articles" / "today.txt", "--format", "json")
    assert rules_of(result) == {"MT401", "MT511"}


def test_command_line_overrides_the_file(cli, tree):
    write(tree / "detector.toml", 'select = ["MT4"]\n')
    result = cli("scan", tree / "articles" / "today.txt", "--format", "json", "--select", "MT511")
    assert rules_of(result) == {"MT511"}


def test_detector_toml_min_confidence(cli, tree):
    everything = findings_of(cli("scan", tree / "articles" / "today.txt", "--format", "json",
                                 "--min-confidence", "0", "--rules-only"))
    levels = sorted({f["confidence"] for f in everything})
    assert len(levels) >= 2
    threshold = levels[-1]
    write(tree / "detector.toml", f"min-confidence = {threshold}\n")
    kept = findings_of(cli("scan", tree / "articles" / "today.txt", "--format", "json", "--rules-only"))
    assert kept == [f for f in everything if f["confidence"] >= threshold]
    assert 0 < len(kept) < len(everything)
    # the command line still wins over the file
    again = findings_of(cli("scan", tree / "articles" / "today.txt", "--format", "json", "--min-confidence", "0",
                            "--rules-only"))
    assert again == everything


def test_detector_toml_accept(cli, tree):
    write(tree / "detector.toml", 'accept = ["Mendozas", "synthetic intelligence"]\n')
    texts = [f["text"] for f in findings_of(cli("scan", tree / "articles" / "today.txt", "--format", "json"))]
    assert texts and not any("Mendozas" in t or "synthetic intelligence" in t for t in texts)
    assert "on on" in texts


def test_detector_toml_exclude(cli, tree):
    write(tree / "detector.toml", 'exclude = ["drafts", "*.draft.txt"]\n')
    result = cli("scan", tree / "articles", "--format", "json")
    names = [os.path.basename(d["path"]) for d in json.loads(result.stdout)["documents"]]
    assert names == ["today.txt"]
    unconfigured = tree.parent / "plain"
    write(unconfigured / "articles" / "drafts" / "draft.txt", ARTICLE)
    write(unconfigured / "articles" / "notes.draft.txt", ARTICLE)
    names = [os.path.basename(d["path"]) for d in
             json.loads(cli("scan", unconfigured / "articles", "--format", "json").stdout)["documents"]]
    assert sorted(names) == ["draft.txt", "notes.draft.txt"]


def test_extra_lexicon_folder_adds_a_calque(run_detect, tree):
    write(tree / "detector.toml", 'lexicons = ["lexicons"]\nselect = ["MT301"]\n')
    done = run_detect("scan", tree / "articles" / "today.txt", "--format", "json", cwd="/")
    assert done.returncode == 1, done.stderr
    found = {f["text"]: f for f in findings_of(done)}
    assert found["auto-critique"]["suggestion"] == "self-criticism"
    assert found["auto-critique"]["rule"] == "MT301"
    assert "synthetic intelligence" in found, "the shipped entries still apply"
    fixed = run_detect("fix", "--stdout", "--unsafe-fixes", tree / "articles" / "today.txt")
    assert "self-criticism" in fixed.stdout and "auto-critique" not in fixed.stdout


@pytest.mark.parametrize("column", ["pattern", "topic", "unless"])
def test_a_broken_expression_in_a_lexicon_folder_is_one_error_line_naming_file_and_line(run_detect, tree, column):
    cells = {"pattern": r"\bauto-critique\b", "topic": "", "unless": "", column: "(unclosed"}
    write(tree / "lexicons" / "titles.tsv", "# newsroom titles\npattern\tsuggestion\ttopic\tunless\n"
          f"{cells['pattern']}\tself-criticism\t{cells['topic']}\t{cells['unless']}\n")
    write(tree / "detector.toml", 'lexicons = ["lexicons"]\n')
    done = run_detect("scan", tree / "articles" / "today.txt")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert f"{tree / 'lexicons' / 'titles.tsv'}:3: {column}: missing )" in done.stderr


def test_extra_lexicon_folder_adds_accepted_words(cli, tree):
    write(tree / "lexicons" / "accept.txt", "# newsroom allow-list\nsynthetic intelligence\n")
    write(tree / "detector.toml", 'lexicons = ["lexicons"]\n')
    texts = [f["text"] for f in findings_of(cli("scan", tree / "articles" / "today.txt", "--format", "json"))]
    assert "synthetic intelligence" not in texts and "on on" in texts


def test_extra_lexicon_in_process_after_a_default_scan(tree):
    text = "The party published an auto-critique after the defeat.\n"
    plain = scan_document(Document.from_text(text), Config(min_confidence=0))
    assert [f.text for f in plain.findings] == []
    extended = scan_document(Document.from_text(text),
                             Config(min_confidence=0, lexicons=(str(tree / "lexicons"),)))
    assert [f.text for f in extended.findings] == ["auto-critique"]
    plain_again = scan_document(Document.from_text(text), Config(min_confidence=0))
    assert [f.text for f in plain_again.findings] == []


def test_pyproject_tool_table(cli, tree):
    write(tree / "pyproject.toml", '[project]\nname = "x"\n\n[tool.detector]\nselect = ["MT511"]\n')
    assert rules_of(cli("scan", tree / "articles" / "today.txt", "--format", "json")) == {"MT511"}


def test_pyproject_without_a_detector_table_is_skipped(cli, tree):
    write(tree / "articles" / "pyproject.toml", '[project]\nname = "x"\n')
    write(tree / "detector.toml", 'select = ["MT402"]\n')
    assert rules_of(cli("scan", tree / "articles" / "today.txt", "--format", "json")) == {"MT402"}


def test_setup_cfg_section(cli, tree):
    write(tree / "setup.cfg", "[metadata]\nname = x\n\n[detector]\nselect = MT511, MT402\nmin-confidence = 0.6\n")
    assert rules_of(cli("scan", tree / "articles" / "today.txt", "--format", "json")) == {"MT511", "MT402"}
    config = find_config(tree / "articles" / "today.txt")
    assert config.select == ("MT511", "MT402") and config.min_confidence == 0.6
    assert config.source == str(tree / "setup.cfg")


def test_detector_toml_wins_over_pyproject_in_the_same_folder(tree):
    write(tree / "pyproject.toml", '[tool.detector]\nselect = ["MT511"]\n')
    write(tree / "detector.toml", 'select = ["MT402"]\n')
    assert find_config(tree).select == ("MT402",)


def test_nearest_configuration_wins(cli, tree):
    write(tree / "detector.toml", 'select = ["MT402"]\n')
    write(tree / "articles" / "detector.toml", 'select = ["MT511"]\n')
    assert rules_of(cli("scan", tree / "articles" / "today.txt", "--format", "json")) == {"MT511"}
    assert find_config(tree).select == ("MT402",)


def test_find_config_reads_every_key(tree):
    write(tree / "detector.toml", 'select = ["MT5"]\nignore = ["MT512"]\nmin-confidence = 0.7\n'
                                  'lexicons = ["lexicons"]\naccept = ["Mendozas"]\nexclude = ["drafts"]\n')
    config = find_config(tree / "articles" / "today.txt")
    assert config.select == ("MT5",) and config.ignore == ("MT512",)
    assert config.min_confidence == 0.7
    assert config.lexicons == (str(tree / "lexicons"),), "relative to the configuration file"
    assert config.accept == ("Mendozas",) and config.exclude == ("drafts",)
    assert Config().min_confidence == DEFAULT_MIN_CONFIDENCE


@pytest.mark.parametrize("content,message", [
    ('select = ["MT5"]\ncolour = "red"\n', "colour"),     # unknown key
    ('select = ["MT5"\n', "configuration"),               # broken TOML
    ('select = ["MT777"]\n', "MT777"),                    # unknown rule
    ('min-confidence = "high"\n', "high"),                # not a number
])
def test_bad_configuration_is_a_usage_error(cli, tree, content, message):
    write(tree / "detector.toml", content)
    result = cli("scan", tree / "articles" / "today.txt")
    assert result.exit_code == 2
    assert message in result.stderr


def test_broken_toml_error_names_the_file(cli, tree):
    write(tree / "detector.toml", 'select = ["MT5"\n')
    result = cli("scan", tree / "articles" / "today.txt")
    assert result.exit_code == 2
    assert "detector.toml" in result.stderr


def test_out_of_range_min_confidence_in_the_file_is_an_error(cli, tree):
    write(tree / "detector.toml", "min-confidence = 1.5\n")
    result = cli("scan", tree / "articles" / "today.txt")
    assert result.exit_code == 2


def test_configuration_applies_to_fix(cli, tree):
    write(tree / "detector.toml", 'ignore = ["MT511"]\n')
    path = tree / "articles" / "today.txt"
    out = cli("fix", "--stdout", path).stdout
    assert "on on Monday" in out and "postponed. ." not in out

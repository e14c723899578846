#!/usr/bin/env python3
"""Mine substitution pairs (a wrong rendering and the word native English uses) from corpora, and the
native bigram counts that confirm them in context. Reads ../shared/data; writes three derived tables:

- detector/language/lexicons/substitutions.tsv: pairs mined from WMT21 (MT output against human references of
  the same source sentences), from MQM expert error spans (zh-en), and word pairs derived from the
  tortured-phrase list (aggregated counts only, as its README allows: the list itself is not shipped);
- detector/language/lexicons/false_friends.tsv: pairs read from LanguageTool's false-friend rules, a separate
  file under the LGPL-2.1+ with its attribution, as the data's README requires;
- detector/language/lexicons/native_bigrams.tsv: counts only, for bigrams that contain a word of a kept pair,
  in native news (BBC News half A, WMT21 original-English sentences) and in books (symspellpy's bigram
  list, MIT).

BBC News is split by article id: half A gives counts, half B is the control on which a pair that fires
is dropped. WMT human references (not counted) are a second control. Nothing is tuned on the gold.

    .venv/bin/pip install symspellpy   # mining only; the tool reads the derived table
    .venv/bin/python scripts/mine_substitutions.py [--shared ../shared]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from detector.rules.substitution.evidence import NEWS_MIN, Bigrams, confirm, uninformative  # noqa: E402
from detector.rules.substitution.rule import SENTENCE_END  # noqa: E402

csv.field_size_limit(sys.maxsize)
TOKEN_RE = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)*|[0-9]+|[^\sA-Za-z0-9]")
LEXICONS = ROOT / "detector" / "language" / "lexicons"

# Thresholds, set on WMT/MQM/BBC (never on the gold).
WMT_MIN_SEGMENTS = 2  # distinct source segments where some system wrote the pair
WMT_MIN_SYSTEMS = 2
WMT_MT_PREFERENCE = 1.0  # the wrong rendering's rate in MT output over its rate in human references
MIN_CONFIRMED = 2  # MT occurrences that the native context check confirms
SPINNER_MIN_PHRASES = 2  # tortured phrases a derived word pair must be seen in
MQM_MIN_SEGMENTS = 2
MQM_MIN_MARKED = 0.5  # share of the wrong phrase's MQM occurrences inside an expert's span
MAX_REF_FIRES = 0  # firings on WMT human references that a pair may have
MAX_BBC_FIRES = 0  # firings on BBC half B that a pair may have


LOG: list[str] = []


def log(line: str) -> None:
    """Print a count and keep it for the tables' headers."""
    print(line, file=sys.stderr)
    LOG.append(line)


def tokens(text: str) -> list[str]:
    return [t.lower() for t in TOKEN_RE.findall(text)]


def is_word(tok: str | None) -> bool:
    return bool(tok) and tok[0].isalpha()


def is_lower_word(tok: str) -> bool:
    return tok[0].isalpha() and tok == tok.lower()


def content(phrase: tuple[str, ...]) -> bool:
    """A pair side worth judging: words of three letters or more, not all function words."""
    return all(len(w) >= 3 and w.isalpha() for w in phrase) and not all(w in uninformative() for w in phrase)


def common(phrase: tuple[str, ...]) -> bool:
    """Every word a common English word (wordfreq Zipf >= 2.5): aligned MT output also pairs names and
    untranslated words ("proza")."""
    from wordfreq import zipf_frequency

    return all(zipf_frequency(w, "en") >= 2.5 for w in phrase)


def similar(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Spelling or inflection variants (realise/realize, said/says) are not substitutions."""
    x, y = " ".join(a), " ".join(b)
    return x[:4] == y[:4] or SequenceMatcher(None, x, y).ratio() >= 0.75


@dataclass
class Pair:
    wrong: tuple[str, ...]
    right: tuple[str, ...]
    source: str
    langs: set[str] = field(default_factory=set)
    count: int = 0
    segments: set = field(default_factory=set)
    systems: set = field(default_factory=set)
    contexts: list = field(default_factory=list)  # (left, right) around MT occurrences
    stats: dict = field(default_factory=dict)


# ---------------------------------------------------------------- sources

def wmt_pairs(data: Path) -> tuple[dict, Counter, Counter, list[list[str]], list[list[str]]]:
    pairs: dict[tuple, Pair] = {}
    mt_counts: Counter = Counter()
    ref_counts: Counter = Counter()
    mt_texts, ref_texts = [], []
    seen = set()
    for line in (data / "wmt21_toen/segments.jsonl").open(encoding="utf-8"):
        seg = json.loads(line)
        refs = [tokens(r) for r in seg["ref"].values() if r]
        ref_texts.extend(TOKEN_RE.findall(r) for r in seg["ref"].values() if r)
        for r in refs:
            ref_counts.update(r)
            ref_counts.update(zip(r, r[1:]))
        for system, mt in seg["mt"].items():
            m = tokens(mt or "")
            if len(m) < 4:
                continue
            mt_texts.append(TOKEN_RE.findall(mt))
            mt_counts.update(m)
            mt_counts.update(zip(m, m[1:]))
            for r in refs:
                for op, i1, i2, j1, j2 in SequenceMatcher(None, m, r, autojunk=False).get_opcodes():
                    if op != "replace" or not (1 <= i2 - i1 <= 2 and 1 <= j2 - j1 <= 2):
                        continue
                    w, c = tuple(m[i1:i2]), tuple(r[j1:j2])
                    if not (content(w) and content(c) and common(w) and common(c)) or similar(w, c):
                        continue
                    occurrence = (seg["pair"], seg["seg_id"], system, i1)
                    if (occurrence, w, c) in seen:
                        continue
                    seen.add((occurrence, w, c))
                    p = pairs.setdefault((w, c), Pair(w, c, "wmt21"))
                    p.count += 1
                    p.langs.add(seg["pair"][:2])
                    p.segments.add((seg["pair"], seg["seg_id"]))
                    p.systems.add(system)
                    p.contexts.append((m[i1 - 1] if i1 else None, m[i2] if i2 < len(m) else None))
    return pairs, mt_counts, ref_counts, mt_texts, ref_texts


def rate(counts: Counter, phrase: tuple[str, ...], total: int) -> float:
    key = phrase[0] if len(phrase) == 1 else phrase
    return (counts.get(key, 0) + 0.5) / total


def spinner_pairs(data: Path) -> dict:
    phrases = json.loads((data / "tortured_phrases/tortured-phrases.json").read_text(encoding="utf-8"))["phrases"]
    found: Counter = Counter()
    for p in phrases:
        t, c = p["tortured"].lower().split(), p["correct"].lower().split()
        if len(t) != len(c):
            continue
        for a, b in set(zip(t, c)):
            if a != b and content((a,)) and content((b,)) and not similar((a,), (b,)):
                found[(a,), (b,)] += 1
    pairs = {}
    for (w, c), n in found.items():
        if n >= SPINNER_MIN_PHRASES:
            pairs[(w, c)] = Pair(w, c, "tortured_phrases", {"spinner"}, n)
    return pairs


def false_friend_pairs(data: Path) -> dict:
    root = ET.parse(data / "false_friends/false-friends.xml").getroot()
    pairs: dict[tuple, Pair] = {}
    for group in root.iter("rulegroup"):
        by_lang: dict[str, list] = {}
        for rule in group.iter("rule"):
            pattern = rule.find("pattern")
            toks = pattern.findall("token")
            if any(t.get("skip") for t in toks):
                continue
            if len(toks) == 1 and toks[0].get("regexp") == "yes":
                if not ALTERNATION_RE.fullmatch(toks[0].text or ""):
                    continue
                forms = [(w.lower(),) for w in toks[0].text.split("|")]  # actual|actually
            elif any(t.get("regexp") == "yes" for t in toks):
                continue
            else:
                forms = [tuple(w for t in toks for w in (t.text or "").lower().split())]
            for words in forms:
                by_lang.setdefault(pattern.get("lang"), []).append((words, rule))
        for words, rule in by_lang.get("en", []):
            if not words or not content(words):
                continue
            for lang in {t.get("lang") for t in rule.findall("translation")}:
                for _, other in by_lang.get(lang, []):
                    for tr in other.findall("translation"):
                        if tr.get("lang") != "en" or not tr.text:
                            continue
                        right = tuple(re.sub(r"\([^)]*\)", " ", tr.text).lower().split())  # "(the) latest"
                        if len(right) != 1 or not content(right) or similar(words, right):  # "good will"
                            continue
                        p = pairs.setdefault((words, right), Pair(words, right, "false_friends"))
                        p.langs.add(lang)
                        p.count = len(p.langs)
    return pairs


ALTERNATION_RE = re.compile(r"[A-Za-z]+(?:\|[A-Za-z]+)*")
MQM_CATEGORIES = ("Accuracy/Mistranslation", "Style/Unnatural or awkward", "Terminology")


def mqm_outputs(data: Path) -> dict:
    """(doc, segment) -> system -> (target text, error spans [(start, end, category)])."""
    out: dict = defaultdict(dict)
    with (data / "mqm_zhen/errors.tsv").open(encoding="utf-8") as f:
        for row in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE):
            segment = out[(row["dataset"], row["doc"], row["global_seg_id"])]
            entry = segment.setdefault(row["system"], (row["target"], []))
            if row["side"] == "target" and row["start"]:
                entry[1].append((int(row["start"]), int(row["end"]), row["category"]))
    return out


def mqm_pairs(outputs: dict) -> dict:
    pairs: dict[tuple, Pair] = {}
    for seg, systems in outputs.items():
        toks = {s: [(m.start(), m.end(), m.group().lower()) for m in TOKEN_RE.finditer(t)]
                for s, (t, _) in systems.items()}
        for s, (text, spans) in systems.items():
            marked = [(a, b) for a, b, cat in spans if cat.startswith(MQM_CATEGORIES)]
            if not marked:
                continue
            mine = toks[s]
            for o, (_, other_spans) in systems.items():
                if o == s:
                    continue
                theirs = toks[o]
                sm = SequenceMatcher(None, [t[2] for t in mine], [t[2] for t in theirs], autojunk=False)
                for op, i1, i2, j1, j2 in sm.get_opcodes():
                    if op != "replace" or not (1 <= i2 - i1 <= 2 and 1 <= j2 - j1 <= 2):
                        continue
                    a, b = mine[i1][0], mine[i2 - 1][1]
                    if not any(x <= a and b <= y for x, y in marked):
                        continue
                    c0, c1 = theirs[j1][0], theirs[j2 - 1][1]
                    if any(x < c1 and c0 < y for x, y, _ in other_spans):
                        continue
                    w = tuple(t[2] for t in mine[i1:i2])
                    c = tuple(t[2] for t in theirs[j1:j2])
                    if text[a:b] != text[a:b].lower():  # names and sentence starts
                        continue
                    if not (content(w) and content(c) and common(w) and common(c)) or similar(w, c):
                        continue
                    p = pairs.setdefault((w, c), Pair(w, c, "mqm_zhen", {"zh"}))
                    p.count += 1
                    p.segments.add(seg)
                    p.systems.add(s)
    return {k: p for k, p in pairs.items() if len(p.segments) >= MQM_MIN_SEGMENTS and len(p.systems) >= 2}


def plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "s"


def with_plurals(pairs: list[Pair]) -> list[Pair]:
    """The plural of each single-word pair whose two plural forms are common English words (wordfreq
    Zipf >= 2.5), as a pair of its own with the base pair's source and counts."""
    from wordfreq import zipf_frequency

    have = {(p.wrong, p.right, p.source) for p in pairs}
    added = []
    for p in pairs:
        if len(p.wrong) == len(p.right) == 1 and not p.wrong[0].endswith("s") and not p.right[0].endswith("s"):
            w, r = (plural(p.wrong[0]),), (plural(p.right[0]),)
            if (w, r, p.source) not in have and min(zipf_frequency(w[0], "en"), zipf_frequency(r[0], "en")) >= 2.5:
                have.add((w, r, p.source))
                added.append(Pair(w, r, p.source, set(p.langs), p.count, set(p.segments), set(p.systems),
                                  [], {k: v for k, v in p.stats.items() if k == "mt_preferred"}))
    return added


# ---------------------------------------------------------------- native counts

def bbc_halves(data: Path) -> tuple[list[str], list[str]]:
    a, b = [], []
    for line in (data / "bbc_news/articles.jsonl").open(encoding="utf-8"):
        r = json.loads(line)
        if r["duplicate_of"] is None:
            text = f"{r['title']}\n\n{r['text']}"
            (a if int(hashlib.md5(r["id"].encode()).hexdigest(), 16) % 2 == 0 else b).append(text)
    return a, b


def en_original(data: Path) -> list[str]:
    with (data / "wmt21_toen/en_original.tsv").open(encoding="utf-8") as f:
        return [r["text"] for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)]


def word_bigrams(toks: list[str]):
    for x, y in zip(toks, toks[1:]):
        if is_word(x) and is_word(y):
            yield x, y


def native_counts(texts: list[str], vocab: set[str]) -> Counter:
    counts: Counter = Counter()
    for text in texts:
        counts.update(bg for bg in word_bigrams(tokens(text)) if bg[0] in vocab or bg[1] in vocab)
    return counts


def book_counts(vocab: set[str]) -> dict:
    import symspellpy
    path = Path(symspellpy.__file__).parent / "frequency_bigramdictionary_en_243_342.txt"
    books = {}
    for line in path.open(encoding="utf-8"):
        x, y, n = line.split()
        if x in vocab or y in vocab:
            books[(x, y)] = int(n)
    return books


# ---------------------------------------------------------------- firing

def fires_in(raw: list[str], index: dict, bigrams: Bigrams) -> Counter:
    """Pair keys the context check confirms in one token list (case kept), as the rules judge them:
    a capitalised written word only where it opens a sentence, lower-case context words only."""
    toks = [t.lower() for t in raw]
    hits: Counter = Counter()
    for i, t in enumerate(toks):
        for p in index.get(t, ()):
            n = len(p.wrong)
            if tuple(toks[i:i + n]) != p.wrong:
                continue
            if any(raw[k] != toks[k] for k in range(i + 1, i + n)) or (
                    raw[i] != t and i and raw[i - 1] not in SENTENCE_END):
                continue
            left = toks[i - 1] if i and is_lower_word(raw[i - 1]) else None
            right = toks[i + n] if i + n < len(toks) and is_lower_word(raw[i + n]) else None
            if confirm(left, p.wrong, p.right, right, bigrams):
                hits[(p.wrong, p.right, p.source)] += 1
    return hits


def index_of(pairs) -> dict:
    index = defaultdict(list)
    for p in pairs:
        index[p.wrong[0]].append(p)
    return index


def count_fires(texts: list[list[str]], pairs, bigrams: Bigrams) -> Counter:
    index = index_of(pairs)
    total: Counter = Counter()
    for toks in texts:
        total.update(fires_in(toks, index, bigrams))
    return total


def mqm_marked(pairs, outputs: dict) -> dict:
    """wrong phrase -> (occurrences inside an expert's mistranslation/unidiomatic span, all occurrences)."""
    wanted = {p.wrong for p in pairs}
    inside: Counter = Counter()
    total: Counter = Counter()
    for systems in outputs.values():
        for text, spans in systems.values():
            marked = [(a, b) for a, b, cat in spans if cat.startswith(MQM_CATEGORIES)]
            toks = [(m.start(), m.end(), m.group().lower()) for m in TOKEN_RE.finditer(text)]
            for n in (1, 2):
                for i in range(len(toks) - n + 1):
                    w = tuple(t[2] for t in toks[i:i + n])
                    if w in wanted:
                        total[w] += 1
                        if any(x <= toks[i][0] and toks[i + n - 1][1] <= y for x, y in marked):
                            inside[w] += 1
    return {w: (inside[w], total[w]) for w in wanted}


# ---------------------------------------------------------------- output

def write_table(path: Path, header: list[str], columns: list[str], rows: list[list]) -> None:
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", encoding="utf-8") as f:
        for line in header:
            f.write(f"# {line}\n")
        f.write("\t".join(columns) + "\n")
        for row in rows:
            f.write("\t".join(str(c) for c in row) + "\n")
    tmp.replace(path)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--shared", default=str(ROOT.parent / "shared"))
    data = Path(ap.parse_args().shared) / "data"

    wmt, mt_counts, ref_counts, mt_texts, ref_texts = wmt_pairs(data)
    mt_total, ref_total = sum(v for k, v in mt_counts.items() if isinstance(k, str)), \
        sum(v for k, v in ref_counts.items() if isinstance(k, str))
    log(f"wmt21: {len(wmt)} aligned replacement pairs from {len(mt_texts)} MT outputs")
    wmt = {k: p for k, p in wmt.items() if len(p.segments) >= WMT_MIN_SEGMENTS and len(p.systems) >= WMT_MIN_SYSTEMS}
    for p in wmt.values():
        p.stats["mt_preferred"] = (
            rate(mt_counts, p.wrong, mt_total) >= WMT_MT_PREFERENCE * rate(ref_counts, p.wrong, ref_total)
            and rate(ref_counts, p.right, ref_total) > rate(mt_counts, p.right, mt_total))
    log(f"wmt21: {len(wmt)} with enough support, {sum(p.stats['mt_preferred'] for p in wmt.values())} "
        "of them MT-preferred")
    spin = spinner_pairs(data)
    log(f"tortured_phrases: {len(spin)} derived word pairs seen in >= {SPINNER_MIN_PHRASES} phrases")
    ff = false_friend_pairs(data)
    log(f"false_friends: {len(ff)} English false-friend pairs")
    outputs = mqm_outputs(data)
    mqm = mqm_pairs(outputs)
    log(f"mqm_zhen: {len(mqm)} pairs from expert-marked spans")

    candidates = [*wmt.values(), *spin.values(), *ff.values(), *mqm.values()]
    plurals = with_plurals(candidates)
    log(f"plural forms added: {len(plurals)}")
    candidates += plurals
    vocab = {w for p in candidates for w in (p.wrong[0], p.wrong[-1], p.right[0], p.right[-1])}
    bbc_a, bbc_b = bbc_halves(data)
    originals = en_original(data)
    news = native_counts(bbc_a + originals, vocab)
    books = book_counts(vocab)
    bigrams = Bigrams(dict(news), books)
    log(f"native bigrams: {len(news)} news, {len(books)} books (BBC half A {len(bbc_a)} articles, "
        f"{len(originals)} original-English sentences)")

    for p in (c for c in candidates if c.source == "wmt21"):
        p.stats["confirmed"] = sum(1 for left, right in p.contexts if confirm(left, p.wrong, p.right, right, bigrams))
    mt_fires = count_fires(mt_texts, candidates, bigrams)
    ref_fires = count_fires(ref_texts, candidates, bigrams)
    bbc_fires = count_fires([TOKEN_RE.findall(t) for t in bbc_b], candidates, bigrams)
    marked = mqm_marked(candidates, outputs)

    kept, dropped = [], Counter()
    for p in candidates:
        key = (p.wrong, p.right, p.source)
        p.stats.update(mt_fires=mt_fires[key], ref_fires=ref_fires[key], bbc_fires=bbc_fires[key],
                       mqm=marked[p.wrong])
        if p.source == "wmt21" and not p.stats["mt_preferred"]:
            p.stats["status"] = "not_mt_preferred"
        elif p.source == "wmt21" and p.stats["confirmed"] < MIN_CONFIRMED:
            p.stats["status"] = "unconfirmed"
        elif p.source == "mqm_zhen" and marked[p.wrong][0] < MQM_MIN_MARKED * marked[p.wrong][1]:
            p.stats["status"] = "mostly_unmarked"
        elif p.stats["ref_fires"] > MAX_REF_FIRES:
            p.stats["status"] = "fires_on_references"
        elif p.stats["bbc_fires"] > MAX_BBC_FIRES:
            p.stats["status"] = "fires_on_bbc"
        else:
            p.stats["status"] = "kept"
            kept.append(p)
        if p.stats["status"] != "kept":
            dropped[p.source, p.stats["status"]] += 1
    for (source, why), n in sorted(dropped.items()):
        log(f"dropped {source}: {n} {why}")
    per_source = Counter(p.source for p in kept)
    for source, n in sorted(per_source.items()):
        log(f"kept {source}: {n}")

    columns = ["wrong", "right", "status", "source", "langs", "count", "segments", "systems", "confirmed", "mt_fires",
               "ref_fires", "bbc_fires", "mqm_marked"]

    def row(p: Pair) -> list:
        inside, total = p.stats["mqm"]
        return [" ".join(p.wrong), " ".join(p.right), p.stats["status"], p.source, ",".join(sorted(p.langs)), p.count,
                len(p.segments), len(p.systems), p.stats.get("confirmed", ""), p.stats["mt_fires"],
                p.stats["ref_fires"], p.stats["bbc_fires"], f"{inside}/{total}"]

    explain = [
        "Columns: wrong (the rendering written), right (what native English writes), status (kept: the rules read",
        "it; otherwise the filter that dropped it, kept for provenance), source, langs (source",
        "languages or 'spinner'), count (wmt21/mqm_zhen: aligned occurrences; tortured_phrases: phrases the word pair",
        "occurs in; false_friends: languages), segments and systems (distinct source segments and MT systems),",
        "confirmed (wmt21: MT occurrences the native context check confirms), mt_fires and ref_fires (firings of the",
        "context check on all WMT21 MT outputs and on the human references), bbc_fires (on BBC News half B, the",
        "control: 0 for every kept row), mqm_marked (occurrences of `wrong` inside MQM expert mistranslation,",
        "unidiomatic or terminology spans / all its occurrences in the MQM zh-en outputs).",
        f"Thresholds: wmt21 segments >= {WMT_MIN_SEGMENTS}, systems >= {WMT_MIN_SYSTEMS}, MT rate >= "
        f"{WMT_MT_PREFERENCE} x reference rate, confirmed >= {MIN_CONFIRMED}; tortured_phrases phrases >= "
        f"{SPINNER_MIN_PHRASES}; mqm_zhen segments >= {MQM_MIN_SEGMENTS}, systems >= 2, marked share >= "
        f"{MQM_MIN_MARKED}; wmt21 and mqm_zhen words wordfreq Zipf >= 2.5; all sides words of 3+ letters,",
        f"not all function words; every row ref_fires <= {MAX_REF_FIRES}, bbc_fires <= {MAX_BBC_FIRES}.",
        "The plural of a single-word pair (both plurals with wordfreq Zipf >= 2.5) is a row of its own with the",
        "base pair's source and counts.",
        "Generated by scripts/mine_substitutions.py; do not edit by hand. Its counts, as printed:",
        *(f"  {line}" for line in LOG),
    ]
    main_rows = sorted((p for p in candidates if p.source != "false_friends"),
                       key=lambda p: (p.source, p.wrong, p.right))
    counts_line = ", ".join(f"{s} {n} kept of {sum(1 for p in main_rows if p.source == s)}"
                            for s, n in sorted(per_source.items()) if s != "false_friends")
    write_table(LEXICONS / "substitutions.tsv", [
        "Substitution pairs mined from data: a rendering MT or a spinner writes, and the word native English uses.",
        f"Rows: {len(main_rows)} ({counts_line}).",
        "Sources: wmt21 = WMT21 news test sets de/ru/zh/ja-en, outputs of Facebook-AI, Online-B, Online-W, Online-Y",
        "aligned word by word (difflib) against references A/B (wmt-conference/wmt21-news-systems @f41750d, research",
        "use; only pairs and counts are shipped); mqm_zhen = Google MQM expert error spans, WMT23 general zh-en",
        "SxS and WMT21 TED zh-en (google/wmt-mqm-human-evaluation @7fadea2, Apache-2.0), marked word against another",
        "system's unmarked word; tortured_phrases = word pairs derived from the Problematic Paper Screener's",
        "tortured phrases (Cabanac, Labbe & Magazinov 2021, via giladfeldman/torturedcheck @3571a95): only",
        "aggregated word-for-word pairs seen in two or more phrases and their counts, never a phrase of the list.",
        *explain,
    ], columns, [row(p) for p in main_rows])

    ff_rows = sorted((p for p in candidates if p.source == "false_friends"), key=lambda p: (p.wrong, p.right))
    write_table(LEXICONS / "false_friends.tsv", [
        "English false friends: a word that speakers of `langs` misuse, and the English word they mean.",
        f"Rows: {len(ff_rows)} ({per_source['false_friends']} kept), read from LanguageTool's false-friends.xml",
        "(languagetool-core, Flipkart/languagetool @f049d8e, 2017). Copyright (C) 2001-2016 Daniel Naber.",
        "This file is free software under the GNU Lesser General Public License 2.1 or later",
        "(https://www.gnu.org/licenses/old-licenses/lgpl-2.1.html); it is distributed apart from the MIT code",
        "that reads it.",
        *explain,
    ], columns, [row(p) for p in ff_rows])

    vocab = {w for p in kept for w in (p.wrong[0], p.wrong[-1], p.right[0], p.right[-1])}
    # What the check reads: any bigram of a written word (does the context accept it?) and the expected
    # bigrams of an alternative (news >= NEWS_MIN or in books), each with a content word beside it.
    wrong_words = {w for p in kept for w in (p.wrong[0], p.wrong[-1])}
    skip = uninformative()

    def needed(k: tuple[str, str]) -> bool:
        if k[0] in skip and k[1] in skip:
            return False
        if k[0] in wrong_words or k[1] in wrong_words:
            return True
        return (k[0] in vocab or k[1] in vocab) and (news.get(k, 0) >= NEWS_MIN or k in books)
    keys = sorted(k for k in set(news) | set(books) if needed(k))
    write_table(LEXICONS / "native_bigrams.tsv", [
        "Counts only: bigrams of lower-case words that contain a word of a substitution pair.",
        f"Rows: {len(keys)}. news = occurrences in BBC News (Greene & Cunningham 2006) half A by article id "
        f"({len(bbc_a)} articles) plus the {len(originals)} WMT21 original-English news sentences; books = the count",
        "in frequency_bigramdictionary_en_243_342.txt as shipped in the symspellpy 6.10.1 wheel (MIT; SymSpell,",
        "Wolf Garbe, derives its frequency lists from Google Books Ngram data, CC BY 3.0), 0 where the list lacks",
        "it. Generated by scripts/mine_substitutions.py.",
    ], ["first", "second", "news", "books"], [[x, y, news.get((x, y), 0), books.get((x, y), 0)] for x, y in keys])
    log(f"native_bigrams: {len(keys)} rows")


if __name__ == "__main__":
    main()

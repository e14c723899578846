"""`detect eval`: span-overlap recall, precision and F0.5 per category, the word-level error
reduction of the suggestions, and the document AUC, against gold in the format of ../shared/gold."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from pathlib import Path

from ..config import Config
from ..findings import Finding, apply_fixes, common_ends
from ..pipeline.engine import scan_document
from ..text.document import Document
from ..text.reader import read_document


def locate(text: str, quote: str, occurrence: int) -> tuple[int, int]:
    """The k-th (1-based) occurrence of `quote` in `text`."""
    i = -1
    for _ in range(occurrence):
        i = text.find(quote, i + 1)
        if i < 0:
            raise ValueError(f"gold quote not found: {quote!r}")
    return i, i + len(quote)


def words(text: str) -> list[str]:
    return re.findall(r"\w+|[^\w\s]", text)


def edit_distance(a: list[str], b: list[str]) -> int:
    """Word-level Levenshtein distance."""
    prev = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x != y))
        prev = cur
    return prev[-1]


def _trimmed_distance(a: list[str], b: list[str]) -> int:
    i, j = common_ends(a, b)
    return edit_distance(a[i:len(a) - j], b[i:len(b) - j])


def auc(pairs: list[tuple[float, bool]]) -> float | None:
    pos = [s for s, y in pairs if y]
    neg = [s for s, y in pairs if not y]
    if not pos or not neg:
        return None
    return sum((p > n) + 0.5 * (p == n) for p in pos for n in neg) / (len(pos) * len(neg))


def _edit(text: str, start: int, end: int, replacement: str) -> Finding:
    return Finding(start, end, text[start:end], "gold", "other", "", replacement, 1.0)


def evaluate(gold_file: Path, texts: Path, config: Config) -> dict:
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    found = defaultdict(int)
    total = defaultdict(int)
    flagged = defaultdict(int)
    flagged_true = defaultdict(int)
    d_orig = d_pred = 0
    clean_false = clean_words = 0
    scores: list[tuple[float, bool]] = []
    for gd in gold["documents"]:
        doc = read_document(texts / gd["file"])
        if not isinstance(doc, Document):
            raise ValueError(f"{texts / gd['file']}: {doc.error}")
        report = scan_document(doc, config)
        spans = [(*locate(doc.text, g["quote"], g.get("occurrence", 1)), g) for g in gd["glitches"]]
        for s, e, g in spans:
            total[g["category"]] += 1
            found[g["category"]] += any(f.start < e and s < f.end for f in report.findings)
        for f in report.findings:
            flagged[f.category] += 1
            flagged_true[f.category] += any(f.start < e and s < f.end for s, e, _ in spans)
        if not gd.get("machine_translated") and not gd["glitches"]:
            clean_false += len(report.findings)
            clean_words += len(doc.text.split())
        gold_text, _ = apply_fixes(doc.text, [_edit(doc.text, s, e, g["correction"]) for s, e, g in spans
                                              if g["category"] != "missing_quotes"])
        pred_text, _ = apply_fixes(doc.text, [f for f in report.findings
                                              if f.suggestion is not None and f.category != "missing_quotes"])
        d_orig += _trimmed_distance(words(doc.text), words(gold_text))
        d_pred += _trimmed_distance(words(pred_text), words(gold_text))
        scores.append((report.mt_score, bool(gd.get("machine_translated"))))
    recall = sum(found.values()) / max(1, sum(total.values()))
    n_findings = sum(flagged.values())
    precision = sum(flagged_true.values()) / max(1, n_findings)

    def category(c: str) -> dict:
        r = found[c] / total[c] if total[c] else None
        p = flagged_true[c] / flagged[c] if flagged[c] else None
        return {"found": found[c], "gold": total[c], "recall": _round(r), "findings": flagged[c],
                "precision": _round(p), "f05": _round(f05(p, r)) if p is not None and r is not None else None}

    return {
        "recall": round(recall, 3), "precision": round(precision, 3), "f05": round(f05(precision, recall), 3),
        "findings": n_findings, "gold": sum(total.values()),
        "per_category": {c: category(c) for c in sorted(set(total) | set(flagged))},
        "clean_false_per_10k_words": round(1e4 * clean_false / clean_words, 2) if clean_words else None,
        "error_reduction": round(1 - d_pred / d_orig, 3) if d_orig else None,
        "document_auc": auc(scores),
    }


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 3)


def f05(precision: float, recall: float) -> float:
    return 1.25 * precision * recall / (0.25 * precision + recall) if precision + recall else 0.0


def render(result: dict) -> str:
    lines = [f"recall {result['recall']:.3f}  precision {result['precision']:.3f}  F0.5 {result['f05']:.3f}  "
             f"({result['findings']} findings, {result['gold']} gold glitches)"]
    lines.append(f"  {'category':<15} {'recall':>13} {'precision':>15} {'F0.5':>6}")
    for cat, r in result["per_category"].items():
        rec = f"{r['found']}/{r['gold']} {r['recall']:.2f}" if r["recall"] is not None else "-"
        prec = f"{r['findings']} {r['precision']:.2f}" if r["precision"] is not None else "-"
        f = f"{r['f05']:.2f}" if r["f05"] is not None else "-"
        lines.append(f"  {cat:<15} {rec:>13} {prec:>15} {f:>6}")
    lines.append(f"error reduction of suggestions: {result['error_reduction']}")
    lines.append(f"false findings per 10,000 words in clean documents: {result['clean_false_per_10k_words']}")
    lines.append(f"document AUC (mt_score): {result['document_auc']}")
    return "\n".join(lines)

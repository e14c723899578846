"""LanguageTool's JSON for our findings, and a /v2/check request's options as a configuration.

A finding becomes a match with its offset and length in UTF-16 code units (LanguageTool is Java), its
rule code as the rule id and its category as a LanguageTool category (`MT_CALQUE`: the prefix keeps
it apart from LanguageTool's own categories); the request's enabledRules, disabledRules,
enabledCategories, disabledCategories and enabledOnly choose among our rules by those ids, and
`level=picky` shows less certain findings too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import accumulate

from ... import __version__
from ...config import Config
from ...findings import CATEGORIES, Finding
from ...rules import REGISTRY
from ...text.document import Document

CATEGORY_PREFIX = "MT_"
PICKY_MIN_CONFIDENCE = 0.3
CONTEXT_CHARS = 40
LANGUAGES = [{"name": "English", "code": "en", "longCode": "en"}] + [
    {"name": f"English ({name})", "code": "en", "longCode": f"en-{region}"}
    for region, name in (("US", "US"), ("GB", "GB"), ("AU", "Australia"), ("CA", "Canada"),
                         ("NZ", "New Zealand"), ("ZA", "South Africa"))]
LANGUAGE_NAMES = {lang["longCode"]: lang["name"] for lang in LANGUAGES}
CATEGORY_NAMES = {
    "pronoun": "Pronoun", "possessive": "Possessive", "title": "Title or office", "calque": "Calque",
    "stray_punct": "Stray punctuation", "double_punct": "Doubled punctuation", "quote_fragment": "Quote fragment",
    "missing_quotes": "Missing quotation marks", "doubled_word": "Doubled word", "tense": "Tense",
    "agreement": "Agreement", "word_order": "Word order", "run_on": "Run-together words", "other": "Other",
}
# LanguageTool's issue types (those of the W3C's Internationalization Tag Set) for our categories
ISSUE_TYPES = {
    "pronoun": "mistranslation", "possessive": "typographical", "title": "mistranslation",
    "calque": "mistranslation", "stray_punct": "typographical", "double_punct": "typographical",
    "quote_fragment": "typographical", "missing_quotes": "typographical", "doubled_word": "duplication",
    "tense": "grammar", "agreement": "grammar", "word_order": "grammar", "run_on": "whitespace",
    "other": "uncategorized",
}


class BadRequest(ValueError):
    """The request cannot be checked: answered with 400 and `Error: <message>`, as LanguageTool does."""


def category_id(category: str) -> str:
    return CATEGORY_PREFIX + category.upper()


def is_english(language: str) -> bool:
    code = language.strip().lower()
    return code == "auto" or code == "en" or code.startswith("en-")


def language_json(language: str) -> dict:
    code = "en-US" if language.lower() in ("auto", "en") else language
    name = LANGUAGE_NAMES.get(code, "English")
    return {"name": name, "code": code, "detectedLanguage": {"name": name, "code": code, "confidence": 1.0}}


def _ids(form: dict[str, str], field: str) -> set[str]:
    return {v.strip() for v in form.get(field, "").split(",") if v.strip()}


@dataclass(frozen=True)
class Choice:
    """Which of our rules a request asks for: `config` to scan with, or `none` when it asks for none."""

    config: Config
    none: bool = False


def _category_ids() -> dict[str, str]:
    return {category_id(c): c for c in CATEGORIES}


def _is_ours(rule_or_category_id: str) -> bool:
    return rule_or_category_id in REGISTRY or rule_or_category_id.upper() in _category_ids()


def _ours(ids: set[str]) -> tuple[str, ...]:
    """Our rule codes and categories named among `ids` (any other id is LanguageTool's)."""
    categories = _category_ids()
    return tuple(categories.get(i.upper(), i) for i in sorted(ids) if _is_ours(i))


def choose(form: dict[str, str], base: Config) -> Choice:
    """The configuration for one request: the server's, narrowed by the request's rule options."""
    enabled = _ids(form, "enabledRules") | _ids(form, "enabledCategories")
    disabled = _ours(_ids(form, "disabledRules") | _ids(form, "disabledCategories"))
    config = replace(base, ignore=base.ignore + disabled)
    if form.get("level", "default") == "picky":
        config = replace(config, min_confidence=min(config.min_confidence, PICKY_MIN_CONFIDENCE))
    if form.get("enabledOnly", "false").lower() == "true":
        if not enabled:
            raise BadRequest("enabledOnly=true needs enabledRules or enabledCategories")
        selected = _ours(enabled)
        return Choice(replace(config, select=selected), none=not selected)
    return Choice(config)


def for_languagetool(form: dict[str, str]) -> dict[str, str]:
    """The request as a LanguageTool server should get it: our rule and category ids left out."""
    out = dict(form)
    for field in ("enabledRules", "disabledRules", "enabledCategories", "disabledCategories"):
        kept = sorted(i for i in _ids(form, field) if not _is_ours(i))
        if kept:
            out[field] = ",".join(kept)
        else:
            out.pop(field, None)
    return out


def utf16_offsets(text: str) -> Callable[[int], int]:
    """Python offset in `text` -> UTF-16 code units before it (astral characters count two)."""
    if text.isascii() or max(text) <= "\uffff":
        return lambda i: i
    units = [0, *accumulate(2 if ord(c) > 0xFFFF else 1 for c in text)]
    return units.__getitem__


def _context(text: str, start: int, end: int) -> dict:
    lo, hi = max(0, start - CONTEXT_CHARS), min(len(text), end + CONTEXT_CHARS)
    before = "..." if lo > 0 else ""
    snippet = before + text[lo:hi].replace("\r", " ").replace("\n", " ") + ("..." if hi < len(text) else "")
    units = utf16_offsets(snippet)
    offset = len(before) + start - lo
    return {"text": snippet, "offset": units(offset), "length": units(offset + end - start) - units(offset)}


def match_json(f: Finding, doc: Document, start: int, end: int, units: Callable[[int], int]) -> dict:
    """LanguageTool's match for finding `f` of `doc`; `start` and `end` are where it lies in the text the
    client sent (the document's own offsets, or the original of annotated text), `units` that text's
    UTF-16 offsets."""
    rule = REGISTRY.get(f.rule)
    name = CATEGORY_NAMES.get(f.category, f.category)
    return {
        "message": f"{f.message} (confidence {f.confidence:.2f}; {f.fix} fix)",
        "shortMessage": name,
        "replacements": [] if f.suggestion is None else [{"value": f.suggestion}],
        "offset": units(start), "length": units(end) - units(start),
        "context": _context(doc.text, f.start, f.end),
        "sentence": doc.sentence_at(f.start).text,
        "type": {"typeName": "Other"},
        "rule": {"id": f.rule, "description": rule.summary() if rule else f.rule,
                 "issueType": ISSUE_TYPES.get(f.category, "uncategorized"),
                 "category": {"id": category_id(f.category), "name": f"Machine translation: {name}"}},
        "ignoreForIncompleteSentence": False, "contextForSureMatch": 0,
        "detect": {"confidence": round(f.confidence, 3), "fix": f.fix, "category": f.category},
    }


def response(language: str, matches: list[dict], mt_score: float | None) -> dict:
    """A /v2/check answer as LanguageTool gives it (`software` names detect and its version)."""
    answer = {
        "software": {"name": "detect", "version": __version__, "apiVersion": 1, "premium": False, "status": ""},
        "warnings": {"incompleteResults": False},
        "language": language_json(language),
        "matches": matches,
    }
    if mt_score is not None:
        answer["detect"] = {"mt_score": mt_score}
    return answer

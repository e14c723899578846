"""Offline sentence segmentation: the Punkt algorithm (Kiss and Strunk 2006) as NLTK's
PunktSentenceTokenizer runs it, for the parameters this project gives it.

Punkt's parameters here are the abbreviations news text uses (`lexicons/abbreviations.txt`), with
no trained collocations, sentence starters or orthographic statistics, so nothing is downloaded.
With those parameters Punkt's decisions reduce to the few rules below. Importing NLTK costs more
than splitting a long article (it loads every NLTK module), so the splitter is written out here;
`tests/test_document.py` checks it gives exactly the spans of NLTK's own Punkt with the same
parameters. The patterns are Punkt's (NLTK 3.10, Apache License 2.0).
"""

from __future__ import annotations

import re
import string

from ..language.lexicon import derived_cache, load_words

_NON_WORD = r"(?:[)\";}\]*:@'({\[‘’“”«»!?])"          # characters that cannot occur inside a word
_MULTI_CHAR = r"(?:-{2,}|\.{2,}|(?:\.\s){2,}\.)"         # dashes and ellipses
_WORD_START = r"[^(\"`{\[:;&#*@)}\]\-,]"
WORD_TOKEN_RE = re.compile(rf"{_MULTI_CHAR}|(?={_WORD_START})\S+?(?=\s|$|{_NON_WORD}|{_MULTI_CHAR}|"
                           rf",(?=$|\s|{_NON_WORD}|{_MULTI_CHAR}))|\S")
PERIOD_CONTEXT_RE = re.compile(rf"[.?!](?=(?P<after_tok>{_NON_WORD}|\s+(?P<next_tok>\S+)))")
REALIGNMENT_RE = re.compile(r"[\"')\]}‘’“”«»]+?(?:\s+|(?=--)|$)", re.M)  # closing marks after a break
NUMERIC_RE = re.compile(r"-?[.,]?\d[\d,.-]*\.?$")
INITIAL_RE = re.compile(r"[^\W\d]\.$")
ELLIPSIS_RE = re.compile(r"\.\.+$")
OTHER_WHITESPACE = string.whitespace.replace(" ", "")
PLAIN_END_RE = re.compile(r"([A-Za-z]{2,})([.?!])(?:\s+\S|[)\";}\]*:@'({\[!?])")
SENTENCE_END_CHARS = (".", "?", "!")
PUNCTUATION = tuple(";:,.!?")


@derived_cache
def _abbreviations() -> frozenset[str]:
    return frozenset(a.lower().rstrip(".") for a in load_words("abbreviations"))


def _is_break(token: str, following: str, abbreviations: frozenset[str]) -> bool:
    """Punkt's verdict on one word token: the first pass by its type, the second by the next token."""
    if token in SENTENCE_END_CHARS:
        return True
    if ELLIPSIS_RE.match(token) or not token.endswith(".") or token.endswith(".."):
        return False
    stem = token[:-1].lower()
    if stem in abbreviations or stem.split("-")[-1] in abbreviations:
        return False
    # A period-final word that is no abbreviation breaks, unless it is an initial or a number and the
    # next token shows no sentence start (punctuation, lower case; for an initial also upper case).
    initial = bool(INITIAL_RE.match(token))
    if not (initial or NUMERIC_RE.match(token)):
        return True
    if following in PUNCTUATION or following[0].islower():
        return False
    return not (initial and following[0].isupper())


def contains_break(context: str) -> bool:
    """Whether a token before the last of `context` (a word, its end mark and what follows) ends a sentence."""
    plain = PLAIN_END_RE.match(context)
    abbreviations = _abbreviations()
    if plain and (plain[2] != "." or plain[1].lower() not in abbreviations):
        return True  # the common case, decided without tokenizing
    tokens = [t for line in context.split("\n") if line.strip() for t in WORD_TOKEN_RE.findall(line)]
    return any(_is_break(tokens[k], tokens[k + 1], abbreviations) for k in range(len(tokens) - 1))


def _last_whitespace(text: str) -> int:
    """Index of the last ASCII whitespace character, 0 when there is none."""
    space = text.rfind(" ")  # the others are looked for only after the last space
    return max(0, space, *(text.rfind(c, space + 1) for c in OTHER_WHITESPACE))


def _end_contexts(text: str) -> list[tuple[re.Match[str], str]]:
    """Each candidate end mark with its context (the word before it, the mark, what follows), where
    the word before does not overlap the previous candidate's."""
    out: list[tuple[re.Match[str], str]] = []
    previous: tuple[int, int] = (0, 0)
    previous_match = None
    for match in PERIOD_CONTEXT_RE.finditer(text):
        before = text[previous[1]:match.start()]
        word_start = _last_whitespace(before)
        word_start = word_start + previous[1] + 1 if word_start else previous[0]
        if previous_match and previous[1] <= word_start:
            out.append((previous_match, text[previous[0]:previous[1]] + previous_match[0] + previous_match["after_tok"]))
        previous_match, previous = match, (word_start, match.start())
    if previous_match:
        out.append((previous_match, text[previous[0]:previous[1]] + previous_match[0] + previous_match["after_tok"]))
    return out


def _slices(text: str) -> list[tuple[int, int]]:
    slices, last_break = [], 0
    for match, context in _end_contexts(text):
        if contains_break(context):
            slices.append((last_break, match.end()))
            last_break = match.start("next_tok") if match["next_tok"] else match.end()
    slices.append((last_break, len(text.rstrip())))
    return slices


def span_tokenize(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text`, closing quotes and brackets after a break moved
    into the sentence they close."""
    spans, realign = [], 0
    slices = _slices(text)
    for k, (start, end) in enumerate(slices):
        start += realign
        if k + 1 == len(slices):
            if text[start:end]:
                spans.append((start, end))
            continue
        nxt_start, nxt_end = slices[k + 1]
        m = REALIGNMENT_RE.match(text[nxt_start:nxt_end])
        if m:
            spans.append((start, nxt_start + len(m[0].rstrip())))
            realign = m.end()
        else:
            realign = 0
            if text[start:end]:
                spans.append((start, end))
    return spans

"""Where a token that is no English word splits into two that are: the evidence of a lost space.

Knowledge: wordfreq's Zipf frequencies (`frequency.zipf`), the function words of
`lexicons/function_words.txt` that English uses most, and the names the page itself writes.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from .frequency import zipf
from .lexicon import derived_cache, load_words

FREQUENT = 3.0  # Zipf: one use in a million words
COMMON = 4.0  # about 10 uses a million words
NAME_ZIPF = 2.5  # a name English knows ("Hiroshima" 3.3)
GLUE_ZIPF = 5.3  # the function words a lost space most often leaves glued ("the", "and", "of", "one")


@dataclass(frozen=True)
class Split:
    left: str
    right: str
    kind: str  # "function word" or "name"
    score: float


# Function words that also make compounds as particles, prefixes or suffixes ("overmighty", "tieless")
COMPOUNDING = frozenset({"out", "over", "under", "up", "down", "off", "on", "in", "back", "by", "less", "like",
                         "one", "ever", "self", "way", "all", "so", "no", "not", "time",
                         "man", "after", "through", "with", "for", "any", "some", "every", "here", "there"})


# "with" ends a compound only after these ("herewith", "forthwith"); elsewhere it is a word of its own
WITH_COMPOUNDS = frozenset({"here", "there", "where", "forth"})
# Compounding words that also end compounds built on a plural ("linesman", "sportswear", "salesmanlike")
AFTER_PLURALS = frozenset({"man", "time", "way", "like", "less", "one", "self", "ever"})


def _glued_particle(left: str, right: str) -> bool:
    """A compounding particle (COMPOUNDING) after a word it cannot compound with: a plural ("pollsin":
    English compounds take the singular, "bookshelf") or any word but WITH_COMPOUNDS before "with"."""
    if right not in COMPOUNDING or zipf(right) < GLUE_ZIPF:
        return False
    if right == "with":
        return left not in WITH_COMPOUNDS
    stem = left[:-1]
    return right not in AFTER_PLURALS and left.endswith("s") and not stem.endswith("s") and zipf(stem) >= FREQUENT


@derived_cache
def glue_words() -> frozenset[str]:
    """Function words frequent enough, and never parts of compounds, that a word glued to one is no
    compound."""
    return frozenset(w for w in load_words("function_words")
                     if len(w) >= 2 and zipf(w) >= GLUE_ZIPF and w not in COMPOUNDING)


def best_split(token: str, names: frozenset[str] = frozenset()) -> Split | None:
    """The likeliest two-word reading of the lower-case `token`, or None when no split is convincing.

    A split is convincing when one part is a frequent function word and the other a frequent word
    ("quicklythe", "toprevent"), or when the left part is a name the page writes ("kowalczyklive",
    with "Kowalczyk" in `names`). Two content words are no evidence: English coins compounds freely
    ("planemaker", "mailshot"), and so are particles and suffixes ("outjumped", "tieless"), except where
    English word formation rules the compound out (`_glued_particle`: "pollsin", "releasewith").
    """
    glue = glue_words()
    best: Split | None = None
    for i in range(2, len(token) - 1):
        left, right = token[:i], token[i:]
        zl, zr = zipf(left), zipf(right)
        if (right in glue or _glued_particle(left, right)) and zl >= FREQUENT and (len(left) >= 4 or zl >= COMMON):
            split = Split(left, right, "function word", min(zl, zr))
        elif left in glue and len(right) >= 4 and zr >= FREQUENT:
            split = Split(left, right, "function word", min(zl, zr))
        elif left.capitalize() in names and len(left) >= 3 and len(right) >= 3 and zr >= COMMON:
            split = Split(left.capitalize(), right, "name", zr)
        else:
            continue
        if best is None or split.score > best.score:
            best = split
    return best


# Function words that open a phrase or clause and end no English name (unlike "more", "well", "our":
# Baltimore, Cromwell, Seymour)
NAME_JOINS = frozenset({"the", "and", "with", "which", "who", "whose", "from", "that", "was", "were", "has", "had"})


@derived_cache
def name_joins() -> frozenset[str]:
    """What a name may be glued to: NAME_JOINS and the verbs of reported speech."""
    return NAME_JOINS | load_words("speech_verbs")


def name_split(token: str, page_words: Collection[str] = frozenset()) -> Split | None:
    """A capitalised token that is no word read as a name glued to a function word of NAME_JOINS or to
    a verb of reported speech ("Hiroshimawith", "Kowalczyksaid"). The name is one English knows (Zipf 2.5)
    or the page writes on its own, of four letters or more."""
    joins = name_joins()
    for i in range(4, len(token) - 2):
        left, right = token[:i], token[i:]
        if right in joins and (zipf(left) >= NAME_ZIPF or left in page_words):
            return Split(left, right, "name", zipf(right))
    return None

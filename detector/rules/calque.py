"""MT3xx: false friends and literal renderings (lexicon `calques.tsv`)."""

from __future__ import annotations

from .base import register
from .lexicon_rule import LexiconRule


@register
class Calque(LexiconRule):
    """A false friend or word-for-word rendering that translated news leaves behind.

    Why: machine translation picks the most frequent sense of a word ("seguridad" as safety) or
    renders an idiom word for word; synonym spinners swap words for wrong synonyms ("profound learning").
    Example: "concerns about safety" in a report on troops and sanctions.
    Fix: "concerns about security" (unsafe: the sense depends on context). Each entry of
    `lexicons/calques.tsv` carries its own context conditions and an example the tests run.
    """

    code = "MT301"
    name = "calque"
    category = "calque"
    lexicon = "calques"

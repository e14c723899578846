"""MT303: a synonym spinner's word swap that the context rejects (lexicon `substitutions.tsv`)."""

from __future__ import annotations

from ..base import register
from .rule import SubstitutionRule


@register
class SpinnerSwap(SubstitutionRule):
    """A word a synonym spinner put in place of the word of a set phrase.

    Why: article spinners swap each word for a synonym without regard to collocation ("profound
    learning" for deep learning); the word pairs come from the tortured-phrase list of spun papers, aggregated.
    A pair fires only where a neighbouring word occurs with the original word in native English and
    never with the spun one.
    Example: "the house secretary announced" -> "the home secretary".
    Fix: the original word (unsafe).
    """

    code = "MT303"
    name = "spinner-phrase"
    category = "other"
    confidence = 0.6
    table = "substitutions"
    sources = ("tortured_phrases",)
    kind = "a spinner's synonym swap"

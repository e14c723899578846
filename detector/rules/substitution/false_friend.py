"""MT302: a false friend that the context rejects (lexicon `false_friends.tsv`, LGPL)."""

from __future__ import annotations

from ..base import register
from .rule import SubstitutionRule


@register
class FalseFriend(SubstitutionRule):
    """An English word used in the sense of a look-alike word of the writer's or translator's language.

    Why: translators and MT carry a word's sense over from its look-alike ("actual" for current,
    "assist" for attend); LanguageTool's false-friend rules list such words for each mother tongue.
    A pair fires only where a neighbouring word occurs with the alternative in native English and never
    with the written word.
    Example: "the state notice agency said" (for Spanish "noticia", news).
    Fix: the English word meant (unsafe: the sense depends on context).
    """

    code = "MT302"
    name = "false-friend"
    category = "calque"
    confidence = 0.6
    table = "false_friends"
    sources = ("false_friends",)
    kind = "a false friend"

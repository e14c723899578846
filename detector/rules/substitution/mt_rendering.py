"""MT304: a rendering MT prefers where people write another word (lexicon `substitutions.tsv`)."""

from __future__ import annotations

from ..base import register
from .rule import SubstitutionRule


@register
class MTRendering(SubstitutionRule):
    """A word MT writes where human translators of the same sentence write another.

    Why: aligning MT output with human references of the same source (WMT21) and MQM expert error
    spans shows renderings systems prefer and people avoid. A pair fires only where a neighbouring
    word occurs with the human choice in native English and never with MT's.
    Example: "MPs debated the draft changes" -> "the proposed changes".
    Fix: the human choice (unsafe).
    """

    code = "MT304"
    name = "mt-rendering"
    category = "calque"
    confidence = 0.55
    table = "substitutions"
    sources = ("wmt21", "mqm_zhen")
    kind = "an MT rendering"

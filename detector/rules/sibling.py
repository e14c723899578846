"""MT7xx: differences from other reports of the same story (run by `detector.pipeline.crossdoc`)."""

from __future__ import annotations

from .base import Rule, register


@register
class SiblingDifference(Rule):
    """A wording that differs from other reports of the same story in a way translation produces.

    Why: when several outlets carry one story, the copy that went through machine translation differs
    from the others exactly where the engine failed: "He can pick" against "It can pick",
    "Macrons MP" against "Macron's deputy", "said. ." against "said.".
    Example: two reports write "He can pick dialogue", said of Iran; a third writes "It can pick".
    Fix: the wording of the sibling report least likely to be machine-translated (unsafe).
    Runs over several documents at once (`detect scan` with more than one file, unless --no-crossdoc).
    """

    code = "MT701"
    name = "sibling-difference"
    category = "other"
    confidence = 0.6
    per_document = False

"""Stage 2, candidates from rules: every check, registered by code. Import order fixes nothing: codes
are stable and unique.

One module per family (`base` holds the Rule class and the registry); `unexpected_word` (MT801)
asks the fluency model (`detector.fluency`). The engine (`detector.pipeline`) runs them, the
scoring models (`detector.scoring`) weigh what they find."""

from . import (article, calque, grammar, name_spelling, numbers, possessive, pronoun, pronoun_gender,  # noqa: F401
               place_names, punctuation, quotes, repetition, run_on, sibling, substitution, title, typography,
               unexpected_word, verb_forms)
from .base import REGISTRY, Rule

__all__ = ["REGISTRY", "Rule"]

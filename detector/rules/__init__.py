"""Every rule, registered by code. Import order fixes nothing: codes are stable and unique."""

from . import (calque, grammar, possessive, pronoun, pronoun_gender, punctuation, quotes, repetition,  # noqa: F401
               run_on, sibling, substitution, title, typography)
from .base import REGISTRY, Rule
from ..fluency import rule as _fluency_rule  # noqa: F401,E402  MT801

__all__ = ["REGISTRY", "Rule"]

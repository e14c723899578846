"""Every rule, registered by code. Import order fixes nothing: codes are stable and unique."""

from . import (calque, grammar, possessive, pronoun, punctuation, quotes, repetition, run_on,  # noqa: F401
               sibling, substitution, title, typography)
from .base import REGISTRY, Rule

__all__ = ["REGISTRY", "Rule"]

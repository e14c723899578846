"""Every rule, registered by code. Import order fixes nothing: codes are stable and unique."""

from . import calque, grammar, pronoun, possessive, punctuation, quotes, repetition, run_on, title  # noqa: F401
from .base import REGISTRY, Rule

__all__ = ["REGISTRY", "Rule"]

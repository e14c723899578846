"""Find machine-translation glitches in English news text and propose normalized wording."""

__version__ = "0.1.0"

"""Offline sentence segmentation: NLTK's Punkt with abbreviation parameters shipped as a lexicon.

Punkt needs no downloaded data when it is given its parameters; we give it the abbreviations news
text uses, so nothing calls `nltk.download`.
"""

from __future__ import annotations


from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from .document import Sentence
from .lexicon import derived_cache, load_words


@derived_cache
def _tokenizer() -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = {a.lower().rstrip(".") for a in load_words("abbreviations")}
    return PunktSentenceTokenizer(params)


def split_sentences(text: str, start: int, end: int) -> list[Sentence]:
    """Sentences of `text[start:end]` with offsets into `text`."""
    chunk = text[start:end]
    return [Sentence(start + a, start + b, chunk[a:b]) for a, b in _tokenizer().span_tokenize(chunk)]

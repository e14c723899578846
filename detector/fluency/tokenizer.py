"""Byte-level BPE as GPT-2 and SmolLM2 define it, built from the vocabulary and merges in the GGUF file.

Text is split into pieces (GPT-2's pattern, digits one by one as SmolLM2's tokenizer does), each
piece's UTF-8 bytes are mapped to printable characters, then merged pair by pair in rank order.
Each token keeps the character offsets of the text it covers, so words can be mapped to tokens.
"""

from __future__ import annotations

from functools import lru_cache

import regex

PIECE_RE = regex.compile(r"""'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+|\p{N}""")


def _byte_chars() -> dict[int, str]:
    """GPT-2's reversible map from bytes to printable characters."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    chars, n = {}, 0
    for b in range(256):
        if b in printable:
            chars[b] = chr(b)
        else:
            chars[b] = chr(256 + n)
            n += 1
    return chars


class Tokenizer:
    def __init__(self, tokens: list[str], merges: list[str]) -> None:
        self.ids = {t: i for i, t in enumerate(tokens)}
        self.tokens = tokens
        self.ranks = {tuple(m.split(" ", 1)): r for r, m in enumerate(merges)}
        self.byte_chars = _byte_chars()
        self._piece = lru_cache(maxsize=200_000)(self._bpe)

    def _bpe(self, piece: str) -> tuple[int, ...]:
        parts = [self.byte_chars[b] for b in piece.encode("utf-8")]
        while len(parts) > 1:
            best, at = None, -1
            for i in range(len(parts) - 1):
                r = self.ranks.get((parts[i], parts[i + 1]))
                if r is not None and (best is None or r < best):
                    best, at = r, i
            if best is None:
                break
            parts[at:at + 2] = [parts[at] + parts[at + 1]]
        return tuple(self.ids[p] for p in parts)

    def encode(self, text: str) -> tuple[list[int], list[tuple[int, int]]]:
        """Token ids and, for each, the (start, end) character span of text it belongs to.

        A piece split into several tokens gives each token the whole piece's span.
        """
        ids: list[int] = []
        spans: list[tuple[int, int]] = []
        for m in PIECE_RE.finditer(text):
            piece_ids = self._piece(m.group())
            ids.extend(piece_ids)
            spans.extend([m.span()] * len(piece_ids))
        return ids, spans

    def decode(self, ids: list[int]) -> str:
        inverse = {c: b for b, c in self.byte_chars.items()}
        data = bytes(inverse[c] for i in ids for c in self.tokens[i])
        return data.decode("utf-8", errors="replace")

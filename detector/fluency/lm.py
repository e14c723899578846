"""SmolLM2's forward pass in numpy: Llama blocks (RMSNorm, rotary positions, grouped-query attention,
SwiGLU) and the tied output head, giving each token's log-probability and the distribution's entropy.

The GGUF file stores the query and key projections permuted for llama.cpp's rotation of adjacent
pairs, so that is the rotation applied here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .tokenizer import Tokenizer
from .weights import Weights, load_weights

BOS = 1  # <|im_start|>: the context every sentence is scored after


@dataclass
class TokenScores:
    logprob: np.ndarray   # [T] log-probability of each token given the ones before (natural log)
    entropy: np.ndarray   # [T] entropy of the predicted distribution at each position
    top: np.ndarray       # [T, k] the k most likely token ids at each position


def _rms_norm(x: np.ndarray, weight: np.ndarray, eps: float) -> np.ndarray:
    return x * (1.0 / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps)) * weight


class LanguageModel:
    def __init__(self, weights: Weights) -> None:
        c = weights.config
        self.w = weights.tensors
        self.layers, self.dim, self.heads, self.kv_heads = c["layers"], c["dim"], c["heads"], c["kv_heads"]
        self.head_dim = self.dim // self.heads
        self.eps = c["eps"]
        self.inv_freq = 1.0 / (c["rope_base"] ** (np.arange(0, self.head_dim, 2, dtype=np.float64) / self.head_dim))
        self.tokenizer = Tokenizer(weights.tokens, weights.merges)
        self.embed = np.asarray(self.w["token_embd.weight"])

    def _rope(self, x: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
        """Rotate adjacent pairs of each head's dimensions by the position's angle. x: [B, H, T, D]."""
        even, odd = x[..., 0::2], x[..., 1::2]
        out = np.empty_like(x)
        out[..., 0::2] = even * cos - odd * sin
        out[..., 1::2] = even * sin + odd * cos
        return out

    def hidden(self, ids: np.ndarray) -> np.ndarray:
        """Final normalised hidden states [B, T, dim] for right-padded token ids [B, T]."""
        b, t = ids.shape
        x = self.embed[ids]
        angles = np.arange(t)[:, None] * self.inv_freq[None, :]
        cos, sin = np.cos(angles).astype(np.float32), np.sin(angles).astype(np.float32)
        mask = np.triu(np.full((t, t), -np.inf, dtype=np.float32), 1)
        group = self.heads // self.kv_heads
        scale = np.float32(1.0 / np.sqrt(self.head_dim))
        for i in range(self.layers):
            p = f"blk.{i}."
            h = _rms_norm(x, self.w[p + "attn_norm.weight"], self.eps)
            q = (h @ self.w[p + "attn_q.weight"].T).reshape(b, t, self.heads, self.head_dim).transpose(0, 2, 1, 3)
            k = (h @ self.w[p + "attn_k.weight"].T).reshape(b, t, self.kv_heads, self.head_dim).transpose(0, 2, 1, 3)
            v = (h @ self.w[p + "attn_v.weight"].T).reshape(b, t, self.kv_heads, self.head_dim).transpose(0, 2, 1, 3)
            q, k = self._rope(q, cos, sin), self._rope(k, cos, sin)
            q = q.reshape(b, self.kv_heads, group, t, self.head_dim)
            att = (q @ k[:, :, None].transpose(0, 1, 2, 4, 3)) * scale + mask
            att = np.exp(att - att.max(axis=-1, keepdims=True))
            att /= att.sum(axis=-1, keepdims=True)
            o = (att @ v[:, :, None]).reshape(b, self.heads, t, self.head_dim).transpose(0, 2, 1, 3)
            x = x + o.reshape(b, t, self.dim) @ self.w[p + "attn_output.weight"].T
            h = _rms_norm(x, self.w[p + "ffn_norm.weight"], self.eps)
            gate = h @ self.w[p + "ffn_gate.weight"].T
            up = h @ self.w[p + "ffn_up.weight"].T
            x = x + ((gate / (1.0 + np.exp(-gate))) * up) @ self.w[p + "ffn_down.weight"].T
        return _rms_norm(x, self.w["output_norm.weight"], self.eps)

    def score(self, batch: list[list[int]], top_k: int = 8) -> list[TokenScores]:
        """Scores of each token of each sequence, every sequence read after BOS."""
        t = max(len(s) for s in batch) + 1
        ids = np.zeros((len(batch), t), dtype=np.int64)
        for row, seq in enumerate(batch):
            ids[row, 0] = BOS
            ids[row, 1:len(seq) + 1] = seq
        h = self.hidden(ids)
        out = []
        for row, seq in enumerate(batch):
            n = len(seq)
            logits = h[row, :n] @ self.embed.T                      # predicts tokens 1..n
            logits -= logits.max(axis=-1, keepdims=True)
            logz = np.log(np.exp(logits).sum(axis=-1))
            logp = logits - logz[:, None]
            prob = np.exp(logp)
            entropy = -(prob * logp).sum(axis=-1)
            chosen = logp[np.arange(n), np.asarray(seq)]
            top = np.argpartition(-logp, top_k, axis=-1)[:, :top_k]
            order = np.argsort(-np.take_along_axis(logp, top, axis=-1), axis=-1)
            out.append(TokenScores(chosen, entropy, np.take_along_axis(top, order, axis=-1)))
        return out


@lru_cache(maxsize=1)
def load_model() -> LanguageModel:
    """The model, loaded once per process (raises weights.ModelUnavailable when it cannot be)."""
    return LanguageModel(load_weights())


BATCH = 8


def score_sentences(texts: list[str]) -> list["SentenceScores"]:
    """Each text tokenized and scored, in batches of similar length, with one BLAS thread (the
    small matrices gain nothing from a second and the scan's worker processes use the cores)."""
    from threadpoolctl import threadpool_limits

    from .suspicion import SentenceScores

    model = load_model()
    encoded = [model.tokenizer.encode(t) for t in texts]
    out: list[SentenceScores | None] = [None] * len(texts)
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i][0]))
    with threadpool_limits(1):
        for at in range(0, len(order), BATCH):
            rows = [i for i in order[at:at + BATCH] if encoded[i][0]]
            if not rows:
                continue
            for i, s in zip(rows, model.score([encoded[i][0] for i in rows])):
                out[i] = SentenceScores(encoded[i][0], encoded[i][1], s.logprob, s.entropy, s.top)
    empty = np.zeros(0, dtype=np.float32)
    return [s or SentenceScores([], [], empty, empty, np.zeros((0, 8), dtype=np.int64)) for s in out]

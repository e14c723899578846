"""SmolLM2's forward pass in numpy: Llama blocks (RMSNorm, rotary positions, grouped-query attention,
SwiGLU) and the tied output head, giving each token's log-probability and the distribution's entropy.

Every projection is one float32 BLAS matrix product over all of a batch's tokens; sequences are
packed several to a row (each sees only itself); texts that begin alike are scored after their
common beginning, whose keys and values are computed once; the output head runs only on real
positions, in chunks, so its [tokens, vocabulary] logits stay small. The weights come in
`weights.runtime_layout` (query, key and value in one matrix, their rotary pairs as two halves of
each head). Costs and figures: benchmarks/fluency.py and benchmarks/README.md.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .tokenizer import Tokenizer
from .weights import Weights, load_weights

BOS = 1  # <|im_start|>: the context every sentence is scored after
BATCH_TOKENS = 512   # tokens per forward pass: large enough for BLAS, small enough to share out
PACK_WIDTH = 128     # tokens per packed row of a batch
MIN_SHARED = 4       # leading tokens that texts must share for their beginning to be read once
HEAD_ROWS = 32       # positions per chunk of the output head: [rows, vocabulary] logits, 6 MB each


Cache = tuple[np.ndarray, np.ndarray]  # one block's keys and values [B, kv_heads, T, head_dim]


@dataclass
class Past:
    """Keys and values of prefixes scored earlier: per block `cache`, and per row of the new batch
    which prefix row it continues (`rows`) and that prefix's length with BOS (`lengths`)."""
    cache: list[Cache]
    rows: np.ndarray
    lengths: np.ndarray


@dataclass
class TokenScores:
    logprob: np.ndarray   # [T] log-probability of each token given the ones before (natural log)
    entropy: np.ndarray   # [T] entropy of the predicted distribution at each position
    top: np.ndarray       # [T, k] the k most likely token ids at each position


def _padded(seqs: list[list[int]], first: int | None = None) -> np.ndarray:
    """Token ids [len(seqs), longest (+ 1)], right-padded with 0, each row after `first` if given."""
    lead = 0 if first is None else 1
    ids = np.zeros((len(seqs), max(len(s) for s in seqs) + lead), dtype=np.int64)
    ids[:, :lead] = first or 0
    for row, seq in enumerate(seqs):
        ids[row, lead:len(seq) + lead] = seq
    return ids


def _rms_norm(x: np.ndarray, weight: np.ndarray, eps: float) -> np.ndarray:
    scale = 1.0 / np.sqrt(np.einsum("...i,...i->...", x, x)[..., None] / x.shape[-1] + np.float32(eps))
    return x * scale * weight


class LanguageModel:
    def __init__(self, weights: Weights) -> None:
        c = weights.config
        self.w = weights.tensors
        self.layers, self.dim, self.heads, self.kv_heads = c["layers"], c["dim"], c["heads"], c["kv_heads"]
        self.head_dim = self.dim // self.heads
        self.eps = c["eps"]
        self.inv_freq = 1.0 / (c["rope_base"] ** (np.arange(0, self.head_dim, 2, dtype=np.float64) / self.head_dim))
        self.tokenizer = Tokenizer(weights.tokens, weights.merges)
        self.embed = self.w["token_embd.weight"]

    def _rope(self, x: np.ndarray, cos: np.ndarray, sin: np.ndarray) -> np.ndarray:
        """Rotate each head's pairs (i, i + d/2) by the position's angle.
        x: [B, T, H, D]; cos, sin: [B or 1, T, 1, D/2]."""
        half = self.head_dim // 2
        a, b = x[..., :half], x[..., half:]
        return np.concatenate([a * cos - b * sin, a * sin + b * cos], axis=-1)

    def hidden(self, ids: np.ndarray, segments: np.ndarray | None = None, past: Past | None = None,
               keep: list[Cache] | None = None) -> np.ndarray:
        """Final normalised hidden states [B, T, dim] for token ids [B, T], each row one sequence,
        right-padded (padding comes after the tokens, so the causal mask keeps it out of them).

        `segments` [B, T]: rows packed with several sequences, each token marked with its sequence's
        number: a token sees only the tokens of its own sequence before it, and its position counts
        from its sequence's start. `past`: each row continues after a prefix whose keys and values
        an earlier call kept (its positions and attention start after the prefix). `keep`: a list
        to which each block's keys and values [B, kv_heads, T, head_dim] are appended.
        """
        b, t = ids.shape
        hd, kv, group = self.head_dim, self.kv_heads, self.heads // self.kv_heads
        q_end, k_end = self.dim, self.dim + kv * hd
        x = np.asarray(self.embed[ids]).reshape(b * t, self.dim)
        causal = np.tri(t, dtype=bool)
        if segments is not None:
            same = (segments[:, :, None] == segments[:, None, :]) & causal           # [B, T, T]
            positions = same.sum(axis=-1) - 1
        else:
            positions = np.arange(t)[None] + (0 if past is None else past.lengths[:, None])
        angles = positions[..., None] * self.inv_freq                                # [B|1, T, D/2]
        cos, sin = (np.cos(angles).astype(np.float32)[:, :, None], np.sin(angles).astype(np.float32)[:, :, None])
        # query rows stacked as (group, position) per key head: one [group*t, keys] product per head
        allowed = same[:, None] if segments is not None else causal
        mask = np.tile(np.where(allowed, np.float32(0), np.float32(-np.inf)), (group, 1))
        if past is not None:  # every query sees its prefix's real positions, none of its padding
            width = past.cache[0][0].shape[2]
            seen = np.where(np.arange(width) < past.lengths[:, None], 0.0, -np.inf).astype(np.float32)
            mask = np.concatenate([np.broadcast_to(seen[:, None, None], (b, 1, group * t, width)),
                                   np.broadcast_to(mask, (b, 1, group * t, t))], axis=-1)
        scale = np.float32(1.0 / np.sqrt(hd))
        for i in range(self.layers):
            p = f"blk.{i}."
            h = _rms_norm(x, self.w[p + "attn_norm.weight"], self.eps)
            qkv = h @ self.w[p + "attn_qkv.weight"].T
            q = self._rope(qkv[:, :q_end].reshape(b, t, self.heads, hd), cos, sin) * scale
            k = self._rope(qkv[:, q_end:k_end].reshape(b, t, kv, hd), cos, sin).transpose(0, 2, 1, 3)
            v = qkv[:, k_end:].reshape(b, t, kv, hd).transpose(0, 2, 1, 3)            # [b, kv, t, hd]
            if keep is not None:
                keep.append((k, v))
            if past is not None:
                k = np.concatenate([past.cache[i][0][past.rows], k], axis=2)
                v = np.concatenate([past.cache[i][1][past.rows], v], axis=2)
            q = q.reshape(b, t, kv, group, hd).transpose(0, 2, 3, 1, 4).reshape(b, kv, group * t, hd)
            att = q @ k.transpose(0, 1, 3, 2) + mask                       # [b, kv, group*t, keys]
            att -= att.max(axis=-1, keepdims=True)
            np.exp(att, out=att)
            att /= att.sum(axis=-1, keepdims=True)
            o = att @ v                                                     # [b, kv, group*t, hd]
            o = o.reshape(b, kv, group, t, hd).transpose(0, 3, 1, 2, 4).reshape(b * t, self.dim)
            x = x + o @ self.w[p + "attn_output.weight"].T
            h = _rms_norm(x, self.w[p + "ffn_norm.weight"], self.eps)
            gate_up = h @ self.w[p + "ffn_gate_up.weight"].T
            gate, up = gate_up[:, :gate_up.shape[1] // 2], gate_up[:, gate_up.shape[1] // 2:]
            x = x + ((gate / (1.0 + np.exp(-gate))) * up) @ self.w[p + "ffn_down.weight"].T
        return _rms_norm(x, self.w["output_norm.weight"], self.eps).reshape(b, t, self.dim)

    def _head(self, h: np.ndarray, targets: np.ndarray, top_k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Log-probability of each target, entropy and the top_k ids, for hidden states h [N, dim]."""
        n = len(h)
        logprob, entropy = np.empty(n, dtype=np.float32), np.empty(n, dtype=np.float32)
        top = np.empty((n, top_k), dtype=np.int64)
        for at in range(0, n, HEAD_ROWS):
            rows = slice(at, min(at + HEAD_ROWS, n))
            logits = h[rows] @ self.embed.T
            logits -= logits.max(axis=-1, keepdims=True)
            e = np.exp(logits)  # logits <= 0 after the shift: no overflow
            z = e.sum(axis=-1)
            logz = np.log(z)
            logprob[rows] = logits[np.arange(len(logits)), targets[rows]] - logz
            entropy[rows] = logz - np.einsum("ij,ij->i", e, logits) / z       # -sum p log p
            best = np.argpartition(logits, -top_k, axis=-1)[:, -top_k:]
            order = np.argsort(-np.take_along_axis(logits, best, axis=-1), axis=-1, kind="stable")
            top[rows] = np.take_along_axis(best, order, axis=-1)
        return logprob, entropy, top

    def score(self, batch: list[list[int]], top_k: int = 8) -> list[TokenScores]:
        """Scores of each token of each sequence, every sequence read after BOS, in one forward pass
        (`score_sentences` splits long lists into batches) over rows of PACK_WIDTH tokens (or the
        longest sequence's) packed with sequences, so that little is padding."""
        lengths = [len(s) for s in batch]
        width = max(PACK_WIDTH, max(lengths) + 1)
        bins = _pack([n + 1 for n in lengths], width)
        ids = np.zeros((len(bins), width), dtype=np.int64)
        segments = np.full((len(bins), width), -1, dtype=np.int64)   # padding: a sequence of its own
        at: dict[int, tuple[int, int]] = {}
        for row, members in enumerate(bins):
            offset = 0
            for i in members:
                ids[row, offset] = BOS
                ids[row, offset + 1:offset + lengths[i] + 1] = batch[i]
                segments[row, offset:offset + lengths[i] + 1] = i
                at[i] = (row, offset)
                offset += lengths[i] + 1
        h = self.hidden(ids, segments)
        rows = np.concatenate([h[at[i][0], at[i][1]:at[i][1] + n] for i, n in enumerate(lengths)])
        targets = np.concatenate([np.asarray(s, dtype=np.int64) for s in batch])
        logprob, entropy, top = self._head(rows, targets, top_k)
        bounds = np.cumsum([0, *lengths])
        return [TokenScores(logprob[a:e], entropy[a:e], top[a:e]) for a, e in zip(bounds[:-1], bounds[1:])]

    def score_shared(self, prefixes: list[list[int]], suffixes: list[list[int]], owners: list[int],
                     top_k: int = 8) -> list[TokenScores]:
        """`score` of each sequence `prefixes[owners[i]] + suffixes[i]` (every suffix non-empty),
        each prefix read once: its keys and values are kept and its suffixes continue from them."""
        cache: list[Cache] = []
        hp = self.hidden(_padded(prefixes, BOS), keep=cache)
        lengths = np.array([len(p) for p in prefixes], dtype=np.int64)
        owner = np.asarray(owners, dtype=np.int64)
        hs = self.hidden(_padded(suffixes), past=Past(cache, owner, lengths[owner] + 1))
        # head rows: each prefix's own positions once, then per suffix its prefix's last position
        # (which predicts the suffix's first token) and the suffix's positions but its last
        inputs = [hp[g, :n] for g, n in enumerate(lengths)]
        inputs += [np.concatenate([hp[g, lengths[g]:lengths[g] + 1], hs[row, :len(seq) - 1]])
                   for row, (g, seq) in enumerate(zip(owner, suffixes))]
        targets = np.concatenate([np.asarray(seq, dtype=np.int64) for seq in [*prefixes, *suffixes]])
        logprob, entropy, top = self._head(np.concatenate(inputs), targets, top_k)
        starts = np.cumsum([0, *lengths, *(len(seq) for seq in suffixes)])
        first = len(prefixes)  # the suffixes' rows start after the prefixes'
        out = []
        for row, g in enumerate(owner):
            parts = [slice(starts[g], starts[g + 1]), slice(starts[first + row], starts[first + row + 1])]
            out.append(TokenScores(*(np.concatenate([a[part] for part in parts]) for a in (logprob, entropy, top))))
        return out


@lru_cache(maxsize=1)
def load_model() -> LanguageModel:
    """The model, loaded once per process (raises weights.ModelUnavailable when it cannot be)."""
    return LanguageModel(load_weights())


def batches(lengths: list[int], budget: int = BATCH_TOKENS) -> list[list[int]]:
    """Indices of the non-empty sequences in groups for one forward pass each: all of them packed
    into rows as `LanguageModel.score` packs them (BOS included), and the rows dealt out in groups
    of about `budget` tokens (at least one row each)."""
    sizes = [n + 1 for n in lengths if n]
    if not sizes:
        return []
    index = [i for i, n in enumerate(lengths) if n]
    width = max(PACK_WIDTH, max(sizes))
    rows = [[index[j] for j in row] for row in _pack(sizes, width)]
    per = max(1, budget // width)
    return [[i for row in rows[at:at + per] for i in row] for at in range(0, len(rows), per)]


def _pack(sizes: list[int], width: int) -> list[list[int]]:
    """Indices of `sizes` in rows of `width` (first fit, largest first; each size at most width)."""
    rows: list[list[int]] = []
    free: list[int] = []
    for i in sorted(range(len(sizes)), key=lambda i: -sizes[i]):
        row = next((r for r, room in enumerate(free) if room >= sizes[i]), None)
        if row is None:
            rows.append([])
            free.append(width)
            row = len(rows) - 1
        rows[row].append(i)
        free[row] -= sizes[i]
    return rows


def threads() -> int:
    """Batches scored at once: one in the scan's worker processes (the processes share out the
    cores), one per core (at most 2) in the main process, so one article uses both cores."""
    if multiprocessing.parent_process() is not None:
        return 1
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        cores = os.cpu_count() or 1
    return max(1, min(2, cores))


def _common(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def shared_prefixes(seqs: list[list[int]]) -> list[tuple[int, list[int]]]:
    """Runs of two or more sequences that begin with the same MIN_SHARED tokens or more (a word's
    variants in the same window), as (the leading tokens all share, short of each one's last token;
    the sequences' indices): each run's prefix is read once."""
    order = sorted((i for i, s in enumerate(seqs) if s), key=lambda i: seqs[i])
    out: list[tuple[int, list[int]]] = []
    run: list[int] = []
    for i in [*order, None]:
        if i is not None and run and _common(seqs[run[0]], seqs[i]) >= MIN_SHARED:
            run.append(i)  # in sorted order, what the first and the newest share, all share
            continue
        if len(run) > 1:
            n = min(_common(seqs[run[0]], seqs[run[-1]]), *(len(seqs[j]) - 1 for j in run))
            if n >= MIN_SHARED:
                out.append((n, run))
        run = [] if i is None else [i]
    return out


def score_sentences(texts: list[str]) -> list["SentenceScores"]:
    """Each text tokenized and scored: texts that begin alike (`shared_prefixes`) after their
    common beginning, read once, the others in batches of similar length (`batches`); `threads()`
    batches at a time. BLAS runs single-threaded inside each: numpy releases the GIL in its matrix
    products, and threads that each own a batch never wait on each other, where BLAS's own threads
    spin on a busy machine (3x slower, measured on 2 loaded cores)."""
    from threadpoolctl import threadpool_limits

    from .suspicion import SentenceScores

    model = load_model()
    encoded = [model.tokenizer.encode(t) for t in texts]
    seqs = [ids for ids, _ in encoded]
    groups = shared_prefixes(seqs)
    in_groups = {i for _, run in groups for i in run}
    jobs = [(rows, lambda rows=rows: model.score([seqs[i] for i in rows]))
            for rows in batches([0 if i in in_groups else len(s) for i, s in enumerate(seqs)])]
    for chunk in _chunks(groups, seqs):
        rows = [i for _, run in chunk for i in run]
        prefixes = [seqs[run[0]][:n] for n, run in chunk]
        suffixes = [seqs[i][n:] for n, run in chunk for i in run]
        owners = [g for g, (_, run) in enumerate(chunk) for _ in run]
        jobs.append((rows, lambda p=prefixes, s=suffixes, o=owners: model.score_shared(p, s, o)))
    with threadpool_limits(1):
        n = min(threads(), len(jobs))
        if n > 1:
            with ThreadPoolExecutor(n) as pool:
                results = list(pool.map(lambda job: job[1](), jobs))
        else:
            results = [job() for _, job in jobs]
    out: list[SentenceScores | None] = [None] * len(texts)
    for (rows, _), scores in zip(jobs, results):
        for i, s in zip(rows, scores):
            out[i] = SentenceScores(encoded[i][0], encoded[i][1], s.logprob, s.entropy, s.top)
    empty = np.zeros(0, dtype=np.float32)
    return [s or SentenceScores([], [], empty, empty, np.zeros((0, 8), dtype=np.int64)) for s in out]


def _chunks(groups: list[tuple[int, list[int]]], seqs: list[list[int]]) -> list[list[tuple[int, list[int]]]]:
    """Runs of shared prefixes put together while their padded suffixes stay within BATCH_TOKENS."""
    out: list[list[tuple[int, list[int]]]] = []
    rows = longest = 0
    for n, run in groups:
        tail = max(len(seqs[i]) - n for i in run)
        if out and (rows + len(run)) * max(longest, tail) <= BATCH_TOKENS:
            out[-1].append((n, run))
            rows, longest = rows + len(run), max(longest, tail)
        else:
            out.append([(n, run)])
            rows, longest = len(run), tail
    return out

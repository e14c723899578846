"""Save and load models without pickle: parameters as JSON, large weight vectors as .npz.

The manifest records each file's SHA-256; the loader refuses a file whose hash or format version it
does not recognise. JSON keeps start-up light: NumPy loads only when a large vector is needed.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path
from typing import Any

def _models_dir() -> Path:
    """`models/` of the source tree, else the copy a regular install puts under share/."""
    here = Path(__file__).resolve().parent.parent.parent / "models"
    installed = Path(sys.prefix) / "share" / "mt-detector" / "models"
    return here if (here / "manifest.json").exists() or not (installed / "manifest.json").exists() else installed


MODELS_DIR = _models_dir()
FORMAT_VERSION = 2


class ModelError(Exception):
    """A model file is altered or of an unknown format."""


class ModelMissing(ModelError):
    """No model of that name has been trained."""


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def save(name: str, params: dict[str, Any], info: dict, out_dir: Path = MODELS_DIR,
         arrays: dict[str, Any] | None = None) -> None:
    """`params`: JSON-ready values; `arrays`: large NumPy vectors, stored in `name.npz`."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files = {"params": out_dir / f"{name}.json"}
    files["params"].write_text(json.dumps(params, sort_keys=True) + "\n")
    if arrays:
        import numpy as np

        files["arrays"] = out_dir / f"{name}.npz"
        with files["arrays"].open("wb") as handle:
            np.savez_compressed(handle, **arrays)
    manifest_path = out_dir / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    manifest[name] = {"format": FORMAT_VERSION, **info,
                      "files": {k: {"file": p.name, "sha256": _sha256(p)} for k, p in files.items()}}
    manifest_path.write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n")


def _checked(name: str, part: str, models_dir: Path) -> Path:
    manifest_path = models_dir / "manifest.json"
    if not manifest_path.exists():
        raise ModelMissing(f"{manifest_path}: no model manifest")
    entry = json.loads(manifest_path.read_text()).get(name)
    if entry is None:
        raise ModelMissing(f"{manifest_path}: no model named {name!r}")
    if entry.get("format") != FORMAT_VERSION:
        raise ModelError(f"{manifest_path}: model {name!r} has unknown format {entry.get('format')!r}")
    if part not in entry["files"]:
        raise ModelMissing(f"{manifest_path}: model {name!r} has no {part}")
    path = models_dir / entry["files"][part]["file"]
    if not path.exists() or _sha256(path) != entry["files"][part]["sha256"]:
        raise ModelError(f"{path}: missing or does not match the hash in {manifest_path.name}")
    return path


def load(name: str, models_dir: Path = MODELS_DIR) -> dict[str, Any]:
    """The model's JSON parameters, after checking the file against the manifest."""
    return json.loads(_checked(name, "params", models_dir).read_text())


def load_arrays(name: str, models_dir: Path = MODELS_DIR) -> dict[str, Any]:
    """The model's large vectors (NumPy arrays), after checking the file against the manifest."""
    import numpy as np

    with np.load(_checked(name, "arrays", models_dir), allow_pickle=False) as data:
        return {k: data[k] for k in data.files}

"""Helpers shared by the retraining tests: the run's fast-trained version, model directories."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.support.fast_model import fast_version

__all__ = ["fast_version", "model_dir_with"]


def model_dir_with(root: Path, versions: dict[str, Path], *, current: str) -> Path:
    """A model directory holding copies of the given version folders under new names, CURRENT set."""
    model_dir = root / "model"
    model_dir.mkdir()
    for name, source in versions.items():
        # The manifest's sha256 covers model.npz only, so a copy under another name still verifies.
        shutil.copytree(source, model_dir / name, ignore=shutil.ignore_patterns("comparison.*"))
    (model_dir / "CURRENT").write_text(current + "\n")
    return model_dir

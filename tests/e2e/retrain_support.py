"""Helpers shared by the retraining tests: one fast-trained version per session, model directories."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR

_TRAINED: dict[str, Path] = {}


def fast_version(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model version trained once per session in --fast mode on the shared data (no site labels)."""
    if "fast-a" not in _TRAINED:
        from training.dataset import TrainConfig
        from training.train import train

        root = tmp_path_factory.mktemp("fast-models")
        _TRAINED["fast-a"] = train(TrainConfig(data_dir=DATA_DIR, out_dir=root, fast=True, version="fast-a"))
    return _TRAINED["fast-a"]


def model_dir_with(root: Path, versions: dict[str, Path], *, current: str) -> Path:
    """A model directory holding copies of the given version folders under new names, CURRENT set."""
    model_dir = root / "model"
    model_dir.mkdir()
    for name, source in versions.items():
        # The manifest's sha256 covers model.npz only, so a copy under another name still verifies.
        shutil.copytree(source, model_dir / name, ignore=shutil.ignore_patterns("comparison.*"))
    (model_dir / "CURRENT").write_text(current + "\n")
    return model_dir

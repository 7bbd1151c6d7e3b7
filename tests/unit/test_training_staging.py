"""A training writes its version folder in one rename at the end: a failure leaves no version folder."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR, REPO_ROOT, needs_data
from training.train import VersionExistsError, next_version, staged_version


def test_a_failure_while_writing_leaves_neither_the_version_nor_its_staging_folder(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), staged_version(tmp_path / "2026.01.01-1") as folder:
        (folder / "model.npz").write_bytes(b"half a model")
        raise RuntimeError("plotting failed")
    assert list(tmp_path.iterdir()) == []


def test_a_completed_version_appears_in_one_step_with_its_files(tmp_path: Path) -> None:
    with staged_version(tmp_path / "2026.01.01-1") as folder:
        (folder / "manifest.json").write_text("{}")
        assert not (tmp_path / "2026.01.01-1").exists()  # invisible until the block completes
        assert next_version(tmp_path, dt.date(2026, 1, 1)) == "2026.01.01-1"  # staging is not a version
    assert [p.name for p in tmp_path.iterdir()] == ["2026.01.01-1"]
    assert (tmp_path / "2026.01.01-1" / "manifest.json").read_text() == "{}"


def test_an_existing_version_is_never_overwritten(tmp_path: Path) -> None:
    (tmp_path / "v1").mkdir()
    with pytest.raises(VersionExistsError), staged_version(tmp_path / "v1"):
        pass


@needs_data
def test_train_without_the_train_extra_stops_before_training_with_one_line(tmp_path: Path) -> None:
    code = "import sys; sys.modules['matplotlib'] = None; from training.__main__ import app; app()"  # as if absent
    args = ["train", "--fast", "--data", str(DATA_DIR), "--out", str(tmp_path / "model")]
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=REPO_ROOT, capture_output=True, text=True,
                            timeout=60, check=False)  # fmt: skip
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "the `train` extra" in result.stderr
    assert not (tmp_path / "model").exists()

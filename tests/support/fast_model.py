"""One model version trained in --fast mode on the shared data, once per test run, for every test that needs one.

Training takes about a minute of CPU; the artifact, retraining and live-reload tests all need a trained version
that is not the shipped one, and none of them changes it (they copy it). It is trained by the real command
(`python -m training train --fast --set-current`, so the command itself is under test) into a folder of the run,
under a file lock: the run starts training it in the background as its first test starts when any collected test
needs it (tests/conftest.py), so the other tests run meanwhile; under pytest-xdist one worker trains it, and a
test that needs it waits on the lock until it is there, then every worker reuses it.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR, REPO_ROOT

#: The version name the shared model is trained under (its folder, its manifest's version, CURRENT).
FAST_VERSION = "2026.01.01-1"


def run_folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A temporary folder of this test run, shared by its pytest-xdist workers (their base temps' parent)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def _model_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = run_folder(tmp_path_factory) / "fast-model"
    root.mkdir(exist_ok=True)
    return root / "model", root / "lock"


def _train(model_dir: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "training", "train", "--data", str(DATA_DIR), "--out", str(model_dir), "--fast",
         "--version", FAST_VERSION, "--set-current"],
        cwd=REPO_ROOT, capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip


def fast_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model folder holding FAST_VERSION, named in its CURRENT; trained on first use in this run."""
    model_dir, lock_path = _model_dir(tmp_path_factory)
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # waits while another test or worker trains; released on close
        if not (model_dir / "CURRENT").exists():  # written last, by --set-current: its presence means done
            result = _train(model_dir)
            assert result.returncode == 0, result.stderr[-3000:]
    return model_dir


def train_in_background(tmp_path_factory: pytest.TempPathFactory) -> Callable[[], None] | None:
    """Start training on a thread unless the model is there or someone in the run is training it.

    Returns a function that waits for the training to end, or None when nothing was started. A failed training
    is not reported here: the test that needs the model trains again and fails with the command's error.
    """
    model_dir, lock_path = _model_dir(tmp_path_factory)
    lock = lock_path.open("w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        lock.close()  # another worker is training it
        return None
    if (model_dir / "CURRENT").exists():
        lock.close()
        return None

    def work() -> None:
        try:
            _train(model_dir)
        finally:
            lock.close()

    thread = threading.Thread(target=work, name="fast-model-training", daemon=True)
    thread.start()
    return thread.join


def fast_version(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shared fast-trained version's folder (copy it before changing anything in it)."""
    return fast_model_dir(tmp_path_factory) / FAST_VERSION

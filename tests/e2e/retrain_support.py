"""Helpers shared by the retraining tests: one fast-trained version per session, model dirs, a served process."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from tests.conftest import DATA_DIR, REDIS_URL

_TRAINED: dict[str, Path] = {}


def fast_version(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A model version trained once per session in --fast mode on the shared data (no site labels)."""
    if "fast-a" not in _TRAINED:
        from training.train import TrainConfig, train

        root = tmp_path_factory.mktemp("fast-models")
        _TRAINED["fast-a"] = train(TrainConfig(data_dir=DATA_DIR, out_dir=root, fast=True, version="fast-a"))
    return _TRAINED["fast-a"]


def model_dir_with(root: Path, versions: dict[str, Path], *, current: str) -> Path:
    """A model directory holding copies of the given version folders under new names, CURRENT set."""
    model_dir = root / "model"
    model_dir.mkdir()
    for name, source in versions.items():
        # The manifest's sha256 covers model.joblib only, so a copy under another name still verifies.
        shutil.copytree(source, model_dir / name, ignore=shutil.ignore_patterns("comparison.*"))
    (model_dir / "CURRENT").write_text(current + "\n")
    return model_dir


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(
    *, namespace: str, tmp_path: Path, model_dir: Path, workers: int, extra_env: dict[str, str]
) -> Iterator[str]:
    """Run `moderation serve --workers N` against the test Redis; yield its base URL; stop it on exit."""
    port = free_port()
    env = {
        **os.environ,
        "MODERATION_REDIS_URL": REDIS_URL,
        "MODERATION_NAMESPACE": namespace,
        "MODERATION_DATA_DIR": str(tmp_path / "var"),
        "MODERATION_MODEL_DIR": str(model_dir),
        "MODERATION_IP_HASH_KEY": "retrain-test-key",
        "MODERATION_FLOOD_SECONDS": "0",
        "MODERATION_AUDIT_SAMPLE_RATE": "0",
        **extra_env,
    }
    command = [
        str(Path(sys.executable).parent / "moderation"), "serve", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers),
    ]  # fmt: skip
    log = (tmp_path / "serve.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, (tmp_path / "serve.log").read_text()
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "not ready within 60 s"
            time.sleep(0.1)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)  # the server and its workers: the group this test started
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()

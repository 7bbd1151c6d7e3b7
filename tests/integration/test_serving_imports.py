"""Serving needs neither scikit-learn nor joblib: a worker starts and serves the model as if they were absent."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from moderation.scoring.served import read_current
from tests.conftest import MODEL_DIR, REDIS_URL, REPO_ROOT

pytestmark = pytest.mark.redis

#: A worker's start in a fresh interpreter (no conftest, no test imports): the app, its lifespan, the model.
_WORKER = """
import importlib.abc, json, sys
from pathlib import Path

attempts = []


class Absent(importlib.abc.MetaPathFinder):
    # as if the `train` extra were not installed: any import of them fails, and is recorded
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("sklearn", "joblib"):
            attempts.append(name)
            raise ImportError(f"{name} is not installed")
        return None


sys.meta_path.insert(0, Absent())
from fastapi.testclient import TestClient
from moderation.config import Settings
from moderation.main import create_app

settings = Settings(redis_url=sys.argv[1], namespace=sys.argv[2], model_dir=Path(sys.argv[3]),
                    data_dir=Path(sys.argv[4]))
after_import = list(attempts)
with TestClient(create_app(settings)) as client:
    ready = client.get("/readyz").status_code
    version = client.app.state.services.registry.current.version
print(json.dumps({"after_import": after_import, "attempts": attempts, "version": version, "ready": ready}))
"""


def test_a_worker_imports_the_app_and_serves_the_model_without_scikit_learn_or_joblib(
    namespace: str, tmp_path: Path
) -> None:
    result = subprocess.run(
        [sys.executable, "-c", _WORKER, REDIS_URL, namespace, str(MODEL_DIR), str(tmp_path / "var")],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["version"] == read_current(MODEL_DIR)  # the model really loaded
    assert report["ready"] == 200
    assert report["after_import"] == []
    assert report["attempts"] == []  # not even tried (a failed optional import would show here)

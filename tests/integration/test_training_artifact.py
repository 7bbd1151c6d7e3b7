"""`--fast` training writes a verifiable `.npz` that serving loads without pickle; tampered files are refused."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from moderation.errors import ArtifactIntegrityError, ArtifactNotFoundError
from moderation.scoring.artifact import load_current, load_version
from moderation.scoring.base import Scorer, Submission
from tests.conftest import REPO_ROOT, needs_data
from tests.support.fast_model import FAST_VERSION, fast_model_dir

pytestmark = [pytest.mark.slow, needs_data]


@pytest.fixture(scope="module")
def fast_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The run's model folder trained by `python -m training train --fast --version ... --set-current`."""
    return fast_model_dir(tmp_path_factory)


def _copy_version(src: Path, dst: Path) -> Path:
    shutil.copytree(src / FAST_VERSION, dst / FAST_VERSION)
    return dst


def test_fast_training_writes_every_file_and_a_matching_sha256(fast_model: Path) -> None:
    folder = fast_model / FAST_VERSION
    for name in ("model.npz", "manifest.json", "metrics.json", "report.md"):
        assert (folder / name).is_file(), name
    assert not list(folder.glob("*.joblib")) and not list(folder.glob("*.pkl"))  # nothing to unpickle
    manifest = json.loads((folder / "manifest.json").read_text())
    digest = hashlib.sha256((folder / "model.npz").read_bytes()).hexdigest()
    assert manifest["artifact"]["sha256"] == digest
    assert manifest["artifact"]["format"] == "linear-scorer-npz"
    assert manifest["artifact"]["arrays"]["text_weights"]["shape"][1] == len(manifest["heads"])
    assert manifest["version"] == FAST_VERSION
    assert set(manifest["thresholds"]["toxicity"]) == {"approve", "reject"}
    assert manifest["data_sources"]["sms_spam"]
    assert (fast_model / "CURRENT").read_text().strip() == FAST_VERSION
    assert sum(p.stat().st_size for p in folder.iterdir()) < 50 * 1024 * 1024


def test_fast_artifact_loads_and_scores_every_head(fast_model: Path) -> None:
    scorer = load_current(fast_model)
    assert isinstance(scorer, Scorer)
    assert scorer.version == FAST_VERSION
    scores = scorer.score(Submission(text="Casino en ligne, bonus gratuit sur https://casino.xyz"))
    assert {"spam", "toxicity", "insult", "threat"} <= set(scores.scores)
    assert all(0.0 <= p <= 1.0 for p in scores.scores.values())
    many = scorer.score_many([Submission(text="bonjour"), Submission(text="hello there")])
    assert len(many) == 2 and all(not s.spans for s in many)


def test_tampered_model_file_is_refused_before_its_arrays_are_read(fast_model: Path, tmp_path: Path) -> None:
    folder = _copy_version(fast_model, tmp_path)
    artifact = folder / FAST_VERSION / "model.npz"
    data = bytearray(artifact.read_bytes())
    data[len(data) // 2] ^= 0xFF
    artifact.write_bytes(bytes(data))
    with pytest.raises(ArtifactIntegrityError, match="sha256"):
        load_version(folder, FAST_VERSION)


def test_missing_version_or_current_is_a_named_error(tmp_path: Path) -> None:
    with pytest.raises(ArtifactNotFoundError):
        load_current(tmp_path)
    with pytest.raises(ArtifactNotFoundError):
        load_version(tmp_path, "2099.01.01-1")
    with pytest.raises(ArtifactNotFoundError):
        load_version(tmp_path, "../etc")


def test_batch_command_scores_csv_and_jsonl_in_order(fast_model: Path, tmp_path: Path) -> None:
    csv_path = tmp_path / "in.csv"
    csv_path.write_text(
        'id,comment,author\na1,"Bonjour, très bon article.",Jean\n,"Casino: https://x.xyz",\n', encoding="utf-8"
    )
    jsonl_path = tmp_path / "in.jsonl"
    jsonl_path.write_text('{"comment": "hello"}\n{"id": 7, "comment": "Ta gueule connard"}\n', encoding="utf-8")
    env = {**os.environ, "MODERATION_MODEL_DIR": str(fast_model)}
    for src, ids in ((csv_path, ["a1", "2"]), (jsonl_path, ["1", 7])):
        out = tmp_path / f"{src.stem}-{src.suffix[1:]}.jsonl"
        result = subprocess.run(
            [sys.executable, "-c", "from moderation.cli import app; app()", "score", str(src), "--output", str(out)],
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env=env,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        lines = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
        assert [line["id"] for line in lines] == ids
        for line in lines:
            assert line["status"] in ("approved", "pending", "spam", "rejected")
            assert {"spam", "toxicity"} <= set(line["scores"])
            assert isinstance(line["reasons"], list) and line["language"] in ("fr", "en", "other")

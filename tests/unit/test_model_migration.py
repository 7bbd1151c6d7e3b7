"""An old pickled version converts to `.npz` in place, scoring exactly as before; a tampered pickle is never opened."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

import joblib
import pytest

from moderation.errors import ArtifactFormatError, ArtifactIntegrityError
from moderation.scoring.artifact import load_version
from moderation.scoring.model import LinearScorer
from tests.conftest import REPO_ROOT
from tests.support.small_model import HEADS, SAMPLE, small_scorer
from training.migrate import SAMPLE as MIGRATION_SAMPLE
from training.migrate import migrate_version, versions_to_migrate

VERSION = "2026.01.01-1"


@pytest.fixture
def old_model_dir(tmp_path: Path) -> Path:
    """A model directory holding one version as training saved them before 2026-12-06: a joblib pickle."""
    folder = tmp_path / VERSION
    folder.mkdir()
    joblib.dump(small_scorer(), folder / "model.joblib", compress=3)
    manifest = {
        "version": VERSION,
        "artifact": {
            "file": "model.joblib",
            "sha256": hashlib.sha256((folder / "model.joblib").read_bytes()).hexdigest(),
            "class": "moderation.scoring.model.LinearScorer",
        },
        "libraries": {"scikit-learn": "1.9.1"},
        "heads": list(HEADS),
        "thresholds": {h: {"approve": 0.3, "reject": 0.9} for h in HEADS},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))
    (tmp_path / "CURRENT").write_text(VERSION + "\n")
    return tmp_path


def test_migration_writes_the_npz_and_the_service_loader_then_scores_exactly_as_the_pickle(
    old_model_dir: Path,
) -> None:
    with pytest.raises(ArtifactFormatError):
        load_version(old_model_dir, VERSION)  # the service does not unpickle
    pickled = joblib.load(old_model_dir / VERSION / "model.joblib")
    assert versions_to_migrate(old_model_dir) == [VERSION]

    done = migrate_version(old_model_dir, VERSION)

    assert done.migrated and done.comments == len(MIGRATION_SAMPLE) and done.max_difference == 0.0
    manifest = json.loads((old_model_dir / VERSION / "manifest.json").read_text())
    assert manifest["artifact"]["file"] == "model.npz" and manifest["artifact"]["format_version"] == 1
    assert manifest["artifact"]["migrated_from"]["file"] == "model.joblib"
    assert manifest["libraries"] == {"scikit-learn": "1.9.1"}  # the rest of the manifest is kept
    assert (old_model_dir / VERSION / "model.joblib").is_file()  # kept unless asked
    loaded = load_version(old_model_dir, VERSION)
    assert isinstance(loaded, LinearScorer)
    for submission in SAMPLE:
        assert pickled.score(submission, explain=True).scores == loaded.score(submission, explain=True).scores
    assert versions_to_migrate(old_model_dir) == []
    assert not migrate_version(old_model_dir, VERSION).migrated  # a second run changes nothing


def test_the_command_migrates_every_pickled_version_and_can_remove_the_pickles(old_model_dir: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "training", "migrate-model", "--model-dir", str(old_model_dir), "--remove-joblib"],
        cwd=REPO_ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert f"{VERSION}: model.npz written" in result.stdout and "joblib removed" in result.stdout
    assert sorted(p.name for p in (old_model_dir / VERSION).iterdir()) == ["manifest.json", "model.npz"]
    load_version(old_model_dir, VERSION)


def test_a_pickle_whose_sha256_differs_from_its_manifest_is_not_unpickled(old_model_dir: Path) -> None:
    path = old_model_dir / VERSION / "model.joblib"
    joblib.dump({"not": "the trained model"}, path)
    before = (old_model_dir / VERSION / "manifest.json").read_text()
    with pytest.raises(ArtifactIntegrityError, match="not unpickling"):
        migrate_version(old_model_dir, VERSION)
    assert (old_model_dir / VERSION / "manifest.json").read_text() == before
    assert not (old_model_dir / VERSION / "model.npz").exists()

"""The retraining gate and the training determinism it relies on (fast mode on the shared data)."""

from __future__ import annotations

import json
import math
import random
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tests.conftest import DATA_DIR
from tests.e2e.retrain_support import fast_version, model_dir_with
from tests.support.fast_model import FAST_VERSION
from training.__main__ import app
from training.export import is_held_out

pytestmark = pytest.mark.slow

runner = CliRunner()


def _site_labels(path: Path) -> Path:
    """A label export of 400 rows: link spam and ordinary French comments, like the site's moderators give."""
    rng = random.Random(7)
    rows = []
    for i in range(200):
        offer = rng.choice(["casino en ligne", "crédit rapide", "crypto facile", "viagra pas cher"])
        rows.append({"text": f"Super article ! Visitez {offer} sur http://promo{i}.example.com", "labels": {"spam": 1}})
        topic = rng.choice(["la réforme des retraites", "le budget de la ville", "les transports", "l'école"])
        rows.append({"text": f"Je ne suis pas d'accord sur {topic}, point {i} mal expliqué.", "labels": {"spam": 0}})
    for row in rows:
        row.update({"language": "fr", "author_hash": "0" * 32, "url": "", "source": "moderator", "created_at": 0.0})
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_candidate_as_good_as_the_baseline_passes_the_gate_and_is_promoted(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    trained = fast_version(tmp_path_factory)
    model_dir = model_dir_with(tmp_path, {"base": trained, "cand": trained}, current="base")
    labels = _site_labels(tmp_path / "labels.jsonl")
    args = ["--model-dir", str(model_dir), "--data", str(DATA_DIR), "--tolerance", "0.01", "--labels", str(labels)]
    result = runner.invoke(app, ["evaluate", "--candidate", "cand", *args])
    assert result.exit_code == 0, result.output

    report = json.loads((model_dir / "cand" / "comparison.json").read_text())
    assert report["passed"] is True and report["baseline"] == "base"
    rows = {row["metric"]: row for row in report["rows"]}
    held_out = sum(is_held_out(json.loads(line)["text"]) for line in labels.read_text().splitlines())
    assert rows["site_labels.spam.roc_auc"]["n"] == held_out > 30
    assert rows["site_labels.spam.roc_auc"]["guarded"] is True
    assert rows["benign_french.benign_sources.fp_rate_at_reject"]["guarded"] is True
    assert "| tox_fr_native_test.roc_auc |" in (model_dir / "cand" / "comparison.md").read_text()
    assert (model_dir / "cand" / "comparison.png").stat().st_size > 1000

    promoted = runner.invoke(app, ["promote", "cand", "--model-dir", str(model_dir)])
    assert promoted.exit_code == 0, promoted.output
    assert (model_dir / "CURRENT").read_text() == "cand\n"


def test_a_candidate_worse_on_benign_french_fails_the_gate_and_promote_refuses_it(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    trained = fast_version(tmp_path_factory)
    model_dir = model_dir_with(tmp_path, {"base": trained, "worse": trained}, current="base")
    manifest_path = model_dir / "worse" / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    manifest["thresholds"]["toxicity"]["reject"] = 0.0  # rejects every benign French comment
    manifest_path.write_text(json.dumps(manifest))

    result = runner.invoke(
        app, ["evaluate", "--candidate", "worse", "--model-dir", str(model_dir), "--data", str(DATA_DIR)]
    )
    assert result.exit_code == 1, result.output
    report = json.loads((model_dir / "worse" / "comparison.json").read_text())
    assert report["passed"] is False
    assert "benign_french.benign_sources.fp_rate_at_reject" in report["failures"]
    assert "FAILED" in (model_dir / "worse" / "comparison.md").read_text()

    refused = runner.invoke(app, ["promote", "worse", "--model-dir", str(model_dir)])
    assert refused.exit_code == 1
    assert (model_dir / "CURRENT").read_text() == "base\n"
    forced = runner.invoke(app, ["promote", "worse", "--force", "--model-dir", str(model_dir)])
    assert forced.exit_code == 0, forced.output
    assert (model_dir / "CURRENT").read_text() == "worse\n"
    back = runner.invoke(app, ["rollback", "--model-dir", str(model_dir)])
    assert back.exit_code == 0 and (model_dir / "CURRENT").read_text() == "base\n"


def test_same_inputs_give_the_same_metrics_in_fast_mode(tmp_path_factory: pytest.TempPathFactory) -> None:
    from training.dataset import TrainConfig
    from training.train import train

    first = fast_version(tmp_path_factory)
    again = train(
        TrainConfig(data_dir=DATA_DIR, out_dir=tmp_path_factory.mktemp("again"), fast=True, version=FAST_VERSION)
    )

    def metrics(folder: Path) -> dict[str, object]:
        data = json.loads((folder / "metrics.json").read_text())
        data["training"].pop("seconds_to_fit")  # wall-clock time, the only thing allowed to differ
        data.pop("speed", None)
        return data

    assert metrics(first) == metrics(again)
    assert (
        json.loads((first / "manifest.json").read_text())["thresholds"]
        == json.loads((again / "manifest.json").read_text())["thresholds"]
    )


def test_training_never_sees_the_held_out_site_labels(tmp_path: Path) -> None:
    from training.dataset import TrainConfig, build_records

    labels = _site_labels(tmp_path / "labels.jsonl")
    splits, _ = build_records(TrainConfig(data_dir=DATA_DIR, out_dir=tmp_path, fast=True, labels_file=labels))
    site = [r for split in splits.values() for r in split if r.source == "moderator_labels"]
    assert site, "the site's labels were not loaded"
    assert not any(is_held_out(r.text) for r in site)
    assert all(not math.isnan(r.labels["spam"]) for r in site)

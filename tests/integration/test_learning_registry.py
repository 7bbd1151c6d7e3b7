"""The model registry survives bad CURRENT files and failed loads; promote refuses ungated candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moderation.scoring.registry import RULES_ONLY, ModelRegistry
from training.promote import PromotionError, gate_status, promote, read_history, rollback


def test_a_current_naming_a_missing_version_leaves_the_worker_up_and_rules_only(tmp_path: Path) -> None:
    (tmp_path / "CURRENT").write_text("v-missing\n")
    registry = ModelRegistry(tmp_path, reload_seconds=0.05)
    registry.start()
    try:
        assert registry.current.version == RULES_ONLY
        assert registry.load_error is not None
        assert not registry.ready  # CURRENT names a model and none is served
    finally:
        registry.stop()


def test_the_poller_outlives_an_invalid_current_and_recovers_when_it_is_fixed(tmp_path: Path) -> None:
    (tmp_path / "CURRENT").write_text("../../etc\n")
    registry = ModelRegistry(tmp_path, reload_seconds=0.02)
    registry.start()
    try:
        assert registry.current.version == RULES_ONLY
        assert registry.load_error is not None and "not a version folder" in registry.load_error
        (tmp_path / "CURRENT").unlink()
        registry._stop.wait(0.3)  # several polls
        assert registry._thread is not None and registry._thread.is_alive()
        assert registry.ready and registry.load_error is None
    finally:
        registry.stop()


def _version(model_dir: Path, name: str, comparison: dict[str, object] | None) -> None:
    (model_dir / name).mkdir(parents=True)
    if comparison is not None:
        (model_dir / name / "comparison.json").write_text(json.dumps(comparison))


def test_promote_refuses_a_candidate_without_a_comparison_or_with_a_failed_one(tmp_path: Path) -> None:
    _version(tmp_path, "v2", None)
    _version(tmp_path, "v3", {"passed": False, "baseline": "v1", "failures": ["olid_en toxicity roc_auc"]})
    (tmp_path / "CURRENT").write_text("v1\n")
    with pytest.raises(PromotionError, match=r"no comparison\.json"):
        promote(tmp_path, "v2")
    with pytest.raises(PromotionError, match="olid_en toxicity roc_auc"):
        promote(tmp_path, "v3")
    with pytest.raises(PromotionError, match="no version"):
        promote(tmp_path, "v9")
    with pytest.raises(PromotionError, match="not a version folder"):
        promote(tmp_path, "../v1")
    assert (tmp_path / "CURRENT").read_text() == "v1\n"
    assert gate_status(tmp_path, "v3")[0] is False


def test_rollback_without_an_earlier_version_is_refused_and_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "CURRENT").write_text("v1\n")
    with pytest.raises(PromotionError, match="nothing to roll back"):
        rollback(tmp_path)
    assert read_history(tmp_path) == ["v1"]
    assert (tmp_path / "CURRENT").read_text() == "v1\n"

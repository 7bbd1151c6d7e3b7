"""The model registry survives bad CURRENT files and failed loads; promote refuses ungated candidates."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moderation.scoring.registry import RULES_ONLY, ModelRegistry
from tests.support.waiting import wait_until
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
        wait_until(lambda: registry.ready, what="the poller to serve rules-only again")
        assert registry._thread is not None and registry._thread.is_alive()
        assert registry.load_error is None
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


def _served_dir(tmp_path: Path, names: list[str], *, current: str) -> Path:
    """A model directory whose versions all point at the shipped model's files (comparisons written apart)."""
    from moderation.scoring.served import read_current as shipped_current
    from tests.conftest import MODEL_DIR

    shipped = MODEL_DIR / str(shipped_current(MODEL_DIR))
    for name in names:
        (tmp_path / name).mkdir()
        for file in ("model.npz", "manifest.json"):
            (tmp_path / name / file).symlink_to(shipped / file)
    (tmp_path / "CURRENT").write_text(current + "\n")
    (tmp_path / "HISTORY").write_text(current + "\n")
    return tmp_path


def _passed_against(model_dir: Path, version: str, baseline: str | None) -> None:
    report = {"passed": True, "baseline": baseline, "candidate": version, "failures": []}
    (model_dir / version / "comparison.json").write_text(json.dumps(report))


def test_promote_refuses_a_candidate_gated_against_another_version_than_the_served_one(tmp_path: Path) -> None:
    model_dir = _served_dir(tmp_path, ["v3", "v5", "v13"], current="v13")
    _passed_against(model_dir, "v5", "v3")  # gated long ago against an even older version
    with pytest.raises(PromotionError, match="made against v3, but v13 is served now"):
        promote(model_dir, "v5")
    assert (model_dir / "CURRENT").read_text() == "v13\n"
    assert read_history(model_dir) == ["v13"]


def test_promote_accepts_a_candidate_gated_against_the_served_version(tmp_path: Path) -> None:
    model_dir = _served_dir(tmp_path, ["v13", "v14"], current="v13")
    _passed_against(model_dir, "v14", "v13")
    switch = promote(model_dir, "v14")
    assert switch.changed and switch.previous == "v13"
    assert (model_dir / "HISTORY").read_text() == "v13\nv14\n"


def test_a_forced_promotion_is_written_to_history_with_the_reason_and_rollback_still_works(tmp_path: Path) -> None:
    model_dir = _served_dir(tmp_path, ["v3", "v5", "v13"], current="v13")
    _passed_against(model_dir, "v5", "v3")
    promote(model_dir, "v5", force=True)
    assert (model_dir / "CURRENT").read_text() == "v5\n"
    last = (model_dir / "HISTORY").read_text().splitlines()[-1]
    assert last.startswith("v5 forced ") and "over v13: its comparison was made against v3" in last
    assert read_history(model_dir) == ["v13", "v5"]
    rollback(model_dir)
    assert (model_dir / "CURRENT").read_text() == "v13\n"
    assert (model_dir / "HISTORY").read_text() == "v13\n"


def test_a_switch_expecting_a_served_version_that_changed_meanwhile_is_refused(tmp_path: Path) -> None:
    from moderation.scoring.served import CurrentChangedError, serve

    (tmp_path / "CURRENT").write_text("v2\n")  # another operator promoted v2 after our checks against v1
    with pytest.raises(CurrentChangedError):
        serve(tmp_path, "v3", expect_current="v1")
    assert (tmp_path / "CURRENT").read_text() == "v2\n"

"""GET /v1/review/stats says what the served model is expected to cost: review share and missed abuse."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from moderation.scoring.served import read_current
from tests.conftest import MODEL_DIR

pytestmark = pytest.mark.redis


def admin_stats(client: TestClient, name: str = "chef") -> dict[str, Any]:
    _moderator, token = client.app.state.services.moderators.add(name, admin=True)  # type: ignore[attr-defined]
    response = client.get("/v1/review/stats", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def served_copy(tmp_path: Path, policy: dict[str, Any] | None) -> Path:
    """A model folder serving a copy of the bundled model, its manifest's `policy` replaced (or removed)."""
    version = read_current(MODEL_DIR)
    assert version is not None
    target = tmp_path / "model"
    shutil.copytree(MODEL_DIR / version, target / version, ignore=shutil.ignore_patterns("*.png"))
    manifest_path = target / version / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest.pop("policy", None)
    if policy is not None:
        manifest["policy"] = policy
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    (target / "CURRENT").write_text(version + "\n", encoding="utf-8")
    return target


#: A derivation's record, shaped as training/train.py's derive_policy writes it.
POLICY: dict[str, Any] = {
    "profile": {"abuse_share": 0.05, "spam_share": 0.05, "max_approved_abuse": 0.01, "min_reject_precision": 0.99},
    "heads": {
        "toxicity": {
            "approve": 0.41,
            "reject": 0.93,
            "prevalence": 0.05,
            "expected_review_share": 0.047,
            "expected_missed_share": 0.118,
            "positives": 4100,
            "negatives": 6100,
        },
        "spam": {
            "approve": 0.36,
            "reject": 0.9,
            "prevalence": 0.05,
            "expected_review_share": 0.012,
            "expected_missed_share": 0.05,
            "positives": 900,
            "negatives": 5000,
        },
    },
    "by_language": {},
    "expected_review_share": 0.0583,
    "expected_missed_abuse": 0.118,
    "expected_missed_spam": 0.05,
}


def test_stats_name_the_served_model_and_repeat_its_manifests_policy_or_null(settings: Settings) -> None:
    version = read_current(MODEL_DIR)
    assert version is not None
    manifest = json.loads((MODEL_DIR / version / "manifest.json").read_text(encoding="utf-8"))
    with TestClient(create_app(settings)) as client:
        model = admin_stats(client)["model"]
    assert model["version"] == version
    if "policy" not in manifest:  # versions trained before the deployment-profile derivation
        assert model["policy"] is None
    else:
        for name in ("expected_review_share", "expected_missed_abuse", "expected_missed_spam", "profile"):
            assert model["policy"][name] == manifest["policy"].get(name)


def test_stats_give_the_expected_review_share_and_missed_abuse_the_derivation_recorded(
    settings: Settings, tmp_path: Path
) -> None:
    with TestClient(create_app(settings.model_copy(update={"model_dir": served_copy(tmp_path, POLICY)}))) as client:
        model = admin_stats(client)["model"]
    policy = model["policy"]
    assert policy["expected_review_share"] == 0.0583
    assert policy["expected_missed_abuse"] == 0.118
    assert policy["expected_missed_spam"] == 0.05
    assert policy["profile"]["abuse_share"] == 0.05
    assert policy["heads"]["toxicity"] == {
        "approve": 0.41, "reject": 0.93, "expected_review_share": 0.047, "expected_missed_share": 0.118,
    }  # fmt: skip
    assert policy["thresholds_overridden"] == []


def test_stats_say_which_heads_the_site_overrode_since_the_figures_are_for_the_manifests_cuts(
    settings: Settings, tmp_path: Path
) -> None:
    site = settings.model_copy(
        update={"model_dir": served_copy(tmp_path, POLICY), "thresholds": {"toxicity": {"approve": 0.2}}}
    )
    with TestClient(create_app(site)) as client:
        _moderator, token = client.app.state.services.moderators.add("chef", admin=True)  # type: ignore[attr-defined]
        headers = {"Authorization": f"Bearer {token}"}
        put = client.put("/v1/review/settings", json={"thresholds": {"spam": {"approve": 0.1, "reject": 0.99}}},
                         headers=headers)  # fmt: skip
        assert put.status_code == 200, put.text
        model = client.get("/v1/review/stats", headers=headers).json()["model"]
    assert model["policy"]["thresholds_overridden"] == ["spam", "toxicity"]


def test_stats_without_a_model_or_a_derivation_say_null(rules_settings: Settings, tmp_path: Path) -> None:
    with TestClient(create_app(rules_settings)) as client:
        assert admin_stats(client)["model"] == {"version": "rules-only", "policy": None}
    older = rules_settings.model_copy(update={"model_dir": served_copy(tmp_path, None)})
    with TestClient(create_app(older)) as client:
        model = admin_stats(client, "cheffe")["model"]
    assert model["version"] == read_current(MODEL_DIR) and model["policy"] is None


def test_a_blog_site_is_served_and_shown_its_profiles_cuts_and_expected_missed_spam(
    settings: Settings, tmp_path: Path
) -> None:
    blog = {**POLICY["heads"]["spam"], "approve": 0.2, "reject": 0.7, "expected_missed_share": 0.03}
    policy = {**POLICY, "profiles": {"blog": {**POLICY, "heads": {**POLICY["heads"], "spam": blog},
                                             "expected_missed_spam": 0.03}}}  # fmt: skip
    folder = served_copy(tmp_path, policy)
    version = read_current(folder)
    manifest_path = folder / str(version) / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["profiles"] = {"blog": {**manifest["thresholds"], "spam": {"approve": 0.2, "reject": 0.7}}}
    manifest_path.write_text(json.dumps(manifest), encoding="utf-8")
    site = settings.model_copy(update={"model_dir": folder, "site_profile": "blog"})
    with TestClient(create_app(site)) as client:
        model = admin_stats(client)["model"]
        served = client.app.state.services.registry.current  # type: ignore[attr-defined]
    assert served.thresholds["spam"].approve == 0.2 and served.thresholds["spam"].reject == 0.7
    assert model["policy"]["expected_missed_spam"] == 0.03
    assert model["policy"]["heads"]["spam"]["approve"] == 0.2

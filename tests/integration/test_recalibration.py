"""Thresholds that learn from the site: moderators' labels in Redis -> export -> recalibrated version -> gate."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import redis
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from moderation.config import Settings
from moderation.main import create_app
from moderation.scoring.artifact import load_version
from moderation.scoring.model import LinearScorer
from moderation.scoring.registry import smoke_test
from moderation.scoring.served import read_current
from moderation.storage.keys import Keys
from tests.conftest import DATA_DIR, MODEL_DIR, needs_data
from training.__main__ import app as training_app
from training.data import load_moderator_labels
from training.evaluate import as_submissions
from training.export import export_labels, is_held_out

pytestmark = pytest.mark.redis

runner = CliRunner()

INSULTS = ("connard", "abruti", "crétin", "pauvre type", "imbécile", "sale menteur", "idiot fini", "guignol")
TOPICS = ("la réforme des retraites", "le budget de la ville", "les transports", "l'école", "la guerre en Ukraine",
          "les élections", "le prix de l'énergie", "l'hôpital public")  # fmt: skip
OFFERS = ("casino en ligne", "crédit rapide", "crypto facile", "pilules pas chères", "rencontres discrètes")


def comments(rng: random.Random, n: int) -> list[tuple[str, str | None]]:
    """`n` (text, reject reason or None for approve) triples of each kind, varied like a site's traffic."""
    out: list[tuple[str, str | None]] = []
    for i in range(n):
        topic = rng.choice(TOPICS)
        out.append((f"Tu racontes n'importe quoi sur {topic}, espèce de {rng.choice(INSULTS)} ({i}).", "insult"))
        out.append((f"Je ne suis pas d'accord sur {topic}, l'argument {i} mérite d'être développé.", None))
        out.append((f"Super article ! Découvrez {rng.choice(OFFERS)} sur http://offre{i}.example.com", "spam"))
    return out


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    """A copy of the bundled model folder (the served version only), where the new version is written."""
    version = read_current(MODEL_DIR)
    assert version is not None
    target = tmp_path / "model"
    shutil.copytree(MODEL_DIR / version, target / version, ignore=shutil.ignore_patterns("*.png"))
    (target / "CURRENT").write_text(version + "\n", encoding="utf-8")
    return target


@pytest.fixture
def site(settings: Settings, model_dir: Path) -> Iterator[TestClient]:
    """The app on that model, holding every comment for review (approve cuts 0), no flood check."""
    strict = settings.model_copy(
        update={
            "model_dir": model_dir,
            "flood_seconds": 0,
            "thresholds": {"toxicity": {"approve": 0.0, "reject": 1.01}, "spam": {"approve": 0.0, "reject": 1.01}},
        }
    )
    with TestClient(create_app(strict)) as client:
        yield client


def moderate(client: TestClient, decisions: list[tuple[str, str | None]]) -> None:
    """Submit each comment, then decide them all through the moderators' bulk API (labels land in Redis)."""
    _moderator, token = client.app.state.services.moderators.add("camille")  # type: ignore[attr-defined]
    body: list[dict[str, Any]] = []
    for i, (text, reason) in enumerate(decisions):
        fields = {"comment": text, "author": f"Lecteur {i}", "email": f"lecteur{i}@exemple.fr", "comment_post_ID": "9"}
        posted = client.post("/v1/comments", json=fields)
        assert posted.status_code == 201 and posted.json()["status"] == "pending", posted.text
        decision = {"comment_id": posted.json()["id"], "decision": "reject" if reason else "approve"}
        body.append({**decision, "reason": reason} if reason else decision)
    answer = client.post("/v1/review/decisions", json={"decisions": body}, headers={"Authorization": f"Bearer {token}"})
    assert answer.status_code == 200 and {r["status_code"] for r in answer.json()["results"]} == {200}


def log_loss(p: np.ndarray, y: np.ndarray) -> float:
    p = np.clip(p, 1e-9, 1 - 1e-9)
    return float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def test_the_sites_labels_recalibrate_the_served_model_into_a_new_version_with_thresholds_for_the_site(
    site: TestClient, model_dir: Path, namespace: str, redis_client: redis.Redis, tmp_path: Path
) -> None:
    moderate(site, comments(random.Random(3), 80))
    export = export_labels(client=redis_client, keys=Keys(namespace), out=tmp_path / "labels.jsonl", progress=False)
    assert export.rows == 240
    base_version = read_current(model_dir)
    assert base_version is not None

    result = runner.invoke(training_app, ["recalibrate", "--labels", str(export.path), "--model-dir", str(model_dir),
                                          "--version", "site-1", "--review-budget", "0.02"])  # fmt: skip

    assert result.exit_code == 0, result.output
    new = load_version(model_dir, "site-1")  # sha256 and library versions verified, as the service does
    smoke_test(new)
    base = load_version(model_dir, base_version)
    assert isinstance(new, LinearScorer) and isinstance(base, LinearScorer)
    manifest = json.loads((model_dir / "site-1" / "manifest.json").read_text(encoding="utf-8"))
    record = manifest["recalibration"]
    rows = load_moderator_labels(export.path)
    kept = [r for r in rows if not is_held_out(r.text)]
    assert record["base_version"] == base_version and record["method"] == "platt"
    assert record["rows"] == {"calibration": len(kept), "held_out": len(rows) - len(kept)}
    assert set(record["heads"]) == {"toxicity", "spam"}
    assert record["heads"]["spam"]["positives"] == sum(r.labels["spam"] == 1 for r in kept)
    assert manifest["thresholds"]["toxicity"] == {
        "approve": new.thresholds["toxicity"].approve, "reject": new.thresholds["toxicity"].reject
    }  # fmt: skip
    # the refit fits the site's labels at least as well as the shipped calibration: Platt's method minimises the
    # log loss against its smoothed targets ((N+ + 1) / (N+ + 2) and 1 / (N- + 2)), so that is the loss compared.
    # (Against the raw 0/1 labels a model that already separates them, as 2026.12.05-2 does these templated
    # comments, scores better uncalibrated: the smoothing is what keeps the slope finite.)
    for head in ("toxicity", "spam"):
        y = np.asarray([r.labels[head] for r in kept])
        known = ~np.isnan(y)
        subs = as_submissions([r for r, k in zip(kept, known, strict=True) if k])
        before = np.asarray([s.scores[head] for s in base.score_many(subs)])
        after = np.asarray([s.scores[head] for s in new.score_many(subs)])
        n_pos, n_neg = int((y[known] == 1).sum()), int((y[known] == 0).sum())
        targets = np.where(y[known] == 1, (n_pos + 1) / (n_pos + 2), 1 / (n_neg + 2))
        assert log_loss(after, targets) <= log_loss(before, targets) + 1e-6, head
    budget = record["review_budget"]
    assert budget["review_share"] == 0.02
    assert budget["within_budget"]["expected_review_share"] <= 0.02 or not budget["met"]
    assert budget["cost"]["missed_abuse"] >= 0 and budget["cost"]["missed_spam"] >= 0
    assert manifest["policy"]["expected_review_share"] == budget["within_budget"]["expected_review_share"]
    assert "Review budget 2.00%" in (model_dir / "site-1" / "recalibration.md").read_text(encoding="utf-8")


def test_too_few_labels_write_no_version_and_say_what_is_missing(
    site: TestClient, model_dir: Path, namespace: str, redis_client: redis.Redis, tmp_path: Path
) -> None:
    moderate(site, comments(random.Random(5), 6))
    export = export_labels(client=redis_client, keys=Keys(namespace), out=tmp_path / "few.jsonl", progress=False)
    before = sorted(p.name for p in model_dir.iterdir())

    result = runner.invoke(training_app, ["recalibrate", "--labels", str(export.path), "--model-dir", str(model_dir)])

    assert result.exit_code == 2
    assert "toxicity:" in result.output and "needs 30 of each" in result.output
    assert sorted(p.name for p in model_dir.iterdir()) == before


@needs_data
@pytest.mark.slow
def test_a_recalibrated_version_goes_through_the_gate_and_promote_like_any_other(
    site: TestClient, model_dir: Path, namespace: str, redis_client: redis.Redis, tmp_path: Path
) -> None:
    moderate(site, comments(random.Random(11), 80))
    export = export_labels(client=redis_client, keys=Keys(namespace), out=tmp_path / "labels.jsonl", progress=False)
    made = runner.invoke(training_app, ["recalibrate", "--labels", str(export.path), "--model-dir", str(model_dir),
                                        "--version", "site-2"])  # fmt: skip
    assert made.exit_code == 0, made.output

    gate = runner.invoke(training_app, ["evaluate", "--candidate", "site-2", "--model-dir", str(model_dir),
                                        "--data", str(DATA_DIR), "--labels", str(export.path), "--fast"])  # fmt: skip
    report = json.loads((model_dir / "site-2" / "comparison.json").read_text(encoding="utf-8"))
    promoted = runner.invoke(training_app, ["promote", "site-2", "--model-dir", str(model_dir)])

    assert gate.exit_code == (0 if report["passed"] else 1), gate.output
    rows = {row["metric"]: row for row in report["rows"]}
    # a monotone recalibration keeps each head's ranking (only scores saturating to 0 or 1 can tie), and the
    # toxicity reject cut carries training's benign-French guard over: neither can fail the gate
    for name, row in rows.items():
        if name.endswith("roc_auc") and row["guarded"]:
            assert row["candidate"] == pytest.approx(row["baseline"], abs=0.01), name
        if name.startswith("benign_french.") and row["guarded"]:
            assert row["candidate"] <= row["baseline"], name
    assert report["passed"] is True, report["failures"]
    assert promoted.exit_code == (0 if report["passed"] else 1), promoted.output
    served = (model_dir / "CURRENT").read_text(encoding="utf-8").strip()
    assert served == ("site-2" if report["passed"] else report["baseline"])

"""Audit sampling: a share of auto-approved comments enters the review queue, marked, still approved."""

from __future__ import annotations

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from moderation.site.audit import should_audit
from moderation.storage.keys import Keys
from tests.support.comments import SITE_HEADERS

pytestmark = pytest.mark.redis


def _submit(client: TestClient, text: str, email: str) -> dict[str, object]:
    response = client.post(
        "/v1/comments",
        json={"comment": text, "author": "Lecteur", "email": email, "comment_post_ID": 7},
        headers=SITE_HEADERS,  # the site posting for several readers (no address: no flood check by IP)
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def test_every_approved_comment_becomes_an_audit_item_at_rate_one(
    rules_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    settings = rules_settings.model_copy(update={"audit_sample_rate": 1.0})
    with TestClient(create_app(settings)) as client:
        body = _submit(client, "Article intéressant, merci.", "a@example.fr")
        assert body["status"] == "approved"
        stored = client.get(f"/v1/comments/{body['id']}").json()
        _moderator, token = client.app.state.services.moderators.add("marie", admin=True)  # type: ignore[attr-defined]
        auth = {"Authorization": f"Bearer {token}"}
        (item,) = client.get("/v1/review/items", headers=auth).json()["items"]
        decided = client.post(
            f"/v1/review/items/{body['id']}/decision", json={"decision": "reject", "reason": "insult"}, headers=auth
        )
        stats = client.get("/v1/review/stats", headers=auth)
    keys = Keys(namespace)
    assert stored["status"] == "approved"
    assert (item["id"], item["audit"], item["status"]) == (body["id"], True, "approved")
    assert redis_client.hget(keys.comment(str(body["id"])), "audit") == "1"
    # The moderator found abuse the model let through: it counts towards the missed-abuse estimate.
    assert decided.status_code == 200, decided.text
    assert stats.json()["audit_items"] == {"decided": 1, "rejected": 1, "missed_abuse_rate": 1.0}


def test_no_approved_comment_is_audited_at_rate_zero(
    rules_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    with TestClient(create_app(rules_settings.model_copy(update={"audit_sample_rate": 0.0}))) as client:
        bodies = [_submit(client, f"Commentaire numéro {i}, merci.", f"r{i}@example.fr") for i in range(5)]
    assert [b["status"] for b in bodies] == ["approved"] * 5, "only approved comments can be audit-sampled"
    ids = [str(b["id"]) for b in bodies]
    keys = Keys(namespace)
    assert redis_client.zcard(keys.queue()) == 0
    assert all(redis_client.hget(keys.comment(i), "audit") is None for i in ids)


def test_held_comments_are_queued_without_the_audit_mark(
    rules_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    settings = rules_settings.model_copy(update={"audit_sample_rate": 1.0, "moderation_keys": ["casino"]})
    with TestClient(create_app(settings)) as client:
        body = _submit(client, "Je parle du casino du coin.", "b@example.fr")
    keys = Keys(namespace)
    assert body["status"] == "pending"
    assert redis_client.zscore(keys.queue(), str(body["id"])) is not None
    assert redis_client.hget(keys.comment(str(body["id"])), "audit") is None


def test_sampler_only_samples_approved_comments_at_the_configured_share() -> None:
    draws = iter([i / 1000 for i in range(1000)])
    sampled = sum(should_audit(status="approved", rate=0.01, draw=lambda: next(draws)) for _ in range(1000))
    assert sampled == 10
    assert not should_audit(status="pending", rate=1.0)
    assert not should_audit(status="spam", rate=1.0)

"""Site feedback on published comments: site-key auth, labels in the stream, pseudonymised fields."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.labels import read_labels
from moderation.main import create_app
from moderation.storage.keys import Keys
from tests.support.redis_dump import namespace_dump

SITE_KEY = "site-key-for-tests-0123456789"


@pytest.fixture
def site_client(rules_settings: Settings) -> Iterator[TestClient]:
    """The rules-only app with one configured site key (given in clear, as an operator would)."""
    settings = Settings(**{**rules_settings.model_dump(), "site_keys": SITE_KEY, "ip_hash_key": "test-hash-key"})
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _submit(client: TestClient, text: str = "Merci pour cet article très clair.") -> str:
    response = client.post(
        "/v1/comments",
        json={
            "comment": text,
            "author": "Claire",
            "email": "claire@example.fr",
            "url": "https://claire.example.fr/",
            "comment_post_ID": 42,
            "user_ip": "203.0.113.9",
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def test_settings_keep_site_keys_only_as_sha256_digests(rules_settings: Settings) -> None:
    settings = Settings(**{**rules_settings.model_dump(), "site_keys": f"{SITE_KEY},other"})
    assert settings.site_keys[0] == "sha256:" + hashlib.sha256(SITE_KEY.encode()).hexdigest()
    assert SITE_KEY not in repr(settings.model_dump())


def test_feedback_without_or_with_a_wrong_site_key_is_refused_and_stores_nothing(
    site_client: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    comment_id = _submit(site_client)
    before = namespace_dump(redis_client, namespace)
    url = f"/v1/comments/{comment_id}/feedback"
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"X-Site-Key": "wrong"}, {"Authorization": "Basic x"}):
        response = site_client.post(url, json={"label": "spam"}, headers=headers)
        assert response.status_code == 401, headers
        assert response.json()["errors"][0]["code"] == "site_key_invalid"
        assert response.headers["www-authenticate"] == "Bearer"
    assert redis_client.xlen(Keys(namespace).labels()) == 0
    assert namespace_dump(redis_client, namespace) == before


def test_feedback_with_a_site_key_stores_a_pseudonymised_label_from_the_stored_comment(
    site_client: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    comment_id = _submit(site_client, "Visitez mon site pour gagner au casino")
    response = site_client.post(
        f"/v1/comments/{comment_id}/feedback",
        json={"label": "spam", "note": "removed by the desk"},
        headers={"Authorization": f"Bearer {SITE_KEY}"},
    )
    assert response.status_code == 201, response.text
    assert response.json() == {"comment_id": comment_id, "label": "spam", "labels": {"spam": 1}, "recorded": True}

    entries = list(read_labels(redis_client, keys=Keys(namespace)))
    assert len(entries) == 1
    example = entries[0][1]
    assert example.source == "site_feedback"
    assert example.text == "Visitez mon site pour gagner au casino"
    assert example.labels == {"spam": 1}
    assert example.comment_id == comment_id
    assert example.url == "https://claire.example.fr/"
    record = redis_client.hgetall(Keys(namespace).comment(comment_id))
    assert example.author_hash == record["email_hash"] != ""
    raw = str(redis_client.xrange(Keys(namespace).labels()))
    assert "claire@example.fr" not in raw and "203.0.113.9" not in raw
    assert record["feedback_label"] == "spam"


def test_repeated_feedback_with_the_same_label_adds_no_second_example(
    site_client: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    comment_id = _submit(site_client)
    url = f"/v1/comments/{comment_id}/feedback"
    first = site_client.post(url, json={"label": "ok"}, headers={"X-Site-Key": SITE_KEY})
    again = site_client.post(url, json={"label": "ok"}, headers={"X-Site-Key": SITE_KEY})
    changed = site_client.post(url, json={"label": "insult"}, headers={"X-Site-Key": SITE_KEY})
    assert (first.status_code, again.status_code, changed.status_code) == (201, 200, 201)
    assert again.json()["recorded"] is False
    labels = [e.labels for _, e in read_labels(redis_client, keys=Keys(namespace))]
    assert labels == [{"spam": 0, "toxicity": 0}, {"spam": 0, "toxicity": 1, "insult": 1}]


def test_feedback_with_an_unknown_label_or_comment_is_refused(
    site_client: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    comment_id = _submit(site_client)
    before = namespace_dump(redis_client, namespace)
    headers = {"Authorization": f"Bearer {SITE_KEY}"}
    bad_label = site_client.post(f"/v1/comments/{comment_id}/feedback", json={"label": "meh"}, headers=headers)
    unknown = site_client.post("/v1/comments/nope/feedback", json={"label": "spam"}, headers=headers)
    assert bad_label.status_code == 422
    assert bad_label.json()["errors"][0]["field"] == "label"
    assert unknown.status_code == 404
    assert redis_client.xlen(Keys(namespace).labels()) == 0
    assert namespace_dump(redis_client, namespace) == before  # the comment's record is not touched either


def test_feedback_is_refused_when_no_site_key_is_configured(rules_client: TestClient) -> None:
    comment_id = _submit(rules_client)
    response = rules_client.post(f"/v1/comments/{comment_id}/feedback", json={"label": "spam"})
    assert response.status_code == 401

"""Duplicates, flooding and Idempotency-Key replays: refused repeats store nothing, retries store once."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from tests.support.comments import CONTENT_TYPES, SITE_HEADERS, comment_fields, post_comment
from tests.support.redis_dump import namespace_dump

pytestmark = pytest.mark.redis


def fields(**overrides: Any) -> dict[str, Any]:
    """A valid submission from a reader address of its own too, since the flood check is on here."""
    ip = f"198.51.100.{uuid.uuid4().int % 250 + 1}"
    return comment_fields(**{"user_ip": ip, **overrides})


def comment_keys(redis_client: redis.Redis, namespace: str) -> list[str]:
    """The stored comment records."""
    return list(redis_client.scan_iter(match=f"{{{namespace}}}:comment:*", count=1000))


@pytest.fixture
def app_client(rules_settings: Settings) -> Iterator[TestClient]:
    """Rules only, default flood interval (15 s); the WordPress site posting, vouching for each reader's address."""
    with TestClient(create_app(rules_settings)) as client:
        client.headers.update(SITE_HEADERS)
        yield client


@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_the_same_comment_again_is_a_409_duplicate_and_stores_nothing(
    rules_settings: Settings, redis_client: redis.Redis, namespace: str, kind: str
) -> None:
    with TestClient(create_app(rules_settings.model_copy(update={"flood_seconds": 0}))) as client:
        data = fields()
        first = post_comment(client, kind, data)
        assert first.status_code == 201
        before = namespace_dump(redis_client, namespace)
        again = post_comment(
            client, kind, {**data, "comment": f"  {data['comment']}\n"}, headers={"Accept-Language": "en"}
        )
        assert again.status_code == 409
        assert again.json()["errors"][0]["code"] == "duplicate"
        assert "already said that" in again.json()["errors"][0]["message"]
        assert namespace_dump(redis_client, namespace) == before
        # Another post, another parent or another text is not a duplicate.
        assert post_comment(client, kind, {**data, "comment_post_ID": "8"}).status_code == 201
        assert post_comment(client, kind, {**data, "comment_parent": "3"}).status_code == 201
        assert post_comment(client, kind, {**data, "comment": data["comment"] + "!"}).status_code == 201


@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_a_second_comment_from_the_same_ip_within_the_interval_is_a_429_with_retry_after(
    app_client: TestClient, redis_client: redis.Redis, namespace: str, kind: str
) -> None:
    assert post_comment(app_client, kind, fields(user_ip="203.0.113.9")).status_code == 201
    before = namespace_dump(redis_client, namespace)
    response = post_comment(app_client, kind, fields(user_ip="203.0.113.9"), headers={"Accept-Language": "fr"})
    assert response.status_code == 429
    assert 1 <= int(response.headers["retry-after"]) <= 15
    assert response.json()["errors"] == [
        {"field": None, "code": "flood", "message": "Vous publiez des commentaires trop rapidement. Ralentissez."}
    ]
    assert namespace_dump(redis_client, namespace) == before
    assert post_comment(app_client, kind, fields(user_ip="203.0.113.10")).status_code == 201


@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_a_caller_without_a_site_key_cannot_dodge_the_flood_check_by_varying_user_ip(
    rules_settings: Settings, kind: str
) -> None:
    # The drill of issue 22 posted 3 comments in 15 s from one address by sending another user_ip each time.
    with TestClient(create_app(rules_settings)) as reader:
        first = post_comment(reader, kind, fields(user_ip="203.0.113.1"))
        second = post_comment(reader, kind, fields(user_ip="203.0.113.2"))
        wrong_key = post_comment(reader, kind, fields(user_ip="203.0.113.3"), headers={"X-Site-Key": "not-the-key"})
    assert first.status_code == 201
    assert second.status_code == 429
    assert wrong_key.status_code == 429


@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_a_second_comment_from_the_same_email_within_the_interval_is_a_429(app_client: TestClient, kind: str) -> None:
    assert post_comment(app_client, kind, fields(email="Marie@Exemple.fr", user_ip="")).status_code == 201
    # Email comparison ignores case, as the flood key is a hash of the case-folded address.
    response = post_comment(app_client, kind, fields(email="marie@exemple.fr", user_ip="192.0.2.50"))
    assert response.status_code == 429
    assert int(response.headers["retry-after"]) >= 1


def test_flood_seconds_zero_disables_the_flood_check(rules_settings: Settings) -> None:
    with TestClient(create_app(rules_settings.model_copy(update={"flood_seconds": 0}))) as client:
        statuses = [
            post_comment(client, "json", fields(user_ip="203.0.113.1", email="same@exemple.fr")).status_code
            for _ in range(3)
        ]
    assert statuses == [201, 201, 201]


def test_flood_marks_live_only_for_the_flood_interval(
    rules_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    # A flood interval long enough that a loaded machine cannot let the mark expire before it is read: the
    # mark must carry that interval as its TTL (not live on, not the default interval).
    with TestClient(create_app(rules_settings.model_copy(update={"flood_seconds": 45}))) as client:
        assert post_comment(client, "json", fields(user_ip="203.0.113.2")).status_code == 201
        flood_keys = list(redis_client.scan_iter(match=f"{{{namespace}}}:flood:*"))
        assert flood_keys
        assert all(0 < redis_client.pttl(k) <= 45_000 for k in flood_keys)


@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_a_retry_with_the_same_idempotency_key_returns_the_first_answer_and_stores_once(
    app_client: TestClient, redis_client: redis.Redis, namespace: str, kind: str
) -> None:
    data = fields()
    key = uuid.uuid4().hex
    first = post_comment(app_client, kind, data, headers={"Idempotency-Key": key})
    assert first.status_code == 201
    second = post_comment(app_client, kind, data, headers={"Idempotency-Key": key})
    assert second.status_code == 201
    assert second.json() == first.json()
    assert second.content == first.content  # the same bytes, though the first was encoded fresh
    assert second.headers["idempotent-replayed"] == "true"
    assert second.headers["location"] == first.headers["location"] == f"/v1/comments/{first.json()['id']}"
    assert len(comment_keys(redis_client, namespace)) == 1
    # The raw key is never stored: only its hash names the Redis key.
    assert not [k for k in redis_client.scan_iter(match=f"{{{namespace}}}*") if key in k]


def test_concurrent_identical_requests_with_one_idempotency_key_store_one_comment(
    rules_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    data = fields()
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    with TestClient(create_app(rules_settings)) as client, ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda _: client.post("/v1/comments", json=data, headers=headers), range(16)))
    assert [r.status_code for r in responses] == [201] * 16
    assert len({r.json()["id"] for r in responses}) == 1
    assert len(comment_keys(redis_client, namespace)) == 1


def test_concurrent_identical_requests_without_a_key_store_one_comment_and_refuse_the_rest(
    rules_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    data = fields()
    with TestClient(create_app(rules_settings)) as client, ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(lambda _: client.post("/v1/comments", json=data), range(16)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 1
    assert set(statuses) <= {201, 409, 429}
    assert len(comment_keys(redis_client, namespace)) == 1


def test_an_idempotency_key_over_255_characters_is_refused_before_the_body_is_read(
    app_client: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    # even an unreadable body: the header is refused first, as a field named by the header
    refused = app_client.post(
        "/v1/comments", content=b"{not json", headers={"Idempotency-Key": "k" * 256, "Content-Type": "application/json"}
    )
    assert refused.status_code == 422
    assert [(e["field"], e["code"]) for e in refused.json()["errors"]] == [("Idempotency-Key", "field_invalid")]
    assert namespace_dump(redis_client, namespace) == {}
    longest = app_client.post("/v1/comments", json=fields(), headers={"Idempotency-Key": "k" * 255})
    assert longest.status_code == 201


def test_a_refused_submission_with_an_idempotency_key_is_not_remembered(
    app_client: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    key = uuid.uuid4().hex
    refused = app_client.post("/v1/comments", json=fields(email="nope"), headers={"Idempotency-Key": key})
    assert refused.status_code == 422
    assert namespace_dump(redis_client, namespace) == {}
    fixed = app_client.post("/v1/comments", json=fields(), headers={"Idempotency-Key": key})
    assert fixed.status_code == 201


@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_an_idempotency_key_reused_with_other_fields_is_a_422_and_changes_nothing(
    app_client: TestClient, redis_client: redis.Redis, namespace: str, kind: str
) -> None:
    key = uuid.uuid4().hex
    data = fields()
    first = post_comment(app_client, kind, data, headers={"Idempotency-Key": key})
    assert first.status_code == 201
    before = namespace_dump(redis_client, namespace)

    other = post_comment(app_client, kind, fields(), headers={"Idempotency-Key": key, "Accept-Language": "en"})

    assert other.status_code == 422
    assert [(e["field"], e["code"]) for e in other.json()["errors"]] == [(None, "idempotency_key_reused")]
    assert "Idempotency-Key" in other.json()["errors"][0]["message"]
    assert namespace_dump(redis_client, namespace) == before
    # the first request, retried, still gets its answer
    retried = post_comment(app_client, kind, data, headers={"Idempotency-Key": key})
    assert (retried.status_code, retried.json()) == (201, first.json())


def test_the_same_idempotency_key_from_two_sites_names_two_requests(
    rules_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    site_a, site_b = "site-key-a-0123456789", "site-key-b-0123456789"
    settings = rules_settings.model_copy(update={"site_keys": [site_a, site_b], "flood_seconds": 0})
    key = "order-1"
    with TestClient(create_app(settings)) as client:
        a = client.post("/v1/comments", json=fields(), headers={"Idempotency-Key": key, "X-Site-Key": site_a})
        b = client.post(
            "/v1/comments", json=fields(), headers={"Idempotency-Key": key, "Authorization": f"Bearer {site_b}"}
        )
        # no site key (or a wrong one): scoped to the connecting address, apart from both sites
        anonymous = client.post("/v1/comments", json=fields(), headers={"Idempotency-Key": key})
        wrong = client.post("/v1/comments", json=fields(), headers={"Idempotency-Key": key, "X-Site-Key": "nope"})
        a_again = client.post("/v1/comments", json=fields(), headers={"Idempotency-Key": key, "X-Site-Key": site_a})
    assert [r.status_code for r in (a, b, anonymous)] == [201, 201, 201]
    assert len({a.json()["id"], b.json()["id"], anonymous.json()["id"]}) == 3
    assert wrong.status_code == 422  # the anonymous scope already used this key for other fields
    assert a_again.status_code == 422
    assert len(comment_keys(redis_client, namespace)) == 3


def test_concurrent_requests_reusing_one_key_for_different_comments_store_exactly_one(
    rules_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    headers = {"Idempotency-Key": uuid.uuid4().hex}
    bodies = [fields() for _ in range(12)]
    with TestClient(create_app(rules_settings)) as client, ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(lambda body: client.post("/v1/comments", json=body, headers=headers), bodies))
    statuses = [r.status_code for r in responses]
    assert statuses.count(201) == 1
    assert set(statuses) <= {201, 422}
    assert len(comment_keys(redis_client, namespace)) == 1

"""Site feedback: site-key auth, labels in the stream, pseudonymised fields, and held comments the site decides."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.labels import read_labels
from moderation.main import create_app
from moderation.review.errors import ModeratorNameInvalidError
from moderation.storage.keys import Keys
from tests.integration.review_support import add_moderator, auth, review_settings_from, submit_pending
from tests.support.redis_dump import namespace_dump

pytestmark = pytest.mark.redis

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
    assert response.json() == {
        "comment_id": comment_id, "label": "spam", "labels": {"spam": 1}, "recorded": True,
        "resolved": False, "status": "approved", "decided_by": None,
    }  # fmt: skip

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


# Held comments the site decides -----------------------------------------------------------------
@pytest.fixture
def desk(rules_settings: Settings) -> Iterator[TestClient]:
    """The app holding comments with the word `relecture`, one site key, and webhooks on (to nowhere: queued only)."""
    settings = Settings(
        **{
            **review_settings_from(rules_settings).model_dump(),
            "site_keys": SITE_KEY,
            "webhook_url": "http://127.0.0.1:9/hooks/moderation",
            "webhook_secret": "webhook-test-secret",
            "webhook_backoff_seconds": 600.0,
        }
    )
    with TestClient(create_app(settings)) as test_client:
        yield test_client


def _feedback(app: TestClient, comment_id: str, label: str, note: str = "") -> tuple[int, dict[str, object]]:
    response = app.post(
        f"/v1/comments/{comment_id}/feedback", json={"label": label, "note": note}, headers={"X-Site-Key": SITE_KEY}
    )
    return response.status_code, response.json()


def _webhook_events(client: redis.Redis, keys: Keys) -> int:
    """Events ever queued for the site (pending or set aside)."""
    return int(client.hlen(keys.outbox_events())) + int(client.hlen(keys.outbox_dead()))


def _labels_of(client: redis.Redis, keys: Keys, comment_id: str) -> list[tuple[str, dict[str, int]]]:
    return [(e.source, e.labels) for _, e in read_labels(client, keys=keys) if e.comment_id == comment_id]


def test_site_spam_on_a_held_comment_decides_it_once_as_the_site_without_a_webhook_back(
    desk: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    admin = auth(add_moderator(desk, "chef", admin=True))
    comment_id = submit_pending(desk)

    code, body = _feedback(desk, comment_id, "spam", note="wp-admin: unapproved -> spam")

    assert code == 201
    assert body == {
        "comment_id": comment_id, "label": "spam", "labels": {"spam": 1}, "recorded": True,
        "resolved": True, "status": "spam", "decided_by": "site",
    }  # fmt: skip
    assert redis_client.zscore(keys.queue(), comment_id) is None
    assert redis_client.zscore(keys.queue_by_age(), comment_id) is None
    assert desk.get("/v1/review/items", headers=admin).json()["total"] == 0
    assert desk.get(f"/v1/comments/{comment_id}").json()["status"] == "spam"
    [entry] = desk.get("/v1/review/audit", headers=admin).json()["entries"]
    assert (entry["comment_id"], entry["actor"], entry["moderator"], entry["from"], entry["to"]) == (
        comment_id, "site", "site", "pending", "spam",
    )  # fmt: skip
    assert (entry["decision"], entry["reason"], entry["note"]) == ("reject", "spam", "wp-admin: unapproved -> spam")
    assert _labels_of(redis_client, keys, comment_id) == [("site_feedback", {"spam": 1})]
    assert _webhook_events(redis_client, keys) == 0
    assert desk.get("/v1/review/stats", headers=admin).json()["queue"]["length"] == 0

    # The plugin's retry of the same label adds nothing, and says who decided.
    code, again = _feedback(desk, comment_id, "spam")
    assert code == 200
    assert (again["recorded"], again["resolved"], again["status"]) == (False, False, "spam")
    assert again["decided_by"] == "site"
    assert _labels_of(redis_client, keys, comment_id) == [("site_feedback", {"spam": 1})]
    # Moderators can neither decide nor revert what the site decided.
    ana = auth(add_moderator(desk, "ana"))
    decided = desk.post(f"/v1/review/items/{comment_id}/decision", headers=ana, json={"decision": "approve"})
    reverted = desk.post(f"/v1/review/items/{comment_id}/revert", headers=ana, json={})
    assert (decided.status_code, decided.json()["errors"][0]["code"]) == (409, "already_decided")
    assert (reverted.status_code, reverted.json()["errors"][0]["code"]) == (409, "not_decided")
    assert redis_client.hget(keys.comment(comment_id), "status") == "spam"


@pytest.mark.parametrize(
    ("label", "status", "reason"),
    [("ok", "approved", ""), ("ham", "approved", ""), ("toxic", "rejected", "other"), ("threat", "rejected", "threat")],
)
def test_each_site_label_gives_the_status_and_reason_a_moderator_s_decision_would(
    desk: TestClient, redis_client: redis.Redis, namespace: str, label: str, status: str, reason: str
) -> None:
    keys = Keys(namespace)
    comment_id = submit_pending(desk, email="lectrice@example.fr")

    code, body = _feedback(desk, comment_id, label)

    assert code == 201 and body["resolved"] is True and body["status"] == status
    record = redis_client.hgetall(keys.comment(comment_id))
    assert (record["status"], record["decided_by"], record["decision_reason"], record["feedback_label"]) == (
        status, "site", reason, label,
    )  # fmt: skip
    approvals = redis_client.hget(keys.approved_authors(), record["email_hash"])
    assert approvals == ("1" if status == "approved" else None)  # the site's approval counts, as WordPress's does


def test_feedback_on_a_comment_a_moderator_decided_is_a_label_only_and_keeps_the_status(
    desk: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    ana = auth(add_moderator(desk, "ana"))
    comment_id = submit_pending(desk)
    decision = {"decision": "reject", "reason": "insult"}
    assert desk.post(f"/v1/review/items/{comment_id}/decision", headers=ana, json=decision).status_code == 200

    code, body = _feedback(desk, comment_id, "ok")

    assert code == 201
    assert (body["recorded"], body["resolved"], body["status"], body["decided_by"]) == (
        True, False, "rejected", "moderator",
    )  # fmt: skip
    assert desk.get(f"/v1/comments/{comment_id}").json()["status"] == "rejected"
    assert redis_client.xlen(keys.audit()) == 1
    assert _labels_of(redis_client, keys, comment_id) == [
        ("moderator", {"spam": 0, "toxicity": 1, "insult": 1}),
        ("site_feedback", {"spam": 0, "toxicity": 0}),
    ]
    assert _webhook_events(redis_client, keys) == 1  # the moderator's decision only


def test_the_site_s_verdict_takes_an_item_a_moderator_holds_and_the_moderator_gets_a_409(
    desk: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    ana = auth(add_moderator(desk, "ana"))
    comment_id = submit_pending(desk)
    assert desk.post(f"/v1/review/items/{comment_id}/claim", headers=ana).status_code == 200

    code, body = _feedback(desk, comment_id, "toxic")

    assert code == 201 and body["resolved"] is True and body["status"] == "rejected"
    assert redis_client.exists(keys.lease(comment_id)) == 0
    item = desk.get(f"/v1/review/items/{comment_id}", headers=ana).json()
    assert (item["status"], item["claim"], item["decision"]["moderator"]) == ("rejected", None, "site")
    decided = desk.post(f"/v1/review/items/{comment_id}/decision", headers=ana, json={"decision": "approve"})
    released = desk.post(f"/v1/review/items/{comment_id}/release", headers=ana)
    assert (decided.status_code, decided.json()["errors"][0]["code"]) == (409, "already_decided")
    assert released.status_code == 409
    assert redis_client.xlen(keys.audit()) == 1


def _race(app: TestClient, moderator: dict[str, str], comment_id: str) -> tuple[int, tuple[int, dict[str, object]]]:
    """A moderator's approval and the site's spam, released at the same instant: (moderator's code, site's answer)."""
    start = threading.Barrier(2)
    answers: dict[str, object] = {}

    def decide() -> None:
        start.wait()
        url = f"/v1/review/items/{comment_id}/decision"
        answers["moderator"] = app.post(url, headers=moderator, json={"decision": "approve"}).status_code

    def feedback() -> None:
        start.wait()
        answers["site"] = _feedback(app, comment_id, "spam")

    threads = [threading.Thread(target=decide), threading.Thread(target=feedback)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return answers["moderator"], answers["site"]  # type: ignore[return-value]  # set by the threads above


def test_a_moderator_and_the_site_deciding_at_once_make_exactly_one_decision(
    desk: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    ana = auth(add_moderator(desk, "ana"))
    comment_ids = [submit_pending(desk) for _ in range(8)]
    moderator_wins = 0

    for comment_id in comment_ids:
        moderator_code, (site_code, site_body) = _race(desk, ana, comment_id)

        assert site_code == 201
        assert redis_client.zscore(keys.queue(), comment_id) is None
        status = redis_client.hget(keys.comment(comment_id), "status")
        sources = [source for source, _ in _labels_of(redis_client, keys, comment_id)]
        if site_body["resolved"]:
            assert (moderator_code, status, sources) == (409, "spam", ["site_feedback"])
        else:
            moderator_wins += 1
            assert (moderator_code, status, site_body["status"]) == (200, "approved", "approved")
            assert sources == ["moderator", "site_feedback"]  # the site's verdict stays a label
    audited = [fields["comment_id"] for _, fields in redis_client.xrange(keys.audit())]
    assert sorted(audited) == sorted(comment_ids)  # one decision per comment, whoever won
    assert _webhook_events(redis_client, keys) == moderator_wins


def test_no_moderator_can_take_the_site_s_name(desk: TestClient) -> None:
    with pytest.raises(ModeratorNameInvalidError):
        add_moderator(desk, "site")

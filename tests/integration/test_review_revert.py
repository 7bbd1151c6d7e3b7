"""Reverting a moderator's decision: back in the queue, audited, its label retracted, decided again."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.labels import LabelledExample
from moderation.main import create_app
from moderation.storage.keys import Keys
from tests.integration.review_support import add_moderator, auth, review_settings_from, submit_pending
from tests.support.redis_dump import namespace_dump
from training.export import export_labels

pytestmark = pytest.mark.redis


@pytest.fixture
def app(rules_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(review_settings_from(rules_settings))) as client:
        yield client


@pytest.fixture
def ana(app: TestClient) -> dict[str, str]:
    return auth(add_moderator(app, "ana"))


@pytest.fixture
def bob(app: TestClient) -> dict[str, str]:
    return auth(add_moderator(app, "bob"))


def _decide(app: TestClient, who: dict[str, str], comment_id: str, **body: str) -> int:
    return app.post(f"/v1/review/items/{comment_id}/decision", headers=who, json=body).status_code


def _queue_state(client: redis.Redis, keys: Keys) -> dict[str, object]:
    """The queue and its indexes (every sorted set under the namespace but the stats)."""
    return {
        key: client.zrange(key, 0, -1, withscores=True)
        for key in client.scan_iter(match=f"{keys.queue()}*", count=1000)
        if client.type(key) == "zset"
    }


def test_revert_requeues_the_comment_audits_it_and_lets_it_be_decided_again(
    app: TestClient, ana: dict[str, str], bob: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    comment_id = submit_pending(app, email="lectrice@example.fr")
    queued = _queue_state(redis_client, keys)
    assert _decide(app, ana, comment_id, decision="approve") == 200
    email_hash = redis_client.hget(keys.comment(comment_id), "email_hash")
    assert redis_client.hget(keys.approved_authors(), email_hash) == "1"

    reverted = app.post(f"/v1/review/items/{comment_id}/revert", headers=bob, json={"note": "slip"})

    assert reverted.status_code == 200, reverted.text
    assert reverted.json()["status"] == "pending"
    assert reverted.json()["reverted"] == {"status": "approved", "decision": "approve", "reason": None,
                                           "moderator": "ana"}  # fmt: skip
    assert app.get(f"/v1/comments/{comment_id}").json()["status"] == "pending"
    assert _queue_state(redis_client, keys) == queued  # same place, same filter indexes
    assert redis_client.get(keys.lease(comment_id)) == "bob"  # the reverter may decide it again at once
    assert redis_client.hget(keys.approved_authors(), email_hash) == "0"
    item = app.get(f"/v1/review/items/{comment_id}", headers=ana).json()
    assert item["decision"] is None and item["status"] == "pending"
    admin = auth(add_moderator(app, "chef", admin=True))
    revert_entry = app.get("/v1/review/audit", headers=admin).json()["entries"][0]
    assert (revert_entry["decision"], revert_entry["moderator"], revert_entry["from"], revert_entry["to"]) == (
        "revert", "bob", "approved", "pending",
    )  # fmt: skip
    assert (revert_entry["note"], revert_entry["reverted_moderator"]) == ("slip", "ana")

    assert _decide(app, ana, comment_id, decision="reject", reason="insult") == 409  # bob holds it now
    assert _decide(app, bob, comment_id, decision="reject", reason="insult") == 200
    assert app.get(f"/v1/comments/{comment_id}").json()["status"] == "rejected"
    labels = [LabelledExample.from_fields(f).labels for _id, f in redis_client.xrange(keys.labels())]
    assert labels == [{"spam": 0, "toxicity": 0}, {}, {"spam": 0, "toxicity": 1, "insult": 1}]


def test_the_export_keeps_the_corrected_label_and_drops_a_retracted_one(
    app: TestClient, ana: dict[str, str], redis_client: redis.Redis, namespace: str, tmp_path: Path
) -> None:
    keys = Keys(namespace)
    corrected = submit_pending(app, text="Tous dehors, relecture")
    retracted = submit_pending(app, text="Rien à voir avec l'article, relecture")
    for comment_id in (corrected, retracted):
        assert _decide(app, ana, comment_id, decision="approve") == 200
        assert app.post(f"/v1/review/items/{comment_id}/revert", headers=ana).status_code == 200
    assert _decide(app, ana, corrected, decision="reject", reason="identity_attack") == 200
    assert _decide(app, ana, retracted, decision="reject", reason="off_topic") == 200  # teaches nothing

    result = export_labels(client=redis_client, keys=keys, out=tmp_path / "labels.jsonl", progress=False)

    rows = [line for line in result.path.read_text(encoding="utf-8").splitlines() if line]
    assert result.entries == 5 and len(rows) == 1
    assert corrected in rows[0] and '"identity_attack": 1' in rows[0] and '"toxicity": 1' in rows[0]


def test_reverting_what_no_moderator_decided_is_409_or_404_and_changes_nothing(
    app: TestClient, ana: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    queued = submit_pending(app)
    published = app.post(
        "/v1/comments", json={"comment": "Bel article.", "author": "Zoé", "email": "zoe@example.fr",
                              "comment_post_ID": "3", "lang": "fr"},
    ).json()["id"]  # fmt: skip
    before = namespace_dump(redis_client, namespace)

    still_queued = app.post(f"/v1/review/items/{queued}/revert", headers=ana)
    auto_approved = app.post(f"/v1/review/items/{published}/revert", headers=ana)
    unknown = app.post("/v1/review/items/nope/revert", headers=ana)
    anonymous = app.post(f"/v1/review/items/{queued}/revert")

    assert (still_queued.status_code, still_queued.json()["errors"][0]["code"]) == (409, "not_decided")
    assert auto_approved.status_code == 409
    assert unknown.status_code == 404 and anonymous.status_code == 401
    assert namespace_dump(redis_client, namespace) == before


def test_concurrent_reverts_of_one_decision_apply_exactly_once(
    app: TestClient, ana: dict[str, str], bob: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    comment_id = submit_pending(app)
    assert _decide(app, ana, comment_id, decision="reject", reason="spam") == 200
    codes: list[int] = []
    barrier = threading.Barrier(8)

    def revert(who: dict[str, str]) -> None:
        barrier.wait()
        codes.append(app.post(f"/v1/review/items/{comment_id}/revert", headers=who).status_code)

    threads = [threading.Thread(target=revert, args=(ana if i % 2 else bob,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(codes) == [200] + [409] * 7
    reverts = [f for _id, f in redis_client.xrange(Keys(namespace).audit()) if f["decision"] == "revert"]
    assert len(reverts) == 1


def test_revert_takes_the_decision_out_of_the_stats(
    app: TestClient, ana: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    admin = auth(add_moderator(app, "chef", admin=True))
    comment_id = submit_pending(app)
    assert _decide(app, ana, comment_id, decision="approve") == 200
    assert app.post(f"/v1/review/items/{comment_id}/revert", headers=ana).status_code == 200

    stats = app.get("/v1/review/stats", headers=admin).json()

    assert stats["queue"]["length"] == 1
    assert all("ana" not in day for day in stats["decisions_per_day"].values())
    assert stats["agreement"] == {}

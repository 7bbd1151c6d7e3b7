"""The moderators' API through the app: listing, claiming, deciding, 409 rules, audit, labels, stats."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.labels import LabelledExample
from moderation.main import create_app
from moderation.storage.keys import Keys
from tests.integration.review_support import add_moderator, auth, review_settings_from, seed_item, submit_pending
from tests.support.redis_dump import namespace_dump
from tests.support.waiting import wait_until

pytestmark = pytest.mark.redis


@pytest.fixture
def review_settings(rules_settings: Settings) -> Settings:
    return review_settings_from(rules_settings)


@pytest.fixture
def app(review_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(review_settings)) as client:
        yield client


@pytest.fixture
def ana(app: TestClient) -> dict[str, str]:
    return auth(add_moderator(app, "ana"))


@pytest.fixture
def bob(app: TestClient) -> dict[str, str]:
    return auth(add_moderator(app, "bob"))


@pytest.fixture
def admin(app: TestClient) -> dict[str, str]:
    return auth(add_moderator(app, "chef", admin=True))


def _decide(app: TestClient, who: dict[str, str], comment_id: str, **body: str) -> tuple[int, dict[str, object]]:
    response = app.post(f"/v1/review/items/{comment_id}/decision", headers=who, json=body)
    return response.status_code, response.json()


def test_held_comment_is_listed_with_scores_reasons_spans_and_history(
    app: TestClient, ana: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    email = "lecteur@example.fr"
    earlier = submit_pending(app, email=email)
    assert _decide(app, ana, earlier, decision="reject", reason="insult")[0] == 200
    held = submit_pending(app, email=email, post="99")

    body = app.get("/v1/review/items", headers=ana, params={"post_id": "99"}).json()

    assert body["total"] == 1
    item = body["items"][0]
    assert item["id"] == held
    assert item["status"] == "pending"
    assert {"scores", "reasons", "spans", "highlights", "risk", "language", "claim"} <= set(item)
    assert item["reasons"][0]["code"] == "moderation_word"
    assert item["history"]["total"] == 1
    assert item["history"]["recent"] == [
        {"id": earlier, "status": "rejected", "created_at": pytest.approx(item["history"]["recent"][0]["created_at"])}
    ]
    assert "email" not in item["author"]


def test_spans_become_highlight_segments_on_the_original_text(
    app: TestClient, ana: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    text = "Tu es un <b>idiot</b> fini"
    spans = {"insult": [{"start": 12, "end": 17, "text": "idiot", "weight": 0.8}]}
    comment_id = seed_item(redis_client, Keys(namespace), text=text, spans=spans, scores={"insult": 0.7})

    item = app.get(f"/v1/review/items/{comment_id}", headers=ana).json()

    assert item["highlights"] == [
        {"text": "Tu es un <b>", "heads": []},
        {"text": "idiot", "heads": ["insult"]},
        {"text": "</b> fini", "heads": []},
    ]


def test_claim_returns_next_item_then_204_when_all_are_taken(
    app: TestClient, ana: dict[str, str], bob: dict[str, str]
) -> None:
    first = submit_pending(app)

    claimed = app.post("/v1/review/claim", headers=ana)
    nothing = app.post("/v1/review/claim", headers=bob)

    assert claimed.status_code == 200
    assert claimed.json()["id"] == first
    assert claimed.json()["claim"]["moderator"] == "ana"
    assert nothing.status_code == 204


def test_approve_updates_status_queue_audit_label_and_reputation_atomically(
    app: TestClient, ana: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    comment_id = submit_pending(app, email="fidele@example.fr")
    app.post("/v1/review/claim", headers=ana)

    status, outcome = _decide(app, ana, comment_id, decision="approve", note="ok")

    assert status == 200
    assert outcome["status"] == "approved" and outcome["previous_status"] == "pending"
    assert app.get(f"/v1/comments/{comment_id}").json()["status"] == "approved"
    assert redis_client.zscore(keys.queue(), comment_id) is None
    assert redis_client.exists(keys.lease(comment_id)) == 0
    [(_, audit)] = redis_client.xrange(keys.audit())
    assert (audit["comment_id"], audit["moderator"], audit["from"], audit["to"], audit["note"]) == (
        comment_id, "ana", "pending", "approved", "ok",
    )  # fmt: skip
    assert json.loads(audit["scores"]) == {}
    [(_, fields)] = redis_client.xrange(keys.labels())
    label = LabelledExample.from_fields(fields)
    record = redis_client.hgetall(keys.comment(comment_id))
    assert (label.source, label.labels) == ("moderator", {"spam": 0, "toxicity": 0})
    assert label.author_hash == record["email_hash"]
    assert redis_client.hget(keys.approved_authors(), record["email_hash"]) == "1"


@pytest.mark.parametrize(("reason", "status"), [("spam", "spam"), ("insult", "rejected"), ("off_topic", "rejected")])
def test_reject_reason_chooses_spam_or_rejected(app: TestClient, ana: dict[str, str], reason: str, status: str) -> None:
    comment_id = submit_pending(app)

    code, outcome = _decide(app, ana, comment_id, decision="reject", reason=reason)

    assert code == 200 and outcome["status"] == status
    assert app.get(f"/v1/comments/{comment_id}").json()["status"] == status


def test_deciding_an_item_claimed_by_someone_else_is_409_and_changes_nothing(
    app: TestClient, ana: dict[str, str], bob: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    comment_id = submit_pending(app)
    assert app.post(f"/v1/review/items/{comment_id}/claim", headers=ana).status_code == 200
    before = namespace_dump(redis_client, namespace)

    code, body = _decide(app, bob, comment_id, decision="approve")

    assert code == 409
    assert body["errors"][0]["code"] == "claimed_by_other"
    assert app.get(f"/v1/comments/{comment_id}").json()["status"] == "pending"
    assert redis_client.xlen(Keys(namespace).audit()) == 0
    assert namespace_dump(redis_client, namespace) == before  # Ana's claim, the record and the queue alike
    assert app.post(f"/v1/review/items/{comment_id}/release", headers=bob).status_code == 409
    assert app.post(f"/v1/review/items/{comment_id}/claim", headers=bob).status_code == 409


def test_deciding_an_already_decided_item_is_409_unless_it_repeats_ones_own_decision(
    app: TestClient, ana: dict[str, str], bob: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    comment_id = submit_pending(app)
    first = _decide(app, ana, comment_id, decision="reject", reason="threat")

    repeat = _decide(app, ana, comment_id, decision="reject", reason="threat")
    changed_mind = _decide(app, ana, comment_id, decision="approve")
    other = _decide(app, bob, comment_id, decision="reject", reason="threat")

    assert first[0] == 200 and first[1]["repeated"] is False
    assert repeat[0] == 200 and repeat[1]["repeated"] is True and repeat[1]["status"] == "rejected"
    assert changed_mind[0] == 409 and changed_mind[1]["errors"][0]["code"] == "already_decided"
    assert other[0] == 409
    assert redis_client.xlen(keys.audit()) == 1
    assert redis_client.xlen(keys.labels()) == 1
    assert app.post(f"/v1/review/items/{comment_id}/claim", headers=bob).status_code == 409


def test_reject_without_reason_is_refused_and_changes_nothing(
    app: TestClient, ana: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    comment_id = submit_pending(app)
    before = namespace_dump(redis_client, namespace)

    code, _body = _decide(app, ana, comment_id, decision="reject")
    unknown = _decide(app, ana, comment_id, decision="reject", reason="rude")

    assert code == 422 and unknown[0] == 422
    assert app.get(f"/v1/comments/{comment_id}").json()["status"] == "pending"
    assert namespace_dump(redis_client, namespace) == before


def test_unknown_comment_is_404(app: TestClient, ana: dict[str, str]) -> None:
    assert _decide(app, ana, "nope", decision="approve")[0] == 404
    assert app.get("/v1/review/items/nope", headers=ana).status_code == 404
    assert app.post("/v1/review/items/nope/release", headers=ana).status_code == 404


def test_bulk_decisions_answer_each_item_on_its_own(app: TestClient, ana: dict[str, str], bob: dict[str, str]) -> None:
    free, taken, decided = submit_pending(app), submit_pending(app), submit_pending(app)
    app.post(f"/v1/review/items/{taken}/claim", headers=bob)
    _decide(app, bob, decided, decision="approve")

    response = app.post(
        "/v1/review/decisions",
        headers=ana,
        json={
            "decisions": [
                {"comment_id": free, "decision": "reject", "reason": "spam"},
                {"comment_id": taken, "decision": "approve"},
                {"comment_id": decided, "decision": "approve"},
                {"comment_id": "missing", "decision": "approve"},
            ]
        },
    )

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status_code"] for r in results] == [200, 409, 409, 404]
    assert results[0]["outcome"]["status"] == "spam"
    assert [r.get("error", {}).get("code") for r in results[1:]] == ["claimed_by_other", "already_decided", "not_found"]
    assert app.get(f"/v1/comments/{free}").json()["status"] == "spam"
    assert app.get(f"/v1/comments/{taken}").json()["status"] == "pending"


def test_available_only_hides_items_other_moderators_hold(
    app: TestClient, ana: dict[str, str], bob: dict[str, str]
) -> None:
    mine, theirs, free = submit_pending(app), submit_pending(app), submit_pending(app)
    app.post(f"/v1/review/items/{mine}/claim", headers=ana)
    app.post(f"/v1/review/items/{theirs}/claim", headers=bob)

    listed = app.get("/v1/review/items", headers=ana, params={"available_only": "true"}).json()["items"]

    assert {i["id"] for i in listed} == {mine, free}


def test_stats_count_queue_decisions_per_moderator_and_model_agreement(
    app: TestClient, ana: dict[str, str], bob: dict[str, str], admin: dict[str, str], redis_client: redis.Redis,
    namespace: str,
) -> None:  # fmt: skip
    keys = Keys(namespace)
    now = time.time()
    hold = [{"code": "model_hold", "source": "model", "head": "toxicity", "params": {}}]
    flagged = seed_item(redis_client, keys, scores={"toxicity": 0.7, "spam": 0.1}, reasons=hold, language="en")
    flagged_ok = seed_item(redis_client, keys, scores={"toxicity": 0.6, "spam": 0.1}, reasons=hold, language="en")
    old = seed_item(redis_client, keys, created_at=now - 500)
    rules = submit_pending(app)
    _decide(app, ana, flagged, decision="reject", reason="insult")
    _decide(app, bob, flagged_ok, decision="approve")
    _decide(app, ana, rules, decision="approve")

    stats = app.get("/v1/review/stats", headers=admin).json()

    assert stats["queue"]["length"] == 1
    assert stats["queue"]["oldest_age_seconds"] == pytest.approx(500, abs=5)
    today = time.strftime("%Y-%m-%d", time.gmtime())
    assert stats["decisions_per_day"][today] == {"ana": 2, "bob": 1}
    toxicity = stats["agreement"]["toxicity"]["en"]
    assert toxicity["matrix"] == {"hold": {"rejected": 1, "approved": 1}}
    assert (toxicity["total"], toxicity["agreed"], toxicity["rate"]) == (2, 1, 0.5)
    spam = stats["agreement"]["spam"]["en"]
    assert spam["matrix"] == {"approve": {"rejected": 1, "approved": 1}}
    assert (spam["held"], spam["rate"]) == (False, None)  # it never held: no call to agree with, not 50%
    assert stats["agreement_by_head"]["toxicity"] == {"total": 2, "agreed": 1, "held": True, "rate": 0.5}
    assert stats["agreement_by_head"]["spam"]["rate"] is None
    assert stats["agreement"]["no_model"]["fr"]["matrix"] == {"none": {"approved": 1}}
    assert stats["agreement"]["no_model"]["fr"]["rate"] is None
    assert redis_client.zscore(keys.queue(), old) is not None


def test_stats_chart_comments_per_day_by_outcome_and_model_and_the_time_to_decision(
    app: TestClient, ana: dict[str, str], admin: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    held = [submit_pending(app) for _ in range(3)]
    approved = app.post("/v1/comments", json={"comment": "Merci pour cet article.", "author": "Zoé",
                                              "email": "zoe@example.fr", "comment_post_ID": "7"})  # fmt: skip
    assert approved.json()["status"] == "approved"
    # one comment waited two hours: its record says when it came
    redis_client.hset(Keys(namespace).comment(held[0]), "created_at", repr(time.time() - 7_200))
    for comment_id in held[:2]:
        _decide(app, ana, comment_id, decision="approve")

    stats = app.get("/v1/review/stats", headers=admin, params={"days": 2}).json()

    today = time.strftime("%Y-%m-%d", time.gmtime())
    assert sorted(stats["intake_per_day"]) == sorted(stats["time_to_decision"]) and len(stats["intake_per_day"]) == 2
    intake = stats["intake_per_day"][today]
    assert (intake["total"], intake["statuses"], intake["held_share"]) == (4, {"pending": 3, "approved": 1}, 0.75)
    assert sum(intake["models"].values()) == 4
    waited = stats["time_to_decision"][today]
    assert waited["decisions"] == 2
    assert {k: v for k, v in waited["buckets"].items() if v} == {"under_5m": 1, "under_6h": 1}
    assert waited["mean_seconds"] == pytest.approx(3_600, abs=30)


def test_a_page_of_the_queue_answers_304_to_its_etag_until_a_comment_arrives_or_is_claimed(
    app: TestClient, ana: dict[str, str], bob: dict[str, str]
) -> None:
    first = submit_pending(app)
    page = app.get("/v1/review/items", headers=ana)
    etag = page.headers["etag"]

    assert app.get("/v1/review/items", headers={**ana, "If-None-Match": etag}).status_code == 304
    second = submit_pending(app)
    fresh = app.get("/v1/review/items", headers={**ana, "If-None-Match": etag})
    assert fresh.status_code == 200 and {i["id"] for i in fresh.json()["items"]} == {first, second}
    assert app.post(f"/v1/review/items/{second}/claim", headers=bob).status_code == 200
    claimed = app.get("/v1/review/items", headers={**ana, "If-None-Match": fresh.headers["etag"]})
    assert claimed.status_code == 200
    holders = {i["id"]: (i["claim"] or {}).get("moderator") for i in claimed.json()["items"]}
    assert holders == {first: None, second: "bob"}


def test_audit_log_lists_decisions_latest_first_with_paging(
    app: TestClient, ana: dict[str, str], admin: dict[str, str]
) -> None:
    ids = [submit_pending(app) for _ in range(3)]
    for comment_id in ids:
        _decide(app, ana, comment_id, decision="reject", reason="harassment", note="n")

    page1 = app.get("/v1/review/audit", headers=admin, params={"limit": 2}).json()
    page2 = app.get("/v1/review/audit", headers=admin, params={"limit": 2, "before": page1["next_before"]}).json()

    assert [e["comment_id"] for e in page1["entries"] + page2["entries"]] == ids[::-1]
    entry = page1["entries"][0]
    assert (entry["moderator"], entry["from"], entry["to"], entry["reason"], entry["note"]) == (
        "ana", "pending", "rejected", "harassment", "n",
    )  # fmt: skip
    assert page2["next_before"] is None


@pytest.mark.parametrize("route", ["/v1/review/audit", "/v1/review/deliveries"])
def test_paging_from_the_first_possible_entry_gives_an_empty_page_not_a_500(
    app: TestClient, ana: dict[str, str], admin: dict[str, str], route: str
) -> None:
    _decide(app, ana, submit_pending(app), decision="approve")

    response = app.get(route, headers=admin, params={"before": "0-0"})

    assert response.status_code == 200
    assert response.json()["entries" if route.endswith("audit") else "attempts"] == []


@pytest.mark.parametrize("route", ["/v1/review/audit", "/v1/review/deliveries"])
@pytest.mark.parametrize("before", ["18446744073709551616-0", "1-99999999999999999999", "1" * 5000 + "-0", "x-1"])
def test_a_cursor_redis_cannot_hold_is_a_422(app: TestClient, admin: dict[str, str], route: str, before: str) -> None:
    assert app.get(route, headers=admin, params={"before": before}).status_code == 422


def test_paging_just_below_a_millisecond_boundary_keeps_older_entries(
    app: TestClient, ana: dict[str, str], admin: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    redis_client.xadd(keys.audit(), {"comment_id": "older"}, id="5-18446744073709551615")
    redis_client.xadd(keys.audit(), {"comment_id": "newer"}, id="6-0")

    page = app.get("/v1/review/audit", headers=admin, params={"before": "6-0"}).json()

    assert [e["comment_id"] for e in page["entries"]] == ["older"]


@pytest.mark.parametrize(
    "params", [{"offset": "10000000000000000000"}, {"min_age": "inf"}, {"max_age": "1e400"}, {"offset": "-1"}]
)
def test_out_of_range_queue_filters_are_a_422_not_a_500(
    app: TestClient, ana: dict[str, str], params: dict[str, str]
) -> None:
    assert app.get("/v1/review/items", headers=ana, params=params).status_code == 422


def test_audit_item_decision_counts_towards_missed_abuse(
    app: TestClient, ana: dict[str, str], admin: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    comment_id = seed_item(redis_client, keys)
    redis_client.hset(keys.comment(comment_id), mapping={"status": "approved", "audit": "1"})

    code, outcome = _decide(app, ana, comment_id, decision="reject", reason="insult")

    assert code == 200 and outcome["previous_status"] == "approved" and outcome["status"] == "rejected"
    stats = app.get("/v1/review/stats", headers=admin).json()
    assert stats["audit_items"] == {"decided": 1, "rejected": 1, "missed_abuse_rate": 1.0}


def test_concurrent_decisions_on_one_item_apply_exactly_once(
    app: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    tokens = [auth(add_moderator(app, f"m{i}")) for i in range(6)]
    comment_id = submit_pending(app)
    codes: list[int] = []
    start = threading.Barrier(len(tokens))

    def decide(headers: dict[str, str]) -> None:
        start.wait()
        codes.append(_decide(app, headers, comment_id, decision="reject", reason="spam")[0])

    threads = [threading.Thread(target=decide, args=(t,)) for t in tokens]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert sorted(codes) == [200, 409, 409, 409, 409, 409]
    keys = Keys(namespace)
    assert redis_client.xlen(keys.audit()) == 1
    assert redis_client.xlen(keys.labels()) == 1


def test_an_expired_claim_lets_another_moderator_take_and_decide_the_item(
    review_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    # A live claim refusing others is test_deciding_an_item_claimed_by_someone_else_is_409_and_changes_nothing;
    # here the claim only has to run out, so it is short.
    with TestClient(create_app(review_settings.model_copy(update={"review_lease_seconds": 0.1}))) as short:
        ana, bob = auth(add_moderator(short, "ana")), auth(add_moderator(short, "bob"))
        comment_id = submit_pending(short)
        assert short.post("/v1/review/claim", headers=ana).json()["id"] == comment_id

        def bobs_claim() -> str | None:  # 204 while ana's lease lives
            response = short.post("/v1/review/claim", headers=bob)
            return str(response.json()["id"]) if response.status_code == 200 else None

        assert wait_until(bobs_claim, what="ana's lease to run out") == comment_id
        assert _decide(short, bob, comment_id, decision="approve")[0] == 200
        assert _decide(short, ana, comment_id, decision="approve")[0] == 409


def test_claim_honours_filters_and_order(app: TestClient, ana: dict[str, str]) -> None:
    on_other_post = submit_pending(app, post="8")
    english = submit_pending(app, post="9", lang="en")
    french = submit_pending(app, post="9", lang="fr")

    by_post = app.post("/v1/review/claim", headers=ana, json={"post_id": "9", "order": "oldest"})
    by_language = app.post("/v1/review/claim", headers=ana, json={"post_id": "9", "language": "fr"})
    none_left = app.post("/v1/review/claim", headers=ana, json={"post_id": "9"})

    assert by_post.json()["id"] == english
    assert by_language.json()["id"] == french
    assert none_left.status_code == 204
    assert app.post("/v1/review/claim", headers=ana).json()["id"] == on_other_post


def test_a_bad_body_without_a_token_is_still_401(app: TestClient) -> None:
    response = app.post("/v1/review/items/x/decision", json={"decision": "maybe"})

    assert response.status_code == 401


def test_claim_skips_and_drops_items_whose_record_expired(
    app: TestClient, ana: dict[str, str], redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    expired = seed_item(redis_client, keys, risk=0.9)
    alive = seed_item(redis_client, keys, risk=0.1)
    redis_client.delete(keys.comment(expired))  # as if its retention ran out

    claimed = app.post("/v1/review/claim", headers=ana)

    assert claimed.json()["id"] == alive
    assert redis_client.zscore(keys.queue(), expired) is None
    assert app.get("/v1/review/items", headers=ana).json()["total"] == 1


def test_decisions_are_counted_in_prometheus_metrics(app: TestClient, ana: dict[str, str]) -> None:
    def count() -> float:
        for line in app.get("/metrics").text.splitlines():
            if line.startswith('moderation_review_decisions_total{status="spam"}'):
                return float(line.split()[-1])
        return 0.0

    before = count()
    _decide(app, ana, submit_pending(app), decision="reject", reason="spam")

    assert count() == before + 1

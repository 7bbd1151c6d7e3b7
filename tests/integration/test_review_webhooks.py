"""Outcome delivery against a real local HTTP receiver: signature, retries with backoff, restarts, the log."""

from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from pydantic import SecretStr

from moderation.config import Settings
from moderation.main import create_app
from moderation.storage.keys import Keys
from moderation.webhooks.outbox import verify
from tests.integration.review_support import add_moderator, auth, review_settings_from, submit_pending
from tests.support.waiting import wait_until

pytestmark = pytest.mark.redis

SECRET = "webhook-test-secret"


@dataclass
class Receiver:
    """A tiny site endpoint: answers each POST with the next planned status (then 200) and records it."""

    planned: list[int] = field(default_factory=list)
    calls: list[dict[str, Any]] = field(default_factory=list)
    url: str = ""

    def answer(self) -> int:
        return self.planned.pop(0) if self.planned else 200

    def delivered(self) -> list[dict[str, Any]]:
        return [c for c in self.calls if c["status"] == 200]


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            status = state.answer()
            state.calls.append({"body": body, "headers": dict(self.headers), "status": status, "at": time.time()})
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:  # keep test output quiet
            return

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/moderation"
    # a short poll interval: shutdown() at teardown returns within 50 ms instead of the default 0.5 s
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


def _settings(rules_settings: Settings, receiver: Receiver, **overrides: Any) -> Settings:
    webhook: dict[str, Any] = {
        "webhook_url": receiver.url,
        "webhook_secret": SecretStr(SECRET),
        "webhook_backoff_seconds": 0.2,
        "webhook_poll_seconds": 0.05,
        "webhook_timeout_seconds": 2.0,
    }
    return review_settings_from(rules_settings, **{**webhook, **overrides})


def test_decision_is_delivered_once_with_a_verifiable_signature(rules_settings: Settings, receiver: Receiver) -> None:
    with TestClient(create_app(_settings(rules_settings, receiver))) as app:
        token = auth(add_moderator(app, "ana"))
        admin = auth(add_moderator(app, "chef", admin=True))
        comment_id = submit_pending(app, post="314")
        decision = {"decision": "reject", "reason": "insult"}
        # taken before the decision the event is for (taken after its delivery, it failed when that crossed a second)
        decided_from = int(time.time())  # whole seconds, as the header
        assert app.post(f"/v1/review/items/{comment_id}/decision", headers=token, json=decision).status_code == 200
        wait_until(lambda: len(receiver.delivered()) == 1, what="the decision's delivery")
        # The same decision again is idempotent: no second event. An event it queued would be pending until
        # delivered, so once nothing is pending every event there will ever be for it has reached the receiver.
        assert app.post(f"/v1/review/items/{comment_id}/decision", headers=token, json=decision).status_code == 200
        wait_until(lambda: app.get("/v1/review/deliveries", headers=admin).json()["pending"] == 0, what="no pending")

    [call] = receiver.calls
    arrived = call["at"]
    body, headers = call["body"], call["headers"]
    timestamp = headers["X-Moderation-Timestamp"]
    expected = "sha256=" + hmac.new(SECRET.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert headers["X-Moderation-Signature"] == expected
    assert verify(body, SECRET, headers["X-Moderation-Signature"], timestamp)
    assert not verify(body + b" ", SECRET, headers["X-Moderation-Signature"], timestamp)
    assert not verify(body, SECRET, headers["X-Moderation-Signature"], str(int(timestamp) + 3600)), "replay"
    # stamped when it was sent: after the decision was asked for, before it arrived (an order, not a time bound)
    assert decided_from <= int(timestamp) <= arrived
    assert headers["Content-Type"] == "application/json"
    payload = json.loads(body)
    assert payload["event"] == "comment.decided"
    assert headers["X-Moderation-Event"] == payload["event_id"]
    assert (payload["comment_id"], payload["post_id"], payload["status"], payload["previous_status"]) == (
        comment_id, "314", "rejected", "pending",
    )  # fmt: skip
    assert (payload["decision"], payload["reason"], payload["moderator"]) == ("reject", "insult", "ana")


def test_a_revert_tells_the_site_the_comment_is_pending_again(rules_settings: Settings, receiver: Receiver) -> None:
    with TestClient(create_app(_settings(rules_settings, receiver))) as app:
        ana, bob = auth(add_moderator(app, "ana")), auth(add_moderator(app, "bob"))
        comment_id = submit_pending(app, post="271")
        assert (
            app.post(f"/v1/review/items/{comment_id}/decision", headers=ana, json={"decision": "approve"}).status_code
            == 200
        )
        assert app.post(f"/v1/review/items/{comment_id}/revert", headers=bob).status_code == 200
        wait_until(lambda: len(receiver.delivered()) == 2)

    decided, reverted = sorted(
        (json.loads(c["body"]) for c in receiver.delivered()), key=lambda p: p["decision"] == "revert"
    )
    assert (decided["status"], decided["previous_status"], decided["moderator"]) == ("approved", "pending", "ana")
    assert reverted["event"] == "comment.decided" and reverted["event_id"] != decided["event_id"]
    assert (reverted["comment_id"], reverted["post_id"], reverted["status"], reverted["previous_status"]) == (
        comment_id, "271", "pending", "approved",
    )  # fmt: skip
    assert (reverted["decision"], reverted["reason"], reverted["moderator"]) == ("revert", None, "bob")


def test_failing_receiver_is_retried_with_backoff_until_it_recovers(
    rules_settings: Settings, receiver: Receiver
) -> None:
    receiver.planned = [500, 503, 500]
    with TestClient(create_app(_settings(rules_settings, receiver))) as app:
        ana = auth(add_moderator(app, "ana"))
        admin = auth(add_moderator(app, "chef", admin=True))
        comment_id = submit_pending(app)
        app.post(f"/v1/review/items/{comment_id}/decision", headers=ana, json={"decision": "approve"})
        wait_until(lambda: len(receiver.delivered()) == 1)
        log = app.get("/v1/review/deliveries", headers=admin).json()

    assert [c["status"] for c in receiver.calls] == [500, 503, 500, 200]
    assert len({c["body"] for c in receiver.calls}) == 1  # every retry sends the same signed bytes
    gaps = [b["at"] - a["at"] for a, b in itertools.pairwise(receiver.calls)]
    assert gaps[0] >= 0.18 and gaps[1] >= 0.38 and gaps[2] >= 0.78  # 0.2 s, then doubling
    assert log["configured"] is True and log["pending"] == 0 and log["dead"] == 0
    attempts = log["attempts"]  # latest first
    assert [(a["outcome"], a["attempt"], a["status_code"]) for a in attempts] == [
        ("delivered", 4, 200), ("retry", 3, 500), ("retry", 2, 503), ("retry", 1, 500),
    ]  # fmt: skip
    assert {a["comment_id"] for a in attempts} == {comment_id}


def test_undelivered_events_survive_a_restart(
    rules_settings: Settings, receiver: Receiver, redis_client: redis.Redis, namespace: str
) -> None:
    receiver.planned = [500] * 1000
    with TestClient(create_app(_settings(rules_settings, receiver, webhook_backoff_seconds=30.0))) as app:
        ana = auth(add_moderator(app, "ana"))
        comment_id = submit_pending(app)
        app.post(f"/v1/review/items/{comment_id}/decision", headers=ana, json={"decision": "approve"})
        wait_until(lambda: len(receiver.calls) == 1)
    assert redis_client.zcard(Keys(namespace).outbox_due()) == 1

    receiver.planned = []
    # Make the retry due now, as if the 30 s had passed while the service was down.
    [(event_id, _)] = redis_client.zrange(Keys(namespace).outbox_due(), 0, 0, withscores=True)
    redis_client.zadd(Keys(namespace).outbox_due(), {event_id: time.time()})
    with TestClient(create_app(_settings(rules_settings, receiver))):
        wait_until(lambda: len(receiver.delivered()) == 1)

    assert json.loads(receiver.delivered()[0]["body"])["comment_id"] == comment_id
    assert redis_client.zcard(Keys(namespace).outbox_due()) == 0


def test_event_is_set_aside_after_the_last_attempt(
    rules_settings: Settings, receiver: Receiver, redis_client: redis.Redis, namespace: str
) -> None:
    receiver.planned = [500] * 10
    settings = _settings(rules_settings, receiver, webhook_max_attempts=2, webhook_backoff_seconds=0.05)
    with TestClient(create_app(settings)) as app:
        ana = auth(add_moderator(app, "ana"))
        admin = auth(add_moderator(app, "chef", admin=True))
        app.post(f"/v1/review/items/{submit_pending(app)}/decision", headers=ana, json={"decision": "approve"})
        wait_until(lambda: app.get("/v1/review/deliveries", headers=admin).json()["dead"] == 1)
        log = app.get("/v1/review/deliveries", headers=admin).json()

    assert len(receiver.calls) == 2
    assert [a["outcome"] for a in log["attempts"]] == ["dead", "retry"]
    assert log["pending"] == 0


def test_no_webhook_configured_means_no_outbox(
    rules_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    with TestClient(create_app(review_settings_from(rules_settings))) as app:
        ana = auth(add_moderator(app, "ana"))
        app.post(f"/v1/review/items/{submit_pending(app)}/decision", headers=ana, json={"decision": "approve"})

    assert redis_client.exists(Keys(namespace).outbox_events()) == 0


def test_webhook_url_without_secret_is_refused_at_start(rules_settings: Settings) -> None:
    with pytest.raises(ValueError, match="MODERATION_WEBHOOK_SECRET"):
        Settings(**{**rules_settings.model_dump(), "webhook_url": "http://127.0.0.1:9/x", "webhook_secret": None})

"""The webhook outbox: decisions to deliver, kept in Redis so they survive restarts, with retries and a log.

`Keys.outbox_due()` (sorted set: event id -> next attempt time) says what is due; `Keys.outbox_events()`
(hash) holds each event's exact body and attempt count. A worker takes due events with a Lua script that
pushes their due time forward by a visibility timeout, so two workers (or processes) never send the same
event at once, and an event whose worker died is retried after the timeout.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import uuid
from dataclasses import dataclass
from typing import Any

import redis
from redis.typing import EncodableT, FieldT

from moderation.storage import scripts
from moderation.storage.keys import Keys
from moderation.storage.streams import newest_first_end

SIGNATURE_HEADER = "X-Moderation-Signature"
TIMESTAMP_HEADER = "X-Moderation-Timestamp"
EVENT_HEADER = "X-Moderation-Event"

#: Delivery log entries kept (older ones are trimmed).
LOG_MAX_ENTRIES = 10_000


def sign(body: bytes, secret: str, timestamp: str) -> str:
    """The signature header's value: `sha256=` and the hex HMAC-SHA256 of `<timestamp>.<raw body>`.

    The timestamp is signed too, so a receiver that refuses old timestamps cannot be fed a replayed call.
    """
    return "sha256=" + hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256).hexdigest()


def verify(body: bytes, secret: str, header: str, timestamp: str) -> bool:
    """Whether a signature header matches the timestamp and body (what a receiver does)."""
    return hmac.compare_digest(sign(body, secret, timestamp), header)


def encode(payload: dict[str, Any]) -> str:
    """The exact body sent for an event (stable bytes, so retries send the same signature)."""
    return json.dumps(payload, separators=(",", ":"), sort_keys=True, ensure_ascii=False)


def add_event(pipe: redis.client.Pipeline, *, keys: Keys, payload: dict[str, Any], now: float) -> str:
    """Queue one event for delivery on the caller's pipeline (a guarded commit's writes); return its id."""
    event_id = str(payload.get("event_id") or uuid.uuid4().hex)
    payload = {**payload, "event_id": event_id}
    pipe.hset(keys.outbox_events(), event_id, _entry(encode(payload), 0))
    pipe.zadd(keys.outbox_due(), {event_id: now})
    return event_id


def _entry(body: str, attempts: int) -> str:
    return json.dumps({"body": body, "attempts": attempts})


@dataclass(frozen=True, slots=True)
class PendingEvent:
    """An event taken for delivery."""

    event_id: str
    body: str
    attempts: int


class Outbox:
    """Take due events, record each attempt's outcome, reschedule with exponential backoff."""

    def __init__(
        self,
        *,
        client: redis.Redis,
        keys: Keys,
        max_attempts: int,
        backoff_seconds: float,
        max_backoff_seconds: float = 3600.0,
        visibility_seconds: float = 60.0,
    ) -> None:
        self.client = client
        self.keys = keys
        self.max_attempts = max_attempts
        self.backoff_seconds = backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.visibility_seconds = visibility_seconds
        self._take = scripts.register(client, "take_due_events")

    def take_due(self, *, now: float | None = None, limit: int = 20) -> list[PendingEvent]:
        """Reserve up to `limit` due events (hidden from other workers for the visibility timeout)."""
        now = time.time() if now is None else now
        ids: list[str] = self._take(
            keys=[self.keys.outbox_due()], args=[repr(now), repr(now + self.visibility_seconds), limit]
        )
        if not ids:
            return []
        raw: list[Any] = self.client.hmget(self.keys.outbox_events(), ids)
        out = []
        for event_id, entry in zip(ids, raw, strict=True):
            if entry is None:  # delivered meanwhile by another worker whose visibility had lapsed
                self.client.zrem(self.keys.outbox_due(), event_id)
                continue
            data = json.loads(entry)
            out.append(PendingEvent(event_id=event_id, body=data["body"], attempts=int(data["attempts"])))
        return out

    def backoff(self, attempts: int) -> float:
        """Seconds to wait after the `attempts`-th failure: base * 2^(attempts-1), capped."""
        return float(min(self.backoff_seconds * 2 ** max(attempts - 1, 0), self.max_backoff_seconds))

    def delivered(self, event: PendingEvent, *, status_code: int, duration_ms: float) -> None:
        """Forget a delivered event and log the success."""
        with self.client.pipeline(transaction=True) as pipe:
            pipe.zrem(self.keys.outbox_due(), event.event_id)
            pipe.hdel(self.keys.outbox_events(), event.event_id)
            self._log(pipe, event, outcome="delivered", attempt=event.attempts + 1, status_code=status_code,
                      error="", duration_ms=duration_ms)  # fmt: skip
            pipe.execute()

    def failed(self, event: PendingEvent, *, status_code: int | None, error: str, duration_ms: float) -> str:
        """Reschedule a failed event with backoff, or give up after `max_attempts`; return the outcome."""
        attempts = event.attempts + 1
        now = time.time()
        with self.client.pipeline(transaction=True) as pipe:
            if attempts >= self.max_attempts:
                outcome = "dead"
                pipe.zrem(self.keys.outbox_due(), event.event_id)
                pipe.hdel(self.keys.outbox_events(), event.event_id)
                pipe.hset(self.keys.outbox_dead(), event.event_id, _entry(event.body, attempts))
            else:
                outcome = "retry"
                pipe.hset(self.keys.outbox_events(), event.event_id, _entry(event.body, attempts))
                pipe.zadd(self.keys.outbox_due(), {event.event_id: now + self.backoff(attempts)})
            self._log(pipe, event, outcome=outcome, attempt=attempts, status_code=status_code, error=error,
                      duration_ms=duration_ms)  # fmt: skip
            pipe.execute()
        return outcome

    def _log(
        self,
        pipe: redis.client.Pipeline,
        event: PendingEvent,
        *,
        outcome: str,
        attempt: int,
        status_code: int | None,
        error: str,
        duration_ms: float,
    ) -> None:
        comment_id = str(json.loads(event.body).get("comment_id", ""))
        fields: dict[FieldT, EncodableT] = {
            "event_id": event.event_id,
            "comment_id": comment_id,
            "outcome": outcome,
            "attempt": str(attempt),
            "status_code": "" if status_code is None else str(status_code),
            "error": error[:200],
            "duration_ms": f"{duration_ms:.1f}",
            "at": repr(time.time()),
        }
        pipe.xadd(self.keys.delivery_log(), fields, maxlen=LOG_MAX_ENTRIES, approximate=True)

    def pending_count(self) -> int:
        """Events waiting for delivery (including those being retried)."""
        return int(self.client.zcard(self.keys.outbox_due()))

    def dead_count(self) -> int:
        """Events that exhausted their attempts."""
        return int(self.client.hlen(self.keys.outbox_dead()))

    def log(self, *, limit: int = 50, before: str | None = None) -> list[dict[str, Any]]:
        """Latest delivery attempts first; `before` is a log id to page from."""
        end = newest_first_end(before)
        if end is None:
            return []
        entries: Any = self.client.xrevrange(self.keys.delivery_log(), max=end, min="-", count=limit)
        out = []
        for entry_id, fields in entries:
            item: dict[str, Any] = {"id": entry_id, **fields}
            item["attempt"] = int(fields.get("attempt", "0"))
            item["status_code"] = int(fields["status_code"]) if fields.get("status_code") else None
            item["duration_ms"] = float(fields.get("duration_ms", "0"))
            item["at"] = float(fields.get("at", "0"))
            out.append(item)
        return out

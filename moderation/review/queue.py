"""The review queue of held comments (a Redis sorted set; lowest score is served first)."""

from __future__ import annotations

import redis

from moderation.keys import Keys

#: Risk is bucketed to 0.01 so that, inside a bucket, older comments come first.
_RISK_WEIGHT = 1e11


def priority(*, risk: float, created_at: float) -> float:
    """Queue score: highest risk first, then oldest first."""
    return -round(risk, 2) * _RISK_WEIGHT + created_at


def enqueue(
    pipe: redis.client.Pipeline, *, keys: Keys, comment_id: str, risk: float, created_at: float, audit: bool = False
) -> None:
    """Add a held comment (or, with `audit`, a sampled approved one) to the queue inside the caller's MULTI."""
    pipe.zadd(keys.queue(), {comment_id: priority(risk=risk, created_at=created_at)})
    if audit:  # the comment stays approved; its record says it is in the queue only to be checked
        pipe.hset(keys.comment(comment_id), "audit", "1")

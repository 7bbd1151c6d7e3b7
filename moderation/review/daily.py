"""Per-day counters the administrators' view charts: comments by intake outcome and model, time to decision.

Each is a hash per UTC day, written in the same transaction as the comment or the decision it counts, and
kept as long as the decisions-per-day counters.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

import redis

from moderation.storage.keys import Keys

#: Day counters are kept this long (as the decisions per day).
DAY_COUNTER_TTL = 400 * 86_400
#: Upper bounds (seconds) of the time-to-decision buckets; the last bucket is open.
WAIT_BUCKETS: tuple[tuple[str, float], ...] = (
    ("under_5m", 300.0),
    ("under_1h", 3_600.0),
    ("under_6h", 21_600.0),
    ("under_24h", 86_400.0),
    ("over_24h", float("inf")),
)


def day_of(at: float) -> str:
    """The UTC day (YYYY-MM-DD) of a timestamp."""
    return dt.datetime.fromtimestamp(at, dt.UTC).strftime("%Y-%m-%d")


def wait_bucket(seconds: float) -> str:
    """The time-to-decision bucket of a wait."""
    return next(name for name, bound in WAIT_BUCKETS if seconds < bound)


def count_intake(pipe: redis.client.Pipeline, *, keys: Keys, status: str, model_version: str, at: float) -> None:
    """Count one stored comment under its day, intake status and scoring model (on the caller's transaction)."""
    key = keys.intake_per_day(day_of(at))
    pipe.hincrby(key, f"status:{status}", 1)
    pipe.hincrby(key, f"model:{model_version or 'rules-only'}", 1)
    pipe.expire(key, DAY_COUNTER_TTL)


def count_wait(
    pipe: redis.client.Pipeline, *, keys: Keys, created_at: float, decided_at: float, sign: Literal[1, -1]
) -> None:
    """Count a decision's time in the queue (`sign` 1), or take it back when the decision is reverted (-1)."""
    waited = max(0.0, decided_at - created_at)
    key = keys.wait_per_day(day_of(decided_at))
    pipe.hincrby(key, wait_bucket(waited), sign)
    pipe.hincrby(key, "count", sign)
    pipe.hincrbyfloat(key, "seconds", sign * waited)
    if sign > 0:
        pipe.expire(key, DAY_COUNTER_TTL)


def read_days(client: redis.Redis, *, keys: Keys, days: list[str]) -> dict[str, Any]:
    """Per day: comments by intake status and model version, decisions by wait bucket and mean wait."""
    with client.pipeline(transaction=False) as pipe:
        for day in days:
            pipe.hgetall(keys.intake_per_day(day))
            pipe.hgetall(keys.wait_per_day(day))
        raw: list[dict[str, str]] = pipe.execute()
    intake: dict[str, Any] = {}
    waits: dict[str, Any] = {}
    for i, day in enumerate(days):
        counts, wait = raw[2 * i], raw[2 * i + 1]
        statuses = {f[7:]: int(v) for f, v in counts.items() if f.startswith("status:") and int(v)}
        models = {f[6:]: int(v) for f, v in counts.items() if f.startswith("model:") and int(v)}
        total = sum(statuses.values())
        intake[day] = {
            "total": total,
            "statuses": statuses,
            "models": models,
            "held_share": round(statuses.get("pending", 0) / total, 4) if total else None,
        }
        n = int(wait.get("count", 0))
        waits[day] = {
            "decisions": n,
            "buckets": {name: int(wait.get(name, 0)) for name, _ in WAIT_BUCKETS},
            "mean_seconds": round(float(wait.get("seconds", 0)) / n, 1) if n > 0 else None,
        }
    return {"intake_per_day": intake, "time_to_decision": waits}

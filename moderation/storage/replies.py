"""Redis replies as the text they are: every client is opened with `decode_responses=True` (`storage/clients.py`).

redis-py types a sync client's replies as `bytes | str` whatever the client was opened with; these reads say
once that ours decode every reply to `str`, instead of each caller assigning against its declared type.
"""

from __future__ import annotations

from typing import cast

import redis


def hash_text(client: redis.Redis, key: str) -> dict[str, str]:
    """Every field of a hash and its value (HGETALL); empty when the key does not exist."""
    return cast(dict[str, str], client.hgetall(key))


def values_text(client: redis.Redis, keys: list[str]) -> list[str | None]:
    """The values of string keys, in order (MGET); None where a key does not exist."""
    return cast(list[str | None], client.mget(keys))


def members_text(client: redis.Redis, key: str) -> set[str]:
    """The members of a set (SMEMBERS)."""
    return cast(set[str], client.smembers(key))


def range_text(client: redis.Redis, key: str, start: int = 0, end: int = -1) -> list[str]:
    """The members of a sorted set from rank `start` to `end`, lowest score first (ZRANGE)."""
    return cast(list[str], client.zrange(key, start, end))


def range_scored(client: redis.Redis, key: str, start: int = 0, end: int = -1) -> list[tuple[str, float]]:
    """The (member, score) pairs of a sorted set from rank `start` to `end`, lowest score first."""
    return cast(list[tuple[str, float]], client.zrange(key, start, end, withscores=True))

"""Everything a test namespace holds in Redis, value by value, to compare before and after a request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis


@dataclass(frozen=True)
class Stored:
    """One key's Redis type, full value, and whether it has a TTL (not the TTL itself, which counts down)."""

    type: str
    value: Any
    expires: bool


def namespace_dump(client: redis.Redis, namespace: str) -> dict[str, Stored]:
    """Every key under `{namespace}` with its type and full value, so a rewritten value shows as a change.

    Strings, hashes, lists, sets, sorted sets (with scores) and streams (with entries) are read in full; any
    other type fails the test, so a new kind of key is never compared by its name alone. Consumer groups of
    streams are not read: the service creates none.
    """
    assert client.get_connection_kwargs().get("decode_responses"), "pass a client that decodes to str"
    out: dict[str, Stored] = {}
    for key in sorted(client.scan_iter(match=f"{{{namespace}}}*", count=1000)):
        kind = client.type(key)
        value: Any
        if kind == "none":
            continue  # expired between SCAN and TYPE
        if kind == "string":
            value = client.get(key)
        elif kind == "hash":
            value = client.hgetall(key)
        elif kind == "list":
            value = client.lrange(key, 0, -1)
        elif kind == "set":
            value = client.smembers(key)
        elif kind == "zset":
            value = client.zrange(key, 0, -1, withscores=True)
        elif kind == "stream":
            value = client.xrange(key)
        else:
            raise AssertionError(f"{key!r} is a Redis {kind!r}, which namespace_dump does not read")
        out[key] = Stored(type=kind, value=value, expires=client.pttl(key) >= 0)
    return out

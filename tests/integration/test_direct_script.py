"""The intake's scripts sent with the fewest layers (`DirectScript`): the answers redis-py's path gives, a script
the server does not know loaded, a connection the server dropped retried, a server that is gone an error."""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import pytest
import redis
import redis.asyncio

from moderation.storage.clients import async_client_from_url
from moderation.storage.scripts import DirectScript
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.redis

# Writes ARGV[1] to KEYS[1], then answers every key and argument back with a number and a nil in between.
_ECHO = """
redis.call('SET', KEYS[1], ARGV[1], 'EX', 60)
local out = {}
for _, k in ipairs(KEYS) do out[#out + 1] = k end
out[#out + 1] = 7
for _, a in ipairs(ARGV) do out[#out + 1] = a end
return out
"""


def _script() -> str:
    """The echo under a text of its own (a comment with a fresh id): a SHA no server has loaded yet."""
    return f"-- {uuid.uuid4().hex}\n{_ECHO}"


def _client(**options: Any) -> redis.asyncio.Redis:
    from redis.asyncio.retry import Retry
    from redis.backoff import NoBackoff

    return async_client_from_url(REDIS_URL, decode_responses=True, retry=Retry(NoBackoff(), 1), **options)


def test_it_answers_as_redis_py_and_loads_a_script_the_server_does_not_know(namespace: str) -> None:
    key = f"{{{namespace}}}:direct"
    text = _script()
    args = ["é€ 😀", "", "a b", "x" * 5000]

    async def run() -> tuple[list[Any], list[Any]]:
        client = _client()
        try:
            direct = await DirectScript(client, text)(keys=[key, key], args=args)  # NOSCRIPT first: loaded, sent again
            via_redis_py = await client.register_script(text)(keys=[key, key], args=args)
            return direct, via_redis_py
        finally:
            await client.aclose()

    direct, via_redis_py = asyncio.run(run())
    assert direct == via_redis_py == [key, key, 7, *args]


def test_a_connection_the_server_dropped_is_retried(namespace: str, redis_client: redis.Redis) -> None:
    if isinstance(redis_client, redis.RedisCluster):
        pytest.skip("a Redis Cluster's client keeps redis-py's own path (and its own retries)")
    key = f"{{{namespace}}}:direct"

    name = f"direct-{uuid.uuid4().hex[:12]}"  # only this test's own connection is killed

    async def run() -> list[Any]:
        client = _client(client_name=name)
        script = DirectScript(client, _script())
        try:
            await script(keys=[key], args=["first"])
            # the pooled connection, killed by the server (a restart, an idle timeout) while it sat in the pool
            killed = [c["id"] for c in redis_client.client_list() if c.get("name") == name]
            assert len(killed) == 1
            redis_client.client_kill_filter(_id=killed[0])
            return await script(keys=[key], args=["again"])
        finally:
            await client.aclose()

    assert asyncio.run(run()) == [key, 7, "again"]
    assert redis_client.get(key) == "again"


def test_a_server_that_is_not_there_raises_the_clients_connection_error() -> None:
    async def run() -> None:
        client = async_client_from_url("redis://127.0.0.1:1/0", decode_responses=True, socket_connect_timeout=0.5)
        try:
            await DirectScript(client, _script())(keys=["k"], args=["v"])
        finally:
            await client.aclose()

    with pytest.raises(redis.ConnectionError):
        asyncio.run(run())

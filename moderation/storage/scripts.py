"""The Lua scripts in `moderation/storage/lua/`: read from the package once, registered on a client.

A registered script is sent by EVALSHA, and loaded only when the server does not know it yet: its text
crosses the network once per server, not per call.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from typing import Any, overload

import hiredis
import redis
import redis.asyncio
from redis.commands.core import AsyncScript, Script
from redis.exceptions import NoScriptError


@functools.cache
def source(name: str) -> str:
    """The text of `lua/<name>.lua`."""
    return resources.files("moderation.storage").joinpath("lua", f"{name}.lua").read_text(encoding="utf-8")


@overload
def register(client: redis.Redis, name: str, *, prelude: Sequence[str] = ()) -> Script: ...
@overload
def register(client: redis.asyncio.Redis, name: str, *, prelude: Sequence[str] = ()) -> AsyncScript: ...
def register(
    client: redis.Redis | redis.asyncio.Redis, name: str, *, prelude: Sequence[str] = ()
) -> Script | AsyncScript:
    """Register `lua/<name>.lua`, after the scripts named in `prelude` (their functions and locals)."""
    return client.register_script(text(name, prelude=prelude))


def text(name: str, *, prelude: Sequence[str] = ()) -> str:
    """The text of `lua/<name>.lua` after the scripts named in `prelude`."""
    return "\n".join([*(source(p) for p in prelude), source(name)])


class DirectScript:
    """A script awaited on an asyncio client with as few layers as its answer needs: the intake's two per comment.

    redis-py's `AsyncScript` sends every word through its generic command path (an encoder's type checks per
    word, a packer's passes, the command's observability hooks): about a quarter of the intake's CPU outside
    scoring (docs/performance.md, "The intake's CPU"). On one server the call is packed once in C (hiredis)
    and sent and read on a pooled connection with the client's own retry policy: a dropped connection is
    disconnected and the call tried again, a timeout or a refused connection raises what the client raises, and
    a server that lost the script (NOSCRIPT: a restart, SCRIPT FLUSH) gets it loaded again. A Redis Cluster's
    client keeps redis-py's path, which routes by the keys' slot.
    """

    def __init__(self, client: redis.asyncio.Redis, script: str) -> None:
        """`script`: the whole text (`text(name, prelude=...)`)."""
        self._client = client
        self._script = client.register_script(script)
        self._direct = type(client) is redis.asyncio.Redis and not client.single_connection_client
        self._head = (b"EVALSHA", self._script.sha.encode())
        self._idle: list[Any] = []

    async def __call__(self, *, keys: Sequence[str], args: Sequence[str]) -> list[Any]:
        """EVALSHA the script over `keys` and `args` (text, as every caller's words are); return its answer."""
        if not self._direct:
            answer: list[Any] = await self._script(keys=keys, args=args)
            return answer
        words = [*self._head, str(len(keys)).encode(), *[k.encode() for k in keys], *[a.encode() for a in args]]
        packed = hiredis.pack_command(tuple(words))  # type: ignore[arg-type]  # its stub says a 1-tuple: any length is packed
        try:
            return await self._send(packed)
        except NoScriptError:
            await self._client.script_load(self._script.script)
            return await self._send(packed)

    async def _send(self, packed: bytes) -> list[Any]:
        pool = self._client.connection_pool
        # A connection whose last exchange was read to its end is kept here for the next call: the pool's own
        # hand-over (a lock, its observability hooks, a check for unread data) cost as much as the exchange.
        # Any other ending (an error, a cancelled request that left a reply unread) hands it back to the pool,
        # which checks it before it serves again. The pool still counts it as in use: closing the client closes it.
        idle = self._idle
        connection = idle.pop() if idle else await pool.get_connection()  # type: ignore[no-untyped-call]
        kept = False
        try:

            async def exchange() -> list[Any]:
                await connection.send_packed_command(packed)
                answer: list[Any] = await connection.read_response()
                return answer

            async def failed(error: Exception, failures: int) -> None:
                await connection.disconnect(error=error, failure_count=failures)

            answer: list[Any] = await connection.retry.call_with_retry(exchange, failed, with_failure_count=True)
            if len(idle) < _KEPT_CONNECTIONS:
                idle.append(connection)
                kept = True
            return answer
        finally:
            if not kept:
                await pool.release(connection)


#: Connections a `DirectScript` keeps between calls (as many as it had calls in flight at once, up to this).
_KEPT_CONNECTIONS = 16

"""The Lua scripts in `moderation/storage/lua/`: read from the package once, registered on a client.

A registered script is sent by EVALSHA, and loaded only when the server does not know it yet: its text
crosses the network once per server, not per call.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from importlib import resources
from typing import overload

import redis
import redis.asyncio
from redis.commands.core import AsyncScript, Script


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
    return client.register_script("\n".join([*(source(p) for p in prelude), source(name)]))

"""One guarded commit: writes queued on a pipeline, applied by a Lua script only if its guard allows them."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

import redis
import redis.asyncio

from moderation.storage.scripts import DirectScript, source

Writes = Callable[[redis.client.Pipeline], None]


class GuardedCommit:
    """Check and write in one script: the guard (`lua/<guard>.lua`) refuses, or every write runs.

    The writes are queued by the same helpers a MULTI/EXEC uses (`enqueue`, `add_label`, `add_event`...), on
    a pipeline that is recorded and never sent; the script receives them as one JSON argument.
    """

    def __init__(self, client: redis.Redis, *, guard: str, prelude: Sequence[str] = ()) -> None:
        self._recorder = WriteRecorder()
        self._script = client.register_script(_script_text(guard, prelude))

    def __call__(self, *, keys: Sequence[str], args: Sequence[str | int | float], writes: Writes) -> list[Any]:
        """Run the guard over `keys` and `args`; return its refusal, or `['ok']` once `writes` have run."""
        outcome: list[Any] = self._script(keys=list(keys), args=[*args, self._recorder.encode(writes)])
        return outcome


class AsyncGuardedCommit:
    """`GuardedCommit` on an asyncio client: the same script and the same recorded writes, awaited.

    The script is sent as a `DirectScript` (the intake's commit, once per comment), so its words are text.
    """

    def __init__(self, client: redis.asyncio.Redis, *, guard: str, prelude: Sequence[str] = ()) -> None:
        self._recorder = WriteRecorder()
        self._script = DirectScript(client, _script_text(guard, prelude))

    async def __call__(self, *, keys: Sequence[str], args: Sequence[str], writes: Writes) -> list[Any]:
        """Run the guard over `keys` and `args`; return its refusal, or `['ok']` once `writes` have run."""
        return await self._script(keys=keys, args=[*args, self._recorder.encode(writes)])


class WriteRecorder:
    """Queue writes on a pipeline that is never sent, and encode them as the guarded commit's JSON argument."""

    def __init__(self) -> None:
        # A pool that never connects (redis-py opens connections lazily), whatever client sends the script: a
        # Redis Cluster's pipeline keeps its queue elsewhere, and recording from it silently gave no writes; an
        # asyncio pipeline would make every write helper a coroutine.
        self._pool = redis.ConnectionPool()

    def encode(self, writes: Writes) -> str:
        """The commands `writes` queues, as one JSON list of lists of words."""
        recorder = _RecordingPipeline(self._pool)
        writes(recorder)
        # Most words are already strings (keys, members): kept without a call (~115 words per accepted comment).
        commands = [[part if type(part) is str else _word(part) for part in command] for command in recorder.recorded]
        # One JSON argument rather than one per word: encoding ~60 arguments cost more than the JSON.
        return json.dumps(commands, ensure_ascii=False)


class _RecordingPipeline(redis.client.Pipeline):
    """A pipeline that keeps the commands queued on it in `recorded`; it has nothing to send them with.

    Every command method of redis-py ends in `execute_command`, its public way to send any command: recording
    there gives each command's words as redis-py would send them, without reading the pipeline's own queue.
    """

    def __init__(self, pool: redis.ConnectionPool) -> None:
        super().__init__(pool, {}, False, None)  # no response callbacks: nothing is ever read back
        self.recorded: list[tuple[Any, ...]] = []

    def execute_command(self, *args: Any, **options: Any) -> _RecordingPipeline:
        """Record the command (its routing options are for a client; the script runs it where it is)."""
        self.recorded.append(args)
        return self

    def execute(self, raise_on_error: bool = True) -> list[Any]:
        """Refuse: the guarded commit's script runs what was recorded."""
        raise RuntimeError("a recording pipeline is never executed")


def _script_text(guard: str, prelude: Sequence[str]) -> str:
    """The guard wrapped as a function, run by `guarded_commit.lua` before it applies the writes."""
    text = [*(source(p) for p in prelude), "local function guard()", source(guard), "end", source("guarded_commit")]
    return "\n".join(text)


def _word(part: Any) -> str:
    """A command's word as redis-py would send it; floats in full precision (Lua numbers keep 14 digits)."""
    if isinstance(part, str):
        return part
    if isinstance(part, float):
        return repr(part)
    if isinstance(part, bytes):
        return part.decode()
    return str(part)

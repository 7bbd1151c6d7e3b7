"""How long labels and audit entries are kept: entries older than their retention are trimmed from the streams.

Comment records and their keys expire by TTL (`MODERATION_RETENTION_DAYS`); a stream entry cannot, so
`trim_expired` removes the entries older than `MODERATION_LABEL_RETENTION_DAYS` (the label stream) and
`MODERATION_AUDIT_RETENTION_DAYS` (the audit stream) with XTRIM MINID: a stream id starts with its entry's
time in milliseconds. `RetentionSweeper` runs it at start and then hourly in each API process (a trim is
idempotent, so several processes doing it is harmless); `moderation readers trim` runs it once.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import redis
import structlog

from moderation.background import BackgroundThread
from moderation.config import Settings
from moderation.storage.keys import Keys

log = structlog.get_logger(__name__)

#: Seconds between two trims by the running service.
SWEEP_INTERVAL_SECONDS = 3600.0


@dataclass(frozen=True, slots=True)
class Trimmed:
    """Entries removed from each stream by one trim."""

    labels: int
    audit: int


def cutoff_id(*, days: int, now: float) -> str:
    """The smallest stream id kept when entries older than `days` go: `<ms>-0`."""
    return f"{int((now - days * 86_400) * 1000)}-0"


def trim_expired(client: redis.Redis, *, keys: Keys, settings: Settings, now: float | None = None) -> Trimmed:
    """Remove label and audit entries older than their retention (a retention of 0 keeps them for ever)."""
    now = time.time() if now is None else now
    removed = {"labels": 0, "audit": 0}
    for name, stream, days in (
        ("labels", keys.labels(), settings.label_retention_days),
        ("audit", keys.audit(), settings.audit_retention_days),
    ):
        if days > 0:
            # exact, not `~`: an approximate trim keeps whole nodes of older entries, past their retention
            removed[name] = int(client.xtrim(stream, minid=cutoff_id(days=days, now=now), approximate=False))
    trimmed = Trimmed(**removed)
    if trimmed.labels or trimmed.audit:
        log.info("retention.trimmed", labels=trimmed.labels, audit=trimmed.audit)
    return trimmed


class RetentionSweeper(BackgroundThread):
    """A background thread trimming expired label and audit entries at start and every hour."""

    thread_name = "retention-sweeper"

    def __init__(
        self, *, client: redis.Redis, keys: Keys, settings: Settings, interval: float = SWEEP_INTERVAL_SECONDS
    ) -> None:
        self.client = client
        self.keys = keys
        self.settings = settings
        self.interval = interval
        super().__init__()

    def start(self) -> None:
        """Start the thread (nothing to do when both retentions are 0)."""
        if self.settings.label_retention_days or self.settings.audit_retention_days:
            super().start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                trim_expired(self.client, keys=self.keys, settings=self.settings)
            except redis.RedisError as exc:  # Redis down: the next sweep trims what this one could not
                log.warning("retention.trim_failed", error=type(exc).__name__)
            self._stop.wait(self.interval)

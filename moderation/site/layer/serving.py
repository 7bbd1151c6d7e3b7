"""Each worker's copy of the site's current layer, kept fresh by a background poll (no Redis call per comment)."""

from __future__ import annotations

import threading

import structlog

from moderation.site.layer.model import SiteLayer
from moderation.site.layer.store import LayerFormatError, LayerStore

log = structlog.get_logger(__name__)


class LayerCache:
    """The layer the intake applies: `current` is None when there is none, or the kill switch is off.

    A thread polls the `current` pointer and the admins' switch every `poll_seconds` (one round trip) and
    loads a new version when the pointer moves; requests only read `current`.
    """

    def __init__(self, *, store: LayerStore, poll_seconds: float = 2.0, enabled: bool = True) -> None:
        self.store = store
        self.poll_seconds = poll_seconds
        self.enabled = enabled  # the deployment's setting (MODERATION_SITE_LEARNING); off: never served
        self._layer: SiteLayer | None = None
        self._switched_on = True
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def current(self) -> SiteLayer | None:
        """The layer to apply to the next comment, or None (the global model alone)."""
        return self._layer if self._switched_on else None

    def refresh(self) -> None:
        """Follow the `current` pointer and the kill switch (loads a version only when the pointer moved)."""
        if not self.enabled:
            return
        version, switched_on = self.store.poll()
        self._switched_on = switched_on
        if version is None:
            if self._layer is not None:
                log.info("site_layer.cleared", previous=self._layer.version)
            self._layer = None
            return
        if self._layer is not None and self._layer.version == version:
            return
        try:
            layer = self.store.load(version)
        except LayerFormatError as exc:  # keep serving what we have: a bad version must not reach comments
            log.error("site_layer.load_failed", version=version, error=str(exc))
            return
        if layer is not None:
            log.info("site_layer.switched", version=version, previous=self._layer.version if self._layer else None)
            self._layer = layer

    def start(self) -> None:
        """Load the current version now (a Redis error leaves the global model alone), then poll in a thread."""
        if not self.enabled or self._thread is not None:
            return
        self._stop.clear()
        try:
            self.refresh()
        except Exception:  # e.g. Redis not reachable yet: the poll retries
            log.exception("site_layer.poll_failed")
        self._thread = threading.Thread(target=self._poll, name="site-layer-poll", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop polling."""
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def _poll(self) -> None:
        while not self._stop.wait(self.poll_seconds):
            try:
                self.refresh()
            except Exception:  # a Redis hiccup: keep the layer in memory and poll again
                log.exception("site_layer.poll_failed")

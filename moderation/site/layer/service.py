"""The site layer's parts, built once in the app's lifespan: store, per-worker cache, refit worker, and status."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import redis

from moderation.config import Settings
from moderation.i18n import translate
from moderation.scoring.registry import ModelRegistry
from moderation.site.layer.refit import LayerRefitter
from moderation.site.layer.serving import LayerCache
from moderation.site.layer.store import LayerStore
from moderation.storage.keys import Keys

#: The head whose gain the one-line summary names (the other heads are listed beside it).
SUMMARY_HEADS = ("toxicity", "spam")


@dataclass
class SiteLearning:
    """The layer's store, the copy this worker serves, and (unless switched off by setting) the refit worker."""

    settings: Settings
    registry: ModelRegistry
    store: LayerStore
    cache: LayerCache
    refitter: LayerRefitter | None = None

    def start(self) -> None:
        """Load the current layer and start polling it; start the refit worker."""
        self.cache.start()
        if self.refitter is not None:
            self.refitter.start()

    def stop(self) -> None:
        """Stop both threads (a refit in progress finishes first)."""
        if self.refitter is not None:
            self.refitter.stop()
        self.cache.stop()

    def set_enabled(self, enabled: bool) -> dict[str, Any]:
        """The admins' kill switch: every worker follows within `site_layer_poll_seconds`; this one at once."""
        self.store.set_enabled(enabled)
        self.cache.refresh()
        return self.status()

    def rollback(self) -> dict[str, Any]:
        """Serve the previous version (NoPreviousLayerError when there is none); this worker switches at once."""
        self.store.rollback()
        self.cache.refresh()
        return self.status()

    def status(self) -> dict[str, Any]:
        """`site_learning` in `GET /v1/review/stats`: switches, served version, what it learned and gained per head.

        Reads the served version's JSON metadata only (not its arrays): two round trips.
        """
        state = self.store.state()
        meta = self.store.meta(state.current) if state.current is not None else None
        heads: dict[str, Any] = {}
        for head, info in (meta or {}).get("heads", {}).items():
            heads[head] = {**info["figures"], "thresholds": info["thresholds"]}
        summary = None
        if meta is not None and heads:
            # a head that only moved its cut (learned from approvals alone) has no ranking gain to show
            ranked = [h for h in (*SUMMARY_HEADS, *sorted(heads)) if h in heads and heads[h]["points"] is not None]
            head = ranked[0] if ranked else next((h for h in SUMMARY_HEADS if h in heads), sorted(heads)[0])
            points, labels = heads[head]["points"] or 0.0, int(meta["labels"])
            summary = {
                "head": head,
                "fr": translate(
                    "site_learning_summary", "fr",
                    labels=f"{labels:,}".replace(",", "\u202f"), points=f"{points:+.1f}".replace(".", ","),
                ),
                "en": translate("site_learning_summary", "en", labels=f"{labels:,}", points=f"{points:+.1f}"),
            }  # fmt: skip
        enabled = self.settings.site_learning and state.enabled
        model_version = meta["model_version"] if meta is not None else None
        return {
            "enabled": enabled,
            "setting": self.settings.site_learning,
            "switch": state.enabled,
            "version": state.current if meta is not None else None,
            "model_version": model_version,
            # a layer fitted on another global model waits for its refit, and is not applied meanwhile
            "serving": enabled and meta is not None and model_version == self.registry.current.version,
            "labels": int(meta["labels"]) if meta is not None else 0,
            "created_at": meta["created_at"] if meta is not None else None,
            "heads": heads,
            "summary": summary,
            "last_refit": state.last_refit or None,
        }


def build_site_learning(
    *, settings: Settings, client: redis.Redis, keys: Keys, registry: ModelRegistry, site_hosts: tuple[str, ...] = ()
) -> SiteLearning:
    """Wire the layer for one namespace (the site); the refit worker only when the setting leaves learning on."""
    store = LayerStore(client=client, keys=keys)
    refitter = None
    if settings.site_learning:
        refitter = LayerRefitter(
            store=store,
            registry=registry,
            profile=settings.deployment_profile(),
            poll_seconds=settings.site_layer_refit_seconds,
            lease_seconds=settings.site_layer_lease_seconds,
            site_hosts=site_hosts,
        )
    cache = LayerCache(store=store, poll_seconds=settings.site_layer_poll_seconds, enabled=settings.site_learning)
    return SiteLearning(settings=settings, registry=registry, store=store, cache=cache, refitter=refitter)

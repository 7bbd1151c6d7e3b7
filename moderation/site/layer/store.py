"""Layer versions in Redis, as data: JSON metadata and base64 arrays (int32 columns, float32 weights), never pickle.

Every key comes from `Keys.site_layer*` (prefix `site:layer:`, under the namespace's hash tag). A refit publishes
a version, moves `current` to it and keeps the last KEEP_VERSIONS; workers poll `current` and the kill switch in
one round trip every few seconds (moderation/site/layer/serving.py).
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import redis

from moderation.labels import LabelledExample
from moderation.scoring.base import Thresholds
from moderation.site.errors import NoPreviousLayerError
from moderation.site.layer.fit import FitOutcome
from moderation.site.layer.model import HeadFigures, HeadLayer, SiteLayer
from moderation.storage import scripts
from moderation.storage.keys import Keys

#: Layer versions kept in Redis (the current one and those a rollback can go back to).
KEEP_VERSIONS = 5
#: The stored format; a worker refuses a version of another format (it keeps the global model instead).
FORMAT = 3  # 2: link signal columns (model.Featurizer.parts); 3: disguised links ("name(dot)com")


class LayerFormatError(Exception):
    """Raised when a stored layer version cannot be read (another format, or arrays of the wrong size)."""


@dataclass(frozen=True, slots=True)
class LayerState:
    """What the refit worker and the admins see of the layer's state."""

    enabled: bool
    current: int | None
    cursor: str  # the last label stream id the layer has learned from ("" before the first refit)
    model_version: str  # the global model the last refit scored the labels with
    last_refit: dict[str, Any] = field(default_factory=dict)
    format: int = 0  # the layer format the last refit wrote (0: before formats were recorded)


def encode(layer: SiteLayer) -> dict[str, str]:
    """The hash fields of one version."""
    heads: dict[str, Any] = {}
    out: dict[str, str] = {}
    for head, part in layer.heads.items():
        heads[head] = {
            "global_weight": part.global_weight,
            "bias": part.bias,
            "size": int(part.columns.shape[0]),
            "thresholds": None if part.thresholds is None else {
                "approve": part.thresholds.approve, "reject": part.thresholds.reject
            },
            "figures": part.figures.as_dict(),
        }  # fmt: skip
        out[f"columns:{head}"] = _b64(part.columns.astype("<i4").tobytes())
        out[f"weights:{head}"] = _b64(part.weights.astype("<f4").tobytes())
    meta = {
        "format": FORMAT,
        "version": layer.version,
        "model_version": layer.model_version,
        "labels": layer.labels,
        "created_at": layer.created_at,
        "dimension": layer.dimension,
        "numpy": np.__version__,
        "heads": heads,
    }
    out["meta"] = json.dumps(meta, sort_keys=True)
    return out


def decode(fields: Mapping[str, str]) -> SiteLayer:
    """Rebuild a version from its hash fields; LayerFormatError when they do not make one."""
    try:
        meta = json.loads(fields["meta"])
        if meta.get("format") != FORMAT:
            raise LayerFormatError(f"layer format {meta.get('format')!r}, this service reads {FORMAT}")
        heads = {}
        for head, info in meta["heads"].items():
            columns = np.frombuffer(base64.b64decode(fields[f"columns:{head}"]), dtype="<i4").astype(np.int32)
            weights = np.frombuffer(base64.b64decode(fields[f"weights:{head}"]), dtype="<f4").astype(np.float32)
            if columns.shape[0] != info["size"] or weights.shape[0] != info["size"]:
                raise LayerFormatError(f"head {head}: arrays do not match the stored size")
            if columns.shape[0] and (columns.min() < 0 or columns.max() >= meta["dimension"]):
                raise LayerFormatError(f"head {head}: columns outside the dimension")
            cut = info["thresholds"]
            heads[head] = HeadLayer(
                global_weight=float(info["global_weight"]),
                bias=float(info["bias"]),
                columns=columns,
                weights=weights,
                figures=HeadFigures.from_dict(info["figures"]),
                thresholds=None if cut is None else Thresholds(approve=cut["approve"], reject=cut["reject"]),
            )
        return SiteLayer(
            version=int(meta["version"]),
            model_version=str(meta["model_version"]),
            heads=heads,
            labels=int(meta["labels"]),
            created_at=float(meta["created_at"]),
            dimension=int(meta["dimension"]),
        )
    except (KeyError, TypeError, ValueError) as exc:  # json and base64 errors are ValueErrors
        raise LayerFormatError(f"unreadable layer: {type(exc).__name__}: {exc}") from exc


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


class LayerStore:
    """Read and write one site's layer versions, its `current` pointer, kill switch, label cursor and lease."""

    def __init__(self, *, client: redis.Redis, keys: Keys, keep_versions: int = KEEP_VERSIONS) -> None:
        self.client = client
        self.keys = keys
        self.keep_versions = keep_versions
        self._release = scripts.register(client, "release_lease")

    # Serving -------------------------------------------------------------------------------------
    def poll(self) -> tuple[int | None, bool]:
        """The current version and whether the admins left the layer on (one round trip)."""
        with self.client.pipeline(transaction=False) as pipe:
            pipe.get(self.keys.site_layer_current())
            pipe.hget(self.keys.site_layer_state(), "enabled")
            current, enabled = pipe.execute()
        return (int(current) if current else None), enabled != "0"

    def load(self, version: int) -> SiteLayer | None:
        """One stored version, or None if it was trimmed away."""
        fields: dict[str, str] = self.client.hgetall(self.keys.site_layer(version))  # type: ignore[assignment]
        return decode(fields) if fields else None

    def meta(self, version: int) -> dict[str, Any] | None:
        """One version's JSON metadata (figures, cuts, labels), without its arrays; None if trimmed away."""
        raw = self.client.hget(self.keys.site_layer(version), "meta")
        return json.loads(str(raw)) if raw is not None else None

    # Refits --------------------------------------------------------------------------------------
    def state(self) -> LayerState:
        """The kill switch, the current version, the label cursor and the last refit's report."""
        with self.client.pipeline(transaction=False) as pipe:
            pipe.hgetall(self.keys.site_layer_state())
            pipe.get(self.keys.site_layer_current())
            raw, current = pipe.execute()
        return LayerState(
            enabled=raw.get("enabled") != "0",
            current=int(current) if current else None,
            cursor=raw.get("cursor", ""),
            model_version=raw.get("model_version", ""),
            last_refit=json.loads(raw["last_refit"]) if raw.get("last_refit") else {},
            format=int(raw.get("format", 0)),
        )

    def last_label_id(self) -> str | None:
        """The id of the newest label stream entry, or None when the site gave no label yet."""
        newest: Any = self.client.xrevrange(self.keys.labels(), count=1)
        return str(newest[0][0]) if newest else None

    def label_count(self) -> int:
        """How many entries the label stream holds."""
        return int(self.client.xlen(self.keys.labels()))

    def recent_labels(self, *, limit: int) -> list[tuple[str, LabelledExample]]:
        """The newest `limit` label stream entries, oldest first."""
        entries: Any = self.client.xrevrange(self.keys.labels(), count=limit)
        return [(entry_id, LabelledExample.from_fields(fields)) for entry_id, fields in reversed(entries)]

    def acquire(self, token: str, *, seconds: float) -> bool:
        """Take the refit lease (SET NX PX): False while another worker holds it."""
        return bool(self.client.set(self.keys.site_layer_lease(), token, nx=True, px=int(seconds * 1000)))

    def release(self, token: str) -> None:
        """Give the lease back, only if still ours (compare and delete in one script)."""
        self._release(keys=[self.keys.site_layer_lease()], args=[token])

    def next_version(self) -> int:
        """A new version number (never reused, even for a refit the guard refuses)."""
        return int(self.client.incr(self.keys.site_layer_sequence()))

    def publish(self, outcome: FitOutcome, *, cursor: str, model_version: str) -> None:
        """Store a refit's report and cursor; with a layer that passed the guard, store it and make it current."""
        report = {
            "at": time.time(),
            "labels": outcome.layer.labels if outcome.layer else None,
            "version": outcome.layer.version if outcome.layer else None,
            "model_version": model_version,
            "refused": outcome.refused,
            "heads": {head: figures.as_dict() for head, figures in outcome.figures.items()},
            "seconds": round(outcome.seconds, 3),
        }
        stale: list[str] = []
        if outcome.layer is not None:
            kept: Any = self.client.zrevrange(self.keys.site_layer_versions(), 0, -1)
            stale = kept[self.keep_versions - 1 :]
        with self.client.pipeline(transaction=True) as pipe:
            if outcome.layer is not None:
                layer = outcome.layer
                pipe.hset(self.keys.site_layer(layer.version), mapping=encode(layer))  # type: ignore[arg-type]
                pipe.zadd(self.keys.site_layer_versions(), {str(layer.version): layer.version})
                pipe.set(self.keys.site_layer_current(), layer.version)
                for version in stale:
                    pipe.delete(self.keys.site_layer(int(version)))
                    pipe.zrem(self.keys.site_layer_versions(), version)
            elif model_version != (before := self.state()).model_version or before.format != FORMAT:
                # the global model (or the layer's format) changed and no layer passed the guard on it: the old one
                # no longer applies
                pipe.delete(self.keys.site_layer_current())
            state = {
                "cursor": cursor,
                "model_version": model_version,
                "last_refit": json.dumps(report),
                "format": FORMAT,
            }
            pipe.hset(self.keys.site_layer_state(), mapping=state)  # type: ignore[arg-type]
            pipe.execute()

    # Admin ---------------------------------------------------------------------------------------
    def set_enabled(self, enabled: bool) -> None:
        """Turn the layer on or off for every worker (they follow within their poll interval)."""
        self.client.hset(self.keys.site_layer_state(), "enabled", "1" if enabled else "0")

    def rollback(self) -> int:
        """Serve the version before the current one; NoPreviousLayerError when there is none."""
        current_key, versions_key = self.keys.site_layer_current(), self.keys.site_layer_versions()
        with self.client.pipeline(transaction=True) as pipe:
            while True:
                try:
                    pipe.watch(current_key, versions_key)  # type: ignore[no-untyped-call]  # untyped in redis-py
                    current: Any = pipe.get(current_key)
                    if current is None:
                        pipe.unwatch()
                        raise NoPreviousLayerError("no layer is served")
                    older: Any = pipe.zrevrangebyscore(versions_key, f"({int(current)}", "-inf", start=0, num=1)
                    if not older:
                        pipe.unwatch()
                        raise NoPreviousLayerError(f"no version older than {current}")
                    pipe.multi()
                    pipe.set(current_key, older[0])
                    pipe.zrem(versions_key, current)  # a rolled-back version is not gone back to
                    pipe.delete(self.keys.site_layer(int(current)))
                    pipe.execute()
                    return int(older[0])
                except redis.WatchError:
                    continue

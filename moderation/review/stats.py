"""Queue and decision statistics for admins, read from counters the decisions maintain."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

import redis

from moderation.config import Settings
from moderation.errors import ArtifactIntegrityError, ArtifactNotFoundError
from moderation.review.daily import read_days
from moderation.scoring.artifact import read_manifest
from moderation.scoring.registry import RULES_ONLY
from moderation.site.settings import SiteSettings
from moderation.storage.keys import Keys

#: What `model.policy` repeats of a manifest's `policy` (written by training's threshold derivation).
POLICY_FIGURES = ("expected_review_share", "expected_missed_abuse", "expected_missed_spam", "profile")


#: The leans that are a call of the model a moderator can agree or disagree with.
_CALLS = ("hold", "reject")


def _agrees(lean: str, status: str) -> bool | None:
    """Whether the model's lean matched the moderator: approve vs approved; hold/reject vs spam/rejected."""
    if lean == "none":
        return None
    return (lean == "approve") == (status == "approved")


def agreement_matrix(raw: dict[str, str]) -> dict[str, dict[str, dict[str, Any]]]:
    """Fold "head|language|lean|status" counters into head -> language -> confusion matrix and rate."""
    out: dict[str, dict[str, dict[str, Any]]] = {}
    for field, value in raw.items():
        try:
            head, language, lean, status = field.split("|")
        except ValueError:
            continue
        count = int(value)
        if count == 0:
            continue  # every decision counted here was reverted
        cell = out.setdefault(head, {}).setdefault(language, {"matrix": {}, "total": 0, "agreed": 0, "rate": None})
        cell["matrix"].setdefault(lean, {})[status] = cell["matrix"].get(lean, {}).get(status, 0) + count
        cell["total"] += count
        agreed = _agrees(lean, status)
        if agreed:
            cell["agreed"] += count
    for languages in out.values():
        for cell in languages.values():
            # A head that never held any of these comments (approve cut 1.01, or none reached it) made no
            # call a moderator could agree with: its rate is None, not the share moderators approved.
            cell["held"] = any(lean in _CALLS for lean in cell["matrix"])
            if cell["held"] and cell["total"]:
                cell["rate"] = round(cell["agreed"] / cell["total"], 4)
    return out


def agreement_by_head(matrix: dict[str, dict[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """Per head, all languages together: decisions counted, agreed, rate (None for a head that never held)."""
    out: dict[str, dict[str, Any]] = {}
    for head, languages in matrix.items():
        total = sum(cell["total"] for cell in languages.values())
        agreed = sum(cell["agreed"] for cell in languages.values())
        held = any(cell["held"] for cell in languages.values())
        out[head] = {
            "total": total,
            "agreed": agreed,
            "held": held,
            "rate": round(agreed / total, 4) if held and total else None,
        }
    return out


def review_stats(*, client: redis.Redis, keys: Keys, days: int = 7) -> dict[str, Any]:
    """Queue length and oldest age, decisions per moderator per day, model agreement, audit items, outbox."""
    now = time.time()
    today = dt.datetime.fromtimestamp(now, dt.UTC).date()
    day_names = [(today - dt.timedelta(days=i)).isoformat() for i in range(days)]
    with client.pipeline(transaction=False) as pipe:
        pipe.zcard(keys.queue())
        pipe.zrange(keys.queue_by_age(), 0, 0, withscores=True)
        for day in day_names:
            pipe.hgetall(keys.decisions_per_day(day))
        pipe.hgetall(keys.agreement())
        pipe.hgetall(keys.audit_outcomes())
        pipe.zcard(keys.outbox_due())
        pipe.hlen(keys.outbox_dead())
        raw = pipe.execute()
    length, oldest = int(raw[0]), raw[1]
    per_day = {day: {name: int(n) for name, n in raw[2 + i].items() if int(n)} for i, day in enumerate(day_names)}
    agreement_raw, audit_raw, outbox_pending, outbox_dead = raw[2 + days :]
    decided = int(audit_raw.get("decided", 0))
    rejected = int(audit_raw.get("rejected", 0))
    agreement = agreement_matrix(agreement_raw)
    return {
        **read_days(client, keys=keys, days=day_names),
        "queue": {
            "length": length,
            "oldest_age_seconds": round(now - float(oldest[0][1]), 3) if oldest else None,
        },
        "decisions_per_day": per_day,
        "agreement": agreement,
        "agreement_by_head": agreement_by_head(agreement),
        "audit_items": {
            "decided": decided,
            "rejected": rejected,
            "missed_abuse_rate": round(rejected / decided, 4) if decided else None,
        },
        "outbox": {"pending": int(outbox_pending), "dead": int(outbox_dead)},
    }


def model_stats(*, settings: Settings, site_settings: SiteSettings, version: str) -> dict[str, Any]:
    """The served model's expected review share and missed abuse, as its manifest's threshold derivation states.

    `policy` is None for a model whose manifest records no derivation (older versions, rules only). The
    figures hold for the manifest's cut-offs: `thresholds_overridden` names the heads whose cuts the site
    replaced (environment or admin settings), for which they no longer do.
    """
    out: dict[str, Any] = {"version": version, "policy": None}
    if version == RULES_ONLY:
        return out
    try:
        manifest = read_manifest(settings.model_dir, version)
    except (ArtifactNotFoundError, ArtifactIntegrityError):
        return out
    policy = manifest.get("policy")
    if not isinstance(policy, dict):
        return out
    overridden = {*settings.thresholds, *(site_settings.read().get("thresholds") or {})}
    profiles = policy.get("profiles")
    if isinstance(profiles, dict) and isinstance(profiles.get(settings.site_profile), dict):
        policy = {**policy, **profiles[settings.site_profile]}  # the figures of the thresholds served
    heads = policy.get("heads")
    heads = heads if isinstance(heads, dict) else {}
    out["policy"] = {
        **{name: policy.get(name) for name in POLICY_FIGURES},
        "heads": {
            head: {k: v for k, v in figures.items() if k.startswith("expected_") or k in ("approve", "reject")}
            for head, figures in heads.items()
            if isinstance(figures, dict)
        },
        "thresholds_overridden": sorted(overridden),
    }
    return out

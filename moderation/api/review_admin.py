"""HTTP routes of the administrators' API: statistics, the audit log, discussion settings, deliveries, bans."""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

import structlog
from fastapi import APIRouter, FastAPI, Query

from moderation.dependencies import (
    ADMIN_RESPONSES,
    AdminDep,
    BansDep,
    HasherDep,
    KeysDep,
    OutboxDep,
    RedisDep,
    RegistryDep,
    ServicesDep,
    SettingsDep,
    SiteLearningDep,
    SiteSettingsDep,
)
from moderation.review.admin_schemas import (
    AuditOut,
    BanIn,
    BanRemovedOut,
    BansOut,
    DeliveriesOut,
    SiteSettingsIn,
    SiteSettingsOut,
    StatsOut,
)
from moderation.review.audit import audit_log
from moderation.review.stats import model_stats, review_stats
from moderation.schemas import ErrorsOut
from moderation.site.memory import memory_stats
from moderation.storage.streams import BeforeCursor

log = structlog.get_logger(__name__)

router = APIRouter(prefix="/v1/review", tags=["review"])


@router.get("/stats", response_model=StatsOut, responses=ADMIN_RESPONSES)
def stats(
    admin: AdminDep,
    site_settings: SiteSettingsDep,
    client: RedisDep,
    keys: KeysDep,
    settings: SettingsDep,
    registry: RegistryDep,
    site_learning: SiteLearningDep,
    days: Annotated[int, Query(ge=1, le=90)] = 7,
) -> dict[str, Any]:
    """Queue, decisions per day, model agreement, outbox, the model's figures, the site's learning and memory."""
    return {
        **review_stats(client=client, keys=keys, days=days),
        "site_memory": memory_stats(client, keys=keys, now=time.time()),
        "model": model_stats(settings=settings, site_settings=site_settings, version=registry.current.version),
        "site_learning": site_learning.status(),
    }


@router.get("/audit", response_model=AuditOut, response_model_exclude_unset=True, responses=ADMIN_RESPONSES)
def audit(
    admin: AdminDep,
    client: RedisDep,
    keys: KeysDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    before: BeforeCursor = None,
) -> AuditOut:
    """Decisions, latest first: who, when, from -> to, reason, note and the scores at the time."""
    entries = audit_log(client, keys=keys, limit=limit, before=before)
    return AuditOut(entries=entries, next_before=entries[-1].id if len(entries) == limit else None)


@router.get("/settings", response_model=SiteSettingsOut, responses=ADMIN_RESPONSES)
def get_site_settings(admin: AdminDep, site_settings: SiteSettingsDep, settings: SettingsDep) -> dict[str, Any]:
    """Discussion settings in force (word lists, thresholds, WordPress's two switches), and the admin overrides."""
    return {"effective": site_settings.effective(settings), "overrides": site_settings.read()}


@router.put("/settings", response_model=SiteSettingsOut, responses=ADMIN_RESPONSES)
def put_site_settings(
    body: SiteSettingsIn, admin: AdminDep, site_settings: SiteSettingsDep, settings: SettingsDep
) -> dict[str, Any]:
    """Replace discussion settings (used by every worker's intake within a few seconds)."""
    overrides = site_settings.write(body.changes())
    log.info("review.settings_changed", fields=sorted(body.model_fields_set))
    return {"effective": site_settings.effective(settings), "overrides": overrides}


@router.get("/deliveries", response_model=DeliveriesOut, responses=ADMIN_RESPONSES)
def deliveries(
    admin: AdminDep,
    services: ServicesDep,
    outbox: OutboxDep,
    limit: Annotated[int, Query(ge=1, le=500)] = 50,
    before: BeforeCursor = None,
) -> dict[str, Any]:
    """Webhook delivery attempts, latest first, with the outbox's pending and dead counts."""
    return {
        "configured": services.deliveries is not None,
        "pending": outbox.pending_count(),
        "dead": outbox.dead_count(),
        "attempts": outbox.log(limit=limit, before=before),
    }


@router.get("/bans", response_model=BansOut, responses=ADMIN_RESPONSES)
def list_bans(admin: AdminDep, bans: BansDep) -> dict[str, list[str]]:
    """Banned email and IP hashes."""
    return bans.list()


@router.post("/bans", status_code=201, response_model=BansOut, responses={**ADMIN_RESPONSES, 422: {"model": ErrorsOut}})
def add_ban(body: BanIn, admin: AdminDep, bans: BansDep, hasher: HasherDep) -> dict[str, list[str]]:
    """Ban an email or IP (hashed on arrival), a hash, or the author of a stored comment."""
    banned = bans.ban(hasher=hasher, **body.model_dump())
    log.info("review.banned", emails=len(banned["email"]), ips=len(banned["ip"]), admin=admin.name)
    return banned


@router.delete(
    "/bans/{kind}/{value_hash}", response_model=BanRemovedOut, responses={**ADMIN_RESPONSES, 404: {"model": ErrorsOut}}
)
def remove_ban(kind: Literal["email", "ip"], value_hash: str, admin: AdminDep, bans: BansDep) -> dict[str, Any]:
    """Lift a ban."""
    return {"kind": kind, "removed": bans.remove(kind, value_hash)}


def install(app: FastAPI) -> None:
    """Mount the administrators' routes (their errors are mapped with the moderators')."""
    app.include_router(router)

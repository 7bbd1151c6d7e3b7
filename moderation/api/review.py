"""HTTP routes of the moderators' API: authenticate, parse, call one service function, map the result."""

from __future__ import annotations

import time
from typing import Annotated, Any, Literal

import structlog
from fastapi import APIRouter, Body, FastAPI, Header, Query
from fastapi.responses import Response

from moderation.api import review_page
from moderation.dependencies import (
    AdminDep,
    BansDep,
    HasherDep,
    KeysDep,
    LangDep,
    ModeratorDep,
    OutboxDep,
    QueueDep,
    RedisDep,
    RegistryDep,
    ReverterDep,
    ReviewDep,
    ServicesDep,
    SettingsDep,
    SiteLearningDep,
    SiteSettingsDep,
)
from moderation.errors import CommentNotFoundError, ModerationError
from moderation.i18n import Lang, translate
from moderation.review import handlers
from moderation.review.errors import AlreadyDecidedError, ClaimedByOtherError
from moderation.review.queue import Filters
from moderation.review.schemas import (
    AuditOut,
    BanIn,
    BanRemovedOut,
    BansOut,
    BulkDecisionsIn,
    BulkResultsOut,
    ClaimIn,
    DecisionIn,
    DecisionOutcomeOut,
    DeliveriesOut,
    ItemOut,
    ItemsOut,
    MeOut,
    ReleaseOut,
    RevertIn,
    RevertOut,
    SiteSettingsIn,
    SiteSettingsOut,
    StatsOut,
)
from moderation.review.service import DecisionOutcome, audit_log, page_etag
from moderation.review.stats import model_stats, review_stats
from moderation.schemas import ErrorsOut
from moderation.site.memory import memory_stats
from moderation.storage.streams import BeforeCursor

#: Deepest queue page offset (Redis takes 64-bit offsets; a queue never holds more than this).
MAX_OFFSET = 1_000_000_000
#: Oldest comment age a filter can name: ten years, beyond any retention.
MAX_AGE_SECONDS = 10 * 365 * 86_400

router = APIRouter(prefix="/v1/review", tags=["review"])

AUTH_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorsOut, "description": "No, unknown or revoked bearer token"},
}
ADMIN_RESPONSES: dict[int | str, dict[str, Any]] = {
    **AUTH_RESPONSES,
    403: {"model": ErrorsOut, "description": "Not an administrator"},
}
_CONFLICT: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorsOut, "description": "Unknown or expired comment"},
    409: {"model": ErrorsOut, "description": "Already decided, or claimed by another moderator"},
}


# Moderators ------------------------------------------------------------------------------------
@router.get("/me", response_model=MeOut, responses=AUTH_RESPONSES)
def me(moderator: ModeratorDep) -> MeOut:
    """The signed-in moderator's name and role."""
    return MeOut(name=moderator.name, role=moderator.role)


@router.get(
    "/items",
    response_model=ItemsOut,
    response_model_exclude_unset=True,
    responses={**AUTH_RESPONSES, 304: {"description": "Unchanged since the page's ETag (If-None-Match)"}},
)
def list_items(
    moderator: ModeratorDep,
    review: ReviewDep,
    lang: LangDep,
    response: Response,
    if_none_match: Annotated[str | None, Header(include_in_schema=False)] = None,
    post_id: str | None = None,
    language: str | None = None,
    reason: str | None = None,
    min_age: Annotated[float | None, Query(ge=0, le=MAX_AGE_SECONDS, description="seconds")] = None,
    max_age: Annotated[float | None, Query(ge=0, le=MAX_AGE_SECONDS, description="seconds")] = None,
    order: Literal["risk", "oldest"] | None = None,
    offset: Annotated[int, Query(ge=0, le=MAX_OFFSET)] = 0,
    limit: Annotated[int, Query(ge=1, le=100)] = 25,
    available_only: bool = False,
) -> dict[str, Any] | Response:
    """A page of the queue with each comment, its scores, reasons, spans, claim and author history.

    The answer carries an ETag over what a moderator sees change (comments, claims, decisions, the total);
    polling with If-None-Match gets 304 while nothing did.
    """
    filters = Filters(post_id=post_id, language=language, reason=reason, min_age=min_age, max_age=max_age)
    items, total = review.items(
        moderator=moderator.name,
        lang=lang,
        filters=filters,
        order=order,
        offset=offset,
        limit=limit,
        available_only=available_only,
    )
    etag = page_etag(items, total=total, lang=lang)
    if if_none_match == etag:
        return Response(status_code=304, headers={"ETag": etag})
    response.headers["ETag"] = etag
    return {"items": items, "total": total, "offset": offset, "limit": limit}


@router.get(
    "/items/{comment_id}",
    response_model=ItemOut,
    response_model_exclude_unset=True,
    responses={**AUTH_RESPONSES, 404: {"model": ErrorsOut}},
)
def get_item(comment_id: str, moderator: ModeratorDep, review: ReviewDep, lang: LangDep) -> dict[str, Any]:
    """One comment as moderators see it."""
    return review.item(comment_id, lang=lang)


@router.post(
    "/claim",
    response_model=ItemOut,
    response_model_exclude_unset=True,
    responses={**AUTH_RESPONSES, 204: {"description": "Nothing left to claim"}},
    summary="Lease the next unclaimed item (default order: highest risk, then oldest)",
)
def claim_next(
    moderator: ModeratorDep,
    review: ReviewDep,
    lang: LangDep,
    body: Annotated[ClaimIn | None, Body()] = None,
) -> dict[str, Any] | Response:
    """Lease the next item for this moderator; 204 when every matching item is decided or claimed."""
    body = body or ClaimIn()
    filters = Filters(
        post_id=body.post_id, language=body.language, reason=body.reason, min_age=body.min_age, max_age=body.max_age
    )
    item = review.claim_next(moderator=moderator.name, lang=lang, filters=filters, order=body.order)
    if item is None:
        return Response(status_code=204)
    return item


@router.post(
    "/items/{comment_id}/claim",
    response_model=ItemOut,
    response_model_exclude_unset=True,
    responses={**AUTH_RESPONSES, **_CONFLICT},
)
def claim_item(
    comment_id: str, moderator: ModeratorDep, review: ReviewDep, queue: QueueDep, lang: LangDep
) -> dict[str, Any]:
    """Lease this item (or renew one's own lease)."""
    review.require_queued(comment_id)
    if queue.claim_item(moderator=moderator.name, comment_id=comment_id) is None:
        raise ClaimedByOtherError(comment_id)
    return review.item(comment_id, lang=lang)


@router.post("/items/{comment_id}/release", response_model=ReleaseOut, responses={**AUTH_RESPONSES, **_CONFLICT})
def release_item(comment_id: str, moderator: ModeratorDep, review: ReviewDep, queue: QueueDep) -> dict[str, Any]:
    """Give back one's lease so another moderator can take the item."""
    review.require_queued(comment_id)
    if not queue.release(moderator=moderator.name, comment_id=comment_id):
        raise ClaimedByOtherError(comment_id)
    return {"comment_id": comment_id, "released": True}


@router.post(
    "/items/{comment_id}/decision", response_model=DecisionOutcomeOut, responses={**AUTH_RESPONSES, **_CONFLICT}
)
def decide(comment_id: str, body: DecisionIn, moderator: ModeratorDep, review: ReviewDep) -> dict[str, Any]:
    """Approve or reject an item; repeating one's own identical decision answers the same again."""
    outcome = review.apply_decision(
        moderator=moderator.name, comment_id=comment_id, decision=body.decision, reason=body.reason, note=body.note
    )
    return outcome.to_dict()


@router.post(
    "/items/{comment_id}/revert",
    response_model=RevertOut,
    responses={
        **AUTH_RESPONSES,
        404: {"model": ErrorsOut, "description": "Unknown or expired comment"},
        409: {"model": ErrorsOut, "description": "No moderator decision to revert (queued, or decided at intake)"},
    },
)
def revert(
    comment_id: str,
    moderator: ModeratorDep,
    reverter: ReverterDep,
    body: Annotated[RevertIn | None, Body()] = None,
) -> dict[str, Any]:
    """Undo a moderator's decision: the comment is queued again (claimed by you), audited and its label retracted."""
    outcome = reverter.revert(moderator=moderator.name, comment_id=comment_id, note=(body or RevertIn()).note)
    return outcome.to_dict()


@router.post("/decisions", response_model=BulkResultsOut, response_model_exclude_unset=True, responses=AUTH_RESPONSES)
def decide_many(body: BulkDecisionsIn, moderator: ModeratorDep, review: ReviewDep, lang: LangDep) -> dict[str, Any]:
    """Apply several decisions; each gets its own result (200, 404 or 409) and none depends on another."""
    results = review.apply_decisions(
        moderator=moderator.name,
        decisions=[(d.comment_id, d.decision, d.reason, d.note) for d in body.decisions],
    )
    return {"results": [_bulk_result(comment_id, result, lang) for comment_id, result in results]}


def _bulk_result(comment_id: str, result: DecisionOutcome | ModerationError, lang: Lang) -> dict[str, Any]:
    if isinstance(result, DecisionOutcome):
        return {"comment_id": comment_id, "status_code": 200, "outcome": result.to_dict()}
    status_code, code, params = 409, "claimed_by_other", {}
    if isinstance(result, CommentNotFoundError):
        status_code, code = 404, "not_found"
    elif isinstance(result, AlreadyDecidedError):
        code, params = "already_decided", {"status": result.status}
    message = translate(code, lang, **params)
    return {"comment_id": comment_id, "status_code": status_code, "error": {"code": code, "message": message}}


# Administrators --------------------------------------------------------------------------------
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
) -> dict[str, Any]:
    """Decisions, latest first: who, when, from -> to, reason, note and the scores at the time."""
    entries = audit_log(client, keys=keys, limit=limit, before=before)
    return {"entries": entries, "next_before": entries[-1]["id"] if len(entries) == limit else None}


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
    structlog.get_logger(__name__).info("review.settings_changed", fields=sorted(body.model_fields_set))
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
    structlog.get_logger(__name__).info(
        "review.banned", emails=len(banned["email"]), ips=len(banned["ip"]), admin=admin.name
    )
    return banned


@router.delete(
    "/bans/{kind}/{value_hash}", response_model=BanRemovedOut, responses={**ADMIN_RESPONSES, 404: {"model": ErrorsOut}}
)
def remove_ban(kind: Literal["email", "ip"], value_hash: str, admin: AdminDep, bans: BansDep) -> dict[str, Any]:
    """Lift a ban."""
    return {"kind": kind, "removed": bans.remove(kind, value_hash)}


def install(app: FastAPI) -> None:
    """Mount the moderators' API and page, and their error handlers."""
    handlers.install(app)
    app.include_router(router)
    review_page.install(app)

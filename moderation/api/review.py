"""HTTP routes of the moderators' API: authenticate, parse, call one service function, map the result."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Body, FastAPI, Header, Query
from fastapi.responses import Response

from moderation.api import review_page
from moderation.dependencies import (
    MODERATOR_RESPONSES,
    DecisionsDep,
    LangDep,
    ModeratorDep,
    QueueDep,
    ReverterDep,
    ViewsDep,
)
from moderation.errors import CommentNotFoundError, ModerationError
from moderation.i18n import Lang, translate
from moderation.review import handlers
from moderation.review.errors import AlreadyDecidedError, ClaimedByOtherError
from moderation.review.queue import Filters
from moderation.review.schemas import (
    BulkDecisionsIn,
    BulkErrorOut,
    BulkResultOut,
    BulkResultsOut,
    ClaimIn,
    DecisionIn,
    DecisionOutcome,
    ItemOut,
    ItemsOut,
    MeOut,
    ReleaseOut,
    RevertIn,
    RevertOutcome,
)
from moderation.review.views import page_etag
from moderation.schemas import ErrorsOut

#: Deepest queue page offset (Redis takes 64-bit offsets; a queue never holds more than this).
MAX_OFFSET = 1_000_000_000
#: Oldest comment age a filter can name: ten years, beyond any retention.
MAX_AGE_SECONDS = 10 * 365 * 86_400

router = APIRouter(prefix="/v1/review", tags=["review"])

_CONFLICT: dict[int | str, dict[str, Any]] = {
    404: {"model": ErrorsOut, "description": "Unknown or expired comment"},
    409: {"model": ErrorsOut, "description": "Already decided, or claimed by another moderator"},
}


# Moderators ------------------------------------------------------------------------------------
@router.get("/me", response_model=MeOut, responses=MODERATOR_RESPONSES)
def me(moderator: ModeratorDep) -> MeOut:
    """The signed-in moderator's name and role."""
    return MeOut(name=moderator.name, role=moderator.role)


@router.get(
    "/items",
    response_model=ItemsOut,
    response_model_exclude_unset=True,
    responses={**MODERATOR_RESPONSES, 304: {"description": "Unchanged since the page's ETag (If-None-Match)"}},
)
def list_items(
    moderator: ModeratorDep,
    views: ViewsDep,
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
) -> ItemsOut | Response:
    """A page of the queue with each comment, its scores, reasons, spans, claim and author history.

    The answer carries an ETag over what a moderator sees change (comments, claims, decisions, the total);
    polling with If-None-Match gets 304 while nothing did.
    """
    filters = Filters(post_id=post_id, language=language, reason=reason, min_age=min_age, max_age=max_age)
    items, total = views.items(
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
    return ItemsOut(items=items, total=total, offset=offset, limit=limit)


@router.get(
    "/items/{comment_id}",
    response_model=ItemOut,
    response_model_exclude_unset=True,
    responses={**MODERATOR_RESPONSES, 404: {"model": ErrorsOut}},
)
def get_item(comment_id: str, moderator: ModeratorDep, views: ViewsDep, lang: LangDep) -> ItemOut:
    """One comment as moderators see it."""
    return views.item(comment_id, lang=lang)


@router.post(
    "/claim",
    response_model=ItemOut,
    response_model_exclude_unset=True,
    responses={**MODERATOR_RESPONSES, 204: {"description": "Nothing left to claim"}},
    summary="Lease the next unclaimed item (default order: highest risk, then oldest)",
)
def claim_next(
    moderator: ModeratorDep,
    views: ViewsDep,
    lang: LangDep,
    body: Annotated[ClaimIn | None, Body()] = None,
) -> ItemOut | Response:
    """Lease the next item for this moderator; 204 when every matching item is decided or claimed."""
    body = body or ClaimIn()
    filters = Filters(
        post_id=body.post_id, language=body.language, reason=body.reason, min_age=body.min_age, max_age=body.max_age
    )
    item = views.claim_next(moderator=moderator.name, lang=lang, filters=filters, order=body.order)
    if item is None:
        return Response(status_code=204)
    return item


@router.post(
    "/items/{comment_id}/claim",
    response_model=ItemOut,
    response_model_exclude_unset=True,
    responses={**MODERATOR_RESPONSES, **_CONFLICT},
)
def claim_item(comment_id: str, moderator: ModeratorDep, views: ViewsDep, queue: QueueDep, lang: LangDep) -> ItemOut:
    """Lease this item (or renew one's own lease)."""
    queue.require_queued(comment_id)
    if queue.claim_item(moderator=moderator.name, comment_id=comment_id) is None:
        raise ClaimedByOtherError(comment_id)
    return views.item(comment_id, lang=lang)


@router.post("/items/{comment_id}/release", response_model=ReleaseOut, responses={**MODERATOR_RESPONSES, **_CONFLICT})
def release_item(comment_id: str, moderator: ModeratorDep, queue: QueueDep) -> ReleaseOut:
    """Give back one's lease so another moderator can take the item."""
    queue.require_queued(comment_id)
    if not queue.release(moderator=moderator.name, comment_id=comment_id):
        raise ClaimedByOtherError(comment_id)
    return ReleaseOut(comment_id=comment_id, released=True)


@router.post(
    "/items/{comment_id}/decision", response_model=DecisionOutcome, responses={**MODERATOR_RESPONSES, **_CONFLICT}
)
def decide(comment_id: str, body: DecisionIn, moderator: ModeratorDep, decisions: DecisionsDep) -> DecisionOutcome:
    """Approve or reject an item; repeating one's own identical decision answers the same again."""
    return decisions.apply_decision(
        moderator=moderator.name, comment_id=comment_id, decision=body.decision, reason=body.reason, note=body.note
    )


@router.post(
    "/items/{comment_id}/revert",
    response_model=RevertOutcome,
    responses={
        **MODERATOR_RESPONSES,
        404: {"model": ErrorsOut, "description": "Unknown or expired comment"},
        409: {"model": ErrorsOut, "description": "No moderator decision to revert (queued, or decided at intake)"},
    },
)
def revert(
    comment_id: str,
    moderator: ModeratorDep,
    reverter: ReverterDep,
    body: Annotated[RevertIn | None, Body()] = None,
) -> RevertOutcome:
    """Undo a moderator's decision: the comment is queued again (claimed by you), audited and its label retracted."""
    return reverter.revert(moderator=moderator.name, comment_id=comment_id, note=(body or RevertIn()).note)


@router.post(
    "/decisions", response_model=BulkResultsOut, response_model_exclude_unset=True, responses=MODERATOR_RESPONSES
)
def decide_many(
    body: BulkDecisionsIn, moderator: ModeratorDep, decisions: DecisionsDep, lang: LangDep
) -> BulkResultsOut:
    """Apply several decisions; each gets its own result (200, 404 or 409) and none depends on another."""
    results = decisions.apply_decisions(
        moderator=moderator.name,
        decisions=[(d.comment_id, d.decision, d.reason, d.note) for d in body.decisions],
    )
    return BulkResultsOut(results=[_bulk_result(comment_id, result, lang) for comment_id, result in results])


def _bulk_result(comment_id: str, result: DecisionOutcome | ModerationError, lang: Lang) -> BulkResultOut:
    if isinstance(result, DecisionOutcome):
        return BulkResultOut(comment_id=comment_id, status_code=200, outcome=result)
    status_code, code, params = 409, "claimed_by_other", {}
    if isinstance(result, CommentNotFoundError):
        status_code, code = 404, "not_found"
    elif isinstance(result, AlreadyDecidedError):
        code, params = "already_decided", {"status": result.status}
    return BulkResultOut(
        comment_id=comment_id,
        status_code=status_code,
        error=BulkErrorOut(code=code, message=translate(code, lang, **params)),
    )


def install(app: FastAPI) -> None:
    """Mount the moderators' API and page, and the review errors' handlers."""
    handlers.install(app)
    app.include_router(router)
    review_page.install(app)

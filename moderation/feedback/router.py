"""HTTP route of the site feedback: authenticate the site, call the service, map the outcome."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from moderation.credentials import Keyring
from moderation.dependencies import KeysDep, RedisDep
from moderation.feedback.auth import SiteKeyInvalidError, presented_key, verify_site_key
from moderation.feedback.schemas import FeedbackIn, FeedbackOut
from moderation.feedback.service import record_feedback
from moderation.review.service import ReviewService
from moderation.schemas import ErrorsOut, error_response

router = APIRouter(prefix="/v1", tags=["feedback"])


def require_site_key(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    x_site_key: Annotated[str | None, Header()] = None,
) -> None:
    """Let the request through only with a valid site key."""
    keyring: Keyring = request.app.state.site_keys
    verify_site_key(keyring, presented_key(authorization=authorization, site_key_header=x_site_key))


SiteKeyDep = Annotated[None, Depends(require_site_key)]


async def get_review(request: Request) -> ReviewService:
    """The review service built in the lifespan (site feedback decides comments still in its queue)."""
    return request.app.state.review.service  # type: ignore[no-any-return]


ReviewDep = Annotated[ReviewService, Depends(get_review)]


@router.post(
    "/comments/{comment_id}/feedback",
    response_model=FeedbackOut,
    status_code=201,
    summary="Tell the service the site's verdict on a comment: it decides one still held, else it is a label",
    responses={
        201: {"description": "Recorded; `resolved` says whether it decided a comment waiting in the review queue"},
        200: {"model": FeedbackOut, "description": "The same label was already recorded; nothing added"},
        401: {"model": ErrorsOut, "description": "Missing or wrong site key"},
        404: {"model": ErrorsOut, "description": "Unknown or expired comment"},
        409: {"model": ErrorsOut, "description": "The held comment kept changing while the verdict was applied; retry"},
        422: {"model": ErrorsOut, "description": "Unknown label"},
    },
)
async def post_feedback(
    comment_id: str,
    body: FeedbackIn,
    client: RedisDep,
    keys: KeysDep,
    review: ReviewDep,
    _site: SiteKeyDep,
    response: Response,
) -> FeedbackOut:
    """Decide the comment with the site's verdict if it is still queued; record the label either way."""
    result = await run_in_threadpool(
        record_feedback,
        client=client,
        keys=keys,
        review=review,
        comment_id=comment_id,
        label=body.label,
        note=body.note,
    )
    response.status_code = 201 if result.recorded else 200
    return FeedbackOut.model_validate(result, from_attributes=True)  # the service's result, field for field


def _site_key_invalid(request: Request, exc: Exception) -> Response:
    return error_response(request, 401, "site_key_invalid", headers={"WWW-Authenticate": "Bearer"})


def install(app: FastAPI, *, site_keys: list[str]) -> None:
    """Mount the feedback route, its 401 handler and the keyring (digests only) on the app."""
    app.state.site_keys = Keyring(site_keys)
    app.add_exception_handler(SiteKeyInvalidError, _site_key_invalid)
    app.include_router(router)

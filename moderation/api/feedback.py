"""HTTP route of the site feedback: authenticate the site, call the service, map the outcome."""

from __future__ import annotations

import time
import uuid
from typing import Annotated, Literal

import httpx
from fastapi import APIRouter, Depends, FastAPI, Header, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from moderation.dependencies import DecisionsDep, KeysDep, RedisDep, SettingsDep, SiteKeysDep
from moderation.feedback.auth import SiteKeyInvalidError, presented_key, verify_site_key
from moderation.feedback.schemas import FeedbackIn, FeedbackOut
from moderation.feedback.service import record_feedback
from moderation.schemas import ErrorsOut, error_response
from moderation.webhooks.outbox import SIGNATURE_HEADER, TIMESTAMP_HEADER, encode, sign

router = APIRouter(prefix="/v1", tags=["feedback"])


def require_site_key(
    site_keys: SiteKeysDep,
    authorization: Annotated[str | None, Header()] = None,
    x_site_key: Annotated[str | None, Header()] = None,
) -> None:
    """Let the request through only with a valid site key."""
    verify_site_key(site_keys, presented_key(authorization=authorization, site_key_header=x_site_key))


SiteKeyDep = Annotated[None, Depends(require_site_key)]


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
    decisions: DecisionsDep,
    _site: SiteKeyDep,
    response: Response,
) -> FeedbackOut:
    """Decide the comment with the site's verdict if it is still queued; record the label either way."""
    result = await run_in_threadpool(
        record_feedback,
        client=client,
        keys=keys,
        decisions=decisions,
        comment_id=comment_id,
        label=body.label,
        note=body.note,
    )
    response.status_code = 201 if result.recorded else 200
    return FeedbackOut.model_validate(result, from_attributes=True)  # the service's result, field for field


class WebhookCheckOut(BaseModel):
    """What the signed test call to the site's webhook gave."""

    configured: bool = Field(description="whether MODERATION_WEBHOOK_URL and its secret are set")
    url: str = Field(default="", description="the URL called")
    status_code: int | None = Field(default=None, description="the site's HTTP answer; null when none came")
    error: str = Field(default="", description="why no answer came (connection refused, timeout)")
    delivered: bool = Field(default=False, description="the site answered 2xx: it checked the signature")


class PingOut(BaseModel):
    """The answer of `POST /v1/site/ping`: the site key is valid, and what the webhook test gave."""

    site_key: Literal["valid"] = "valid"
    webhook: WebhookCheckOut


@router.post(
    "/site/ping",
    response_model=PingOut,
    summary="Check a site's connection: its site key, and a signed test call (event `ping`) to its webhook",
    responses={401: {"model": ErrorsOut, "description": "Missing or wrong site key"}},
)
def ping(_site: SiteKeyDep, settings: SettingsDep) -> PingOut:
    """Answer only with a valid site key; send the site a signed `ping` so it checks the webhook secret too.

    The call is made now, not through the outbox: the person pressing *Test the connection* waits for it.
    """
    if not settings.webhook_url or settings.webhook_secret is None:
        return PingOut(webhook=WebhookCheckOut(configured=False))
    body = encode({"event": "ping", "event_id": uuid.uuid4().hex, "at": time.time()}).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json",
        SIGNATURE_HEADER: sign(body, settings.webhook_secret.get_secret_value(), timestamp),
        TIMESTAMP_HEADER: timestamp,
        "User-Agent": "moderation-webhook/1",
    }
    check = WebhookCheckOut(configured=True, url=settings.webhook_url)
    try:
        with httpx.Client(timeout=settings.webhook_timeout_seconds, follow_redirects=False) as http:
            answer = http.post(settings.webhook_url, content=body, headers=headers)
    except httpx.HTTPError as exc:
        return PingOut(webhook=check.model_copy(update={"error": type(exc).__name__}))
    delivered = 200 <= answer.status_code < 300
    return PingOut(webhook=check.model_copy(update={"status_code": answer.status_code, "delivered": delivered}))


def _site_key_invalid(request: Request, exc: Exception) -> Response:
    return error_response(request, 401, "site_key_invalid", headers={"WWW-Authenticate": "Bearer"})


def install(app: FastAPI) -> None:
    """Mount the feedback routes and their 401 handler."""
    app.add_exception_handler(SiteKeyInvalidError, _site_key_invalid)
    app.include_router(router)

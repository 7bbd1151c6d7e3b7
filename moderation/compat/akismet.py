"""Akismet's REST API routes (`/1.1/comment-check`, `submit-spam`, `submit-ham`, `verify-key`)."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import PlainTextResponse, Response

from moderation.compat import service
from moderation.compat.apikeys import ApiKeysDep
from moderation.compat.errors import AkismetInvalidError
from moderation.compat.schemas import AkismetComment
from moderation.dependencies import KeysDep, RedisDep, SettingsDep
from moderation.intake.dependencies import IntakeDep
from moderation.intake.forms import BodyTooLargeError, read_body

log = structlog.get_logger(__name__)

router = APIRouter(prefix="/1.1", tags=["Akismet API (drop-in)"])

THANKS = "Thanks for making the web a better place."
_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {"application/x-www-form-urlencoded": {"schema": {"$ref": "#/components/schemas/AkismetComment"}}},
    }
}
_TEXT: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/plain": {}}, "description": "Akismet's plain-text answer"}
}


async def read_form(request: Request, *, max_bytes: int) -> dict[str, str]:
    """The posted fields, decoded in the blog's charset; refused the way Akismet refuses."""
    try:
        body = await read_body(request, max_bytes=max_bytes)
    except BodyTooLargeError:
        raise AkismetInvalidError("The request body is too large.") from None
    return service.parse_form(body, header_charset=_charset(request.headers.get("content-type", "")))


def _charset(content_type: str) -> str | None:
    for param in content_type.split(";")[1:]:
        name, _, value = param.partition("=")
        if name.strip().lower() == "charset":
            return value.strip().strip('"') or None
    return None


@router.post("/comment-check", response_class=PlainTextResponse, responses=_TEXT, openapi_extra=_FORM)
async def comment_check(request: Request, settings: SettingsDep, intake: IntakeDep, api_keys: ApiKeysDep) -> Response:
    """Answer `true` (spam or rejected) or `false`, with `X-akismet-pro-tip: discard` for blatant spam."""
    form = AkismetComment.model_validate(await read_form(request, max_bytes=settings.max_body_bytes))
    result = await run_in_threadpool(service.comment_check, form=form, api_keys=api_keys, intake=intake)
    headers = {"X-akismet-guid": result.guid, "X-Moderation-Status": result.status}
    if result.discard:
        headers["X-akismet-pro-tip"] = "discard"
    return PlainTextResponse("true" if result.spam else "false", headers=headers)


async def _feedback(
    request: Request,
    *,
    spam: bool,
    settings: SettingsDep,
    intake: IntakeDep,
    client: RedisDep,
    keys: KeysDep,
    api_keys: ApiKeysDep,
) -> Response:
    form = AkismetComment.model_validate(await read_form(request, max_bytes=settings.max_body_bytes))
    await run_in_threadpool(
        service.submit_feedback,
        form=form,
        spam=spam,
        api_keys=api_keys,
        client=client,
        keys=keys,
        hasher=intake.hasher,
    )
    return PlainTextResponse(THANKS)


@router.post("/submit-spam", response_class=PlainTextResponse, responses=_TEXT, openapi_extra=_FORM)
async def submit_spam(
    request: Request, settings: SettingsDep, intake: IntakeDep, client: RedisDep, keys: KeysDep, api_keys: ApiKeysDep
) -> Response:
    """Record a spam the check missed, as a labelled example (`spam` = 1)."""
    return await _feedback(
        request, spam=True, settings=settings, intake=intake, client=client, keys=keys, api_keys=api_keys
    )


@router.post("/submit-ham", response_class=PlainTextResponse, responses=_TEXT, openapi_extra=_FORM)
async def submit_ham(
    request: Request, settings: SettingsDep, intake: IntakeDep, client: RedisDep, keys: KeysDep, api_keys: ApiKeysDep
) -> Response:
    """Record a false positive, as a labelled example (`spam` = 0)."""
    return await _feedback(
        request, spam=False, settings=settings, intake=intake, client=client, keys=keys, api_keys=api_keys
    )


@router.post("/verify-key", response_class=PlainTextResponse, responses=_TEXT)
async def verify_key(request: Request, settings: SettingsDep, api_keys: ApiKeysDep) -> Response:
    """Answer `valid` or `invalid` for the `key` (or `api_key`) field."""
    fields = await read_form(request, max_bytes=settings.max_body_bytes)
    key = fields.get("key") or fields.get("api_key") or ""
    return PlainTextResponse("valid" if api_keys.accepts(key) else "invalid")


def invalid_handler(request: Request, exc: Exception) -> Response:
    """Answer an AkismetInvalidError as Akismet does: 200, `invalid`, and the reason in a header."""
    assert isinstance(exc, AkismetInvalidError)
    log.info("akismet.refused", reason=exc.debug_help)
    return PlainTextResponse("invalid", headers={"X-akismet-debug-help": exc.debug_help})

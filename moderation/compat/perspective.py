"""Google Perspective API's routes (`/v1alpha1/comments:analyze`, `:suggestscore`), for Coral Talk and others."""

from __future__ import annotations

import json
from typing import TypeVar

import structlog
from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError

from moderation.compat import service
from moderation.compat.apikeys import ApiKeysDep
from moderation.compat.errors import PerspectiveError
from moderation.compat.schemas import (
    AnalyzeCommentRequest,
    AnalyzeCommentResponse,
    GoogleErrorOut,
    SuggestCommentScoreRequest,
    SuggestCommentScoreResponse,
)
from moderation.dependencies import KeysDep, RedisDep, RegistryDep, SettingsDep
from moderation.intake.forms import BodyTooLargeError, read_body

log = structlog.get_logger(__name__)

router = APIRouter(prefix="/v1alpha1", tags=["Perspective API (drop-in)"])

_ERRORS: dict[int | str, dict[str, object]] = {
    400: {"model": GoogleErrorOut, "description": "Wrong key, unknown attribute, unsupported language, bad body"},
    403: {"model": GoogleErrorOut, "description": "No key"},
    503: {"model": GoogleErrorOut, "description": "No model loaded yet"},
}
Body = TypeVar("Body", bound=BaseModel)


async def read_request(request: Request, *, max_bytes: int, model: type[Body]) -> Body:
    """Parse a JSON body into `model`, refusing it in Google's words."""
    try:
        raw = await read_body(request, max_bytes=max_bytes)
    except BodyTooLargeError:
        raise PerspectiveError(f"Request payload size exceeds the limit: {max_bytes} bytes.") from None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise PerspectiveError("Invalid JSON payload received.") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        where = ".".join(str(part) for part in exc.errors()[0]["loc"]) or "body"
        raise PerspectiveError(f"Invalid JSON payload received. Invalid value at '{where[:64]}'.") from None


@router.post(
    "/comments:analyze",
    response_model=AnalyzeCommentResponse,
    response_model_exclude_none=True,
    responses=_ERRORS,
    summary="Score a comment (Perspective's AnalyzeComment)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/AnalyzeCommentRequest"}}},
        }
    },
)
async def analyze_comment(
    request: Request,
    settings: SettingsDep,
    registry: RegistryDep,
    api_keys: ApiKeysDep,
    key: str | None = Query(default=None, description="The API key, as Google takes it"),
    header_key: str | None = Header(default=None, alias="X-Goog-Api-Key"),
) -> AnalyzeCommentResponse:
    """Score `comment.text` on the requested attributes; the text is never stored, whatever `doNotStore` says."""
    service.authenticate_perspective(api_keys, key or header_key)
    body = await read_request(request, max_bytes=settings.max_body_bytes, model=AnalyzeCommentRequest)
    scorer = registry.current  # one model for the whole request, even if a reload happens now
    return await run_in_threadpool(
        service.analyze, scorer=scorer, request=body, default_language=settings.default_language
    )


@router.post(
    "/comments:suggestscore",
    response_model=SuggestCommentScoreResponse,
    response_model_exclude_none=True,
    responses=_ERRORS,
    summary="Suggest a comment's right score (Perspective's SuggestCommentScore): stored as a label",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/SuggestCommentScoreRequest"}}},
        }
    },
)
async def suggest_comment_score(
    request: Request,
    settings: SettingsDep,
    client: RedisDep,
    keys: KeysDep,
    api_keys: ApiKeysDep,
    key: str | None = Query(default=None, description="The API key, as Google takes it"),
    header_key: str | None = Header(default=None, alias="X-Goog-Api-Key"),
) -> SuggestCommentScoreResponse:
    """Keep the suggested scores (0 or 1 from Coral: approved or rejected) as training labels."""
    service.authenticate_perspective(api_keys, key or header_key)
    body = await read_request(request, max_bytes=settings.max_body_bytes, model=SuggestCommentScoreRequest)
    return await run_in_threadpool(service.suggest_score, client=client, keys=keys, request=body)


def error_handler(request: Request, exc: Exception) -> Response:
    """Answer a PerspectiveError in Google's shape."""
    assert isinstance(exc, PerspectiveError)
    log.info("perspective.refused", code=exc.code, status=exc.status, message=exc.message)
    body = {"error": {"code": exc.code, "message": exc.message, "status": exc.status}}
    return JSONResponse(body, status_code=exc.code)

"""Google Perspective API's routes (`/v1alpha1/comments:analyze`, `:suggestscore`, the discovery document)."""

from __future__ import annotations

import json
from typing import Any, TypeVar

import structlog
from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError

from moderation.compat.errors import PerspectiveError
from moderation.compat.perspective import discovery, service
from moderation.compat.perspective.schemas import (
    AnalyzeCommentRequest,
    AnalyzeCommentResponse,
    GoogleError,
    GoogleErrorOut,
    SuggestCommentScoreRequest,
    SuggestCommentScoreResponse,
)
from moderation.compat.routing import PerspectiveRoute
from moderation.dependencies import ApiKeysDep, KeysDep, RedisDep, RegistryDep, SettingsDep
from moderation.intake.forms import BodyTooLargeError, NestedTooDeepError, read_body, undecodable_fields

log = structlog.get_logger(__name__)

router = APIRouter(prefix="/v1alpha1", tags=["Perspective API (drop-in)"], route_class=PerspectiveRoute)
#: Where Google's discovery-based clients fetch the API description (`discoveryServiceUrl`).
discovery_router = APIRouter(tags=["Perspective API (drop-in)"])

_ERRORS: dict[int | str, dict[str, object]] = {
    400: {
        "model": GoogleErrorOut,
        "description": "Wrong key, unknown attribute, unsupported language, bad or too large body",
    },
    403: {"model": GoogleErrorOut, "description": "No key"},
    503: {"model": GoogleErrorOut, "description": "No model loaded yet, or Redis unreachable (with `Retry-After`)"},
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
        # nested past MAX_JSON_DEPTH, or a lone surrogate ("\ud800") that no UTF-8 text can hold
        if isinstance(data, dict) and undecodable_fields(data):
            raise PerspectiveError("Invalid JSON payload received. Invalid UTF-8 in a string.")
    except (UnicodeDecodeError, ValueError, RecursionError, NestedTooDeepError):
        raise PerspectiveError("Invalid JSON payload received.") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        where = ".".join(str(part) for part in exc.errors()[0]["loc"])[:64] or "body"
        raise PerspectiveError(
            f"Invalid JSON payload received. Invalid value at '{where}'.",
            extra_details=[
                {
                    "@type": "type.googleapis.com/google.rpc.BadRequest",
                    "fieldViolations": [{"field": where, "description": f"Invalid value at '{where}'"}],
                }
            ],
        ) from None


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
    return await run_in_threadpool(service.analyze, scorer=scorer, request=body)


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


_METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "HEAD"]


@router.api_route("/{rest:path}", methods=_METHODS, include_in_schema=False)
async def not_served(request: Request, rest: str) -> Response:
    """Answer an unknown path (404) or a method other than POST (405) in Google's shape, not FastAPI's."""
    if request.url.path in discovery.PATHS:
        raise PerspectiveError(
            f"Method {request.method[:16]} is not allowed on {request.url.path}; use POST.",
            code=405,
            status="METHOD_NOT_ALLOWED",
            reason="METHOD_NOT_ALLOWED",
            headers={"Allow": "POST"},
        )
    raise PerspectiveError(
        f"The requested URL {request.url.path[:120]} was not found on this server.",
        code=404,
        status="NOT_FOUND",
        reason="NOT_FOUND",
    )


_UNKNOWN_VERSION: dict[int | str, dict[str, Any]] = {
    404: {"model": GoogleErrorOut, "description": "No such API version (Google's error shape)"}
}


@discovery_router.get(
    "/$discovery/rest", summary="Perspective's discovery document (Google API clients)", responses=_UNKNOWN_VERSION
)
async def discovery_document(request: Request, version: str = Query(default=discovery.API_VERSION)) -> Response:
    """Describe `commentanalyzer v1alpha1` so Google's generated clients can call this service."""
    return _discovery(request, version)


@discovery_router.get(
    "/discovery/v1/apis/commentanalyzer/{version}/rest",
    summary="Perspective's discovery document (legacy path)",
    responses=_UNKNOWN_VERSION,
)
async def discovery_document_v1(request: Request, version: str) -> Response:
    """The same document at the discovery service's older, versioned path."""
    return _discovery(request, version)


def _discovery(request: Request, version: str) -> Response:
    if version != discovery.API_VERSION:
        raise PerspectiveError(
            f"Discovery document not found for API service: commentanalyzer {version[:16]}",
            code=404,
            status="NOT_FOUND",
            reason="NOT_FOUND",
        )
    return JSONResponse(discovery.document(root_url=str(request.base_url)))


def error_handler(request: Request, exc: Exception) -> Response:
    """Answer a PerspectiveError in Google's shape, `details` first naming the reason as Google's ErrorInfo."""
    assert isinstance(exc, PerspectiveError)
    log.info("perspective.refused", code=exc.code, status=exc.status, reason=exc.reason)
    info = {
        "@type": "type.googleapis.com/google.rpc.ErrorInfo",
        "reason": exc.reason,
        "domain": "moderation",
        "metadata": {"service": "commentanalyzer"},
    }
    error = GoogleError(code=exc.code, message=exc.message, status=exc.status, details=[info, *exc.extra_details])
    return JSONResponse(GoogleErrorOut(error=error).model_dump(), status_code=exc.code, headers=exc.headers)

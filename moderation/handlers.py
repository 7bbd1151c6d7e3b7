"""The app-wide error handlers (Redis down, invalid fields, unreadable bodies) and the intake's: one per exception.

Each answers JSON `{"errors": [...]}`, or a page for a browser that posted the comment form. Packages with
errors of their own (review, site, compat, feedback, readers) register their handlers beside their routes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import redis
import structlog
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response

from moderation.api.comments import outcome_page
from moderation.errors import (
    CLIENT_CLOSED_REQUEST,
    STORE_RETRY_AFTER_SECONDS,
    ClientDisconnectedError,
    CommentNotFoundError,
    StoreUnavailableError,
)
from moderation.intake.errors import (
    DuplicateCommentError,
    FieldError,
    FloodError,
    IdempotencyKeyReusedError,
    SubmissionInvalidError,
)
from moderation.intake.forms import (
    MAX_JSON_DEPTH,
    BodyTooLargeError,
    InvalidEncodingError,
    MalformedBodyError,
    NestedTooDeepError,
    NulCharacterError,
    UnsupportedMediaTypeError,
    wants_html,
)
from moderation.observability import NOT_FOUND, REFUSED
from moderation.schemas import request_lang

log = structlog.get_logger(__name__)

SUBMIT_ROUTE = "/v1/comments"


def _route(request: Request) -> str:
    """The matched route's template (`/v1/comments/{comment_id}`), never the raw path with its ids."""
    return str(getattr(request.scope.get("route"), "path", "unmatched"))


def _answer(
    request: Request, status_code: int, errors: list[FieldError], headers: dict[str, str] | None = None
) -> Response:
    lang = request_lang(request)
    if request.method == "POST" and _route(request) == SUBMIT_ROUTE:  # only submissions count as refused
        for error in errors:
            REFUSED.labels(error.code).inc()
    payload = [e.to_dict(lang) for e in errors]
    if wants_html(request) and request.method == "POST":
        return outcome_page(request, lang=lang, status_code=status_code, errors=payload, headers=headers)
    return JSONResponse({"errors": payload}, status_code=status_code, headers=headers)


def _invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, SubmissionInvalidError)
    return _answer(request, 422, exc.errors)


def _request_invalid(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [FieldError(str(e["loc"][-1]) if e.get("loc") else None, "field_invalid") for e in exc.errors()]
    return _answer(request, 422, errors)


def _duplicate(request: Request, exc: Exception) -> Response:
    return _answer(request, 409, [FieldError("comment", "duplicate")])


def _idempotency_key_reused(request: Request, exc: Exception) -> Response:
    return _answer(request, 422, [FieldError(None, "idempotency_key_reused")])


def _flood(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, FloodError)
    return _answer(request, 429, [FieldError(None, "flood")], headers={"Retry-After": str(exc.retry_after)})


def _too_large(request: Request, exc: Exception) -> Response:
    return _answer(request, 413, [FieldError(None, "body_too_large")])


def _malformed(request: Request, exc: Exception) -> Response:
    return _answer(request, 400, [FieldError(None, "malformed")])


def _invalid_encoding(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, InvalidEncodingError)
    return _answer(request, 422, [FieldError(field, "invalid_encoding") for field in exc.fields])


def _nul_character(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NulCharacterError)
    return _answer(request, 422, [FieldError(field, "nul_character") for field in exc.fields])


def _nested_too_deep(request: Request, exc: Exception) -> Response:
    return _answer(request, 400, [FieldError(None, "nested_too_deep", {"depth": MAX_JSON_DEPTH + 1})])


def _client_disconnected(request: Request, exc: Exception) -> Response:
    # nobody reads this answer: its status is what RequestContext's one log line and the metrics record
    return Response(status_code=CLIENT_CLOSED_REQUEST)


def _unsupported(request: Request, exc: Exception) -> Response:
    return _answer(request, 415, [FieldError(None, "unsupported_media_type")])


def _not_found(request: Request, exc: Exception) -> Response:
    NOT_FOUND.labels(_route(request)).inc()
    return _answer(request, 404, [FieldError(None, "not_found")])


def _store_unavailable(request: Request, exc: Exception) -> Response:
    log.error("redis.unavailable", error=type(exc).__name__)
    return _answer(
        request,
        503,
        [FieldError(None, "store_unavailable")],
        headers={"Retry-After": str(STORE_RETRY_AFTER_SECONDS)},
    )


HANDLERS: dict[type[Exception], Callable[[Request, Exception], Any]] = {
    SubmissionInvalidError: _invalid,
    RequestValidationError: _request_invalid,
    DuplicateCommentError: _duplicate,
    IdempotencyKeyReusedError: _idempotency_key_reused,
    FloodError: _flood,
    BodyTooLargeError: _too_large,
    MalformedBodyError: _malformed,
    NestedTooDeepError: _nested_too_deep,
    InvalidEncodingError: _invalid_encoding,
    NulCharacterError: _nul_character,
    UnsupportedMediaTypeError: _unsupported,
    CommentNotFoundError: _not_found,
    ClientDisconnectedError: _client_disconnected,
    StoreUnavailableError: _store_unavailable,
    redis.ConnectionError: _store_unavailable,
    redis.TimeoutError: _store_unavailable,
}


def install(app: FastAPI) -> None:
    """Register every handler on the app."""
    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)

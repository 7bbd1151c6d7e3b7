"""Map the review package's exceptions (and the site's bans and layer) to HTTP answers, localised."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import Response

from moderation.review.errors import (
    AlreadyDecidedError,
    ClaimedByOtherError,
    ForbiddenError,
    NotAuthenticatedError,
    NotDecidedError,
)
from moderation.schemas import error_response
from moderation.site.errors import BanInvalidError, BanIpInvalidError, NoPreviousLayerError

AUTHENTICATE = 'Bearer realm="moderation"'


def _error(
    request: Request, status_code: int, code: str, headers: dict[str, str] | None = None, **params: Any
) -> Response:
    return error_response(request, status_code, code, headers=headers, **params)


def _not_authenticated(request: Request, exc: Exception) -> Response:
    return _error(request, 401, "not_authenticated", headers={"WWW-Authenticate": AUTHENTICATE})


def _forbidden(request: Request, exc: Exception) -> Response:
    return _error(request, 403, "forbidden")


def _already_decided(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, AlreadyDecidedError)
    return _error(request, 409, "already_decided", status=exc.status)


def _not_decided(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, NotDecidedError)
    return _error(request, 409, "not_decided", status=exc.status)


def _claimed(request: Request, exc: Exception) -> Response:
    return _error(request, 409, "claimed_by_other")


def _ban_invalid(request: Request, exc: Exception) -> Response:
    return _error(request, 422, "ban_invalid")


def _no_previous_layer(request: Request, exc: Exception) -> Response:
    return _error(request, 409, "no_previous_layer")


def _ban_ip_invalid(request: Request, exc: Exception) -> Response:
    return error_response(request, 422, "ban_ip_invalid", field="ip")


HANDLERS: dict[type[Exception], Callable[[Request, Exception], Any]] = {
    NoPreviousLayerError: _no_previous_layer,
    NotAuthenticatedError: _not_authenticated,
    ForbiddenError: _forbidden,
    AlreadyDecidedError: _already_decided,
    NotDecidedError: _not_decided,
    ClaimedByOtherError: _claimed,
    BanInvalidError: _ban_invalid,
    BanIpInvalidError: _ban_ip_invalid,
}


def install(app: FastAPI) -> None:
    """Register every review handler on the app."""
    for exc_type, handler in HANDLERS.items():
        app.add_exception_handler(exc_type, handler)

"""Response schemas shared by every router: the body of a refused request."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from moderation.config import Settings
from moderation.i18n import Lang, negotiate, translate


def request_lang(request: Request) -> Lang:
    """The language for messages: `Accept-Language`, else the site's default (also for error handlers)."""
    # Read through the services' settings without importing `services` (it imports every package).
    settings = getattr(getattr(request.app.state, "services", None), "settings", None)
    default: Lang = settings.default_language if isinstance(settings, Settings) else "fr"
    return negotiate(request.headers.get("accept-language"), default)


class FieldErrorOut(BaseModel):
    """One refused field (or `null` for the whole submission)."""

    field: str | None
    code: str
    message: str


class ErrorsOut(BaseModel):
    """A refused submission: nothing was stored."""

    errors: list[FieldErrorOut]


def error_response(
    request: Request,
    status_code: int,
    code: str,
    *,
    headers: dict[str, str] | None = None,
    field: str | None = None,
    **params: Any,
) -> JSONResponse:
    """Refuse the request (or one `field` of it) in the service's error shape, in the caller's language."""
    message = translate(code, request_lang(request), **params)
    body = {"errors": [{"field": field, "code": code, "message": message}]}
    return JSONResponse(body, status_code=status_code, headers=headers)

"""Response schemas shared by every router: the body of a refused request."""

from __future__ import annotations

from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from moderation.dependencies import request_lang
from moderation.i18n import translate


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

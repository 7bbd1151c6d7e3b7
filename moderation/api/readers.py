"""Administrators' routes answering a reader's access or erasure request (`moderation readers` does the same)."""

from __future__ import annotations

from typing import Any

import structlog
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import Response

from moderation.dependencies import AdminDep, ReadersDep
from moderation.readers.schemas import ErasureOut, ReaderExportOut, ReaderIn
from moderation.readers.service import ReaderBusyError, ReaderEmailInvalidError
from moderation.schemas import ErrorsOut, error_response

log = structlog.get_logger(__name__)

router = APIRouter(prefix="/v1/review/readers", tags=["readers"])

#: Seconds a client waits before retrying an erasure the reader's own activity interrupted.
BUSY_RETRY_AFTER_SECONDS = 1

_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorsOut, "description": "No, unknown or revoked bearer token"},
    403: {"model": ErrorsOut, "description": "Not an administrator"},
    422: {"model": ErrorsOut, "description": "No e-mail address, or not one"},
}


@router.post("/export", response_model=ReaderExportOut, responses=_RESPONSES)
def export_reader(body: ReaderIn, admin: AdminDep, readers: ReadersDep) -> dict[str, Any]:
    """Everything stored about the reader with this e-mail address (their comments, labels, audit entries...)."""
    exported = readers.export(email=body.email)
    log.info("readers.export_requested", admin=admin.name, comments=len(exported["comments"]))
    return exported


@router.post(
    "/erase",
    response_model=ErasureOut,
    responses={**_RESPONSES, 503: {"model": ErrorsOut, "description": "The reader's data kept changing: retry"}},
)
def erase_reader(body: ReaderIn, admin: AdminDep, readers: ReadersDep) -> ErasureOut:
    """Erase everything stored about the reader with this e-mail address, at once; repeating it changes nothing."""
    erasure = readers.erase(email=body.email)
    log.info("readers.erase_requested", admin=admin.name, comments=erasure.comments)
    return ErasureOut.model_validate(erasure, from_attributes=True)


def _email_invalid(request: Request, exc: Exception) -> Response:
    return error_response(request, 422, "reader_email_invalid")


def _busy(request: Request, exc: Exception) -> Response:
    return error_response(request, 503, "reader_busy", headers={"Retry-After": str(BUSY_RETRY_AFTER_SECONDS)})


def install(app: FastAPI) -> None:
    """Mount the readers' routes and their error handlers."""
    app.add_exception_handler(ReaderEmailInvalidError, _email_invalid)
    app.add_exception_handler(ReaderBusyError, _busy)
    app.include_router(router)

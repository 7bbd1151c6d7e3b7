"""Drop-in replacements for Google's Perspective API (Coral Talk) and Akismet's REST API."""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel

from moderation.compat.akismet import router as akismet
from moderation.compat.akismet.schemas import AkismetComment
from moderation.compat.errors import (
    AkismetBadRequestError,
    AkismetInvalidError,
    AkismetUnavailableError,
    PerspectiveError,
)
from moderation.compat.perspective import router as perspective
from moderation.compat.perspective.schemas import AnalyzeCommentRequest, SuggestCommentScoreRequest

#: Bodies the routes parse themselves (to answer in the imitated API's words), so FastAPI does not list them.
REQUEST_MODELS: tuple[type[BaseModel], ...] = (AnalyzeCommentRequest, SuggestCommentScoreRequest, AkismetComment)


def install(app: FastAPI) -> None:
    """Mount both APIs and their error answers."""
    app.add_exception_handler(PerspectiveError, perspective.error_handler)
    app.add_exception_handler(AkismetInvalidError, akismet.invalid_handler)
    app.add_exception_handler(AkismetBadRequestError, akismet.bad_request_handler)
    app.add_exception_handler(AkismetUnavailableError, akismet.unavailable_handler)
    app.include_router(perspective.router)
    app.include_router(perspective.discovery_router)
    app.include_router(akismet.router)
    app.include_router(akismet.router_v12)


def with_request_schemas(spec: dict[str, Any]) -> dict[str, Any]:
    """Add the request bodies' schemas to the OpenAPI components the routes' `$ref`s point at (idempotent)."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    for model in REQUEST_MODELS:
        schema = model.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
        for name, definition in schema.pop("$defs", {}).items():
            schemas.setdefault(name, definition)
        schemas.setdefault(model.__name__, schema)
    return spec

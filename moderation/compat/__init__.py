"""Drop-in replacements for Google's Perspective API (Coral Talk) and Akismet's REST API."""

from __future__ import annotations

from fastapi import FastAPI

from moderation.compat import akismet, perspective
from moderation.compat.apikeys import ApiKeys
from moderation.compat.errors import AkismetInvalidError, PerspectiveError
from moderation.config import Settings


def install(app: FastAPI, *, settings: Settings) -> None:
    """Accept the configured client keys, mount both APIs and their error answers."""
    app.state.api_keys = ApiKeys(settings.api_keys)
    app.add_exception_handler(PerspectiveError, perspective.error_handler)
    app.add_exception_handler(AkismetInvalidError, akismet.invalid_handler)
    app.include_router(perspective.router)
    app.include_router(akismet.router)

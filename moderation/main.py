"""Build the app: settings now; Redis, the model and every service once in the lifespan (`services.py`)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import structlog
from fastapi import FastAPI

from moderation import __version__, apidocs, compat, handlers, openapi
from moderation.api import feedback, readers, review, review_admin, site_learning
from moderation.api.comments import echo_router
from moderation.api.comments import router as comments_router
from moderation.api.health import router as health_router
from moderation.bodies import AuthenticatedBodies
from moderation.config import Settings
from moderation.observability import RequestContext, configure_logging
from moderation.services import running_services

log = structlog.get_logger(__name__)


class ModerationAPI(FastAPI):
    """FastAPI whose OpenAPI document also lists the app-wide answers and the compat APIs' request bodies."""

    def openapi(self) -> dict[str, Any]:
        """The document FastAPI builds (and caches), completed in place."""
        return openapi.common_answers(compat.with_request_schemas(super().openapi()))


def create_app(settings: Settings | None = None) -> FastAPI:
    """Return the moderation API; with no settings, read them from the environment."""
    settings = settings or Settings()
    configure_logging(level=settings.log_level, json=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        async with running_services(settings) as services:
            app.state.services = services  # the one place app.state is filled; read through `dependencies.py`
            log.info(
                "app.started", model_version=services.registry.current.version, embedded_redis=settings.embedded_redis
            )
            yield
        log.info("app.stopped")

    app = ModerationAPI(
        title="moderation",
        version=__version__,
        description="Self-hosted comment moderation: WordPress-grade checks, spam and toxicity scores, a review queue.",
        lifespan=lifespan,
        docs_url=None,  # apidocs serves /docs from the installed package, not from a CDN
        redoc_url=None,  # ReDoc has no packaged assets: /docs is the API's one documentation page
    )
    app.add_middleware(AuthenticatedBodies, max_body_bytes=settings.max_review_body_bytes)
    app.add_middleware(RequestContext)  # added last: outermost, so it logs what the body check answers too
    handlers.install(app)
    app.include_router(health_router)
    app.include_router(comments_router)
    compat.install(app)
    if settings.bench_echo:
        app.include_router(echo_router)
    feedback.install(app)
    review.install(app)
    review_admin.install(app)
    readers.install(app)
    site_learning.install(app)
    apidocs.install(app)
    return app

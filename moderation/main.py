"""Build the app: settings, Redis and the model are created once in the lifespan and shared."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import structlog
from fastapi import FastAPI
from fastapi.templating import Jinja2Templates

from moderation import __version__, apidocs, compat, handlers, openapi
from moderation.bodies import AuthenticatedBodies
from moderation.config import Settings
from moderation.feedback.router import install as install_feedback
from moderation.health import router as health_router
from moderation.intake.router import echo_router
from moderation.intake.router import router as intake_router
from moderation.intake.service import IntakeService
from moderation.observability import RequestContext, configure_logging
from moderation.privacy import Hasher, load_hash_key
from moderation.readers.retention import RetentionSweeper
from moderation.readers.router import install as install_readers
from moderation.readers.service import ReaderData
from moderation.review.learning import install as install_site_learning
from moderation.review.router import install as install_review
from moderation.review.workspace import build_workspace
from moderation.scoring.registry import ModelRegistry
from moderation.site.layer.service import build_site_learning
from moderation.storage.keys import Keys
from moderation.store import open_async_client, open_store

log = structlog.get_logger(__name__)

TEMPLATE_DIRS = [Path(__file__).parent / "intake" / "templates", Path(__file__).parent / "review" / "templates"]


def create_app(settings: Settings | None = None) -> FastAPI:
    """Return the moderation API; with no settings, read them from the environment."""
    settings = settings or Settings()
    configure_logging(level=settings.log_level, json=settings.log_json)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        store = open_store(settings)
        async_client = await open_async_client(settings, store)
        registry = ModelRegistry(
            settings.model_dir, reload_seconds=settings.model_reload_seconds, profile=settings.site_profile
        )
        registry.start()
        keys = Keys(settings.namespace)
        app.state.store = store
        app.state.keys = keys
        app.state.registry = registry
        review = build_workspace(settings=settings, client=store.client, keys=keys, registry=registry)
        app.state.review = review
        hasher = Hasher(load_hash_key(settings))
        app.state.readers = ReaderData(client=store.client, keys=keys, hasher=hasher)
        site_learning = build_site_learning(settings=settings, client=store.client, keys=keys, registry=registry)
        app.state.site_learning = site_learning
        app.state.intake = IntakeService(
            settings=settings,
            client=store.client,
            async_client=async_client,
            keys=keys,
            hasher=hasher,
            registry=registry,
            site_settings=review.site_settings,
            bans=review.bans,
            layers=site_learning.cache,
        )
        sweeper = RetentionSweeper(client=store.client, keys=keys, settings=settings)
        review.start()
        sweeper.start()
        site_learning.start()
        log.info("app.started", model_version=registry.current.version, embedded_redis=settings.embedded_redis)
        try:
            yield
        finally:
            sweeper.stop()
            site_learning.stop()
            review.stop()
            registry.stop()
            await async_client.aclose()
            store.close()
            log.info("app.stopped")

    app = FastAPI(
        title="moderation",
        version=__version__,
        description="Self-hosted comment moderation: WordPress-grade checks, spam and toxicity scores, a review queue.",
        lifespan=lifespan,
        docs_url=None,  # apidocs serves /docs from the installed package, not from a CDN
        redoc_url=None,  # ReDoc has no packaged assets: /docs is the API's one documentation page
    )
    app.state.settings = settings
    app.state.templates = Jinja2Templates(directory=[str(d) for d in TEMPLATE_DIRS])
    app.add_middleware(AuthenticatedBodies, max_body_bytes=settings.max_review_body_bytes)
    app.add_middleware(RequestContext)  # added last: outermost, so it logs what the body check answers too
    handlers.install(app)
    app.include_router(health_router)
    app.include_router(intake_router)
    compat.install(app, settings=settings)
    if settings.bench_echo:
        app.include_router(echo_router)
    install_feedback(app, site_keys=settings.site_keys)
    install_review(app)
    install_readers(app)
    install_site_learning(app)
    openapi.install(app)
    apidocs.install(app)
    return app

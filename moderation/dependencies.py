"""Typed dependency aliases: routes take what the lifespan built (`services.Services`), never build it themselves.

The providers are `async def` although they only read `app.state`: FastAPI runs a plain `def` dependency in
the thread pool, and three such hops cost more CPU than the whole intake check.
"""

from __future__ import annotations

from typing import Annotated, Any

import redis
import structlog
from fastapi import Depends, FastAPI, Header, Request
from fastapi.templating import Jinja2Templates

from moderation.config import Settings
from moderation.credentials import Keyring, bearer_token
from moderation.i18n import Lang
from moderation.intake.service import IntakeService
from moderation.privacy import Hasher
from moderation.readers.service import ReaderData
from moderation.review.auth import Moderator, ModeratorStore
from moderation.review.decisions import Decisions
from moderation.review.errors import ForbiddenError
from moderation.review.queue import ReviewQueue
from moderation.review.revert import Reverter
from moderation.review.views import ReviewViews
from moderation.schemas import ErrorsOut, request_lang
from moderation.scoring.registry import ModelRegistry
from moderation.services import Services
from moderation.site.bans import BanList
from moderation.site.layer.service import SiteLearning
from moderation.site.settings import SiteSettings
from moderation.storage.keys import Keys
from moderation.webhooks.outbox import Outbox


def services_of(app: FastAPI) -> Services:
    """The services the lifespan built (`main.create_app` stores them in `app.state`)."""
    services = getattr(app.state, "services", None)
    if not isinstance(services, Services):
        raise RuntimeError("the app's lifespan has not run: use `with TestClient(app)` or an ASGI server")
    return services


async def get_services(request: Request) -> Services:
    """Every service, for a route that needs several."""
    return services_of(request.app)


async def get_settings(request: Request) -> Settings:
    """The app's settings."""
    return services_of(request.app).settings


async def get_redis(request: Request) -> redis.Redis:
    """The shared Redis client (a thread-safe pool)."""
    return services_of(request.app).client


async def get_keys(request: Request) -> Keys:
    """The key builder for this deployment's namespace."""
    return services_of(request.app).keys


async def get_registry(request: Request) -> ModelRegistry:
    """The model registry (its `.current` is the scorer to use)."""
    return services_of(request.app).registry


async def get_hasher(request: Request) -> Hasher:
    """The keyed hash of e-mails and IPs."""
    return services_of(request.app).hasher


async def get_api_keys(request: Request) -> Keyring:
    """The Perspective and Akismet clients' keys (`MODERATION_API_KEYS`)."""
    return services_of(request.app).api_keys


async def get_site_keys(request: Request) -> Keyring:
    """The site's keys (`MODERATION_SITE_KEYS`)."""
    return services_of(request.app).site_keys


async def get_templates(request: Request) -> Jinja2Templates:
    """The pages' templates."""
    return services_of(request.app).templates


async def get_site_settings(request: Request) -> SiteSettings:
    """The admins' discussion settings (word lists, thresholds, WordPress's switches)."""
    return services_of(request.app).site_settings


async def get_bans(request: Request) -> BanList:
    """Banned e-mail and IP hashes."""
    return services_of(request.app).bans


async def get_site_learning(request: Request) -> SiteLearning:
    """The site's learning layer (store, this worker's copy, refit worker)."""
    return services_of(request.app).site_learning


async def get_outbox(request: Request) -> Outbox:
    """The webhook outbox."""
    return services_of(request.app).outbox


async def get_intake(request: Request) -> IntakeService:
    """The intake service."""
    return services_of(request.app).intake


async def get_queue(request: Request) -> ReviewQueue:
    """The review queue and its leases."""
    return services_of(request.app).queue


async def get_moderators(request: Request) -> ModeratorStore:
    """The moderators and their tokens."""
    return services_of(request.app).moderators


async def get_views(request: Request) -> ReviewViews:
    """The items moderators see."""
    return services_of(request.app).views


async def get_decisions(request: Request) -> Decisions:
    """Decisions on queued comments (a moderator's, or the site's verdict)."""
    return services_of(request.app).decisions


async def get_reverter(request: Request) -> Reverter:
    """Reverts of moderators' decisions."""
    return services_of(request.app).reverter


async def get_readers(request: Request) -> ReaderData:
    """A reader's export and erasure."""
    return services_of(request.app).readers


async def get_lang(request: Request) -> Lang:
    """The request's language, as a dependency (async: no thread-pool hop)."""
    return request_lang(request)


ServicesDep = Annotated[Services, Depends(get_services)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
RedisDep = Annotated[redis.Redis, Depends(get_redis)]
KeysDep = Annotated[Keys, Depends(get_keys)]
RegistryDep = Annotated[ModelRegistry, Depends(get_registry)]
HasherDep = Annotated[Hasher, Depends(get_hasher)]
ApiKeysDep = Annotated[Keyring, Depends(get_api_keys)]
SiteKeysDep = Annotated[Keyring, Depends(get_site_keys)]
TemplatesDep = Annotated[Jinja2Templates, Depends(get_templates)]
SiteSettingsDep = Annotated[SiteSettings, Depends(get_site_settings)]
BansDep = Annotated[BanList, Depends(get_bans)]
SiteLearningDep = Annotated[SiteLearning, Depends(get_site_learning)]
OutboxDep = Annotated[Outbox, Depends(get_outbox)]
IntakeDep = Annotated[IntakeService, Depends(get_intake)]
QueueDep = Annotated[ReviewQueue, Depends(get_queue)]
ModeratorsDep = Annotated[ModeratorStore, Depends(get_moderators)]
ViewsDep = Annotated[ReviewViews, Depends(get_views)]
DecisionsDep = Annotated[Decisions, Depends(get_decisions)]
ReverterDep = Annotated[Reverter, Depends(get_reverter)]
ReadersDep = Annotated[ReaderData, Depends(get_readers)]
LangDep = Annotated[Lang, Depends(get_lang)]


def current_moderator(
    moderators: ModeratorsDep, authorization: Annotated[str | None, Header(include_in_schema=False)] = None
) -> Moderator:
    """The moderator named by the bearer token, or 401."""
    moderator = moderators.authenticate(bearer_token(authorization))
    structlog.contextvars.bind_contextvars(moderator=moderator.name)
    return moderator


ModeratorDep = Annotated[Moderator, Depends(current_moderator)]
#: What a route taking `ModeratorDep` may answer before it runs.
MODERATOR_RESPONSES: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorsOut, "description": "No, unknown or revoked bearer token"},
}


async def current_admin(moderator: ModeratorDep) -> Moderator:
    """The moderator, if an administrator, or 403."""
    if not moderator.is_admin:
        raise ForbiddenError(moderator.name)
    return moderator


AdminDep = Annotated[Moderator, Depends(current_admin)]
#: What a route taking `AdminDep` may answer before it runs.
ADMIN_RESPONSES: dict[int | str, dict[str, Any]] = {
    **MODERATOR_RESPONSES,
    403: {"model": ErrorsOut, "description": "Not an administrator"},
}

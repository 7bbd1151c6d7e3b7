"""Typed dependency aliases: routes take what the lifespan built, never build it themselves.

The providers are `async def` although they only read `app.state`: FastAPI runs a plain `def` dependency in
the thread pool, and three such hops cost more CPU than the whole intake check.
"""

from __future__ import annotations

from typing import Annotated

import redis
from fastapi import Depends, Request

from moderation.config import Settings
from moderation.i18n import Lang, negotiate
from moderation.scoring.registry import ModelRegistry
from moderation.site.layer.service import SiteLearning
from moderation.storage.keys import Keys


async def get_settings(request: Request) -> Settings:
    """The app's settings."""
    return request.app.state.settings  # type: ignore[no-any-return]


async def get_redis(request: Request) -> redis.Redis:
    """The shared Redis client (a thread-safe pool)."""
    return request.app.state.store.client  # type: ignore[no-any-return]


async def get_keys(request: Request) -> Keys:
    """The key builder for this deployment's namespace."""
    return request.app.state.keys  # type: ignore[no-any-return]


async def get_registry(request: Request) -> ModelRegistry:
    """The model registry (its `.current` is the scorer to use)."""
    return request.app.state.registry  # type: ignore[no-any-return]


async def get_site_learning(request: Request) -> SiteLearning:
    """The site's learning layer (store, this worker's copy, refit worker)."""
    return request.app.state.site_learning  # type: ignore[no-any-return]


def request_lang(request: Request) -> Lang:
    """The language for messages: `Accept-Language`, else the site's default (also for error handlers)."""
    settings: Settings = request.app.state.settings
    return negotiate(request.headers.get("accept-language"), settings.default_language)


async def get_lang(request: Request) -> Lang:
    """The request's language, as a dependency (async: no thread-pool hop)."""
    return request_lang(request)


SettingsDep = Annotated[Settings, Depends(get_settings)]
RedisDep = Annotated[redis.Redis, Depends(get_redis)]
KeysDep = Annotated[Keys, Depends(get_keys)]
RegistryDep = Annotated[ModelRegistry, Depends(get_registry)]
SiteLearningDep = Annotated[SiteLearning, Depends(get_site_learning)]
LangDep = Annotated[Lang, Depends(get_lang)]

"""Route classes that answer a Redis outage in the imitated API's own words, not in the service's JSON."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

import redis
import structlog
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

from moderation.compat.errors import AkismetUnavailableError, PerspectiveError
from moderation.errors import STORE_RETRY_AFTER_SECONDS, StoreUnavailableError

log = structlog.get_logger(__name__)

#: What the service's own routes answer with 503 `store_unavailable` (moderation/handlers.py).
STORE_ERRORS: tuple[type[Exception], ...] = (StoreUnavailableError, redis.ConnectionError, redis.TimeoutError)
STORE_UNAVAILABLE = "The service is briefly unavailable; please try again in a few seconds."


class _OutageRoute(APIRoute):
    """A route whose Redis outage is raised again as `outage()`, which its API's handler answers."""

    api = ""

    def outage(self) -> Exception:
        """The error this route's API answers an outage with."""
        raise NotImplementedError

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except STORE_ERRORS as exc:
                log.error("redis.unavailable", error=type(exc).__name__, api=self.api)
                raise self.outage() from exc

        return answer


class PerspectiveRoute(_OutageRoute):
    """A Perspective route: a Redis outage is Google's 503 `UNAVAILABLE` error body."""

    api = "perspective"

    def outage(self) -> Exception:
        return PerspectiveError(
            STORE_UNAVAILABLE,
            code=503,
            status="UNAVAILABLE",
            reason="STORE_UNAVAILABLE",
            headers={"Retry-After": str(STORE_RETRY_AFTER_SECONDS)},
        )


class AkismetRoute(_OutageRoute):
    """An Akismet route: a Redis outage is a plain-text 503 with Akismet's error headers."""

    api = "akismet"

    def outage(self) -> Exception:
        return AkismetUnavailableError(STORE_UNAVAILABLE)

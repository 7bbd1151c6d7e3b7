"""Authenticate, then read a capped body, before FastAPI parses it: the routes that need credentials.

FastAPI reads and parses a route's body before its dependencies run, so a stranger could make the review,
bans and feedback routes read 100 MB before the credential check refused them. `AuthenticatedBodies` runs
in front of the app for those routes: it checks the credential from the headers alone (a moderator's bearer
token, or the site key), refuses a body larger than `max_review_body_bytes` (from `Content-Length` at once,
else as it arrives), then hands the app the body it read. The public routes (comments, Perspective,
Akismet) read their bodies themselves within `max_body_bytes` (`intake/forms.py` `read_body`).

A client that goes away mid-body is answered (to no one) 499, nginx's "client closed request": one log line
from `RequestContext`, never a 500 with a traceback.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Awaitable, Callable
from typing import Any

import anyio.to_thread
import redis
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from moderation.credentials import bearer_token
from moderation.dependencies import services_of
from moderation.errors import CLIENT_CLOSED_REQUEST, ClientDisconnectedError, ModerationError, StoreUnavailableError
from moderation.feedback.auth import presented_key, verify_site_key
from moderation.intake.forms import BodyTooLargeError

METHODS_WITH_BODIES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_REVIEW_PREFIX = "/v1/review/"
_FEEDBACK = re.compile(r"^/v1/comments/[^/]+/feedback$")


class AuthenticatedBodies:
    """ASGI middleware: on credentialed routes, authenticate from the headers, then read the body within a cap."""

    def __init__(self, app: ASGIApp, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in METHODS_WITH_BODIES:
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        check = credentialed_body_route(path)
        if check is None:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        try:
            await check(request)
            body = await _read_capped(request, receive, max_bytes=self.max_body_bytes)
        except ClientDisconnectedError:
            await Response(status_code=CLIENT_CLOSED_REQUEST)(scope, receive, send)
            return
        except ModerationError as exc:  # 401, 413 or 503: the app's handler for that error answers, as on the route
            handler = _handler_for(scope, exc)
            if handler is None:
                raise
            response = handler(request, exc)
            if inspect.isawaitable(response):
                response = await response
            await response(scope, receive, send)
            return
        await self.app(scope, _replay(body, receive), send)


def credentialed_body_route(path: str) -> Callable[[Request], Awaitable[None]] | None:
    """The credential check of a route whose body waits for it (path as routed or as in the OpenAPI), or None."""
    if path.startswith(_REVIEW_PREFIX):
        return _moderator_check
    if _FEEDBACK.match(path):
        return _site_key_check
    return None


async def _moderator_check(request: Request) -> None:
    moderators = services_of(request.app).moderators
    token = bearer_token(request.headers.get("authorization"))
    try:
        await anyio.to_thread.run_sync(moderators.authenticate, token)
    except (redis.ConnectionError, redis.TimeoutError) as exc:
        raise StoreUnavailableError(type(exc).__name__) from exc


async def _site_key_check(request: Request) -> None:
    presented = presented_key(
        authorization=request.headers.get("authorization"), site_key_header=request.headers.get("x-site-key")
    )
    verify_site_key(services_of(request.app).site_keys, presented)


async def _read_capped(request: Request, receive: Receive, *, max_bytes: int) -> bytes:
    """The whole body, refusing it past `max_bytes` from `Content-Length` or as it arrives."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLargeError(declared)
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":  # logged once, as status 499, by RequestContext
            raise ClientDisconnectedError(str(size))
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLargeError(str(size))
        chunks.append(chunk)
        if not message.get("more_body", False):
            return b"".join(chunks)


def _replay(body: bytes, receive: Receive) -> Receive:
    """A `receive` that gives the app the body already read, then waits on the client as usual."""
    sent = False

    async def replayed() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed


def _handler_for(scope: Scope, exc: Exception) -> Any:
    """The app's registered handler for `exc` (by its class's MRO), or None."""
    handlers = scope["app"].exception_handlers
    for cls in type(exc).__mro__:
        if cls in handlers:
            return handlers[cls]
    return None

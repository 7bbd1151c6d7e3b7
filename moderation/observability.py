"""Structured logs (one JSON event per line) and Prometheus metrics shared by every router."""

from __future__ import annotations

import logging
import sys
import time
import uuid
from collections.abc import Awaitable, Callable

import structlog
from prometheus_client import Counter, Gauge, Histogram
from starlette.requests import Request
from starlette.responses import Response

REQUESTS = Histogram(
    "moderation_http_request_duration_seconds",
    "HTTP request latency by route and status.",
    ["method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
COMMENTS = Counter("moderation_comments_total", "Accepted comments by decided status.", ["status"])
REFUSED = Counter("moderation_submissions_refused_total", "Refused submissions by error code.", ["code"])
MODEL_INFO = Gauge("moderation_model_info", "The model version being served (value 1).", ["version"])

REQUEST_ID_HEADER = "X-Request-ID"


def configure_logging(*, level: str = "INFO", json: bool = True) -> None:
    """Send one event per line to stdout; JSON in production, readable in a terminal."""
    renderer: structlog.typing.Processor = (
        structlog.processors.JSONRenderer() if json else structlog.dev.ConsoleRenderer()
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=structlog.PrintLoggerFactory(sys.stdout),
        cache_logger_on_first_use=False,
    )


async def request_context(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """Give each request an id (or keep the caller's), log it once, and time it for Prometheus."""
    request_id = request.headers.get(REQUEST_ID_HEADER) or uuid.uuid4().hex
    structlog.contextvars.clear_contextvars()
    structlog.contextvars.bind_contextvars(request_id=request_id[:64])
    started = time.perf_counter()
    response = await call_next(request)
    elapsed = time.perf_counter() - started
    route = request.scope.get("route")
    path = getattr(route, "path", "unmatched")
    REQUESTS.labels(request.method, path, str(response.status_code)).observe(elapsed)
    response.headers[REQUEST_ID_HEADER] = request_id[:64]
    if path not in ("/healthz", "/metrics"):
        structlog.get_logger("moderation.http").info(
            "http.request",
            method=request.method,
            route=path,
            status=response.status_code,
            duration_ms=round(elapsed * 1000, 2),
        )
    return response

"""Structured logs (one JSON event per line) and Prometheus metrics shared by every router."""

from __future__ import annotations

import logging
import sys
import threading
import time
import uuid
from json import JSONEncoder
from typing import Any

import structlog
from prometheus_client import Counter, Gauge, Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Histogram(
    "moderation_http_request_duration_seconds",
    "HTTP request latency by route and status.",
    ["method", "route", "status"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5),
)
COMMENTS = Counter("moderation_comments_total", "Accepted comments by decided status.", ["status"])
REFUSED = Counter("moderation_submissions_refused_total", "Refused submissions by error code.", ["code"])
NOT_FOUND = Counter(
    "moderation_comments_not_found_total", "Requests naming a comment id that is not stored (404), by route.", ["route"]
)
MODEL_INFO = Gauge("moderation_model_info", "The model version being served (value 1).", ["version"])

REQUEST_ID_HEADER = "X-Request-ID"


class LineLogger:
    """Writes each rendered event with its newline in one call to the current stdout, then flushes.

    structlog's PrintLogger prints the event and the newline as two writes: two worker processes sharing one log
    file then interleaved ('{"event": "model.switched"...}{"event": "comment.accepted"...}' on one line), and a
    JSON-lines reader failed on it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def msg(self, message: str) -> None:
        with self._lock:
            out = sys.stdout
            out.write(message + "\n")
            out.flush()

    log = debug = info = warn = warning = err = error = critical = exception = fatal = failure = msg


def configure_logging(*, level: str = "INFO", json: bool = True) -> None:
    """Send one event per line to stdout; JSON in production, readable in a terminal."""
    renderer: structlog.typing.Processor = render_json if json else structlog.dev.ConsoleRenderer()
    # One logger writes every line: the factory was called, and a logger made, for each line logged.
    printer = LineLogger()
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(logging.getLevelName(level.upper())),
        logger_factory=lambda *_: printer,
        cache_logger_on_first_use=False,
    )


def _structlog_default(value: Any) -> Any:
    """What structlog's JSONRenderer writes for a value JSON has no form for: its `__structlog__()`, else repr."""
    try:
        return value.__structlog__()
    except AttributeError:
        return repr(value)


# structlog's JSONRenderer calls json.dumps(event, default=...), which builds an encoder per line for the
# non-default argument: the same encoder, built once, writes the same line (half the renderer's cost).
_JSON_LINE = JSONEncoder(default=_structlog_default)


def render_json(_logger: Any, _name: str, event: structlog.typing.EventDict) -> str:
    """The event as one JSON line, as structlog's JSONRenderer writes it."""
    return _JSON_LINE.encode(event)


class RequestContext:
    """ASGI middleware: give each request an id (or keep the caller's), log it once, time it for Prometheus.

    A plain ASGI class rather than `@app.middleware("http")`: Starlette's BaseHTTPMiddleware runs the app
    in a task group with memory streams, which cost more CPU per request than the intake's own work.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = ""
        for name, value in scope["headers"]:
            if name == _REQUEST_ID_HEADER_BYTES:
                request_id = value.decode("latin-1")[:64]
                break
        request_id = request_id or uuid.uuid4().hex
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        status = 500  # what the client gets if the app fails before answering
        started = time.perf_counter()

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                message["headers"] = [*message.get("headers", ()), (_REQUEST_ID_HEADER_BYTES, request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            path = getattr(scope.get("route"), "path", "unmatched")
            REQUESTS.labels(scope["method"], path, str(status)).observe(elapsed)
            if path not in ("/healthz", "/metrics"):
                _http_log.info(
                    "http.request",
                    method=scope["method"],
                    route=path,
                    status=status,
                    duration_ms=round(elapsed * 1000, 2),
                )


_REQUEST_ID_HEADER_BYTES = REQUEST_ID_HEADER.lower().encode()
_http_log = structlog.get_logger("moderation.http")

"""Run the API under uvicorn with connection limits: read timeouts, header caps and a connection ceiling.

Uvicorn alone closes an idle connection only after a first answer, and httptools reads headers of any size
and number: a few thousand idle or slow sockets then hold every file descriptor. `LimitedHttpProtocol`
closes a connection that has not sent a whole request within `read_timeout_seconds` (from the connection,
or from the previous answer), refuses oversized headers with 431 as their bytes arrive (not when a header
line ends: httptools buffers a line until then), and closes connections past `max_connections` at once.
Beyond `max_concurrency` requests being handled, a request is answered 503; unlike uvicorn's own
`limit_concurrency`, sockets still sending their headers do not count (they have their own budget,
`max_connections`, and the read deadline), so 600 slow sockets cannot keep every reader at 503.
"""

from __future__ import annotations

import asyncio
import resource
from dataclasses import dataclass
from typing import Any

import httptools
import uvicorn
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol
from uvicorn.supervisors import Multiprocess

from moderation.config import Settings

#: File descriptors kept free above `max_connections` for Redis, the model files and logs.
_SPARE_DESCRIPTORS = 128
#: Room for the request line on top of `max_header_bytes` (a URL as long as browsers send).
_REQUEST_LINE_BYTES = 8192


@dataclass(frozen=True, slots=True)
class ConnectionLimits:
    """What one worker accepts from its clients (see docs/operations.md, "Connection limits")."""

    keep_alive_seconds: float
    read_timeout_seconds: float
    max_header_bytes: int
    max_headers: int
    max_concurrency: int
    max_connections: int

    @classmethod
    def from_settings(cls, settings: Settings) -> ConnectionLimits:
        """The limits the settings ask for."""
        return cls(
            keep_alive_seconds=settings.keep_alive_seconds,
            read_timeout_seconds=settings.read_timeout_seconds,
            max_header_bytes=settings.max_header_bytes,
            max_headers=settings.max_headers,
            max_concurrency=settings.max_concurrency,
            max_connections=settings.max_connections,
        )


class LimitedConfig(uvicorn.Config):
    """Uvicorn's configuration carrying our limits to every worker process (it is pickled to them)."""

    def __init__(self, app: str, *, limits: ConnectionLimits, **kwargs: Any) -> None:
        super().__init__(
            app,
            http=LimitedHttpProtocol,
            timeout_keep_alive=max(1, round(limits.keep_alive_seconds)),
            **kwargs,  # no limit_concurrency: it counts open connections too (see LimitedHttpProtocol)
        )
        self.limits = limits


class _HeadersTooLargeError(Exception):
    """Raised inside the parser's callbacks when a request's headers pass a cap; answered with 431."""


def _plain_response(status_line: bytes, message: bytes) -> bytes:
    return (
        status_line + b"content-type: text/plain; charset=utf-8\r\nconnection: close\r\n"
        b"content-length: " + str(len(message)).encode() + b"\r\n\r\n" + message
    )


_TOO_LARGE = _plain_response(b"HTTP/1.1 431 Request Header Fields Too Large\r\n", b"Request headers too large.")
_TIMEOUT = _plain_response(b"HTTP/1.1 408 Request Timeout\r\n", b"Request not received in time.")
_BUSY = _plain_response(b"HTTP/1.1 503 Service Unavailable\r\nretry-after: 1\r\n", b"Too many connections.")


class LimitedHttpProtocol(HttpToolsProtocol):
    """Uvicorn's httptools protocol with a read deadline per request, header caps and a connection ceiling."""

    def __init__(self, config: uvicorn.Config, server_state: Any, app_state: dict[str, Any], _loop: Any = None) -> None:
        super().__init__(config, server_state, app_state, _loop)
        if not isinstance(config, LimitedConfig):
            raise TypeError("LimitedHttpProtocol runs under a LimitedConfig (moderation.server.serve)")
        self.limits: ConnectionLimits = config.limits
        self._read_deadline: asyncio.TimerHandle | None = None
        self._header_bytes = 0
        self._header_count = 0
        self._headers_too_large = False
        self._head_received = 0  # bytes of the current request's head (request line and headers) received
        self._head_done = False
        self._tail = b""  # the last bytes of the previous chunk: a blank line may straddle two chunks
        self._draining = False  # refused: what the client still sends is read and dropped until the deadline

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        if len(self.connections) > self.limits.max_connections:
            transport.write(_BUSY)  # the descriptor is given back at once, before the kernel's runs out
            transport.close()
            return
        self._arm_read_deadline()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm_read_deadline()
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        if self._read_deadline is None and (self.cycle is None or self.cycle.response_complete):
            self._arm_read_deadline()  # the first bytes of a next request on a kept-alive connection
        if self._draining:
            return
        self._unset_keepalive_if_required()
        if not self._head_done and self._head_too_long(data):
            self._headers_too_large = True
            self._refuse_draining(_TOO_LARGE)
            return
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:  # our callbacks' refusal arrives wrapped in the parser's error
            if self._headers_too_large:
                self._refuse(_TOO_LARGE)
            else:
                self.send_400_response("Invalid HTTP request received.")
        except httptools.HttpParserUpgrade:
            if self._should_upgrade():
                self.handle_websocket_upgrade()
            else:
                self._unsupported_upgrade_warning()

    def _head_too_long(self, data: bytes) -> bool:
        """Count the head's bytes as they arrive; whether they pass `max_header_bytes` (plus the request line)."""
        window = self._tail + data
        end = window.find(b"\r\n\r\n")
        self._head_received += len(data) if end < 0 else max(end + 4 - len(self._tail), 0)
        self._tail = window[-3:]
        return self._head_received > self.limits.max_header_bytes + _REQUEST_LINE_BYTES

    def on_message_begin(self) -> None:
        super().on_message_begin()
        self._header_bytes = 0
        self._header_count = 0

    def on_headers_complete(self) -> None:
        self._head_done = True
        # Only requests being handled count against max_concurrency: uvicorn's check also counts connections,
        # which slow senders fill (0 makes uvicorn answer this request 503; None lets it through).
        self.limit_concurrency = 0 if len(self.tasks) >= self.limits.max_concurrency else None
        super().on_headers_complete()

    def on_url(self, url: bytes) -> None:
        self._count_header_bytes(len(url))
        super().on_url(url)

    def on_header(self, name: bytes, value: bytes) -> None:
        self._header_count += 1
        self._count_header_bytes(len(name) + len(value) + 4)
        if self._header_count > self.limits.max_headers:
            self._headers_too_large = True
            raise _HeadersTooLargeError
        super().on_header(name, value)

    def on_message_complete(self) -> None:
        self._disarm_read_deadline()
        self._head_done = False  # a next request on this connection starts its own count
        self._head_received = 0
        self._tail = b""
        super().on_message_complete()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing() and not self.pipeline:
            self._disarm_read_deadline()  # the keep-alive timer runs until the next request's first bytes

    def _count_header_bytes(self, size: int) -> None:
        self._header_bytes += size
        if self._header_bytes > self.limits.max_header_bytes:
            self._headers_too_large = True
            raise _HeadersTooLargeError

    def _arm_read_deadline(self) -> None:
        self._disarm_read_deadline()
        self._read_deadline = self.loop.call_later(self.limits.read_timeout_seconds, self._read_timed_out)

    def _disarm_read_deadline(self) -> None:
        if self._read_deadline is not None:
            self._read_deadline.cancel()
            self._read_deadline = None

    def _read_timed_out(self) -> None:
        self._read_deadline = None
        if self._draining:
            self.transport.close()
        elif self.cycle is None or self.cycle.response_complete:
            self._refuse(_TIMEOUT)
        elif not self.transport.is_closing():  # the body is late: the handler sees a disconnect
            self.transport.close()

    def _refuse_draining(self, response: bytes) -> None:
        """Answer, then read and drop what the client is still sending until the read deadline closes the socket.

        Closing at once with unread bytes in the kernel's buffer resets the connection, and the client, still
        sending, never reads the answer.
        """
        if self.transport.is_closing():
            return
        self._draining = True
        self.transport.write(response)
        if self._read_deadline is None:
            self._arm_read_deadline()

    def _refuse(self, response: bytes) -> None:
        if not self.transport.is_closing():
            self.transport.write(response)
            self.transport.close()


def raise_descriptor_limit(limits: ConnectionLimits) -> None:
    """Raise this process's open-file limit (up to the hard limit) so `max_connections` fits under it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = limits.max_connections + _SPARE_DESCRIPTORS
    if soft != resource.RLIM_INFINITY and soft < wanted:
        new_soft = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (new_soft, hard))


def run(*, settings: Settings, host: str, port: int, workers: int) -> None:
    """Serve `moderation.main:create_app` on host:port with the settings' connection limits."""
    limits = ConnectionLimits.from_settings(settings)
    raise_descriptor_limit(limits)
    config = LimitedConfig(
        "moderation.main:create_app",
        limits=limits,
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
    )
    server = uvicorn.Server(config)
    if workers > 1:
        Multiprocess(config, sockets=[config.bind_socket()]).run()
    else:
        server.run()

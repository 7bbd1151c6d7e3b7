"""Read a request body within the size cap, for the drop-in APIs' own parsers."""

from __future__ import annotations

from starlette.requests import Request

from moderation.intake.forms import BodyTooLargeError


async def read_body(request: Request, *, max_bytes: int) -> bytes:
    """Return the raw body; raise BodyTooLargeError past `max_bytes` without reading further."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLargeError(declared)
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > max_bytes:
            raise BodyTooLargeError(str(size))
        chunks.append(chunk)
    return b"".join(chunks)

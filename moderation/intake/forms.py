"""Read a submission's body (JSON or an HTML form) within a size cap, and tell HTML clients apart."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import parse_qsl

from starlette.requests import ClientDisconnect, Request

from moderation.errors import ClientDisconnectedError, ModerationError

JSON = "application/json"
FORM = "application/x-www-form-urlencoded"


class BodyTooLargeError(ModerationError):
    """Raised when the body exceeds `MODERATION_MAX_BODY_BYTES` (413); read no further."""


class MalformedBodyError(ModerationError):
    """Raised when the body is not valid JSON / form data, or not an object (400)."""


class InvalidEncodingError(ModerationError):
    """Raised when fields hold bytes that are not UTF-8 text (422 naming each field); nothing is stored.

    WordPress refuses such an e-mail address; storing U+FFFD in its place would keep a text the reader
    never wrote.
    """

    def __init__(self, fields: list[str | None]) -> None:
        super().__init__(", ".join(str(f) for f in fields))
        self.fields = fields


class NulCharacterError(ModerationError):
    """Raised when fields hold a NUL character (U+0000), which no comment form can type (422 naming each field).

    Stored, it would cut the text short in C-string code downstream (PHP extensions, MySQL clients, logs).
    """

    def __init__(self, fields: list[str]) -> None:
        super().__init__(", ".join(fields))
        self.fields = fields


class NestedTooDeepError(MalformedBodyError):
    """Raised when a JSON body nests arrays or objects deeper than MAX_JSON_DEPTH (400)."""


class UnsupportedMediaTypeError(ModerationError):
    """Raised for a content type other than JSON or a URL-encoded form (415)."""


#: Deepest nesting of arrays and objects a JSON body may hold: the service's own bodies nest 4 deep at most;
#: 900 levels made serialisers and `repr` fail (issue 22), past about 1,000 the parser itself does.
MAX_JSON_DEPTH = 32


def undecodable_fields(data: dict[str, Any]) -> list[str | None]:
    """Top-level fields holding, at any depth, a string no UTF-8 text can hold (a lone surrogate).

    Names that are themselves undecodable are given as None. Walks the value without recursion and raises
    NestedTooDeepError past MAX_JSON_DEPTH, so every later step (validation, digests, logs) sees sane data.
    """
    bad: list[str | None] = []
    for name, value in data.items():
        if not _is_utf8_text(name):
            bad.append(None)
        elif not _holds_only_text(value):
            bad.append(name)
    return bad


def _holds_only_text(value: Any) -> bool:
    clean = True
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, str):
            clean = clean and _is_utf8_text(item)
        elif isinstance(item, dict | list):
            if depth > MAX_JSON_DEPTH:
                raise NestedTooDeepError(f"nested deeper than {MAX_JSON_DEPTH}")
            if isinstance(item, dict):
                clean = clean and all(_is_utf8_text(k) for k in item)
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)
    return clean


async def read_body(request: Request, *, max_bytes: int) -> bytes:
    """Return the raw body; raise BodyTooLargeError past `max_bytes` without reading further."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > max_bytes:
        raise BodyTooLargeError(declared)
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > max_bytes:
                raise BodyTooLargeError(str(size))
            chunks.append(chunk)
    except ClientDisconnect:  # logged once, as status 499, by RequestContext
        raise ClientDisconnectedError(str(size)) from None
    return b"".join(chunks)


async def read_fields(request: Request, *, max_bytes: int) -> dict[str, Any]:
    """Return the submitted fields; refuse oversized, malformed or unsupported bodies early."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type not in (JSON, FORM) and not media_type.endswith("+json"):
        raise UnsupportedMediaTypeError(media_type or "none")
    body = await read_body(request, max_bytes=max_bytes)
    try:
        text = body.decode("utf-8")
        if media_type == FORM:
            # As PHP's $_POST: the last value of a repeated field wins. A %-escape that is not UTF-8 ("a%80b")
            # is kept as a lone surrogate, so that the field can be named below instead of mangled to U+FFFD.
            data: Any = dict(parse_qsl(text, keep_blank_values=True, strict_parsing=False, errors="surrogateescape"))
        else:
            data = json.loads(text) if text.strip() else None
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:  # RecursionError: "[[[[..." nested too deep
        raise MalformedBodyError(type(exc).__name__) from exc
    if not isinstance(data, dict):
        raise MalformedBodyError("the JSON body must be an object")
    # A form's bad %-escape, or JSON's escaped lone surrogate ("\ud800"), at any depth: no UTF-8 text holds either.
    bad = undecodable_fields(data)
    if bad:
        raise InvalidEncodingError(bad)
    with_nul = [name for name, value in data.items() if "\x00" in name or (isinstance(value, str) and "\x00" in value)]
    if with_nul:
        raise NulCharacterError([name.replace("\x00", "") for name in with_nul])
    return data


def _is_utf8_text(value: str) -> bool:
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _quality(accept: str, media: str) -> float:
    for item in accept.split(","):
        kind, _, params = item.strip().partition(";")
        if kind.strip().lower() == media:
            params = params.strip()
            if params.startswith("q="):
                try:
                    return float(params[2:])
                except ValueError:
                    return 0.0
            return 1.0
    return 0.0


def wants_html(request: Request) -> bool:
    """Whether the client (a browser posting the form) prefers HTML to JSON."""
    accept = request.headers.get("accept", "")
    return _quality(accept, "text/html") > _quality(accept, "application/json")

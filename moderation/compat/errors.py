"""Errors of the drop-in APIs, each answered in the shape the imitated service uses."""

from __future__ import annotations

from typing import Any

from moderation.errors import ModerationError


class PerspectiveError(ModerationError):
    """Raised when a Perspective request is refused; answered as Google does.

    The body is `{"error": {code, message, status, details}}`; `details` always holds a
    `google.rpc.ErrorInfo` naming `reason`, and `extra_details` any further typed entries.
    """

    def __init__(
        self,
        message: str,
        *,
        code: int = 400,
        status: str = "INVALID_ARGUMENT",
        reason: str = "INVALID_ARGUMENT",
        extra_details: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status
        self.reason = reason
        self.extra_details = extra_details or []
        self.headers = headers or {}


class AkismetInvalidError(ModerationError):
    """Raised when an Akismet call is refused; answered as Akismet does: `invalid` and `X-akismet-debug-help`."""

    def __init__(self, debug_help: str) -> None:
        super().__init__(debug_help)
        self.debug_help = debug_help


class AkismetBadRequestError(ModerationError):
    """Raised after the key check for a body the service cannot read (charset); answered 400 with the reason."""

    def __init__(self, debug_help: str) -> None:
        super().__init__(debug_help)
        self.debug_help = debug_help


class AkismetUnavailableError(ModerationError):
    """Raised when a call cannot be answered now (Redis down); answered 503 with `X-akismet-error`, never a verdict."""

    def __init__(self, debug_help: str) -> None:
        super().__init__(debug_help)
        self.debug_help = debug_help

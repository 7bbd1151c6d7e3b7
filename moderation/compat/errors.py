"""Errors of the drop-in APIs, each answered in the shape the imitated service uses."""

from __future__ import annotations

from moderation.errors import ModerationError


class PerspectiveError(ModerationError):
    """Raised when a Perspective request is refused; answered as Google does: `{"error": {code, message, status}}`."""

    def __init__(self, message: str, *, code: int = 400, status: str = "INVALID_ARGUMENT") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.status = status


class AkismetInvalidError(ModerationError):
    """Raised when an Akismet call is refused; answered as Akismet does: `invalid` and `X-akismet-debug-help`."""

    def __init__(self, debug_help: str) -> None:
        super().__init__(debug_help)
        self.debug_help = debug_help

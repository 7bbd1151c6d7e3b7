"""Exceptions of the site-level state; each is mapped to one HTTP answer in `moderation/review/handlers.py`."""

from __future__ import annotations

from moderation.errors import ModerationError


class BanInvalidError(ModerationError):
    """Raised when a ban names nothing to ban, or an unknown comment (422)."""


class NoPreviousLayerError(ModerationError):
    """Raised when rolling the site layer back while no older version is stored (409)."""


class BanIpInvalidError(BanInvalidError):
    """Raised when a ban's `ip` is not an IPv4 or IPv6 address (422 naming the field); nothing is banned."""

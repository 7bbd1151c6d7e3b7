"""Site keys: the credential the news site's backend presents when it sends feedback."""

from __future__ import annotations

from moderation.credentials import Keyring, bearer_token
from moderation.errors import ModerationError


class SiteKeyInvalidError(ModerationError):
    """Raised when a site-only route gets no site key or a wrong one (401)."""


def verify_site_key(keyring: Keyring, presented: str | None) -> None:
    """Return when `presented` is one of the site keys, else raise SiteKeyInvalidError."""
    if not presented:
        raise SiteKeyInvalidError("no site key")
    if not keyring.accepts(presented):
        raise SiteKeyInvalidError("wrong site key")


def presented_key(*, authorization: str | None, site_key_header: str | None) -> str | None:
    """The key from `Authorization: Bearer <key>`, else from `X-Site-Key`."""
    token = bearer_token(authorization)
    if token is not None:
        return token
    if site_key_header and site_key_header.strip():
        return site_key_header.strip()
    return None

"""Site keys: the credential the news site's backend presents when it sends feedback."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

from moderation.errors import ModerationError


class SiteKeyInvalidError(ModerationError):
    """Raised when a site-only route gets no site key or a wrong one (401)."""


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class SiteKeyring:
    """The accepted site keys, held only as sha256 digests and compared in constant time."""

    def __init__(self, configured: Iterable[str]) -> None:
        # Settings already hash them ("sha256:<hex>"); hash any plain entry too, so none stays in clear.
        self._digests = tuple(
            entry.removeprefix("sha256:").lower() if entry.startswith("sha256:") else _digest(entry)
            for entry in configured
            if entry
        )

    def __len__(self) -> int:
        return len(self._digests)

    def verify(self, presented: str | None) -> None:
        """Return when `presented` is one of the keys, else raise SiteKeyInvalidError."""
        if not presented:
            raise SiteKeyInvalidError("no site key")
        digest = _digest(presented)
        matched = False
        for expected in self._digests:  # no early exit: the time taken does not depend on which key matched
            matched |= hmac.compare_digest(digest, expected)
        if not matched:
            raise SiteKeyInvalidError("wrong site key")


def presented_key(*, authorization: str | None, site_key_header: str | None) -> str | None:
    """The key from `Authorization: Bearer <key>`, else from `X-Site-Key`."""
    if authorization:
        scheme, _, token = authorization.strip().partition(" ")
        if scheme.lower() == "bearer" and token.strip():
            return token.strip()
    if site_key_header and site_key_header.strip():
        return site_key_header.strip()
    return None

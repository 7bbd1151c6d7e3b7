"""Configured client secrets (API keys, site keys): held as sha256 digests, compared in constant time."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable

DIGEST_PREFIX = "sha256:"


def sha256_hex(value: str) -> str:
    """The hex sha256 of a string."""
    return hashlib.sha256(value.encode()).hexdigest()


def bearer_token(authorization: str | None) -> str | None:
    """The token of an `Authorization: Bearer <token>` header (a moderator's token, or a site key)."""
    if not authorization:
        return None
    scheme, _, token = authorization.strip().partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


def as_digest(entry: str) -> str:
    """A configured key as `sha256:<hex>`; an entry given as a digest already is kept (lower-cased)."""
    if entry.startswith(DIGEST_PREFIX):
        return entry.lower()
    return DIGEST_PREFIX + sha256_hex(entry)


class Keyring:
    """The accepted keys, as digests only; `accepts` compares with every one, without early exit."""

    def __init__(self, entries: Iterable[str]) -> None:
        # Settings hold digests already; hash anything that bypassed validation (model_copy) too.
        self._digests = tuple(as_digest(e).removeprefix(DIGEST_PREFIX) for e in entries if e)

    def accepts(self, key: str | None) -> bool:
        """Whether `key` is one of the accepted keys, in time independent of which one or where it differs."""
        if not key or not key.strip():
            return False
        candidate = sha256_hex(key.strip())
        found = False
        for digest in self._digests:
            found |= hmac.compare_digest(candidate, digest)
        return found

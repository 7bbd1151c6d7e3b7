"""The keys Perspective and Akismet clients send, checked against sha256 digests only."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import Annotated

from fastapi import Depends, Request

_PREFIX = "sha256:"


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeys:
    """The accepted client keys (`MODERATION_API_KEYS`), held as sha256 digests."""

    def __init__(self, entries: Iterable[str]) -> None:
        # Settings hash the keys already; hash again anything that bypassed validation (model_copy).
        self._digests = [e[len(_PREFIX) :] if e.startswith(_PREFIX) else _digest(e) for e in entries]

    @property
    def configured(self) -> bool:
        """Whether any key is accepted at all (with none, the drop-in APIs refuse every call)."""
        return bool(self._digests)

    def accepts(self, key: str | None) -> bool:
        """Whether `key` is one of the accepted keys, in time independent of where it differs."""
        if not key:
            return False
        candidate = _digest(key.strip())
        found = False
        for digest in self._digests:  # no early exit: the time taken does not tell which key matched
            found |= hmac.compare_digest(candidate, digest)
        return found


async def get_api_keys(request: Request) -> ApiKeys:
    """The accepted client keys, built once when the app is created (async: no thread-pool hop)."""
    return request.app.state.api_keys  # type: ignore[no-any-return]


ApiKeysDep = Annotated[ApiKeys, Depends(get_api_keys)]

"""The keys Perspective and Akismet clients send, checked against sha256 digests only."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from moderation.credentials import Keyring

#: The accepted client keys (`MODERATION_API_KEYS`).
ApiKeys = Keyring


async def get_api_keys(request: Request) -> ApiKeys:
    """The accepted client keys, built once when the app is created (async: no thread-pool hop)."""
    return request.app.state.api_keys  # type: ignore[no-any-return]


ApiKeysDep = Annotated[ApiKeys, Depends(get_api_keys)]

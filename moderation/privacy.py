"""Keyed hashes of readers' IPs, e-mails and user agents: the only form Redis keys and exports hold them in.

What each stored field of a comment keeps, and why, is in docs/operations.md ("What is stored, and for how
long").
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

from moderation.config import Settings


class Hasher:
    """HMAC-SHA256 under the site's secret key; the same input always gives the same hash."""

    def __init__(self, key: bytes) -> None:
        self._key = key

    def _digest(self, kind: str, value: str) -> str:
        # The one-shot C HMAC: the same digest as `hmac.new(...).hexdigest()` without three Python hash objects.
        return hmac.digest(self._key, f"{kind}:{value}".encode(), "sha256").hex()[:32]

    def ip(self, address: str) -> str:
        """Hash an IP address (empty stays empty)."""
        return self._digest("ip", address.strip()) if address.strip() else ""

    def email(self, address: str) -> str:
        """Hash an email address, case-insensitively (empty stays empty)."""
        return self._digest("email", address.strip().casefold()) if address.strip() else ""

    def user_agent(self, value: str) -> str:
        """Hash a browser's user agent (empty stays empty): comments from one browser share it, as for IPs."""
        return self._digest("ua", value.strip()) if value.strip() else ""


def load_hash_key(settings: Settings) -> bytes:
    """Return `MODERATION_IP_HASH_KEY`, or in development a key kept in `data_dir/hash.key`."""
    if settings.ip_hash_key is not None:
        return settings.ip_hash_key.get_secret_value().encode()
    path = Path(settings.data_dir) / "hash.key"
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        return path.read_bytes().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_hex(32).encode()
    # O_EXCL: if two workers race, one writes and both read the same key back.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_bytes().strip()
    with os.fdopen(fd, "wb") as handle:
        handle.write(key)
    return key

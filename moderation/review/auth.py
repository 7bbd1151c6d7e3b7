"""Moderators and their bearer tokens: random, stored only as sha256 digests, compared in constant time."""

from __future__ import annotations

import hmac
import json
import re
import secrets
import time
from dataclasses import dataclass
from typing import Literal

import redis

from moderation.credentials import sha256_hex
from moderation.review.errors import (
    ModeratorExistsError,
    ModeratorNameInvalidError,
    ModeratorNotFoundError,
    NotAuthenticatedError,
)
from moderation.storage import scripts
from moderation.storage.keys import Keys
from moderation.storage.replies import hash_text

Role = Literal["moderator", "admin"]
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$")
#: Who decided a comment the site's feedback took out of the queue; no moderator can take this name.
SITE_ACTOR = "site"


@dataclass(frozen=True, slots=True)
class Moderator:
    """A signed-in moderator."""

    name: str
    role: Role
    created_at: float = 0.0

    @property
    def is_admin(self) -> bool:
        """Whether this moderator may see the audit log, stats, word lists, thresholds and deliveries."""
        return self.role == "admin"


def token_digest(token: str) -> str:
    """The stored form of a token."""
    return sha256_hex(token)


class ModeratorStore:
    """Create, list, revoke and authenticate moderators (Redis hashes under the namespace)."""

    def __init__(self, *, client: redis.Redis, keys: Keys) -> None:
        self.client = client
        self.keys = keys
        self._lookup = scripts.register(client, "moderator_lookup")

    def add(self, name: str, *, admin: bool = False) -> tuple[Moderator, str]:
        """Create a moderator and return it with its token (shown once, never stored in clear)."""
        if not _NAME.match(name) or name == SITE_ACTOR:
            raise ModeratorNameInvalidError(name)
        token = secrets.token_urlsafe(32)
        digest = token_digest(token)
        moderator = Moderator(name=name, role="admin" if admin else "moderator", created_at=time.time())
        entry = json.dumps({"role": moderator.role, "token_sha256": digest, "created_at": moderator.created_at})

        def create(pipe: redis.client.Pipeline) -> None:
            if pipe.hexists(self.keys.moderators(), name):
                raise ModeratorExistsError(name)
            pipe.multi()
            pipe.hset(self.keys.moderators(), name, entry)
            pipe.hset(self.keys.moderator_tokens(), digest, name)

        # WATCH the moderators, run `create`, EXEC; again from the read when another change came first
        self.client.transaction(create, self.keys.moderators())
        return moderator, token

    def list(self) -> list[Moderator]:
        """Every moderator, by name."""
        raw = hash_text(self.client, self.keys.moderators())
        out = []
        for name, entry in sorted(raw.items()):
            data = json.loads(entry)
            out.append(Moderator(name=name, role=data["role"], created_at=float(data.get("created_at", 0))))
        return out

    def revoke(self, name: str) -> None:
        """Delete a moderator and invalidate its token at once."""

        def delete(pipe: redis.client.Pipeline) -> None:
            entry = pipe.hget(self.keys.moderators(), name)
            if entry is None:
                raise ModeratorNotFoundError(name)
            digest = json.loads(entry)["token_sha256"]
            pipe.multi()
            pipe.hdel(self.keys.moderators(), name)
            pipe.hdel(self.keys.moderator_tokens(), digest)

        self.client.transaction(delete, self.keys.moderators())

    def authenticate(self, token: str | None) -> Moderator:
        """Return the token's moderator, or raise NotAuthenticatedError."""
        if not token or len(token) > 256:
            raise NotAuthenticatedError("no or malformed token")
        digest = token_digest(token)
        found: list[str] | None = self._lookup(
            keys=[self.keys.moderator_tokens(), self.keys.moderators()], args=[digest]
        )
        if not found:
            raise NotAuthenticatedError("unknown or revoked token")
        name, entry = found
        data = json.loads(entry)
        # The hash lookup found the name; the constant-time compare guards against a stale index entry.
        if not hmac.compare_digest(str(data["token_sha256"]), digest):
            raise NotAuthenticatedError("token mismatch")
        return Moderator(name=str(name), role=data["role"], created_at=float(data.get("created_at", 0)))

"""Authors' reputation: how many of an author's comments were approved, and whether that makes them trusted."""

from __future__ import annotations

import redis

from moderation.storage.keys import Keys


def is_trusted(*, email_hash: str, approved: int, min_approved: int) -> bool:
    """Whether an author with `approved` approved comments skips the hold (WordPress's "previously approved")."""
    return bool(email_hash) and approved >= max(min_approved, 1)


def count_approval(pipe: redis.client.Pipeline, *, keys: Keys, email_hash: str, delta: int) -> None:
    """Add `delta` to an author's approved comments, inside the caller's pipeline."""
    pipe.hincrby(keys.approved_authors(), email_hash, delta)

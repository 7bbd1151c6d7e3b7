"""A submission's repeats: an `Idempotency-Key`'s replay, a duplicate, a flood; their keys and the scripts' answers.

`storage/lua/repeats.lua` checks the keys named here, in the pre-check and again in the guarded commit.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from moderation.credentials import sha256_hex
from moderation.intake.accepted import Accepted
from moderation.intake.errors import DuplicateCommentError, FloodError, IdempotencyKeyReusedError
from moderation.intake.schemas import CommentIn


@dataclass(frozen=True, slots=True)
class IdempotencyKey:
    """A client's `Idempotency-Key`, scoped to who sent it: the same key from two clients names two requests."""

    value: str
    #: a verified site key's digest ("site:...") or the connecting address's keyed hash ("ip:...")
    client: str

    def storage_id(self) -> str:
        """The digest its Redis key is named by (neither the key nor the client appear in Redis)."""
        return sha256_hex(f"{self.client}\n{self.value}")


@dataclass(frozen=True, slots=True)
class Replay:
    """What an `Idempotency-Key` remembers: the digest of its first request's fields and the answer given."""

    request: str | None  # None for entries stored before digests were kept: replayed as they are
    answer: dict[str, Any]

    @classmethod
    def parse(cls, stored: str) -> Replay:
        """Read a remembered entry, in either of its stored shapes."""
        value = json.loads(stored)
        if "answer" in value and "request" in value:
            return cls(request=value["request"], answer=value["answer"])
        return cls(request=None, answer=value)

    def answer_for(self, request_digest: str) -> Accepted:
        """The first answer, if this request is the first one again; else IdempotencyKeyReusedError."""
        if self.request is not None and self.request != request_digest:
            raise IdempotencyKeyReusedError("the Idempotency-Key was used with different fields")
        return Accepted(body=self.answer, replayed=True)


def request_digest(form: CommentIn) -> str:
    """Identify a request by its fields (either encoding), so a retry matches and another comment does not."""
    return sha256_hex(json.dumps(form.model_dump(mode="json"), sort_keys=True, ensure_ascii=False))


def refusal(outcome: list[Any]) -> Replay:
    """Turn a script's refusal into the remembered first answer (replay) or the named error."""
    kind, value = outcome[0], outcome[1]
    if kind == "replay":
        return Replay.parse(value)
    if kind == "duplicate":
        raise DuplicateCommentError(value)
    if kind == "flood":
        raise FloodError(retry_after=max(1, -(-int(value) // 1000)))
    raise ValueError(f"unexpected script outcome {kind!r}")


@dataclass(frozen=True, slots=True)
class RepeatKeys:
    """The keys that make a submission a replay, a duplicate or a flood."""

    idempotency: str | None
    duplicate: str
    flood: list[str]

    @property
    def checked(self) -> list[str]:
        """KEYS of repeats.lua: duplicate, idempotency (the duplicate again when absent), flood keys."""
        return [self.duplicate, self.idempotency or self.duplicate, *self.flood]

    @property
    def args(self) -> list[str]:
        """ARGV of repeats.lua: whether KEYS[2] is a real idempotency key, how many flood keys."""
        return ["1" if self.idempotency else "0", str(len(self.flood))]


def duplicate_fingerprint(post: str, parent: str, author: str, email: str, text: str) -> str:
    """Identify "the same comment again": same post, parent, author, email and text."""
    return sha256_hex(json.dumps([post, parent, author.casefold(), email.casefold(), text], ensure_ascii=False))

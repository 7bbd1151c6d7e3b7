"""The review queue of held comments: sorted sets in Redis, filter indexes, and claims as leases.

Every queued comment is in `Keys.queue()` (scored so the highest risk, then the oldest, comes first),
in `Keys.queue_by_age()` (scored by creation time) and in one index per post, language and reason,
all written in the same atomic commit as the record (`enqueue` queues them on the caller's pipeline).
A claim is a lease key set with `SET NX PX`: only one moderator can create it, and when it expires the
item is simply claimable again.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import redis

from moderation.errors import CommentNotFoundError
from moderation.review.errors import AlreadyDecidedError
from moderation.storage import scripts
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord, mark_audit, read_status

#: Risk is bucketed to 0.01 so that, inside a bucket, older comments come first.
_RISK_WEIGHT = 1e11

Order = Literal["risk", "oldest"]
ORDERS: tuple[Order, ...] = ("risk", "oldest")

#: Candidates read per round trip when looking for an unclaimed item.
_CLAIM_BATCH = 32


def priority(*, risk: float, created_at: float) -> float:
    """Queue score: highest risk first, then oldest first."""
    return -round(risk, 2) * _RISK_WEIGHT + created_at


def reason_tokens(reasons: Iterable[Mapping[str, Any]]) -> list[str]:
    """The reason filter's tokens for a record's reasons: each reason code and model head."""
    tokens: list[str] = []
    for reason in reasons:
        for token in (reason.get("code"), reason.get("head")):
            if token and token not in tokens:
                tokens.append(str(token))
    return tokens


def index_keys(keys: Keys, *, post_id: str, language: str, reasons: Iterable[str]) -> list[str]:
    """The filter indexes a queued comment belongs to."""
    out = []
    if post_id:
        out.append(keys.queue_by_post(post_id))
    if language:
        out.append(keys.queue_by_language(language))
    out.extend(keys.queue_by_reason(token) for token in reasons)
    return out


def enqueue(
    pipe: redis.client.Pipeline,
    *,
    keys: Keys,
    comment_id: str,
    risk: float,
    created_at: float,
    audit: bool = False,
    post_id: str = "",
    language: str = "",
    reasons: Sequence[str] = (),
) -> None:
    """Queue the adding of a held comment (or, with `audit`, a sampled approved one) on the caller's pipeline."""
    score = priority(risk=risk, created_at=created_at)
    pipe.zadd(keys.queue(), {comment_id: score})
    pipe.zadd(keys.queue_by_age(), {comment_id: created_at})
    for index in index_keys(keys, post_id=post_id, language=language, reasons=reasons):
        pipe.zadd(index, {comment_id: score})
    if audit:  # the comment stays approved; its record says it is in the queue only to be checked
        mark_audit(pipe, keys=keys, comment_id=comment_id)


def dequeue(pipe: redis.client.Pipeline, *, keys: Keys, record: CommentRecord) -> None:
    """Queue the removal of a decided comment from the queue, its indexes and its lease, on the caller's pipeline."""
    pipe.zrem(keys.queue(), record.id)
    pipe.zrem(keys.queue_by_age(), record.id)
    indexes = index_keys(keys, post_id=record.post_id, language=record.language, reasons=reason_tokens(record.reasons))
    for index in indexes:
        pipe.zrem(index, record.id)
    pipe.delete(keys.lease(record.id))


@dataclass(frozen=True, slots=True)
class Filters:
    """Which queued comments to show or claim; `min_age`/`max_age` are in seconds."""

    post_id: str | None = None
    language: str | None = None
    reason: str | None = None
    min_age: float | None = None
    max_age: float | None = None

    def index_keys(self, keys: Keys) -> list[str]:
        """The filter indexes to intersect."""
        out = []
        if self.post_id:
            out.append(keys.queue_by_post(self.post_id))
        if self.language:
            out.append(keys.queue_by_language(self.language))
        if self.reason:
            out.append(keys.queue_by_reason(self.reason))
        return out

    @property
    def empty(self) -> bool:
        """Whether no filter is set (the fast path: read the ordered set directly)."""
        ages = (self.min_age, self.max_age)
        return not (self.post_id or self.language or self.reason) and ages == (None, None)


@dataclass(frozen=True, slots=True)
class Lease:
    """Who holds a claim and until when (epoch seconds)."""

    moderator: str
    expires_at: float


class ReviewQueue:
    """Read, filter and claim the queue; every method is safe to call from many threads and processes."""

    def __init__(self, *, client: redis.Redis, keys: Keys, lease_seconds: float, order: Order = "risk") -> None:
        self.client = client
        self.keys = keys
        self.lease_seconds = lease_seconds
        self.order: Order = order
        self._release = scripts.register(client, "release_lease")
        self._claim_first = scripts.register(client, "claim_first")

    def _order_key(self, order: Order) -> str:
        return self.keys.queue_by_age() if order == "oldest" else self.keys.queue()

    def page(
        self, *, filters: Filters, order: Order | None = None, offset: int = 0, limit: int = 25
    ) -> tuple[list[str], int]:
        """Return one page of queued ids in order, and how many match the filters."""
        order = order or self.order
        if filters.empty:
            with self.client.pipeline(transaction=False) as pipe:
                pipe.zrange(self._order_key(order), offset, offset + limit - 1)
                pipe.zcard(self.keys.queue())
                ids, total = pipe.execute()
            return list(ids), int(total)
        return self._filtered(filters=filters, order=order, offset=offset, limit=limit, now=None)

    def _filtered(
        self, *, filters: Filters, order: Order, offset: int, limit: int, now: float | None
    ) -> tuple[list[str], int]:
        """Intersect the indexes into a scratch key, trim by age, re-score by order, read, delete: one MULTI."""
        now = time.time() if now is None else now
        scratch = self.keys.queue_view(uuid.uuid4().hex)
        sources = [self.keys.queue_by_age(), *filters.index_keys(self.keys)]
        with self.client.pipeline(transaction=True) as pipe:
            # Weight 1 on the age set, 0 elsewhere: the scratch set is scored by creation time.
            pipe.zinterstore(scratch, dict.fromkeys(sources, 0) | {self.keys.queue_by_age(): 1})
            if filters.max_age is not None:  # younger than max_age: created after now - max_age
                pipe.zremrangebyscore(scratch, "-inf", f"({now - filters.max_age}")
            if filters.min_age is not None:  # older than min_age: created before now - min_age
                pipe.zremrangebyscore(scratch, f"({now - filters.min_age}", "+inf")
            if order == "risk":
                pipe.zinterstore(scratch, {scratch: 0, self.keys.queue(): 1})
            pipe.zcard(scratch)
            pipe.zrange(scratch, offset, offset + limit - 1)
            pipe.delete(scratch)
            results = pipe.execute()
        return list(results[-2]), int(results[-3])

    def leases(self, comment_ids: Sequence[str]) -> dict[str, Lease]:
        """The live leases among these ids."""
        if not comment_ids:
            return {}
        with self.client.pipeline(transaction=False) as pipe:
            for comment_id in comment_ids:
                pipe.get(self.keys.lease(comment_id))
                pipe.pttl(self.keys.lease(comment_id))
            raw = pipe.execute()
        now = time.time()
        out = {}
        for i, comment_id in enumerate(comment_ids):
            holder, ttl = raw[2 * i], raw[2 * i + 1]
            if holder and ttl is not None and ttl > 0:
                out[comment_id] = Lease(moderator=str(holder), expires_at=now + ttl / 1000)
        return out

    def claim(self, *, moderator: str, filters: Filters | None = None, order: Order | None = None) -> str | None:
        """Lease the first unclaimed item for `moderator`; None when every matching item is taken."""
        filters = filters or Filters()
        order = order or self.order
        lease_ms = int(self.lease_seconds * 1000)
        if filters.empty:
            claimed = self._claim_first(
                keys=[self._order_key(order)], args=[moderator, lease_ms, self.keys.lease_prefix(), _CLAIM_BATCH]
            )
            return str(claimed) if claimed else None
        offset = 0
        while True:
            ids, _ = self.page(filters=filters, order=order, offset=offset, limit=_CLAIM_BATCH)
            if not ids:
                return None
            held: list[Any] = self.client.mget([self.keys.lease(i) for i in ids])
            for comment_id, holder in zip(ids, held, strict=True):
                if holder is not None:
                    continue
                # SET NX is the claim: of two moderators racing for this id, exactly one creates the key.
                if self.client.set(self.keys.lease(comment_id), moderator, nx=True, px=lease_ms):
                    if self.client.zscore(self.keys.queue(), comment_id) is None:
                        # Decided between our read and our claim: give the lease back and look further.
                        self._release(keys=[self.keys.lease(comment_id)], args=[moderator])
                        continue
                    return comment_id
            offset += len(ids)

    def claim_item(self, *, moderator: str, comment_id: str) -> Lease | None:
        """Lease one given item (or extend one's own lease); None when someone else holds it."""
        lease_ms = int(self.lease_seconds * 1000)
        key = self.keys.lease(comment_id)
        if self.client.set(key, moderator, nx=True, px=lease_ms):
            return self.leases([comment_id]).get(comment_id)
        held_by_other = False

        def renew(pipe: redis.client.Pipeline) -> None:
            nonlocal held_by_other
            holder = pipe.get(key)
            held_by_other = holder is not None and holder != moderator
            if not held_by_other:  # else nothing is queued: the EXEC that follows is empty
                pipe.multi()
                pipe.set(key, moderator, px=lease_ms)

        # WATCH the lease, run `renew`, EXEC; again from the read when the lease changed meanwhile
        self.client.transaction(renew, key)
        if held_by_other:
            return None
        return self.leases([comment_id]).get(comment_id)

    def release(self, *, moderator: str, comment_id: str) -> bool:
        """Give back one's own lease; False when the lease is someone else's (nothing changes)."""
        key = self.keys.lease(comment_id)
        if self._release(keys=[key], args=[moderator]):
            return True
        holder = self.client.get(key)
        return holder is None or holder == moderator

    def forget(self, comment_id: str) -> None:
        """Drop an id whose record has expired (filter indexes are intersected with the age set, so they follow)."""
        with self.client.pipeline(transaction=True) as pipe:
            pipe.zrem(self.keys.queue(), comment_id)
            pipe.zrem(self.keys.queue_by_age(), comment_id)
            pipe.delete(self.keys.lease(comment_id))
            pipe.execute()

    def is_queued(self, comment_id: str) -> bool:
        """Whether the comment is waiting for a decision."""
        return self.client.zscore(self.keys.queue(), comment_id) is not None

    def require_queued(self, comment_id: str) -> None:
        """Return if the comment waits for a decision; else raise CommentNotFoundError or AlreadyDecidedError."""
        if self.is_queued(comment_id):
            return
        status = read_status(self.client, keys=self.keys, comment_id=comment_id)
        if status is None:
            raise CommentNotFoundError(comment_id)
        raise AlreadyDecidedError(comment_id, status)

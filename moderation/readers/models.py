"""What a reader's request finds and does: the data found about them, and what an erasure removed."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field
from typing import Any

from moderation.review.queue import index_keys, reason_tokens
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord


@dataclass(frozen=True, slots=True)
class Erasure:
    """What one erasure removed (all zero when the reader had nothing stored, e.g. a repeated erasure)."""

    comments: int
    labels: int
    audit_entries: int
    webhook_events: int
    deliveries: int
    keys: int
    ban_kept: bool


@dataclass
class Found:
    """The reader's comments and the entries of the unbounded streams that name them, read before the erasure."""

    email_hash: str
    history: dict[str, float]
    comment_ids: set[str]
    labels: dict[str, dict[str, str]] = field(default_factory=dict)
    audit: dict[str, dict[str, str]] = field(default_factory=dict)
    labels_end: str = "-"
    audit_end: str = "-"


@dataclass
class Snapshot:
    """Everything stored about the reader at one moment, with the keys and entries an erasure removes."""

    found: Found
    records: dict[str, dict[str, str]]
    explanations: dict[str, str]
    leases: dict[str, str]
    queued: set[str]
    #: comment id -> (its `Idempotency-Key` answer's key, the answer)
    idempotency: dict[str, tuple[str, str]]
    duplicates: dict[str, str]
    floods: dict[str, str]
    approved: int
    banned: bool
    events: dict[str, dict[str, Any]]
    dead: dict[str, dict[str, Any]]
    deliveries: dict[str, dict[str, str]]

    def keys(self, keys: Keys) -> list[str]:
        """Every key holding the reader's data, whole or in part (shared keys: the entries that are theirs)."""
        names: set[str] = set(self.duplicates) | set(self.floods) | {key for key, _ in self.idempotency.values()}
        names.update(keys.comment(c) for c in self.records)
        names.update(keys.explanation(c) for c in self.explanations)
        names.update(keys.lease(c) for c in self.leases)
        if self.found.history:
            names.add(keys.author_comments(self.found.email_hash))
        if self.approved:
            names.add(keys.approved_authors())
        if self.banned:
            names.add(keys.banned_emails())
        for comment_id in self.queued:
            names.update(queue_keys(keys, comment_id, self.records.get(comment_id)))
        for present, name in (
            (self.found.labels, keys.labels()),
            (self.found.audit, keys.audit()),
            (self.events, keys.outbox_events()),
            (self.events, keys.outbox_due()),
            (self.dead, keys.outbox_dead()),
            (self.deliveries, keys.delivery_log()),
        ):
            if present:
                names.add(name)
        return sorted(names)

    def document(self, keys: Keys) -> dict[str, Any]:
        """The export document: what each key and entry holds about the reader, as stored."""
        found = self.found
        comments = []
        for comment_id in sorted(found.comment_ids, key=lambda c: (found.history.get(c, 0.0), c)):
            record = self.records.get(comment_id)
            explanation = self.explanations.get(comment_id)
            _key, answer = self.idempotency.get(comment_id, ("", ""))
            if record is None and explanation is None:
                continue  # expired: only its id is left, in their history
            comments.append(
                {
                    "id": comment_id,
                    "stored": record or {},
                    "explanation": json.loads(explanation) if explanation else None,
                    "queued": comment_id in self.queued,
                    "claimed_by": self.leases.get(comment_id),
                    "idempotency_answer": json.loads(answer) if answer else None,
                }
            )
        return {
            "email_hash": found.email_hash,
            "exported_at": time.time(),
            "comments": comments,
            "history": [
                {"id": c, "created_at": t} for c, t in sorted(found.history.items(), key=lambda i: (i[1], i[0]))
            ],
            "approved_comments": self.approved,
            "banned": self.banned,
            "labels": _entries(found.labels),
            "audit": _entries(found.audit),
            "webhook_events": [
                *({"id": i, "state": "pending", **e} for i, e in sorted(self.events.items())),
                *({"id": i, "state": "dead", **e} for i, e in sorted(self.dead.items())),
            ],
            "deliveries": _entries(self.deliveries),
            "keys": self.keys(keys),
        }


def queue_keys(keys: Keys, comment_id: str, raw: dict[str, str] | None) -> list[str]:
    """The queue and the filter indexes a queued comment is in (its record names post, language, reasons)."""
    out = [keys.queue(), keys.queue_by_age()]
    if raw:
        record = CommentRecord.from_redis(raw)
        out += index_keys(keys, post_id=record.post_id, language=record.language, reasons=reason_tokens(record.reasons))
    return out


def _entries(entries: dict[str, dict[str, str]]) -> list[dict[str, Any]]:
    """Stream entries as exported, oldest first (ids "<ms>-<seq>" compared as numbers)."""

    def order(entry_id: str) -> tuple[int, int]:
        ms, _, seq = entry_id.partition("-")
        return int(ms), int(seq or 0)

    return [{"id": i, "fields": entries[i]} for i in sorted(entries, key=order)]

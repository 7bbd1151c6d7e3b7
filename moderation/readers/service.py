"""Everything stored about one reader, found by the keyed hash of their e-mail: exported as JSON, or erased atomically.

What ties data to a reader (docs/operations.md, "A reader's request", says the same for operators):

- their history `authors:comments:<hash>` (their comments' ids), their approved count in `authors:approved`
  and the flood key of their hash;
- each of their comments: its record, explanation, lease, places in the queue and its indexes, its duplicate
  key (a fingerprint of post, parent, name, address and text, recomputed from the address asked about), the
  IP flood key while it names that comment, and the `Idempotency-Key` answer it was given;
- label and audit entries carrying their hash (`author_hash`) or naming one of their comments, and the webhook
  events (pending or dead) and delivery-log entries naming one of their comments.

A ban of their address is reported by an export and kept by an erasure: it is the site's protection against
abuse, lifted only by an administrator (`DELETE /v1/review/bans/email/<hash>`). What was derived from their
data without naming them (the models, per-site memory counts, statistics) is not recomputed by an erasure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

import redis
import structlog

from moderation.errors import ModerationError
from moderation.intake.repeats import duplicate_fingerprint
from moderation.privacy import Hasher
from moderation.readers.models import Erasure, Found, Snapshot, queue_keys
from moderation.storage import scripts
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord
from moderation.storage.replies import range_scored, range_text, values_text

log = structlog.get_logger(__name__)

#: Stream entries one `stream_matches.lua` call reads (a few milliseconds of Redis time) looking for a reader's.
STREAM_BATCH = 2000
#: Erasure attempts before giving up while the reader's data keeps changing (each attempt takes milliseconds).
ERASE_ATTEMPTS = 20
#: The longest address a request may name (RFC 5321's path limit).
MAX_EMAIL_LENGTH = 254


class ReaderEmailInvalidError(ModerationError):
    """Raised when a reader's request names no e-mail address, or not one (422); nothing is read or changed."""


class ReaderBusyError(ModerationError):
    """Raised when a reader's data changed under every attempt of an erasure (503); nothing was erased."""


class ReaderData:
    """Export or erase one reader's data; safe on a single Redis and on a Cluster (one namespace, one slot)."""

    def __init__(self, *, client: redis.Redis, keys: Keys, hasher: Hasher) -> None:
        self.client = client
        self.keys = keys
        self.hasher = hasher
        self._matches = scripts.register(client, "stream_matches")

    def export(self, *, email: str) -> dict[str, Any]:
        """Everything stored about the reader with this address, as JSON-ready data (nothing is changed)."""
        email = _checked(email)
        snapshot = self._snapshot(email, self._find(self.hasher.email(email)))
        log.info("readers.exported", comments=len(snapshot.records), labels=len(snapshot.found.labels))
        return snapshot.document(self.keys)

    def erase(self, *, email: str) -> Erasure:
        """Remove everything stored about the reader with this address, in one transaction; idempotent.

        The unbounded streams (labels, audit) are searched first; then every key involved is watched, what
        was added meanwhile is read again, and all deletions run in one MULTI/EXEC, retried if any watched
        key changed. When it returns, nothing in Redis names the reader (their ban excepted).
        """
        email = _checked(email)
        email_hash = self.hasher.email(email)
        for _attempt in range(ERASE_ATTEMPTS):
            found = self._find(email_hash)
            with self.client.pipeline(transaction=True) as pipe:
                try:
                    pipe.watch(*self._watched(found))  # type: ignore[no-untyped-call]  # untyped in redis-py
                    if not self._still_complete(found):
                        pipe.unwatch()  # a new comment (or label naming one) appeared: watch it too
                        continue
                    snapshot = self._snapshot(email, found)
                    pipe.multi()
                    erasure = self._delete(pipe, snapshot)
                    pipe.execute()
                except redis.WatchError:
                    continue
            log.info(
                "readers.erased",
                comments=erasure.comments,
                labels=erasure.labels,
                audit_entries=erasure.audit_entries,
                keys=erasure.keys,
            )
            return erasure
        raise ReaderBusyError("the reader's data kept changing during the erasure")

    # Finding ------------------------------------------------------------------------------------
    def _find(self, email_hash: str) -> Found:
        """The reader's history and the label and audit entries that name them (hash or comment id)."""
        raw = range_scored(self.client, self.keys.author_comments(email_hash))
        history = {comment_id: float(score) for comment_id, score in raw}
        found = Found(email_hash=email_hash, history=history, comment_ids=set(history))
        found.labels, found.labels_end = self._scan(self.keys.labels(), found, after="-")
        found.audit, found.audit_end = self._scan(self.keys.audit(), found, after="-")
        return found

    def _scan(self, stream: str, found: Found, *, after: str) -> tuple[dict[str, dict[str, str]], str]:
        """The entries after `after` naming the reader, and the last id read; ids of their comments join `found`.

        `stream_matches.lua` filters each batch in Redis: only the reader's entries cross the network.
        """
        return self._matching(stream, email_hash=found.email_hash, comment_ids=found.comment_ids, after=after)

    def _matching(
        self, stream: str, *, email_hash: str, comment_ids: set[str], after: str
    ) -> tuple[dict[str, dict[str, str]], str]:
        matches: dict[str, dict[str, str]] = {}
        last = after
        while True:
            start = "-" if last == "-" else f"({last}"
            reply: list[Any] = self._matches(
                keys=[stream], args=[start, STREAM_BATCH, email_hash, *sorted(comment_ids)]
            )
            if not reply[0]:
                return matches, last
            last = str(reply[0])
            for entry_id, flat in reply[1:]:
                fields = dict(zip(flat[::2], flat[1::2], strict=True))
                matches[entry_id] = fields
                if fields.get("author_hash") == email_hash and fields.get("comment_id"):
                    comment_ids.add(fields["comment_id"])

    def _watched(self, found: Found) -> list[str]:
        """The keys whose change during an erasure would leave something of the reader behind."""
        keys = self.keys
        return [
            keys.author_comments(found.email_hash),
            keys.labels(),
            keys.audit(),
            keys.outbox_events(),
            keys.outbox_dead(),
            keys.delivery_log(),
            *(keys.comment(c) for c in sorted(found.comment_ids)),
        ]

    def _still_complete(self, found: Found) -> bool:
        """Read what was added since `_find` (now watched); False when a new comment of theirs must be watched."""
        known = set(found.comment_ids)
        history = range_text(self.client, self.keys.author_comments(found.email_hash))
        labels, found.labels_end = self._scan(self.keys.labels(), found, after=found.labels_end)
        audit, found.audit_end = self._scan(self.keys.audit(), found, after=found.audit_end)
        found.labels.update(labels)
        found.audit.update(audit)
        return set(history) == set(found.history) and found.comment_ids == known

    def _snapshot(self, email: str, found: Found) -> Snapshot:
        """Read every key tied to the found comments, in two pipelined round trips (plus the delivery log)."""
        keys, ids = self.keys, sorted(found.comment_ids)
        with self.client.pipeline(transaction=False) as pipe:
            for comment_id in ids:
                pipe.hgetall(keys.comment(comment_id))
                pipe.get(keys.explanation(comment_id))
                pipe.get(keys.lease(comment_id))
                pipe.zscore(keys.queue(), comment_id)
            pipe.hget(keys.approved_authors(), found.email_hash)
            pipe.sismember(keys.banned_emails(), found.email_hash)
            pipe.get(keys.flood_email(found.email_hash))
            pipe.hgetall(keys.outbox_events())
            pipe.hgetall(keys.outbox_dead())
            replies = pipe.execute()
        records: dict[str, dict[str, str]] = {}
        explanations: dict[str, str] = {}
        leases: dict[str, str] = {}
        queued: set[str] = set()
        for i, comment_id in enumerate(ids):
            record, explanation, lease, score = replies[4 * i : 4 * i + 4]
            # a record is theirs by its hash (a comment id found through a label is checked, not trusted)
            if record and record.get("email_hash") == found.email_hash:
                records[comment_id] = record
            if explanation is not None:
                explanations[comment_id] = explanation
            if lease is not None:
                leases[comment_id] = lease
            if score is not None:
                queued.add(comment_id)
        approved, banned, flood_email, events, dead = replies[4 * len(ids) :]
        idempotency, duplicates, floods = self._repeat_keys(email, records)
        if flood_email is not None:
            floods[keys.flood_email(found.email_hash)] = flood_email
        return Snapshot(
            found=found,
            records=records,
            explanations=explanations,
            leases=leases,
            queued=queued,
            idempotency=idempotency,
            duplicates=duplicates,
            floods=floods,
            approved=int(approved or 0),
            banned=bool(banned),
            events=_events_naming(events, found.comment_ids),
            dead=_events_naming(dead, found.comment_ids),
            deliveries=self._deliveries(found.comment_ids),
        )

    def _repeat_keys(
        self, email: str, records: dict[str, dict[str, str]]
    ) -> tuple[dict[str, tuple[str, str]], dict[str, str], dict[str, str]]:
        """Their comments' live idempotency answers (by comment), duplicate keys and IP flood keys (key -> value)."""
        keys = self.keys
        candidates: list[tuple[str, str, str]] = []  # (kind, key, comment id)
        for comment_id, raw in records.items():
            record = CommentRecord.from_redis(raw)
            if record.idempotency_id:
                candidates.append(("idempotency", keys.idempotency(record.idempotency_id), comment_id))
            fingerprint = duplicate_fingerprint(record.post_id, record.parent_id, record.author, email, record.comment)
            candidates.append(("duplicate", keys.duplicate(fingerprint), comment_id))
            if record.ip_hash:
                candidates.append(("flood", keys.flood_ip(record.ip_hash), comment_id))
        if not candidates:
            return {}, {}, {}
        values = values_text(self.client, [key for _kind, key, _id in candidates])
        answers: dict[str, tuple[str, str]] = {}
        out: dict[str, dict[str, str]] = {"duplicate": {}, "flood": {}}
        for (kind, key, comment_id), value in zip(candidates, values, strict=True):
            if value is None:
                continue
            if kind == "idempotency":
                answers[comment_id] = (key, value)
            elif kind == "duplicate" or value == comment_id:
                # The IP flood key is shared by everyone behind that address: theirs only while it names their comment.
                out[kind][key] = value
        return answers, out["duplicate"], out["flood"]

    def _deliveries(self, comment_ids: set[str]) -> dict[str, dict[str, str]]:
        """Delivery-log entries naming the reader's comments (the log is capped, so this read is bounded)."""
        if not comment_ids:
            return {}
        found, _last = self._matching(self.keys.delivery_log(), email_hash="", comment_ids=set(comment_ids), after="-")
        return found

    # Erasing ------------------------------------------------------------------------------------
    def _delete(self, pipe: redis.client.Pipeline, snapshot: Snapshot) -> Erasure:
        """Queue every deletion on the caller's MULTI; return what it removes."""
        keys, found = self.keys, snapshot.found
        whole = snapshot.keys(keys)
        doomed: list[str] = [
            *(keys.comment(c) for c in snapshot.records),
            *(keys.explanation(c) for c in snapshot.explanations),
            *(keys.lease(c) for c in snapshot.leases),
            *(key for key, _answer in snapshot.idempotency.values()),
            *snapshot.duplicates,
            *snapshot.floods,
            keys.author_comments(found.email_hash),
        ]
        pipe.delete(*doomed)
        for comment_id in snapshot.queued:
            for queue_key in queue_keys(keys, comment_id, snapshot.records.get(comment_id)):
                pipe.zrem(queue_key, comment_id)
        pipe.hdel(keys.approved_authors(), found.email_hash)
        for stream, entries in (
            (keys.labels(), found.labels),
            (keys.audit(), found.audit),
            (keys.delivery_log(), snapshot.deliveries),
        ):
            if entries:
                pipe.xdel(stream, *entries)
        if snapshot.events:
            pipe.hdel(keys.outbox_events(), *snapshot.events)
            pipe.zrem(keys.outbox_due(), *snapshot.events)
        if snapshot.dead:
            pipe.hdel(keys.outbox_dead(), *snapshot.dead)
        return Erasure(
            comments=len(snapshot.records),
            labels=len(found.labels),
            audit_entries=len(found.audit),
            webhook_events=len(snapshot.events) + len(snapshot.dead),
            deliveries=len(snapshot.deliveries),
            keys=len([k for k in whole if k != keys.banned_emails()]),
            ban_kept=snapshot.banned,
        )


def _checked(email: str) -> str:
    """The address a request names, stripped; ReaderEmailInvalidError when it cannot be one."""
    email = email.strip()
    local, _at, domain = email.rpartition("@")
    if not local.strip() or not domain.strip() or len(email) > MAX_EMAIL_LENGTH:
        raise ReaderEmailInvalidError("a reader's request needs their e-mail address")
    return email


def _events_naming(entries: dict[str, str], comment_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The outbox entries (event id -> `{"body", "attempts"}` JSON) whose event names one of these comments."""
    wanted = set(comment_ids)
    out: dict[str, dict[str, Any]] = {}
    for event_id, entry in entries.items():
        data = json.loads(entry)
        body = json.loads(data["body"])
        if body.get("comment_id") in wanted:
            out[event_id] = {"attempts": int(data.get("attempts", 0)), "body": body}
    return out

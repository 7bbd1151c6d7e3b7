"""What storing an accepted comment writes: its record and its side effects, queued for the guarded commit."""

from __future__ import annotations

import redis

from moderation.config import Settings
from moderation.intake.decision import Assessment
from moderation.intake.repeats import RepeatKeys
from moderation.review import queue
from moderation.review.daily import count_intake
from moderation.site import memory
from moderation.site.audit import should_audit
from moderation.site.marks import Marks
from moderation.site.reputation import count_approval
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord, write_record


def queue_writes(
    pipe: redis.client.Pipeline,
    *,
    keys: Keys,
    settings: Settings,
    record: CommentRecord,
    assessment: Assessment,
    repeats: RepeatKeys,
    remembered: str,
    marks: Marks,
    findings: memory.Findings,
) -> None:
    """Queue the commands that store an accepted comment and its side effects."""
    comment_id = record.id
    retention = settings.retention_days * 86_400
    comment_key = keys.comment(comment_id)
    write_record(pipe, keys=keys, record=record)
    pipe.expire(comment_key, retention)
    pipe.set(repeats.duplicate, comment_id, ex=retention)
    for key in repeats.flood:
        pipe.set(key, comment_id, ex=settings.flood_seconds)
    if record.email_hash:
        history = keys.author_comments(record.email_hash)
        pipe.zadd(history, {comment_id: record.created_at})
        pipe.expire(history, retention)
        if assessment.status == "approved":
            count_approval(pipe, keys=keys, email_hash=record.email_hash, delta=1)
    count_intake(pipe, keys=keys, status=assessment.status, model_version=record.model_version, at=record.created_at)
    if assessment.status == "approved":
        memory.count_approved(pipe, keys=keys, marks=marks)  # its links are now "seen approved"
    held = assessment.status == "pending"
    memory.remember(pipe, keys=keys, findings=findings, held=held, now=record.created_at)
    audit = should_audit(status=assessment.status, rate=settings.audit_sample_rate)
    if assessment.status == "pending" or audit:
        queue.enqueue(
            pipe,
            keys=keys,
            comment_id=comment_id,
            risk=assessment.risk,
            created_at=record.created_at,
            audit=audit,
            post_id=record.post_id,
            language=record.language,
            reasons=queue.reason_tokens(record.reasons),
        )
    if repeats.idempotency:
        pipe.set(repeats.idempotency, remembered, ex=settings.idempotency_ttl_seconds)

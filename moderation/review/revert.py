"""Revert a moderator's decision: the comment goes back to the queue as it was, and every effect is undone.

A revert is the moderators' undo. Its writes run as one guarded commit (`storage/commit.py`, behind
`record_guard.lua`: refused, and read again, if the record moved since it was read): it restores the status
the decision replaced, queues the comment again with its filter indexes, leases it to the moderator who
reverted (so they decide it again without a race), appends an audit entry, writes a label entry without
labels (it supersedes the decision's label in the retraining export, until the next decision writes the
corrected one), sends a webhook event with the restored status, and takes back the decision's share of the
author's approved count, the decisions-per-day count, the model-agreement matrix and the audit-sample outcomes.
"""

from __future__ import annotations

import functools
import time

import redis
import structlog
from prometheus_client import Counter

from moderation.errors import CommentNotFoundError
from moderation.labels import LabelledExample, labels_for_decision
from moderation.review.audit import audit_entry
from moderation.review.auth import SITE_ACTOR
from moderation.review.decisions import COMMIT_ATTEMPTS, add_decided_event
from moderation.review.errors import ClaimedByOtherError, NotDecidedError
from moderation.review.queue import enqueue, reason_tokens
from moderation.review.schemas import Decision, RevertedOut, RevertOutcome
from moderation.review.tally import tally_decision
from moderation.site.memory import add_label_and_learn
from moderation.storage.commit import GuardedCommit
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord, forget_decision, read_record, write_record

log = structlog.get_logger(__name__)

REVERTS = Counter(
    "moderation_review_reverts_total", "Moderator decisions reverted, by the status they had.", ["status"]
)


class Reverter:
    """Revert moderators' decisions (any moderator may revert any decision; the audit log says who did)."""

    def __init__(self, *, client: redis.Redis, keys: Keys, lease_seconds: float, webhooks_enabled: bool) -> None:
        self.client = client
        self.keys = keys
        self.lease_seconds = lease_seconds
        self.webhooks_enabled = webhooks_enabled
        self._commit = GuardedCommit(client, guard="record_guard")

    def revert(self, *, moderator: str, comment_id: str, note: str = "") -> RevertOutcome:
        """Undo the moderator decision on a comment atomically; raise NotDecidedError if there is none."""
        keys = self.keys
        for _attempt in range(COMMIT_ATTEMPTS):
            record = read_record(self.client, keys=keys, comment_id=comment_id)
            if record is None:
                raise CommentNotFoundError(comment_id)
            queued = self.client.zscore(keys.queue(), comment_id) is not None
            # The site's own decision (its feedback) is not a moderator's to undo: the site decided it.
            if queued or not record.decided_by or record.decided_by == SITE_ACTOR:
                raise NotDecidedError(comment_id, record.status)
            outcome = RevertOutcome(
                comment_id=comment_id,
                status=record.decision_from or "pending",
                reverted=RevertedOut(
                    status=record.status,
                    decision=record.decision,
                    reason=record.decision_reason or None,
                    moderator=record.decided_by,
                ),
                moderator=moderator,
                reverted_at=time.time(),
            )
            refusal = self._commit(
                keys=[keys.comment(comment_id), keys.queue()],
                args=[comment_id, record.status, repr(record.updated_at), record.feedback_label, "1"],
                writes=functools.partial(
                    _write, keys=keys, record=record, outcome=outcome, lease_seconds=self.lease_seconds,
                    webhooks_enabled=self.webhooks_enabled, note=note,
                ),
            )  # fmt: skip
            if refusal[0] == "missing":
                raise CommentNotFoundError(comment_id)
            if refusal[0] == "ok":
                REVERTS.labels(outcome.reverted.status).inc()
                reverted = outcome.reverted
                log.info("review.reverted", comment_id=comment_id, moderator=moderator, status=outcome.status,
                         reverted_status=reverted.status, reverted_moderator=reverted.moderator)  # fmt: skip
                return outcome
            # "changed": decided, reverted or labelled meanwhile: read again
        raise ClaimedByOtherError(comment_id)  # the comment kept changing under us: someone else is on it


def _write(
    pipe: redis.client.Pipeline,
    *,
    keys: Keys,
    record: CommentRecord,
    outcome: RevertOutcome,
    lease_seconds: float,
    webhooks_enabled: bool,
    note: str,
) -> None:
    """Queue every effect of a revert on the pipeline the guarded commit records (the inverse of a decision's)."""
    comment_id, now = outcome.comment_id, outcome.reverted_at
    restored = record.replace(id=comment_id, status=outcome.status, updated_at=now)
    write_record(pipe, keys=keys, record=restored, fields=("status", "updated_at"))
    forget_decision(pipe, keys=keys, comment_id=comment_id)
    enqueue(
        pipe,
        keys=keys,
        comment_id=comment_id,
        risk=record.risk,
        created_at=record.created_at or now,
        audit=record.audit,
        post_id=record.post_id,
        language=record.language,
        reasons=reason_tokens(record.reasons),
    )
    pipe.set(keys.lease(comment_id), outcome.moderator, px=int(lease_seconds * 1000))
    pipe.xadd(
        keys.audit(),
        audit_entry(
            record=restored,
            moderator=outcome.moderator,
            at=now,
            moves=(outcome.reverted.status, outcome.status),
            decision="revert",
            reason=outcome.reverted.reason,
            note=note,
            reverted_moderator=outcome.reverted.moderator,
            reverted_decision=outcome.reverted.decision,
        ),
    )
    reverted: Decision = "approve" if outcome.reverted.decision == "approve" else "reject"
    retracted = labels_for_decision(reverted, outcome.reverted.reason)
    add_label_and_learn(
        pipe,
        keys=keys,
        example=LabelledExample.from_record(
            restored, labels={}, source="moderator", created_at=now, actor=outcome.moderator
        ),
        correction=True,
        email=record.email_masked,  # its domain is all the memory reads
        retracted=retracted,  # the site memory forgets them
        approval=1 if outcome.status == "approved" and retracted.get("spam") == 1 else 0,  # an audit item's
    )
    if webhooks_enabled:
        add_decided_event(
            pipe,
            keys=keys,
            comment_id=comment_id,
            post_id=record.post_id,
            status=outcome.status,
            previous_status=outcome.reverted.status,
            decision="revert",
            reason=None,
            moderator=outcome.moderator,
            at=now,
        )
    tally_decision(
        pipe,
        keys=keys,
        record=record,
        moderator=outcome.reverted.moderator,
        status=outcome.reverted.status,
        previous_status=outcome.status,
        decided_at=record.decided_at or now,
        sign=-1,
    )

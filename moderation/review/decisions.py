"""Moderators' (and the site's) decisions on queued comments: every effect applied at once, behind a guard.

A decision's writes (status, queue removal, audit entry, label, webhook event, counters) are queued on a
pipeline by the same helpers a MULTI would use, then sent as one script by `storage/commit.py`'s
`GuardedCommit`, whose guard (`decision_guard.lua`) first checks that the item is still queued, not leased
by someone else and unchanged since it was read: all or nothing, in two round trips.
"""

from __future__ import annotations

import functools
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

import redis
import structlog
from prometheus_client import Counter

from moderation.errors import CommentNotFoundError, ModerationError
from moderation.labels import LabelledExample, labels_for_decision
from moderation.review.audit import audit_entry
from moderation.review.auth import SITE_ACTOR
from moderation.review.errors import AlreadyDecidedError, ClaimedByOtherError
from moderation.review.queue import dequeue
from moderation.review.schemas import Decision, DecisionOutcome
from moderation.review.tally import tally_decision
from moderation.site.memory import add_label_and_learn
from moderation.storage.commit import GuardedCommit
from moderation.storage.keys import Keys
from moderation.storage.records import DECISION_FIELDS, FEEDBACK_FIELDS, CommentRecord, read_record, write_record
from moderation.webhooks.outbox import add_event

log = structlog.get_logger(__name__)

DECISIONS = Counter("moderation_review_decisions_total", "Moderator decisions by resulting status.", ["status"])

#: Times a decision is read and tried again while concurrent decisions keep changing its comment.
COMMIT_ATTEMPTS = 20


def new_status(decision: Decision, reason: str | None) -> str:
    """The comment's status after a decision: spam for a spam reject, rejected for other rejects."""
    if decision == "approve":
        return "approved"
    return "spam" if reason == "spam" else "rejected"


def add_decided_event(
    pipe: redis.client.Pipeline,
    *,
    keys: Keys,
    comment_id: str,
    post_id: str,
    status: str,
    previous_status: str,
    decision: str,
    reason: str | None,
    moderator: str,
    at: float,
) -> None:
    """Queue the `comment.decided` webhook event of a decision or of its revert on the caller's pipeline."""
    add_event(
        pipe,
        keys=keys,
        now=at,
        payload={
            "event": "comment.decided",
            "event_id": uuid.uuid4().hex,
            "comment_id": comment_id,
            "post_id": post_id,
            "status": status,
            "previous_status": previous_status,
            "decision": decision,
            "reason": reason,
            "moderator": moderator,
            "decided_at": at,
        },
    )


@dataclass(frozen=True, slots=True)
class SiteVerdict:
    """The site's feedback that decides a queued comment: its label and the head labels it sets."""

    label: str
    heads: dict[str, int]


class Decisions:
    """Decide queued comments: a moderator's decision, a batch of them, or the site's verdict."""

    def __init__(self, *, client: redis.Redis, keys: Keys, webhooks_enabled: bool = False) -> None:
        self.client = client
        self.keys = keys
        self.webhooks_enabled = webhooks_enabled
        self._commit = GuardedCommit(client, guard="decision_guard")

    def apply_decision(
        self,
        *,
        moderator: str,
        comment_id: str,
        decision: Decision,
        reason: str | None = None,
        note: str = "",
    ) -> DecisionOutcome:
        """Apply a decision atomically: status, queue removal, audit, label, webhook, reputation, stats."""
        reason = reason if decision == "reject" else None
        result = self._decide(actor=moderator, comment_id=comment_id, decision=decision, reason=reason, note=note)
        if isinstance(result, CommentRecord):
            return self._repeat_or_conflict(result, moderator=moderator, decision=decision, reason=reason)
        DECISIONS.labels(result.status).inc()
        log.info("review.decided", comment_id=comment_id, moderator=moderator, status=result.status, reason=reason)
        return result

    def apply_site_decision(
        self, *, comment_id: str, decision: Decision, reason: str | None, verdict: SiteVerdict, note: str = ""
    ) -> DecisionOutcome | CommentRecord:
        """Decide a queued comment as the site did; the record as it stands when it is no longer queued.

        The same guarded commit as a moderator's decision, so of the two exactly one applies. A moderator's
        claim gives way (the site has already decided; the commit deletes the lease). The label written is
        the site's, and no webhook event goes back to the site that made the decision.
        """
        reason = reason if decision == "reject" else None
        result = self._decide(
            actor=SITE_ACTOR, comment_id=comment_id, decision=decision, reason=reason, note=note, verdict=verdict
        )
        if isinstance(result, DecisionOutcome):
            log.info("review.site_decided", comment_id=comment_id, status=result.status, label=verdict.label)
        return result

    def apply_decisions(
        self, *, moderator: str, decisions: Sequence[tuple[str, Decision, str | None, str]]
    ) -> list[tuple[str, DecisionOutcome | ModerationError]]:
        """Apply (comment id, decision, reason, note) in order; each succeeds or fails on its own."""
        results: list[tuple[str, DecisionOutcome | ModerationError]] = []
        for comment_id, decision, reason, note in decisions:
            try:
                outcome = self.apply_decision(
                    moderator=moderator, comment_id=comment_id, decision=decision, reason=reason, note=note
                )
            except (CommentNotFoundError, AlreadyDecidedError, ClaimedByOtherError) as exc:
                results.append((comment_id, exc))
            else:
                results.append((comment_id, outcome))
        return results

    def _decide(
        self,
        *,
        actor: str,
        comment_id: str,
        decision: Decision,
        reason: str | None,
        note: str,
        verdict: SiteVerdict | None = None,
    ) -> DecisionOutcome | CommentRecord:
        """Commit a decision behind `decision_guard.lua`; the current record when the comment is no longer queued."""
        comment_key = self.keys.comment(comment_id)
        for _attempt in range(COMMIT_ATTEMPTS):
            record = read_record(self.client, keys=self.keys, comment_id=comment_id)
            if record is None:
                raise CommentNotFoundError(comment_id)
            outcome = DecisionOutcome(
                comment_id=comment_id,
                status=new_status(decision, reason),
                previous_status=record.status or "pending",
                decision=decision,
                reason=reason,
                moderator=actor,
                decided_at=time.time(),
                repeated=False,
            )
            verdict_flag = "1" if verdict is not None else "0"  # the site's verdict overrides a claim
            refusal = self._commit(
                keys=[comment_key, self.keys.lease(comment_id), self.keys.queue()],
                args=[comment_id, actor, outcome.previous_status, repr(record.updated_at), verdict_flag],
                writes=functools.partial(self._write, record=record, outcome=outcome, note=note, verdict=verdict),
            )
            if refusal[0] == "ok":
                return outcome
            if refusal[0] == "missing":
                raise CommentNotFoundError(comment_id)
            if refusal[0] == "claimed":
                raise ClaimedByOtherError(comment_id)
            if refusal[0] == "decided":
                current = read_record(self.client, keys=self.keys, comment_id=comment_id)
                if current is None:
                    raise CommentNotFoundError(comment_id)
                return current
            # "changed": the record moved between our read and the script (a concurrent decision): read again.
        raise ClaimedByOtherError(comment_id)  # the item kept changing under us: someone else is on it

    def _repeat_or_conflict(
        self, record: CommentRecord, *, moderator: str, decision: Decision, reason: str | None
    ) -> DecisionOutcome:
        same = (
            record.decided_by == moderator
            and record.decision == decision
            and (record.decision_reason or None) == reason
        )
        if not same:
            raise AlreadyDecidedError(record.id, record.status)
        return DecisionOutcome(
            comment_id=record.id,
            status=record.status,
            previous_status=record.decision_from,
            decision=decision,
            reason=reason,
            moderator=moderator,
            decided_at=record.decided_at or 0.0,
            repeated=True,
        )

    def _write(
        self,
        pipe: redis.client.Pipeline,
        *,
        record: CommentRecord,
        outcome: DecisionOutcome,
        note: str,
        verdict: SiteVerdict | None = None,
    ) -> None:
        """Queue every effect of a decision on the pipeline the guarded commit records.

        With the site's `verdict`, the record also keeps it as the site's feedback, the one label written is
        the site's, the audit entry names the site as the actor, and no webhook event is queued.
        """
        keys, comment_id, now = self.keys, outcome.comment_id, outcome.decided_at
        decided = record.replace(
            id=comment_id,
            status=outcome.status,
            updated_at=now,
            decided_by=outcome.moderator,
            decided_at=now,
            decision=outcome.decision,
            decision_reason=outcome.reason or "",
            decision_from=outcome.previous_status,
        )
        fields: tuple[str, ...] = ("status", "updated_at", *DECISION_FIELDS)
        if verdict is not None:
            decided = decided.replace(feedback_label=verdict.label, feedback_note=note, feedback_at=now)
            fields = (*fields, *FEEDBACK_FIELDS)
        write_record(pipe, keys=keys, record=decided, fields=fields)
        dequeue(pipe, keys=keys, record=decided)
        pipe.xadd(
            keys.audit(),
            audit_entry(
                record=decided,
                moderator=outcome.moderator,
                at=now,
                moves=(outcome.previous_status, outcome.status),
                decision=outcome.decision,
                reason=outcome.reason,
                note=note,
                **({"actor": "site"} if verdict is not None else {}),
            ),
        )
        # the site's label is the one written: its feedback adds no second one
        labels = labels_for_decision(outcome.decision, outcome.reason) if verdict is None else verdict.heads
        add_label_and_learn(
            pipe,
            keys=keys,
            example=LabelledExample.from_record(
                decided,
                labels=labels,
                source="moderator" if verdict is None else "site_feedback",
                created_at=now,
                actor=outcome.moderator,
            ),
            email=record.email_masked,  # its domain is all the memory reads
            # an audit item was approved (and counted so) by the intake: a spam label takes that back
            approval=-1 if outcome.previous_status == "approved" and labels.get("spam") == 1 else 0,
        )
        if self.webhooks_enabled and verdict is None:  # the site made this decision: telling it would echo
            add_decided_event(
                pipe,
                keys=keys,
                comment_id=comment_id,
                post_id=record.post_id,
                status=outcome.status,
                previous_status=outcome.previous_status,
                decision=outcome.decision,
                reason=outcome.reason,
                moderator=outcome.moderator,
                at=now,
            )
        tally_decision(
            pipe,
            keys=keys,
            record=record,
            moderator=outcome.moderator,
            status=outcome.status,
            previous_status=outcome.previous_status,
            decided_at=now,
            sign=1,
        )

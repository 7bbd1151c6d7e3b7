"""Moderators' decisions and the items they see: every decision is one MULTI/EXEC with all its effects."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import itertools
import json
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

import redis
import structlog
from prometheus_client import Counter
from redis.typing import EncodableT, FieldT

from moderation.errors import CommentNotFoundError, ModerationError
from moderation.i18n import Lang
from moderation.labels import LabelledExample, labels_for_decision
from moderation.reasons import localized_reasons
from moderation.review.auth import SITE_ACTOR
from moderation.review.daily import DAY_COUNTER_TTL, count_wait
from moderation.review.errors import AlreadyDecidedError, ClaimedByOtherError
from moderation.review.explanations import Explainer, email_domain
from moderation.review.queue import Filters, Lease, Order, ReviewQueue, dequeue
from moderation.scoring.registry import RULES_ONLY
from moderation.site.memory import add_label_and_learn
from moderation.site.reputation import count_approval
from moderation.storage import scripts
from moderation.storage.commit import GuardedCommit
from moderation.storage.keys import Keys
from moderation.storage.records import DECISION_FIELDS, FEEDBACK_FIELDS, CommentRecord, read_record, write_record
from moderation.storage.streams import newest_first_end
from moderation.webhooks.outbox import add_event

log = structlog.get_logger(__name__)

DECISIONS = Counter("moderation_review_decisions_total", "Moderator decisions by resulting status.", ["status"])

Decision = Literal["approve", "reject"]
RejectReason = Literal["spam", "insult", "threat", "identity_attack", "harassment", "off_topic", "other"]
REJECT_REASONS: tuple[RejectReason, ...] = (
    "spam", "insult", "threat", "identity_attack", "harassment", "off_topic", "other",
)  # fmt: skip

#: Earlier comments of the author shown with an item.
HISTORY_LIMIT = 10
_COMMIT_ATTEMPTS = 20


def new_status(decision: Decision, reason: str | None) -> str:
    """The comment's status after a decision: spam for a spam reject, rejected for other rejects."""
    if decision == "approve":
        return "approved"
    return "spam" if reason == "spam" else "rejected"


def model_leans(record: CommentRecord) -> list[tuple[str, str]]:
    """(head, lean) per scored head at intake time, from the stored reasons; ("no_model", "none") if none."""
    if (record.model_version or RULES_ONLY) == RULES_ONLY or not record.scores:
        return [("no_model", "none")]
    leans = dict.fromkeys(record.scores, "approve")
    for reason in record.reasons:
        head = reason.get("head")
        if head in leans and reason.get("code") == "model_reject":
            leans[head] = "reject"
        elif head in leans and reason.get("code") == "model_hold" and leans[head] != "reject":
            leans[head] = "hold"
    return sorted(leans.items())


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
    """Queue the `comment.decided` webhook event of a decision or of its revert on the caller's MULTI."""
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


def tally_decision(
    pipe: redis.client.Pipeline,
    *,
    keys: Keys,
    record: CommentRecord,
    moderator: str,
    status: str,
    previous_status: str,
    decided_at: float,
    sign: Literal[1, -1],
) -> None:
    """Count a decision (`sign` 1) or take it back (-1): author approvals, per-day, model-agreement, audit stats."""
    email_hash = record.email_hash
    if email_hash and (status == "approved") != (previous_status == "approved"):
        # an approval counts for the author; an audit item found to be abuse takes one back
        count_approval(pipe, keys=keys, email_hash=email_hash, delta=sign if status == "approved" else -sign)
    day_key = keys.decisions_per_day(dt.datetime.fromtimestamp(decided_at, dt.UTC).strftime("%Y-%m-%d"))
    pipe.hincrby(day_key, moderator, sign)
    if sign > 0:
        pipe.expire(day_key, DAY_COUNTER_TTL)
    count_wait(pipe, keys=keys, created_at=record.created_at, decided_at=decided_at, sign=sign)
    language = record.language or "und"
    for head, lean in model_leans(record):
        pipe.hincrby(keys.agreement(), f"{head}|{language}|{lean}|{status}", sign)
    if record.audit:
        pipe.hincrby(keys.audit_outcomes(), "decided", sign)
        if status != "approved":
            pipe.hincrby(keys.audit_outcomes(), "rejected", sign)


def highlights(text: str, spans: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Cut the original text into segments, each with the heads whose spans cover it (code-point offsets)."""
    marks: list[tuple[int, int, str]] = []
    for head, items in spans.items():
        for span in items:
            start, end = int(span.get("start", 0)), int(span.get("end", 0))
            if 0 <= start < end <= len(text):
                marks.append((start, end, head))
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    segments: list[dict[str, Any]] = []
    for left, right in itertools.pairwise(cuts):
        heads = sorted({head for start, end, head in marks if start <= left and right <= end})
        if segments and segments[-1]["heads"] == heads:
            segments[-1]["text"] = str(segments[-1]["text"]) + text[left:right]
        else:
            segments.append({"text": text[left:right], "heads": heads})
    return segments


@dataclass(frozen=True, slots=True)
class DecisionOutcome:
    """A decision as stored; `repeated` when it was the moderator's own identical earlier decision."""

    comment_id: str
    status: str
    previous_status: str
    decision: str
    reason: str | None
    moderator: str
    decided_at: float
    repeated: bool = False

    def to_dict(self) -> dict[str, Any]:
        """JSON form."""
        return {
            "comment_id": self.comment_id,
            "status": self.status,
            "previous_status": self.previous_status,
            "decision": self.decision,
            "reason": self.reason,
            "moderator": self.moderator,
            "decided_at": self.decided_at,
            "repeated": self.repeated,
        }


@dataclass(frozen=True, slots=True)
class SiteVerdict:
    """The site's feedback that decides a queued comment: its label and the head labels it sets."""

    label: str
    heads: dict[str, int]


def audit_entry(
    *,
    record: CommentRecord,
    moderator: str,
    at: float,
    moves: tuple[str, str],
    decision: str,
    reason: str | None,
    note: str,
    **extra: str,
) -> dict[FieldT, EncodableT]:
    """One audit-log entry: who moved the comment from which status to which, why, and what the model said."""
    entry: dict[FieldT, EncodableT] = {
        "comment_id": record.id,
        "moderator": moderator,
        "at": repr(at),
        "from": moves[0],
        "to": moves[1],
        "decision": decision,
        "reason": reason or "",
        "note": note,
    }
    entry.update(extra)
    entry.update(record.to_redis("scores", "risk", "model_version", "language"))
    # The keyed hash ties the entry to its reader after the record expires: erasure finds it (moderation/readers).
    entry["author_hash"] = record.email_hash
    entry["audit_item"] = "1" if record.audit else "0"
    return entry


class ReviewService:
    """Decide queued comments and present them to moderators."""

    def __init__(
        self,
        *,
        client: redis.Redis,
        keys: Keys,
        queue: ReviewQueue,
        webhooks_enabled: bool = False,
        explainer: Explainer | None = None,
    ) -> None:
        self.client = client
        self.keys = keys
        self.queue = queue
        self.webhooks_enabled = webhooks_enabled
        self.explainer = explainer  # None: items show only the spans stored with them (benchmark workers)
        self._commit = GuardedCommit(client, guard="decision_guard")
        self._views = scripts.register(client, "review_views")

    # Decisions --------------------------------------------------------------------------------
    def apply_decision(
        self,
        *,
        moderator: str,
        comment_id: str,
        decision: Decision,
        reason: str | None = None,
        note: str = "",
    ) -> DecisionOutcome:
        """Apply a decision atomically: status, queue removal, audit, label, webhook, reputation, stats.

        The writes are queued on a pipeline by the same helpers a MULTI would use (`add_label`, `add_event`,
        `dequeue`), then run by one Lua script that first checks the item is still queued, not leased by
        someone else and unchanged since it was read: all or nothing, in two round trips.
        """
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
        for _attempt in range(_COMMIT_ATTEMPTS):
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

    def require_queued(self, comment_id: str) -> None:
        """Return if the comment waits for a decision; else raise CommentNotFoundError or AlreadyDecidedError."""
        if self.queue.is_queued(comment_id):
            return
        status = self.client.hget(self.keys.comment(comment_id), "status")
        if status is None:
            raise CommentNotFoundError(comment_id)
        raise AlreadyDecidedError(comment_id, str(status))

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
        """Queue every effect of a decision on a pipeline (run by the commit script, or by a MULTI).

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
        labels = labels_for_decision(outcome.decision, outcome.reason)  # type: ignore[arg-type]  # checked
        if verdict is not None:
            labels = verdict.heads  # the site's label is the one written: its feedback adds no second one
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

    # Items ------------------------------------------------------------------------------------
    def items(
        self,
        *,
        moderator: str,
        lang: Lang,
        filters: Filters,
        order: Order | None = None,
        offset: int = 0,
        limit: int = 25,
        available_only: bool = False,
    ) -> tuple[list[dict[str, Any]], int]:
        """One page of queued items as moderators see them, and the number matching the filters."""
        ids, total = self.queue.page(filters=filters, order=order, offset=offset, limit=limit)
        views = self.views(ids, lang=lang)
        if available_only:
            views = [v for v in views if v["claim"] is None or v["claim"]["moderator"] == moderator]
        return views, total

    def claim_next(
        self, *, moderator: str, lang: Lang, filters: Filters | None = None, order: Order | None = None
    ) -> dict[str, Any] | None:
        """Lease the next item and return its view; None when nothing is left to claim."""
        while True:
            comment_id = self.queue.claim(moderator=moderator, filters=filters, order=order)
            if comment_id is None:
                return None
            views = self.views([comment_id], lang=lang, explain=True)
            if views:
                return views[0]
            self.queue.forget(comment_id)  # its record expired (retention): it can never be decided
            log.warning("review.expired_item_dropped", comment_id=comment_id)

    def item(self, comment_id: str, *, lang: Lang) -> dict[str, Any]:
        """One comment as moderators see it (queued or not), explained (made now if not cached)."""
        views = self.views([comment_id], lang=lang, explain=True)
        if not views:
            raise CommentNotFoundError(comment_id)
        return views[0]

    def views(self, comment_ids: Sequence[str], *, lang: Lang, explain: bool = False) -> list[dict[str, Any]]:
        """Moderator views of these comments, in order; expired records are left out.

        With `explain`, each comment's explanation is made when not cached yet (a moderator opens it); without,
        only cached explanations are shown (a page of the queue stays as cheap as reading it).
        """
        if not comment_ids:
            return []
        records, leases, histories = self._read_views(comment_ids)
        explained = self.explainer.cached(comment_ids) if self.explainer else {}
        now = time.time()
        out = []
        for comment_id, record in zip(comment_ids, records, strict=True):
            if record is None:
                continue
            lease = leases.get(comment_id)
            explanation = explained.get(comment_id)
            if explain and self.explainer is not None:
                explanation = self.explainer.explain(record.replace(id=comment_id), cached=explanation)
            # Comments stored before explanations became lazy carry their spans in the record.
            spans = explanation.spans if explanation and explanation.spans else record.spans
            out.append(
                {
                    "id": comment_id,
                    "status": record.status,
                    "audit": record.audit,
                    "post_id": record.post_id,
                    "permalink": record.permalink,
                    "author": {
                        "name": record.author,
                        "url": record.url,
                        "email_hash": record.email_hash,
                        "email_domain": email_domain(record.email_masked),
                    },
                    "comment": record.comment,
                    "language": record.language,
                    "model_version": record.model_version,
                    "scores": record.scores,
                    "risk": record.risk,
                    "reasons": [
                        *localized_reasons(record.reasons, lang, labelled=True),
                        *(explanation.reasons(lang) if explanation else []),
                    ],
                    "spans": spans,
                    "highlights": highlights(record.comment, spans),
                    "explanation": explanation.summary(lang) if explanation else None,
                    "created_at": record.created_at,
                    "updated_at": record.updated_at,
                    "age_seconds": max(0.0, now - record.created_at),
                    "claim": {"moderator": lease.moderator, "expires_at": lease.expires_at} if lease else None,
                    "decision": (
                        {
                            "moderator": record.decided_by,
                            "decision": record.decision,
                            "reason": record.decision_reason or None,
                            "decided_at": record.decided_at or 0.0,
                        }
                        if record.decided_by
                        else None
                    ),
                    "history": histories.get(comment_id, _empty_history()),
                }
            )
        return out

    def _read_views(
        self, comment_ids: Sequence[str]
    ) -> tuple[list[CommentRecord | None], dict[str, Lease], dict[str, dict[str, Any]]]:
        """Records, live leases and authors' earlier comments of these ids, in one round trip."""
        raw: list[Any] = self._views(
            keys=[self.keys.approved_authors()],
            args=[self.keys.comment(""), self.keys.lease(""), self.keys.author_comments(""), HISTORY_LIMIT,
                  *comment_ids],
        )  # fmt: skip
        now = time.time()
        records: list[CommentRecord | None] = []
        leases: dict[str, Lease] = {}
        histories: dict[str, dict[str, Any]] = {}
        for comment_id, (flat, holder, ttl, count, earlier, approved) in zip(comment_ids, raw, strict=True):
            records.append(CommentRecord.from_redis(dict(zip(flat[::2], flat[1::2], strict=True))) if flat else None)
            if holder and ttl is not None and int(ttl) > 0:
                leases[comment_id] = Lease(moderator=str(holder), expires_at=now + int(ttl) / 1000)
            recent = [
                {"id": earlier[j], "status": earlier[j + 2] or "expired", "created_at": float(earlier[j + 1])}
                for j in range(0, len(earlier), 3)
            ]
            counts: dict[str, int] = {}
            for item in recent:
                counts[item["status"]] = counts.get(item["status"], 0) + 1
            histories[comment_id] = {
                "total": int(count),
                "approved_total": int(approved or 0),
                "counts": counts,
                "recent": recent,
            }
        return records, leases, histories


def page_etag(items: Sequence[dict[str, Any]], *, total: int, lang: str) -> str:
    """A weak ETag over what changes a page of the queue for its reader: ids, versions, claims and the total.

    Ages are left out (they change every second); an item's `updated_at` moves with any change to it.
    """
    digest = hashlib.blake2b(digest_size=12)
    digest.update(f"{lang}|{total}".encode())
    for item in items:
        claim = item.get("claim") or {}
        digest.update(f"|{item['id']}:{item['updated_at']!r}:{claim.get('moderator', '')}".encode())
    return f'W/"{digest.hexdigest()}"'


def _empty_history() -> dict[str, Any]:
    return {"total": 0, "approved_total": 0, "counts": {}, "recent": []}


def audit_log(client: redis.Redis, *, keys: Keys, limit: int = 50, before: str | None = None) -> list[dict[str, Any]]:
    """Latest decisions first; `before` is an audit entry id to page from."""
    end = newest_first_end(before)
    if end is None:
        return []
    entries: Any = client.xrevrange(keys.audit(), max=end, min="-", count=limit)
    out = []
    for entry_id, fields in entries:
        out.append(
            {
                "id": entry_id,
                "comment_id": fields.get("comment_id", ""),
                "moderator": fields.get("moderator", ""),
                "actor": fields.get("actor") or "moderator",
                "at": float(fields.get("at", "0")),
                "from": fields.get("from", ""),
                "to": fields.get("to", ""),
                "decision": fields.get("decision", ""),
                "reason": fields.get("reason") or None,
                "note": fields.get("note", ""),
                "scores": json.loads(fields.get("scores") or "{}"),
                "risk": float(fields.get("risk", "0") or 0),
                "model_version": fields.get("model_version", ""),
                "language": fields.get("language", ""),
                "audit_item": fields.get("audit_item") == "1",
                **(
                    {
                        "reverted_moderator": fields.get("reverted_moderator", ""),
                        "reverted_decision": fields.get("reverted_decision", ""),
                    }
                    if fields.get("decision") == "revert"
                    else {}
                ),
            }
        )
    return out

"""What a decision counts, and its revert takes back: author approvals, per-day figures, model agreement, audits."""

from __future__ import annotations

from typing import Literal

import redis

from moderation.review.daily import DAY_COUNTER_TTL, count_wait, day_of
from moderation.scoring.registry import RULES_ONLY
from moderation.site.reputation import count_approval
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord


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
    day_key = keys.decisions_per_day(day_of(decided_at))
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

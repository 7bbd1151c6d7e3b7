"""The site's verdict on a comment: it decides a comment still in the review queue, and is a label for retraining.

A comment the service holds is also held on the site. When the site's editors decide it there first, their
verdict takes it out of the review queue (`Decisions.apply_site_decision`: the moderators' guarded
commit, so a moderator deciding at the same moment and the site never both apply). A comment no longer in
the queue keeps its status: the verdict is only a label (one guarded commit too, behind `record_guard.lua`).
"""

from __future__ import annotations

import functools
import time
from dataclasses import dataclass
from typing import Literal

import redis
import structlog

from moderation.errors import CommentNotFoundError
from moderation.labels import APPROVED_LABELS, REASON_LABELS, LabelledExample
from moderation.review.auth import SITE_ACTOR
from moderation.review.decisions import COMMIT_ATTEMPTS, Decisions, SiteVerdict
from moderation.review.errors import ClaimedByOtherError
from moderation.review.schemas import Decision, DecisionOutcome, RejectReason
from moderation.site.memory import add_label_and_learn
from moderation.storage.commit import GuardedCommit
from moderation.storage.keys import Keys
from moderation.storage.records import FEEDBACK_FIELDS, CommentRecord, read_record, write_record

log = structlog.get_logger(__name__)

FeedbackLabel = Literal["spam", "ham", "ok", "toxic", "insult", "threat", "identity_attack", "removed"]

#: What each feedback label says about the model's heads; a head left out stays unknown (masked).
#: "ham" only clears spam (a restored false positive of the spam filter says nothing about tone);
#: "ok" clears spam and every toxicity head; "toxic" is abuse without a finer category.
FEEDBACK_LABELS: dict[str, dict[str, int]] = {
    "spam": dict(REASON_LABELS["spam"]),
    "ham": {"spam": 0},
    "ok": dict(APPROVED_LABELS),
    "toxic": {"spam": 0, "toxicity": 1},
    "insult": dict(REASON_LABELS["insult"]),
    "threat": dict(REASON_LABELS["threat"]),
    "identity_attack": dict(REASON_LABELS["identity_attack"]),
    # The editor removed the comment without saying why (WordPress's *Trash*): no label for any head.
    "removed": {},
}

#: The review decision each label makes on a comment still in the queue, as a moderator would make it:
#: spam -> status spam, the abuse labels -> rejected, ok and ham -> approved. "toxic" (what the plugin
#: sends for *Trash*) names no finer category: the reason is "other", the label keeps toxicity=1.
FEEDBACK_DECISIONS: dict[str, tuple[Decision, RejectReason | None]] = {
    "spam": ("reject", "spam"),
    "ham": ("approve", None),
    "ok": ("approve", None),
    "toxic": ("reject", "other"),
    "insult": ("reject", "insult"),
    "threat": ("reject", "threat"),
    "identity_attack": ("reject", "identity_attack"),
    "removed": ("reject", "other"),
}


@dataclass(frozen=True, slots=True)
class FeedbackResult:
    """What was stored: `recorded` is False when the same label had already been given.

    `resolved` when this feedback took the comment out of the review queue; `status` is the comment's status
    afterwards, and `decided_by` who made it ("site", "moderator", or None for the intake's own decision).
    """

    comment_id: str
    label: str
    labels: dict[str, int]
    recorded: bool
    resolved: bool
    status: str
    decided_by: Literal["site", "moderator"] | None


def _decided_by(decided_by: str) -> Literal["site", "moderator"] | None:
    if not decided_by:
        return None
    return "site" if decided_by == SITE_ACTOR else "moderator"


def record_feedback(
    *, client: redis.Redis, keys: Keys, decisions: Decisions, comment_id: str, label: FeedbackLabel, note: str = ""
) -> FeedbackResult:
    """Decide the comment with the site's label if it is still queued; else add the label, once per label."""
    heads = FEEDBACK_LABELS[label]
    decision, reason = FEEDBACK_DECISIONS[label]
    verdict = SiteVerdict(label=label, heads=heads)
    decided = decisions.apply_site_decision(
        comment_id=comment_id, decision=decision, reason=reason, verdict=verdict, note=note
    )
    if isinstance(decided, DecisionOutcome):
        log.info("feedback.resolved", comment_id=comment_id, label=label, status=decided.status)
        return FeedbackResult(
            comment_id=comment_id, label=label, labels=heads, recorded=True, resolved=True, status=decided.status,
            decided_by="site",
        )  # fmt: skip
    return _add_label(client=client, keys=keys, comment_id=comment_id, label=label, note=note)


def _add_label(*, client: redis.Redis, keys: Keys, comment_id: str, label: FeedbackLabel, note: str) -> FeedbackResult:
    """Append the site's label for a comment out of the queue, once per (comment, label); its status stays.

    "removed" says nothing about the text: nothing is appended, the answer only tells the comment's status.
    """
    heads = FEEDBACK_LABELS[label]
    if not heads:
        record = read_record(client, keys=keys, comment_id=comment_id)
        if record is None:
            raise CommentNotFoundError(comment_id)
        return FeedbackResult(
            comment_id=comment_id, label=label, labels=heads, recorded=False, resolved=False, status=record.status,
            decided_by=_decided_by(record.decided_by),
        )  # fmt: skip
    commit = GuardedCommit(client, guard="record_guard")
    for _attempt in range(COMMIT_ATTEMPTS):
        record = read_record(client, keys=keys, comment_id=comment_id)
        if record is None:
            raise CommentNotFoundError(comment_id)
        if record.feedback_label == label:  # a retried call: the label is already in the stream
            return FeedbackResult(
                comment_id=comment_id, label=label, labels=heads, recorded=False, resolved=False,
                status=record.status, decided_by=_decided_by(record.decided_by),
            )  # fmt: skip
        refusal = commit(
            keys=[keys.comment(comment_id), keys.queue()],
            args=[comment_id, record.status, repr(record.updated_at), record.feedback_label, "0"],
            writes=functools.partial(
                _label_writes, keys=keys, record=record.replace(id=comment_id), label=label, note=note, now=time.time()
            ),
        )
        if refusal[0] == "missing":
            raise CommentNotFoundError(comment_id)
        if refusal[0] == "ok":
            break
        # "changed": decided, reverted or labelled meanwhile: read again
    else:
        raise ClaimedByOtherError(comment_id)  # the comment kept changing under us
    log.info("feedback.recorded", comment_id=comment_id, label=label, status=record.status)
    return FeedbackResult(
        comment_id=comment_id, label=label, labels=heads, recorded=True, resolved=False, status=record.status,
        decided_by=_decided_by(record.decided_by),
    )  # fmt: skip


def _label_writes(
    pipe: redis.client.Pipeline, *, keys: Keys, record: CommentRecord, label: FeedbackLabel, note: str, now: float
) -> None:
    """Queue the site's label of a comment out of the queue: the label stream, the site memory, the record."""
    heads = FEEDBACK_LABELS[label]
    example = LabelledExample.from_record(
        record, labels=heads, source="site_feedback", created_at=now, actor=SITE_ACTOR
    )
    # the intake counted its approval for its links: a spam label takes it back
    auto_approved = record.status == "approved" and not record.decided_by
    approval = -1 if auto_approved and heads.get("spam") == 1 else 0
    add_label_and_learn(pipe, keys=keys, example=example, email=record.email_masked, approval=approval)
    labelled = record.replace(feedback_label=label, feedback_note=note, feedback_at=now)
    write_record(pipe, keys=keys, record=labelled, fields=FEEDBACK_FIELDS)

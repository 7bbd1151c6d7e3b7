"""Turn the site's verdict on a published comment into a labelled example for retraining."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Literal

import redis
import structlog

from moderation.errors import CommentNotFoundError
from moderation.labels import APPROVED_LABELS, REASON_LABELS, LabelledExample, add_label
from moderation.storage.keys import Keys
from moderation.storage.records import FEEDBACK_FIELDS, read_record, write_record

log = structlog.get_logger(__name__)

FeedbackLabel = Literal["spam", "ham", "ok", "toxic", "insult", "threat", "identity_attack"]

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
}


@dataclass(frozen=True, slots=True)
class FeedbackResult:
    """What was stored: `recorded` is False when the same label had already been given."""

    comment_id: str
    label: str
    labels: dict[str, int]
    recorded: bool


def record_feedback(
    *, client: redis.Redis, keys: Keys, comment_id: str, label: FeedbackLabel, note: str = ""
) -> FeedbackResult:
    """Append the site's label for a stored comment to the label stream, once per (comment, label)."""
    heads = FEEDBACK_LABELS[label]
    comment_key = keys.comment(comment_id)
    with client.pipeline(transaction=True) as pipe:
        while True:
            try:
                pipe.watch(comment_key)  # type: ignore[no-untyped-call]  # redis-py leaves it untyped
                record = read_record(pipe, keys=keys, comment_id=comment_id)
                if record is None:
                    pipe.unwatch()
                    raise CommentNotFoundError(comment_id)
                if record.feedback_label == label:
                    pipe.unwatch()  # a retried call: the label is already in the stream
                    return FeedbackResult(comment_id=comment_id, label=label, labels=heads, recorded=False)
                now = time.time()
                example = LabelledExample.from_record(
                    record.replace(id=comment_id), labels=heads, source="site_feedback", created_at=now
                )
                pipe.multi()
                add_label(pipe, keys=keys, example=example)
                labelled = record.replace(id=comment_id, feedback_label=label, feedback_note=note, feedback_at=now)
                write_record(pipe, keys=keys, record=labelled, fields=FEEDBACK_FIELDS)
                pipe.execute()
                break
            except redis.WatchError:
                continue
    log.info("feedback.recorded", comment_id=comment_id, label=label)
    return FeedbackResult(comment_id=comment_id, label=label, labels=heads, recorded=True)

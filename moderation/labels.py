"""Labelled examples for retraining: every moderator decision and site or client feedback.

They live in one Redis stream (`Keys.labels()`), appended inside the same transaction as the decision
that produced them, and kept `MODERATION_LABEL_RETENTION_DAYS` (`moderation/readers/retention.py`): they are
the site's most valuable training data, to export before then. An entry holds the text and the labels, the
author only as a keyed hash (so a reader's erasure finds it), never an email or an IP.

The site memory (`moderation/site/memory.py:add_label_and_learn`) learns from every label in the same
transaction: a label with a spam head counts the text's link domains, phone numbers and print, the website's
domain and the e-mail's domain as spam or ham; a correction (a revert) takes the labels it retracts back.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import redis

from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord

LabelSource = Literal["moderator", "site_feedback", "perspective", "akismet"]

#: What a moderator's reject reason says about each head; heads not named stay unknown (masked).
REASON_LABELS: dict[str, dict[str, int]] = {
    "spam": {"spam": 1},
    "insult": {"spam": 0, "toxicity": 1, "insult": 1},
    "threat": {"spam": 0, "toxicity": 1, "threat": 1},
    "identity_attack": {"spam": 0, "toxicity": 1, "identity_attack": 1},
    "harassment": {"spam": 0, "toxicity": 1},
    "off_topic": {},
    "other": {},
}
APPROVED_LABELS: dict[str, int] = {"spam": 0, "toxicity": 0}


@dataclass(frozen=True, slots=True)
class LabelledExample:
    """One labelled text; `labels` maps head -> 0 or 1, and a head that is absent is unknown."""

    text: str
    labels: dict[str, int]
    source: LabelSource
    language: str = ""
    author_hash: str = ""
    url: str = ""
    comment_id: str = ""
    created_at: float = field(default_factory=time.time)
    #: who gave the label: a moderator's name, "site" for the site's feedback; empty: the source names it
    actor: str = ""

    def to_fields(self) -> dict[str, str]:
        """The stream entry's fields."""
        data = asdict(self)
        data["labels"] = json.dumps(self.labels, sort_keys=True)
        data["created_at"] = repr(self.created_at)
        return {k: str(v) for k, v in data.items()}

    @classmethod
    def from_record(
        cls, record: CommentRecord, *, labels: dict[str, int], source: LabelSource, created_at: float, actor: str = ""
    ) -> LabelledExample:
        """Label a stored comment: its text, language, website and email hash only."""
        return cls(
            text=record.comment,
            labels=dict(labels),
            source=source,
            language=record.language,
            author_hash=record.email_hash,
            url=record.url,
            comment_id=record.id,
            created_at=created_at,
            actor=actor,
        )

    @classmethod
    def from_fields(cls, fields: dict[str, str]) -> LabelledExample:
        """Rebuild an example from a stream entry."""
        return cls(
            text=fields["text"],
            labels={k: int(v) for k, v in json.loads(fields["labels"]).items()},
            source=fields["source"],  # type: ignore[arg-type]  # written by to_fields
            language=fields.get("language", ""),
            author_hash=fields.get("author_hash", ""),
            url=fields.get("url", ""),
            comment_id=fields.get("comment_id", ""),
            created_at=float(fields.get("created_at", "0")),
            actor=fields.get("actor", ""),
        )

    @property
    def labeller(self) -> str:
        """Who gave the label: the actor, or the source for entries written without one."""
        return self.actor or self.source


def labels_for_decision(decision: Literal["approve", "reject"], reason: str | None) -> dict[str, int]:
    """Translate a moderator's decision and reason into head labels (unknown heads left out)."""
    if decision == "approve":
        return dict(APPROVED_LABELS)
    return dict(REASON_LABELS.get(reason or "other", {}))


def add_label(
    pipe: redis.Redis | redis.client.Pipeline, *, keys: Keys, example: LabelledExample, correction: bool = False
) -> None:
    """Append an example to the label stream (inside the caller's transaction when given a pipeline).

    An example without labels teaches nothing and is skipped, unless it is a `correction`: then it is written
    anyway, so that it supersedes the comment's earlier label (a reverted decision leaves no label behind).
    Callers that decide comments use `site.memory.add_label_and_learn`, which also counts it in the site memory.
    """
    if not example.labels and not correction:
        return  # nothing learnable (e.g. rejected as off-topic)
    pipe.xadd(keys.labels(), example.to_fields())  # type: ignore[arg-type]  # str fields are valid


def read_labels(
    client: redis.Redis, *, keys: Keys, after: str = "0-0", batch: int = 1000
) -> Iterator[tuple[str, LabelledExample]]:
    """Yield (stream id, example) for every entry after `after`, oldest first."""
    cursor = after
    while True:
        entries: Any = client.xrange(keys.labels(), min=f"({cursor}", max="+", count=batch)
        if not entries:
            return
        for entry_id, fields in entries:
            yield entry_id, LabelledExample.from_fields(fields)
        cursor = entries[-1][0]

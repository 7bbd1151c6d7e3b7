"""Explanations of a comment for moderators, made when one opens it (not at intake) and cached in Redis.

An explanation says which words raised each head that held or rejected the comment (stop words left out)
and, for the spam head, which author fields (e-mail, website, name) raised its score: the score as given
and as it would be with the field left empty. Computing one costs about as much as scoring the comment
again, so the intake does not: most comments are approved and never read by a moderator.
"""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any
from urllib.parse import urlsplit

import redis
import structlog

from moderation.i18n import Lang, translate
from moderation.scoring.base import FieldInfluence, Span, Submission
from moderation.scoring.policy import SPAM_HEADS
from moderation.scoring.registry import RULES_ONLY, ModelRegistry
from moderation.storage import scripts
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord
from moderation.storage.replies import values_text

log = structlog.get_logger(__name__)

#: Shortest life of a cached explanation (a comment about to expire still gets one).
MIN_TTL_SECONDS = 60


def email_domain(email: str) -> str:
    """The domain of an e-mail address, lower-cased ("" without one): moderators see it, never the address."""
    _local, at, domain = email.strip().rpartition("@")
    return domain.lower() if at else ""


def website_host(url: str) -> str:
    """The host name of the website field, lower-cased ("" when empty or unreadable)."""
    try:
        return (urlsplit(url.strip()).hostname or "").lower()
    except ValueError:
        return ""


@dataclass(frozen=True, slots=True)
class AuthorFieldReason:
    """An author field that raised a head's score, with what the moderator can check (a domain, never an address)."""

    field: str
    head: str
    score: float
    without: float
    domain: str = ""

    @property
    def code(self) -> str:
        """The message code: `author_field_email`, `author_field_website` or `author_field_name`."""
        return f"author_field_{self.field}"

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        """JSON form with the message in the moderator's language."""
        message = translate(self.code, lang, domain=self.domain, score=self.score, without=self.without)
        return {**asdict(self), "code": self.code, "message": message}


@dataclass(frozen=True, slots=True)
class Explanation:
    """Spans per head on the original text, and the author fields that drove the spam score."""

    model_version: str
    spans: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    fields: list[AuthorFieldReason] = field(default_factory=list)

    def to_json(self) -> str:
        """The cached form."""
        return json.dumps({"model_version": self.model_version, "spans": self.spans,
                           "fields": [asdict(f) for f in self.fields]})  # fmt: skip

    @classmethod
    def from_json(cls, raw: str) -> Explanation:
        """Read the cached form."""
        data = json.loads(raw)
        return cls(
            model_version=str(data["model_version"]),
            spans=data.get("spans", {}),
            fields=[AuthorFieldReason(**f) for f in data.get("fields", [])],
        )

    def summary(self, lang: Lang) -> dict[str, Any]:
        """The review item's `explanation` field: the model that made it and the author fields that drove spam."""
        return {"model_version": self.model_version, "fields": [f.to_dict(lang) for f in self.fields]}

    def reasons(self, lang: Lang) -> list[dict[str, Any]]:
        """The author-field reasons as the review API lists them (beside the decision's reasons)."""
        return [{**f.to_dict(lang), "source": "model"} for f in self.fields]


def explained_heads(record: CommentRecord) -> list[str]:
    """The heads that held or rejected a stored comment (from its reasons), in their stored order."""
    heads: list[str] = []
    for reason in record.reasons:
        head = reason.get("head")
        if reason.get("source") == "model" and head and head not in heads:
            heads.append(str(head))
    return heads


class Explainer:
    """Make, cache and read the explanations of stored comments."""

    def __init__(
        self,
        *,
        client: redis.Redis,
        keys: Keys,
        registry: ModelRegistry,
        retention_seconds: int,
        site_hosts: tuple[str, ...] = (),
    ) -> None:
        self.client = client
        self.site_hosts = site_hosts  # as the intake scored the comment: links to the site's own pages are sources
        self.keys = keys
        self.registry = registry
        self.retention_seconds = retention_seconds
        self._cache = scripts.register(client, "cache_explanation")

    def cached(self, comment_ids: Sequence[str]) -> dict[str, Explanation]:
        """The explanations already made for these comments (one MGET), by id."""
        if not comment_ids:
            return {}
        raw = values_text(self.client, [self.keys.explanation(c) for c in comment_ids])
        return {c: Explanation.from_json(r) for c, r in zip(comment_ids, raw, strict=True) if r}

    def explain(self, record: CommentRecord, *, cached: Explanation | None = None) -> Explanation:
        """Return the comment's explanation: the cached one, else made with the served model and cached."""
        if cached is not None:
            return cached
        comment_id = record.id
        if (record.model_version or RULES_ONLY) == RULES_ONLY:
            return Explanation(model_version=RULES_ONLY)
        heads = explained_heads(record)
        scorer = self.registry.current
        if scorer.version == RULES_ONLY:  # no model loaded right now: nothing to explain with, cache nothing
            return Explanation(model_version=RULES_ONLY)
        submission = Submission(
            text=record.comment,
            author=record.author,
            email=record.email_masked,  # keeps what the model reads of an address (see masked_email)
            url=record.url,
            lang=record.lang_hint or None,
            own_hosts=self.site_hosts,
        )
        # Comments stored while the intake still made spans keep those (made by the model that scored them).
        stored = record.spans
        if not stored and heads:
            stored = {head: [_span_dict(s) for s in items] for head, items in scorer.explain(submission, heads).items()}
        influences = scorer.field_influence(submission, [h for h in heads if h in SPAM_HEADS])
        explanation = Explanation(
            model_version=scorer.version,
            spans=stored,
            fields=[self._reason(f, submission) for f in influences],
        )
        created_at = record.created_at
        ttl = int(created_at + self.retention_seconds - time.time())
        if comment_id:
            self._cache(
                keys=[self.keys.comment(comment_id), self.keys.explanation(comment_id)],
                args=[explanation.to_json(), max(ttl, MIN_TTL_SECONDS)],
            )
        log.info("review.explained", comment_id=comment_id, model_version=scorer.version, heads=heads,
                 fields=[f.field for f in explanation.fields])  # fmt: skip
        return explanation

    @staticmethod
    def _reason(influence: FieldInfluence, submission: Submission) -> AuthorFieldReason:
        domain = {"email": email_domain(submission.email), "website": website_host(submission.url)}.get(
            influence.field, ""
        )
        return AuthorFieldReason(
            field=influence.field,
            head=influence.head,
            score=influence.score,
            without=influence.without,
            domain=domain,
        )


def _span_dict(span: Span) -> dict[str, Any]:
    return {"start": span.start, "end": span.end, "text": span.text, "weight": span.weight}

"""Shapes of the moderators' API: items, claims, decisions and reverts (the last two also what the services return)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

Decision = Literal["approve", "reject"]
RejectReason = Literal["spam", "insult", "threat", "identity_attack", "harassment", "off_topic", "other"]
REJECT_REASONS: tuple[RejectReason, ...] = (
    "spam", "insult", "threat", "identity_attack", "harassment", "off_topic", "other",
)  # fmt: skip


class DecisionIn(BaseModel):
    """A moderator's decision on one item; a reject needs a reason."""

    model_config = ConfigDict(extra="forbid")

    decision: Literal["approve", "reject"]
    reason: RejectReason | None = None
    note: str = Field(default="", max_length=1000)

    @model_validator(mode="after")
    def _reject_needs_reason(self) -> DecisionIn:
        if self.decision == "reject" and self.reason is None:
            raise ValueError("a reject needs a reason")
        return self


class RevertIn(BaseModel):
    """Why a decision is reverted (optional), kept in the audit entry."""

    model_config = ConfigDict(extra="forbid")

    note: str = Field(default="", max_length=1000)


class BulkDecisionIn(DecisionIn):
    """One decision of a bulk request."""

    comment_id: str = Field(min_length=1, max_length=64)


class BulkDecisionsIn(BaseModel):
    """Several decisions at once (each applied and answered on its own)."""

    model_config = ConfigDict(extra="forbid")

    decisions: list[BulkDecisionIn] = Field(min_length=1, max_length=500)


class ClaimIn(BaseModel):
    """Optional filters for the next item to claim."""

    model_config = ConfigDict(extra="forbid")

    post_id: str | None = None
    language: str | None = None
    reason: str | None = None
    min_age: float | None = Field(default=None, ge=0)
    max_age: float | None = Field(default=None, ge=0)
    order: Literal["risk", "oldest"] | None = None


class MeOut(BaseModel):
    """The signed-in moderator."""

    name: str
    role: str


class AuthorOut(BaseModel):
    """A comment's author as moderators see them: never the e-mail address or the IP."""

    name: str
    url: str
    email_hash: str
    email_domain: str


class SpanOut(BaseModel):
    """A stretch of the comment that raised a head's score (code-point offsets)."""

    start: int
    end: int
    text: str = ""
    weight: float = 0.0


class HighlightOut(BaseModel):
    """A segment of the comment, with the heads whose spans cover it."""

    text: str
    heads: list[str]


class ClaimOut(BaseModel):
    """Who holds the item's lease, and until when (epoch seconds)."""

    moderator: str
    expires_at: float


class DecisionMadeOut(BaseModel):
    """The moderator decision a comment carries."""

    moderator: str
    decision: str
    reason: str | None
    decided_at: float


class EarlierCommentOut(BaseModel):
    """One of the author's earlier comments."""

    id: str
    status: str
    created_at: float


class HistoryOut(BaseModel):
    """The author's earlier comments: how many, how many approved, by status, the latest ones."""

    total: int
    approved_total: int
    counts: dict[str, int]
    recent: list[EarlierCommentOut]


class ItemOut(BaseModel):
    """A comment as moderators see it."""

    id: str
    status: str
    audit: bool = Field(description="an auto-approved comment sampled into the queue to be checked")
    post_id: str
    permalink: str
    author: AuthorOut
    comment: str
    language: str
    model_version: str
    scores: dict[str, float]
    risk: float
    reasons: list[dict[str, Any]] = Field(description="the decision's reasons, then the author-field reasons")
    spans: dict[str, list[SpanOut]]
    highlights: list[HighlightOut]
    explanation: dict[str, Any] | None
    created_at: float
    updated_at: float
    age_seconds: float
    claim: ClaimOut | None
    decision: DecisionMadeOut | None
    history: HistoryOut


class DecisionOutcome(BaseModel):
    """What a decision did, as stored and as answered; `repeated` when it repeats one's own identical decision."""

    model_config = ConfigDict(frozen=True)

    comment_id: str
    status: str
    previous_status: str
    decision: Decision
    reason: str | None
    moderator: str
    decided_at: float
    repeated: bool  # no default: always set, so an answer that excludes unset fields still carries it


class RevertedOut(BaseModel):
    """The decision a revert took back."""

    model_config = ConfigDict(frozen=True)

    status: str
    decision: str
    reason: str | None
    moderator: str


class RevertOutcome(BaseModel):
    """What a revert did: the status restored, and the decision taken back."""

    model_config = ConfigDict(frozen=True)

    comment_id: str
    status: str
    reverted: RevertedOut
    moderator: str
    reverted_at: float


class ReleaseOut(BaseModel):
    """A lease given back."""

    comment_id: str
    released: bool


class BulkErrorOut(BaseModel):
    """Why one decision of a batch was refused."""

    code: str
    message: str


class BulkResultOut(BaseModel):
    """One decision of a batch: its outcome (200) or its error (404, 409)."""

    comment_id: str
    status_code: int
    outcome: DecisionOutcome | None = None
    error: BulkErrorOut | None = None


class BulkResultsOut(BaseModel):
    """The results of a batch of decisions, in order."""

    results: list[BulkResultOut]


class ItemsOut(BaseModel):
    """A page of the queue."""

    items: list[ItemOut]
    total: int
    offset: int
    limit: int

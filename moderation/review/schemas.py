"""Request and response shapes of the moderators' API (separate from the stored record)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from moderation.review.service import RejectReason
from moderation.scoring.base import HEADS


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


class ThresholdIn(BaseModel):
    """One head's cut-offs."""

    model_config = ConfigDict(extra="forbid")

    approve: float = Field(ge=0, le=1.01)
    reject: float = Field(ge=0, le=1.01)

    @model_validator(mode="after")
    def _ordered(self) -> ThresholdIn:
        if self.approve > self.reject:
            raise ValueError("approve must not exceed reject")
        return self


class SiteSettingsIn(BaseModel):
    """Discussion settings to store; a field left out is unchanged, `null` removes the override."""

    model_config = ConfigDict(extra="forbid")

    moderation_keys: list[str] | None = Field(default=None, max_length=5000)
    disallowed_keys: list[str] | None = Field(default=None, max_length=5000)
    thresholds: dict[str, ThresholdIn] | None = None
    max_links: int | None = Field(default=None, ge=0, le=1000, description="WordPress: hold at this many links")
    manual_approval: bool | None = Field(default=None, description="WordPress: comment must be manually approved")
    require_previously_approved: bool | None = Field(
        default=None, description="WordPress: comment author must have a previously approved comment"
    )

    @field_validator("moderation_keys", "disallowed_keys")
    @classmethod
    def _clean_words(cls, value: list[str] | None) -> list[str] | None:
        if value is None:
            return None
        words = [w.strip() for w in value if w.strip()]
        if any(len(w) > 200 for w in words):
            raise ValueError("a word is longer than 200 characters")
        return list(dict.fromkeys(words))

    @field_validator("thresholds")
    @classmethod
    def _known_heads(cls, value: dict[str, ThresholdIn] | None) -> dict[str, ThresholdIn] | None:
        if value is not None and (unknown := set(value) - set(HEADS)):
            raise ValueError(f"unknown heads: {', '.join(sorted(unknown))}")
        return value

    def changes(self) -> dict[str, Any]:
        """The fields the request set, as stored (thresholds as plain dicts)."""
        out: dict[str, Any] = {}
        for name in self.model_fields_set:
            value = getattr(self, name)
            if name == "thresholds" and value is not None:
                value = {head: t.model_dump() for head, t in value.items()}
            out[name] = value
        return out


class BanIn(BaseModel):
    """What to ban: an address (hashed on arrival), a hash, or the author of a stored comment."""

    model_config = ConfigDict(extra="forbid")

    email: str | None = Field(default=None, max_length=254)
    ip: str | None = Field(default=None, max_length=64)
    email_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    ip_hash: str | None = Field(default=None, pattern=r"^[0-9a-f]{32}$")
    comment_id: str | None = Field(default=None, max_length=64)
    by: Literal["email", "ip", "both"] = "email"


class ItemsOut(BaseModel):
    """A page of the queue."""

    items: list[dict[str, Any]]
    total: int
    offset: int
    limit: int


class MeOut(BaseModel):
    """The signed-in moderator."""

    name: str
    role: str

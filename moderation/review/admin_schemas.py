"""Shapes of the administrators' API: discussion settings, bans, deliveries, the audit log, statistics."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from moderation.scoring.base import HEADS


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


class SiteLearningIn(BaseModel):
    """The admins' kill switch of the site's learning layer."""

    model_config = ConfigDict(extra="forbid")

    enabled: bool = Field(description="false: every worker scores with the global model alone within seconds")


class SiteLearningHeadOut(BaseModel):
    """One head of the served layer: what it learned from and how it did on the held-out slice of the labels."""

    labels: int
    positives: int
    held_out: int
    auc_global: float | None
    auc_layer: float | None
    log_loss_global: float
    log_loss_layer: float
    errors_global: int = Field(description="held-out comments the global cuts decide wrongly")
    errors_layer: int = Field(description="held-out comments the layer's scores and cuts decide wrongly")
    points: float | None = Field(description="ROC-AUC points gained over the global model on the held-out slice")
    thresholds: dict[str, float] | None = Field(description="cuts re-derived from the site's labels, or null")


class SiteLearningOut(BaseModel):
    """The per-site learning layer (docs/models.md): switches, served version, gains per head."""

    enabled: bool = Field(description="the setting and the admins' switch both leave it on")
    setting: bool = Field(description="MODERATION_SITE_LEARNING")
    switch: bool = Field(description="the admins' kill switch (PUT /v1/review/site-learning)")
    serving: bool = Field(description="a layer is on and applied to new comments")
    version: int | None
    model_version: str | None = Field(description="the global model the layer is stacked on")
    labels: int = Field(description="labelled comments the served layer learned from")
    created_at: float | None
    heads: dict[str, SiteLearningHeadOut]
    summary: dict[str, str] | None = Field(description='"appris de N décisions : +x points", in fr and en')
    last_refit: dict[str, Any] | None = Field(description="the last refit: version, refused heads and why")


class MemoryDomainOut(BaseModel):
    """A link domain the site's labels marked as spam: its spam and ham labels, and approved comments."""

    domain: str
    spam: int
    ham: int
    approved: int


class MemoryPhoneOut(BaseModel):
    """A phone number the site's labels marked as spam (partly masked), with its spam and ham labels."""

    number: str
    spam: int
    ham: int


class MemoryCampaignOut(BaseModel):
    """A burst of near-duplicate comments from different authors, held in the last day."""

    id: str
    held: int = Field(description="comments of the campaign held for review")
    identities: int = Field(description="different authors in the latest burst")
    first_held_at: float
    last_held_at: float


class SiteMemoryOut(BaseModel):
    """What the site memory holds: the most spam-labelled domains and numbers, and the recent campaigns."""

    spam_domains: list[MemoryDomainOut]
    spam_phones: list[MemoryPhoneOut]
    campaigns: list[MemoryCampaignOut]


class StatsOut(BaseModel):
    """The workspace's figures (see docs/moderators.md)."""

    queue: dict[str, Any]
    decisions_per_day: dict[str, Any]
    agreement: Any
    agreement_by_head: dict[str, Any] = Field(
        description="per head, all languages: decisions, agreed, rate (null for a head that never held one)"
    )
    intake_per_day: dict[str, Any] = Field(
        description="per UTC day: comments by intake status and by model version, and the share held"
    )
    time_to_decision: dict[str, Any] = Field(
        description="per UTC day: moderator decisions by time waited in the queue, and the mean wait"
    )
    audit_items: dict[str, Any]
    outbox: dict[str, Any]
    model: dict[str, Any]
    site_learning: SiteLearningOut | None = None
    site_memory: SiteMemoryOut


class AuditEntryOut(BaseModel):
    """One audited decision or revert."""

    model_config = ConfigDict(populate_by_name=True)

    id: str
    comment_id: str
    moderator: str = Field(description="the moderator, or `site` when the site's feedback decided the comment")
    actor: Literal["moderator", "site"] = Field(description="who decided: a moderator, or the site (its feedback)")
    at: float
    from_: str = Field(alias="from")
    to: str
    decision: str
    reason: str | None
    note: str
    scores: dict[str, float]
    risk: float
    model_version: str
    language: str
    audit_item: bool
    reverted_moderator: str | None = Field(default=None, description="reverts only")
    reverted_decision: str | None = Field(default=None, description="reverts only")


class AuditOut(BaseModel):
    """A page of the audit log, latest first; `next_before` pages on."""

    entries: list[AuditEntryOut]
    next_before: str | None


class SiteSettingsOut(BaseModel):
    """Discussion settings in force, and the admins' overrides among them."""

    effective: dict[str, Any]
    overrides: dict[str, Any]


class DeliveriesOut(BaseModel):
    """Webhook delivery attempts, latest first, with the outbox's counts."""

    configured: bool
    pending: int
    dead: int
    attempts: list[dict[str, Any]]


class BansOut(BaseModel):
    """Banned e-mail and IP hashes."""

    email: list[str]
    ip: list[str]


class BanRemovedOut(BaseModel):
    """A ban lifted, or not (`removed` false when there was none)."""

    kind: str
    removed: bool

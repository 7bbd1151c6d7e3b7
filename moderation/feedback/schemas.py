"""Request and response shapes of the site feedback API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from moderation.feedback.service import FeedbackLabel


class FeedbackIn(BaseModel):
    """The site's verdict on a comment: one it decided while the service held it, removed or restored."""

    model_config = ConfigDict(extra="forbid")

    label: FeedbackLabel = Field(
        description="spam, ham (not spam), ok (acceptable), toxic, insult, threat, identity_attack, or removed "
        "(taken down without a reason, e.g. WordPress's Trash: decides a held comment, labels nothing)"
    )
    note: str = Field(default="", max_length=1000, description="free text for the people who retrain")


class FeedbackOut(BaseModel):
    """What was recorded; `recorded` is false when the same label had already been given."""

    comment_id: str
    label: str
    labels: dict[str, int] = Field(description="the head labels this feedback sets (absent heads: unknown)")
    recorded: bool
    resolved: bool = Field(
        description="true when the comment was waiting in the review queue and this feedback decided it "
        "(no webhook comes back for that decision); false when it was no longer queued: a label only"
    )
    status: str = Field(description="the comment's status in the service after this feedback")
    decided_by: Literal["site", "moderator"] | None = Field(
        description="who decided the comment in the service: the site (its feedback), a moderator, or null when "
        "no one did (the intake's decision stands)"
    )

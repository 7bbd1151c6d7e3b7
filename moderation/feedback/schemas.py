"""Request and response shapes of the site feedback API."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from moderation.feedback.service import FeedbackLabel


class FeedbackIn(BaseModel):
    """The site's verdict on a comment it removed or restored after publication."""

    model_config = ConfigDict(extra="forbid")

    label: FeedbackLabel = Field(
        description="spam, ham (not spam), ok (acceptable), toxic, insult, threat or identity_attack"
    )
    note: str = Field(default="", max_length=1000, description="free text for the people who retrain")


class FeedbackOut(BaseModel):
    """What was recorded; `recorded` is false when the same label had already been given."""

    comment_id: str
    label: str
    labels: dict[str, int] = Field(description="the head labels this feedback sets (absent heads: unknown)")
    recorded: bool

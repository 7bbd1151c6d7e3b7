"""Request and response shapes of the intake API (separate from the stored record)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator


class CommentIn(BaseModel):
    """A "Leave a reply" submission, with WordPress's field names."""

    model_config = ConfigDict(extra="allow", str_strip_whitespace=False)

    comment: str = ""
    author: str = ""
    email: str = ""
    url: str = ""
    comment_post_ID: str = "0"
    comment_parent: str = "0"
    user_ip: str = ""
    user_agent: str = ""
    referrer: str = ""
    permalink: str = ""
    lang: str = ""
    redirect_to: str = ""
    comment_type: str = Field(
        default="", description="WordPress's comment type: empty or `comment`, `pingback`, `trackback`"
    )
    form_trap: str = Field(default="", description="The site's hidden trap field as posted (people leave it empty)")
    form_seconds: str = Field(
        default="",
        description="Seconds from the site's form rendering to its submission (`-1`: no valid render stamp); "
        "empty when the comment did not come through the site's browser form",
    )

    @field_validator("comment_post_ID", "comment_parent", mode="before")
    @classmethod
    def _ids_as_text(cls, value: Any) -> Any:
        if value is None:
            return "0"
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)
        return value


class ForgetIn(BaseModel):
    """The optional body of `DELETE /v1/comments/{id}`."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(default="", max_length=200, description="The author's email, to clear the duplicate check too")


class ReasonOut(BaseModel):
    """Why a status was chosen."""

    code: str
    source: str
    message: str
    head: str | None = None


class SpanOut(BaseModel):
    """A stretch of the original comment that raised a score."""

    start: int
    end: int
    text: str
    weight: float


class CommentOut(BaseModel):
    """The decision on an accepted comment, and its current status.

    `GET /v1/comments/{id}` without a site key answers only `id`, `status`, `language` and the times: the
    scores, reasons and model version are for the site's backend (its site key), never for a reader.
    """

    id: str
    status: str = Field(description="approved, pending (held for review), spam or rejected")
    scores: dict[str, float] = Field(default_factory=dict, description="Per head; with a site key only")
    reasons: list[ReasonOut] = Field(default_factory=list, description="Why; with a site key only")
    language: str
    model_version: str = Field(default="", description="With a site key only")
    spans: dict[str, list[SpanOut]] = Field(default_factory=dict)
    created_at: float
    updated_at: float

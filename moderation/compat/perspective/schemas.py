"""Request and response shapes of Google's Perspective API (camelCase JSON)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.alias_generators import to_camel


class _Camel(BaseModel):
    """Google's JSON field names; unknown fields are ignored so newer clients keep working."""

    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="ignore")


# Perspective: AnalyzeComment ---------------------------------------------------------------------
class TextEntry(_Camel):
    """`comment` (or a context entry): the text and its type (only PLAIN_TEXT is supported, as at Google)."""

    text: str = ""
    type: str | None = None


class Context(_Camel):
    """`context`: accepted and ignored, as Google does."""

    entries: list[TextEntry] = Field(default_factory=list)


class AttributeParameters(_Camel):
    """`requestedAttributes[NAME]`: the score type (PROBABILITY) and an optional floor."""

    score_type: str | None = None
    score_threshold: float | None = None


class AnalyzeCommentRequest(_Camel):
    """Body of `POST /v1alpha1/comments:analyze`."""

    comment: TextEntry = Field(default_factory=TextEntry)
    context: Context | None = None
    requested_attributes: dict[str, AttributeParameters | None] = Field(default_factory=dict)
    span_annotations: bool = False
    languages: list[str] = Field(default_factory=list)
    do_not_store: bool = False
    client_token: str | None = None
    session_id: str | None = None
    community_id: str | None = None


class Score(_Camel):
    """A probability in [0, 1]."""

    value: float
    type: str = "PROBABILITY"


class SpanScore(_Camel):
    """One sentence's score; `begin` and `end` are offsets in Unicode code points of `comment.text`."""

    begin: int
    end: int
    score: Score


class AttributeScores(_Camel):
    """One attribute's summary score and its span scores: the whole text, or with `spanAnnotations` each sentence."""

    summary_score: Score
    span_scores: list[SpanScore]


class AnalyzeCommentResponse(_Camel):
    """Body answered by `comments:analyze`."""

    attribute_scores: dict[str, AttributeScores]
    languages: list[str]
    detected_languages: list[str]
    client_token: str | None = None


# Perspective: SuggestCommentScore ----------------------------------------------------------------
class SuggestedValue(_Camel):
    """A suggested score, where `type` is optional."""

    value: float
    type: str | None = None


class SuggestedSpan(_Camel):
    """A suggested span score."""

    begin: int | None = None
    end: int | None = None
    score: SuggestedValue


class SuggestedAttribute(_Camel):
    """`attributeScores[NAME]` in a suggestion."""

    summary_score: SuggestedValue | None = None
    span_scores: list[SuggestedSpan] = Field(default_factory=list)


class SuggestCommentScoreRequest(_Camel):
    """Body of `POST /v1alpha1/comments:suggestscore` (Coral sends 0 for approved, 1 for rejected)."""

    comment: TextEntry = Field(default_factory=TextEntry)
    context: Context | None = None
    attribute_scores: dict[str, SuggestedAttribute] = Field(default_factory=dict)
    languages: list[str] = Field(default_factory=list)
    community_id: str | None = None
    client_token: str | None = None
    session_id: str | None = None


class SuggestCommentScoreResponse(_Camel):
    """Body answered by `comments:suggestscore`: the client's token, echoed."""

    client_token: str | None = None


class GoogleError(BaseModel):
    """`error` in Google's error body; `details` holds typed entries (`@type`), first a `google.rpc.ErrorInfo`."""

    code: int
    message: str
    status: str
    details: list[dict[str, Any]] = Field(default_factory=list)


class GoogleErrorOut(BaseModel):
    """Google's error body: `{"error": {"code", "message", "status", "details"}}`."""

    error: GoogleError

"""Request and response shapes of the readers' routes (an export mirrors what Redis holds, as stored)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from moderation.readers.service import MAX_EMAIL_LENGTH


class ReaderIn(BaseModel):
    """The reader a request is about, named by the e-mail address they commented with."""

    model_config = ConfigDict(extra="forbid")

    email: str = Field(min_length=3, max_length=MAX_EMAIL_LENGTH)


class StreamEntryOut(BaseModel):
    """One stream entry (label, audit or delivery log) as stored."""

    id: str
    fields: dict[str, str]


class ReaderCommentOut(BaseModel):
    """One of the reader's comments: its stored record, cached explanation, queue state and remembered answer."""

    id: str
    stored: dict[str, str]
    explanation: dict[str, Any] | None
    queued: bool
    claimed_by: str | None
    idempotency_answer: dict[str, Any] | None


class HistoryEntryOut(BaseModel):
    """A comment id in the reader's history, with its creation time (the record may have expired)."""

    id: str
    created_at: float


class WebhookEventOut(BaseModel):
    """A webhook event naming one of the reader's comments, waiting for delivery or given up."""

    id: str
    state: Literal["pending", "dead"]
    attempts: int
    body: dict[str, Any]


class ReaderExportOut(BaseModel):
    """Everything stored about one reader, and the name of every key holding it."""

    email_hash: str
    exported_at: float
    comments: list[ReaderCommentOut]
    history: list[HistoryEntryOut]
    approved_comments: int
    banned: bool
    labels: list[StreamEntryOut]
    audit: list[StreamEntryOut]
    webhook_events: list[WebhookEventOut]
    deliveries: list[StreamEntryOut]
    keys: list[str]


class ErasureOut(BaseModel):
    """What an erasure removed; zeros when nothing was left (a repeated erasure). A ban is kept."""

    comments: int
    labels: int
    audit_entries: int
    webhook_events: int
    deliveries: int
    keys: int
    ban_kept: bool

"""The intake's exceptions and the refused-field entry they carry; each is answered by `moderation/handlers.py`."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from moderation.errors import ModerationError
from moderation.i18n import Lang, translate


@dataclass(frozen=True, slots=True)
class FieldError:
    """One refused field; `field` is None when the whole submission is refused."""

    field: str | None
    code: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        """JSON form, with the message in the reader's language."""
        return {"field": self.field, "code": self.code, "message": translate(self.code, lang, **self.params)}


class SubmissionInvalidError(ModerationError):
    """Raised when one or more fields fail WordPress's checks (422); nothing is stored."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(", ".join(f"{e.field}:{e.code}" for e in errors))
        self.errors = errors


class DuplicateCommentError(ModerationError):
    """Raised when the same author already posted the same text on the same post and parent (409)."""

    def __init__(self, existing_id: str) -> None:
        super().__init__("duplicate comment")
        self.existing_id = existing_id


class FloodError(ModerationError):
    """Raised when the same IP or email commented less than `flood_seconds` ago (429)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("posting too quickly")
        self.retry_after = retry_after


class IdempotencyKeyReusedError(ModerationError):
    """Raised when an `Idempotency-Key` already answered a request with a different body (422); nothing is stored.

    The IETF Idempotency-Key draft: a key names one request; replaying its first answer for another body
    would silently drop the new comment.
    """

"""The review package's exceptions; each is mapped to one HTTP answer in `moderation/review/handlers.py`."""

from __future__ import annotations

from moderation.errors import ModerationError


class NotAuthenticatedError(ModerationError):
    """Raised when a review route gets no bearer token, or one that is unknown or revoked (401)."""


class ForbiddenError(ModerationError):
    """Raised when a moderator calls an admin-only route (403)."""


class ModeratorExistsError(ModerationError):
    """Raised when adding a moderator whose name is taken."""


class ModeratorNameInvalidError(ModerationError):
    """Raised when a moderator name is empty, too long, not letters, digits and `_.@-`, or `site` (the site's)."""


class ModeratorNotFoundError(ModerationError):
    """Raised when revoking a moderator that does not exist."""


class AlreadyDecidedError(ModerationError):
    """Raised when deciding a comment that is no longer in the queue, unless it repeats one's own decision (409)."""

    def __init__(self, comment_id: str, status: str) -> None:
        super().__init__(f"comment {comment_id} already decided ({status})")
        self.comment_id = comment_id
        self.status = status


class NotDecidedError(ModerationError):
    """Raised when reverting a comment no moderator has decided, or one already back in the queue (409)."""

    def __init__(self, comment_id: str, status: str) -> None:
        super().__init__(f"comment {comment_id} has no moderator decision to revert ({status})")
        self.comment_id = comment_id
        self.status = status


class ClaimedByOtherError(ModerationError):
    """Raised when deciding, claiming or releasing an item another moderator holds a live lease on (409)."""

    def __init__(self, comment_id: str) -> None:
        super().__init__(f"comment {comment_id} is claimed by another moderator")
        self.comment_id = comment_id

"""The service's exceptions; each is mapped to an HTTP answer by one handler in `main.py`."""

from __future__ import annotations


class ModerationError(Exception):
    """Base class for every error the service raises on purpose."""


class ConfigurationError(ModerationError, ValueError):
    """Raised at start-up when a setting is missing or unsafe."""


class StoreUnavailableError(ModerationError):
    """Raised when Redis cannot be reached; answered with 503 and `Retry-After`."""


class CommentNotFoundError(ModerationError):
    """Raised when a comment id is unknown or its record has expired."""

    def __init__(self, comment_id: str) -> None:
        super().__init__(f"comment {comment_id} not found")
        self.comment_id = comment_id


class ArtifactNotFoundError(ModerationError):
    """Raised when a model version, its manifest, its model file or `model/CURRENT` is missing."""


class ArtifactIntegrityError(ModerationError):
    """Raised when a model file's sha256 differs from its manifest (checked before unpickling)."""


class ArtifactVersionError(ModerationError):
    """Raised when a model was trained with another scikit-learn version than the one installed."""

"""The service's shared exceptions, each with a docstring saying when it is raised.

Those a request can meet are answered by one handler each in `moderation/handlers.py`; the configuration and
artifact errors stop start-up or a CLI command. Exceptions that belong to one package live beside it
(`review/errors.py`, `site/errors.py`, `compat/errors.py`) and are mapped by that package's handlers.
"""

from __future__ import annotations


class ModerationError(Exception):
    """Base class for every error the service raises on purpose."""


class ConfigurationError(ModerationError, ValueError):
    """Raised at start-up when a setting is missing or unsafe."""


class StoreUnavailableError(ModerationError):
    """Raised when Redis cannot be reached; answered with 503 and `Retry-After`."""


#: Seconds a client is told to wait (`Retry-After`) when Redis is out of reach.
STORE_RETRY_AFTER_SECONDS = 5


#: Status recorded for a request whose client left before its body was read (nginx's "client closed request");
#: it never reaches the client.
CLIENT_CLOSED_REQUEST = 499


class ClientDisconnectedError(ModerationError):
    """Raised when the client goes away before its request body was read; answered 499 (to no one), logged once."""


class CommentNotFoundError(ModerationError):
    """Raised when a comment id is unknown or its record has expired."""

    def __init__(self, comment_id: str) -> None:
        super().__init__(f"comment {comment_id} not found")
        self.comment_id = comment_id


class ArtifactNotFoundError(ModerationError):
    """Raised when a model version, its manifest, its model file or `model/CURRENT` is missing."""


class ArtifactIntegrityError(ModerationError):
    """Raised when a model file's sha256, or its arrays' names, dtypes or shapes, differ from its manifest."""


class ArtifactFormatError(ModerationError):
    """Raised when a model's manifest names an artifact format this code does not read (or an old pickle)."""

"""Every Redis key the service uses, in one place.

All keys share one hash tag (`{namespace}`) so multi-key transactions stay in one Redis Cluster slot:
the service runs unchanged on a single server or on a cluster (where it then lives on one shard).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Keys:
    """Key builder for one namespace (`MODERATION_NAMESPACE`; tests use a random one)."""

    namespace: str = "mod"

    @property
    def prefix(self) -> str:
        """The namespace with its hash tag, the start of every key."""
        return f"{{{self.namespace}}}"

    # Comments -----------------------------------------------------------------------------------
    def comment(self, comment_id: str) -> str:
        """Hash: one comment's submission, scoring record and current status."""
        return f"{self.prefix}:comment:{comment_id}"

    def duplicate(self, fingerprint: str) -> str:
        """String: the id of the comment with this (post, parent, author, email, text) fingerprint."""
        return f"{self.prefix}:dup:{fingerprint}"

    def flood_ip(self, ip_hash: str) -> str:
        """String with a TTL: a comment came from this IP hash within the flood interval."""
        return f"{self.prefix}:flood:ip:{ip_hash}"

    def flood_email(self, email_hash: str) -> str:
        """String with a TTL: a comment came from this email hash within the flood interval."""
        return f"{self.prefix}:flood:email:{email_hash}"

    def idempotency(self, key_hash: str) -> str:
        """String: the first response given for this `Idempotency-Key`."""
        return f"{self.prefix}:idem:{key_hash}"

    def approved_authors(self) -> str:
        """Hash: email hash -> number of approved comments (WordPress's "previously approved")."""
        return f"{self.prefix}:authors:approved"

    def author_comments(self, email_hash: str) -> str:
        """Sorted set: the ids of an author's comments by creation time (their history)."""
        return f"{self.prefix}:authors:comments:{email_hash}"

    # Review queue -------------------------------------------------------------------------------
    def queue(self) -> str:
        """Sorted set: pending comment ids, lowest score served first."""
        return f"{self.prefix}:queue:pending"

    # Labels (moderators' decisions, site feedback, compat submissions) ---------------------------
    def labels(self) -> str:
        """Stream: labelled examples for retraining, kept without expiry (see moderation/labels.py)."""
        return f"{self.prefix}:labels"

    def labels_export_cursor(self) -> str:
        """String: the id of the last label stream entry already exported."""
        return f"{self.prefix}:labels:export-cursor"

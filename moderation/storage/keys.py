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

    def explanation(self, comment_id: str) -> str:
        """String (JSON) with a TTL: a comment's explanation (spans, author fields), made when a moderator opens it."""
        return f"{self.prefix}:explanation:{comment_id}"

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

    # Review workspace: queue indexes, leases, moderators, audit, outbox, stats ------------------
    def queue_by_age(self) -> str:
        """Sorted set: pending comment ids scored by creation time (oldest-first order, age filter)."""
        return f"{self.prefix}:queue:by-age"

    def queue_by_post(self, post_id: str) -> str:
        """Sorted set: pending ids on one post, scored like `queue()`."""
        return f"{self.prefix}:queue:post:{post_id}"

    def queue_by_language(self, language: str) -> str:
        """Sorted set: pending ids in one language, scored like `queue()`."""
        return f"{self.prefix}:queue:lang:{language}"

    def queue_by_reason(self, reason: str) -> str:
        """Sorted set: pending ids held for one reason code or model head, scored like `queue()`."""
        return f"{self.prefix}:queue:reason:{reason}"

    def queue_view(self, token: str) -> str:
        """Sorted set: a filtered view built and deleted inside one MULTI/EXEC (never outlives it)."""
        return f"{self.prefix}:queue:view:{token}"

    def audit_outcomes(self) -> str:
        """Hash: outcomes of decided audit items (sampled auto-approved comments): decided, rejected."""
        return f"{self.prefix}:review:stats:audit-items"

    def lease(self, comment_id: str) -> str:
        """String with a TTL: the moderator holding a claim on a pending comment (SET NX PX)."""
        return f"{self.prefix}:queue:lease:{comment_id}"

    def moderators(self) -> str:
        """Hash: moderator name -> JSON {role, token_sha256, created_at}."""
        return f"{self.prefix}:moderators"

    def moderator_tokens(self) -> str:
        """Hash: sha256 of a bearer token -> moderator name (tokens are never stored in clear)."""
        return f"{self.prefix}:moderators:tokens"

    def audit(self) -> str:
        """Stream: one entry per moderator decision (who, when, from -> to, reason, note, scores)."""
        return f"{self.prefix}:review:audit"

    def decisions_per_day(self, day: str) -> str:
        """Hash: moderator name -> decisions taken on `day` (YYYY-MM-DD, UTC)."""
        return f"{self.prefix}:review:stats:decisions:{day}"

    def agreement(self) -> str:
        """Hash: "head|language|model lean|moderator outcome" -> count (the model-vs-moderator matrix)."""
        return f"{self.prefix}:review:stats:agreement"

    def site_settings(self) -> str:
        """Hash: admin-edited word lists and thresholds (JSON values) read by the intake."""
        return f"{self.prefix}:review:settings"

    def banned_emails(self) -> str:
        """Set: banned email hashes."""
        return f"{self.prefix}:bans:email"

    def banned_ips(self) -> str:
        """Set: banned IP hashes."""
        return f"{self.prefix}:bans:ip"

    def outbox_due(self) -> str:
        """Sorted set: webhook event id -> time (s) of its next delivery attempt."""
        return f"{self.prefix}:outbox:due"

    def outbox_events(self) -> str:
        """Hash: webhook event id -> JSON {body, attempts}."""
        return f"{self.prefix}:outbox:events"

    def outbox_dead(self) -> str:
        """Hash: webhook event id -> JSON of an event that exhausted its attempts."""
        return f"{self.prefix}:outbox:dead"

    def delivery_log(self) -> str:
        """Stream (capped): one entry per webhook delivery attempt."""
        return f"{self.prefix}:outbox:log"

    # Labels (moderators' decisions, site feedback, compat submissions) ---------------------------
    def labels(self) -> str:
        """Stream: labelled examples for retraining, kept without expiry (see moderation/labels.py)."""
        return f"{self.prefix}:labels"

    def labels_export_cursor(self) -> str:
        """String: the id of the last label stream entry already exported."""
        return f"{self.prefix}:labels:export-cursor"

    # Drop-in APIs (Akismet accounts, Perspective suggestions) -------------------------------------
    def akismet_usage(self, key_id: str, month: str) -> str:
        """Hash: a client key's Akismet counts for a month (spam, ham, missed_spam, false_positives; also per site)."""
        return f"{self.prefix}:akismet:usage:{key_id}:{month}"

    def akismet_months(self, key_id: str) -> str:
        """Set: the months (YYYY-MM) in which a client key made counted Akismet calls."""
        return f"{self.prefix}:akismet:months:{key_id}"

    def perspective_suggestions(self) -> str:
        """Hash: Perspective `clientToken` -> the label stream id of its latest suggestion (latest wins)."""
        return f"{self.prefix}:perspective:suggestions"

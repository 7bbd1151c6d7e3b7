"""Every Redis key the service uses, in one place.

All keys share one hash tag (`{namespace}`) so multi-key transactions stay in one Redis Cluster slot:
the service runs unchanged on a single server or on a cluster (where it then lives on one shard).
"""

from __future__ import annotations

from dataclasses import dataclass

#: Each kind of key's prefix, after the namespace's hash tag (named after the `Keys` method that builds it).
COMMENT = "comment:"
EXPLANATION = "explanation:"
DUPLICATE = "dup:"
FLOOD_IP = "flood:ip:"
FLOOD_EMAIL = "flood:email:"
IDEMPOTENCY = "idem:"
APPROVED_AUTHORS = "authors:approved"
AUTHOR_COMMENTS = "authors:comments:"
QUEUE = "queue:pending"
QUEUE_BY_AGE = "queue:by-age"
QUEUE_BY_POST = "queue:post:"
QUEUE_BY_LANGUAGE = "queue:lang:"
QUEUE_BY_REASON = "queue:reason:"
QUEUE_VIEW = "queue:view:"
AUDIT_OUTCOMES = "review:stats:audit-items"
LEASE = "queue:lease:"
MODERATORS = "moderators"
MODERATOR_TOKENS = "moderators:tokens"
AUDIT = "review:audit"
DECISIONS_PER_DAY = "review:stats:decisions:"
AGREEMENT = "review:stats:agreement"
INTAKE_PER_DAY = "review:stats:intake:"
WAIT_PER_DAY = "review:stats:wait:"
SITE_SETTINGS = "review:settings"
BANNED_EMAILS = "bans:email"
BANNED_IPS = "bans:ip"
OUTBOX_DUE = "outbox:due"
OUTBOX_EVENTS = "outbox:events"
OUTBOX_DEAD = "outbox:dead"
DELIVERY_LOG = "outbox:log"
LABELS = "labels"
LABELS_EXPORT_CURSOR = "labels:export-cursor"
AKISMET_USAGE = "akismet:usage:"
AKISMET_MONTHS = "akismet:months:"
PERSPECTIVE_SUGGESTIONS = "perspective:suggestions"
#: The per-site learning layer (moderation/site/layer/): every key starts with this prefix.
SITE_LAYER = "site:layer:"
SITE_LAYER_CURRENT = f"{SITE_LAYER}current"
SITE_LAYER_VERSIONS = f"{SITE_LAYER}versions"
SITE_LAYER_STATE = f"{SITE_LAYER}state"
SITE_LAYER_LEASE = f"{SITE_LAYER}lease"
SITE_LAYER_SEQUENCE = f"{SITE_LAYER}sequence"
#: The site memory (moderation/site/memory.py): every key of it starts with SITE_MEMORY.
SITE_MEMORY = "site:memory:"
MEMORY_LINK = f"{SITE_MEMORY}link:"
MEMORY_PHONE = f"{SITE_MEMORY}phone:"
MEMORY_EMAIL = f"{SITE_MEMORY}email:"
MEMORY_TEXT = f"{SITE_MEMORY}text:"
MEMORY_BURST = f"{SITE_MEMORY}burst:"
MEMORY_TOP = f"{SITE_MEMORY}top:"
MEMORY_CAMPAIGNS = f"{SITE_MEMORY}campaigns"
MEMORY_CAMPAIGN = f"{SITE_MEMORY}campaign:"


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
        return f"{self.prefix}:{COMMENT}{comment_id}"

    def comment_prefix(self) -> str:
        """What every comment's hash starts with: a script given several ids adds each one."""
        return self.comment("")

    def explanation(self, comment_id: str) -> str:
        """String (JSON) with a TTL: a comment's explanation (spans, author fields), made when a moderator opens it."""
        return f"{self.prefix}:{EXPLANATION}{comment_id}"

    def duplicate(self, fingerprint: str) -> str:
        """String: the id of the comment with this (post, parent, author, email, text) fingerprint."""
        return f"{self.prefix}:{DUPLICATE}{fingerprint}"

    def flood_ip(self, ip_hash: str) -> str:
        """String with a TTL: a comment came from this IP hash within the flood interval."""
        return f"{self.prefix}:{FLOOD_IP}{ip_hash}"

    def flood_email(self, email_hash: str) -> str:
        """String with a TTL: a comment came from this email hash within the flood interval."""
        return f"{self.prefix}:{FLOOD_EMAIL}{email_hash}"

    def idempotency(self, key_hash: str) -> str:
        """String: the first response given for this `Idempotency-Key`."""
        return f"{self.prefix}:{IDEMPOTENCY}{key_hash}"

    def approved_authors(self) -> str:
        """Hash: email hash -> number of approved comments (WordPress's "previously approved")."""
        return f"{self.prefix}:{APPROVED_AUTHORS}"

    def author_comments(self, email_hash: str) -> str:
        """Sorted set: the ids of an author's comments by creation time (their history)."""
        return f"{self.prefix}:{AUTHOR_COMMENTS}{email_hash}"

    def author_comments_prefix(self) -> str:
        """What every author's history starts with: a script adds the e-mail hash."""
        return self.author_comments("")

    # Review queue -------------------------------------------------------------------------------
    def queue(self) -> str:
        """Sorted set: pending comment ids, lowest score served first."""
        return f"{self.prefix}:{QUEUE}"

    # Review workspace: queue indexes, leases, moderators, audit, outbox, stats ------------------
    def queue_by_age(self) -> str:
        """Sorted set: pending comment ids scored by creation time (oldest-first order, age filter)."""
        return f"{self.prefix}:{QUEUE_BY_AGE}"

    def queue_by_post(self, post_id: str) -> str:
        """Sorted set: pending ids on one post, scored like `queue()`."""
        return f"{self.prefix}:{QUEUE_BY_POST}{post_id}"

    def queue_by_language(self, language: str) -> str:
        """Sorted set: pending ids in one language, scored like `queue()`."""
        return f"{self.prefix}:{QUEUE_BY_LANGUAGE}{language}"

    def queue_by_reason(self, reason: str) -> str:
        """Sorted set: pending ids held for one reason code or model head, scored like `queue()`."""
        return f"{self.prefix}:{QUEUE_BY_REASON}{reason}"

    def queue_view(self, token: str) -> str:
        """Sorted set: a filtered view built and deleted inside one MULTI/EXEC (never outlives it)."""
        return f"{self.prefix}:{QUEUE_VIEW}{token}"

    def audit_outcomes(self) -> str:
        """Hash: outcomes of decided audit items (sampled auto-approved comments): decided, rejected."""
        return f"{self.prefix}:{AUDIT_OUTCOMES}"

    def lease(self, comment_id: str) -> str:
        """String with a TTL: the moderator holding a claim on a pending comment (SET NX PX)."""
        return f"{self.prefix}:{LEASE}{comment_id}"

    def lease_prefix(self) -> str:
        """What every lease starts with: a script adds the comment id."""
        return self.lease("")

    def moderators(self) -> str:
        """Hash: moderator name -> JSON {role, token_sha256, created_at}."""
        return f"{self.prefix}:{MODERATORS}"

    def moderator_tokens(self) -> str:
        """Hash: sha256 of a bearer token -> moderator name (tokens are never stored in clear)."""
        return f"{self.prefix}:{MODERATOR_TOKENS}"

    def audit(self) -> str:
        """Stream: one entry per moderator decision (who, when, from -> to, reason, note, scores, author hash)."""
        return f"{self.prefix}:{AUDIT}"

    def decisions_per_day(self, day: str) -> str:
        """Hash: moderator name -> decisions taken on `day` (YYYY-MM-DD, UTC)."""
        return f"{self.prefix}:{DECISIONS_PER_DAY}{day}"

    def intake_per_day(self, day: str) -> str:
        """Hash: one UTC day's comments by intake status (`status:<s>`) and by model version (`model:<v>`)."""
        return f"{self.prefix}:{INTAKE_PER_DAY}{day}"

    def wait_per_day(self, day: str) -> str:
        """Hash: one UTC day's moderator decisions by time waited in the queue (buckets, count, total seconds)."""
        return f"{self.prefix}:{WAIT_PER_DAY}{day}"

    def agreement(self) -> str:
        """Hash: "head|language|model lean|moderator outcome" -> count (the model-vs-moderator matrix)."""
        return f"{self.prefix}:{AGREEMENT}"

    def site_settings(self) -> str:
        """Hash: admin-edited word lists and thresholds (JSON values) read by the intake."""
        return f"{self.prefix}:{SITE_SETTINGS}"

    def banned_emails(self) -> str:
        """Set: banned email hashes."""
        return f"{self.prefix}:{BANNED_EMAILS}"

    def banned_ips(self) -> str:
        """Set: banned IP hashes."""
        return f"{self.prefix}:{BANNED_IPS}"

    def outbox_due(self) -> str:
        """Sorted set: webhook event id -> time (s) of its next delivery attempt."""
        return f"{self.prefix}:{OUTBOX_DUE}"

    def outbox_events(self) -> str:
        """Hash: webhook event id -> JSON {body, attempts}."""
        return f"{self.prefix}:{OUTBOX_EVENTS}"

    def outbox_dead(self) -> str:
        """Hash: webhook event id -> JSON of an event that exhausted its attempts."""
        return f"{self.prefix}:{OUTBOX_DEAD}"

    def delivery_log(self) -> str:
        """Stream (capped): one entry per webhook delivery attempt."""
        return f"{self.prefix}:{DELIVERY_LOG}"

    # Labels (moderators' decisions, site feedback, compat submissions) ---------------------------
    def labels(self) -> str:
        """Stream: labelled examples for retraining, trimmed after their retention (moderation/readers/retention.py)."""
        return f"{self.prefix}:{LABELS}"

    def labels_export_cursor(self) -> str:
        """String: the id of the last label stream entry already exported."""
        return f"{self.prefix}:{LABELS_EXPORT_CURSOR}"

    # Drop-in APIs (Akismet accounts, Perspective suggestions) -------------------------------------
    def akismet_usage(self, key_id: str, month: str) -> str:
        """Hash: a client key's Akismet counts for a month (spam, ham, missed_spam, false_positives; also per site)."""
        return f"{self.prefix}:{AKISMET_USAGE}{key_id}:{month}"

    def akismet_months(self, key_id: str) -> str:
        """Set: the months (YYYY-MM) in which a client key made counted Akismet calls."""
        return f"{self.prefix}:{AKISMET_MONTHS}{key_id}"

    def perspective_suggestions(self) -> str:
        """Hash: Perspective `clientToken` -> the label stream id of its latest suggestion (latest wins)."""
        return f"{self.prefix}:{PERSPECTIVE_SUGGESTIONS}"

    # Site layer (per-site learning on the site's labels) -------------------------------------------
    def site_layer(self, version: int) -> str:
        """Hash: one layer version as data: `meta` (JSON), `columns:<head>` and `weights:<head>` (base64 arrays)."""
        return f"{self.prefix}:{SITE_LAYER}{int(version)}"

    def site_layer_current(self) -> str:
        """String: the layer version every worker serves (absent: no layer, the global model alone)."""
        return f"{self.prefix}:{SITE_LAYER_CURRENT}"

    def site_layer_versions(self) -> str:
        """Sorted set: the stored layer versions, scored by their number (a bounded number is kept)."""
        return f"{self.prefix}:{SITE_LAYER_VERSIONS}"

    def site_layer_state(self) -> str:
        """Hash: `enabled` (the admins' kill switch), `cursor` (last label learned), `model_version`, `last_refit`."""
        return f"{self.prefix}:{SITE_LAYER_STATE}"

    def site_layer_lease(self) -> str:
        """String with a TTL: the worker refitting the layer now (one refit at a time across workers)."""
        return f"{self.prefix}:{SITE_LAYER_LEASE}"

    def site_layer_sequence(self) -> str:
        """String (INCR): the last layer version number handed out."""
        return f"{self.prefix}:{SITE_LAYER_SEQUENCE}"

    # Site memory (moderation/site/memory.py): what the site's labels said about marks ---------------
    def memory_link(self, domain: str) -> str:
        """Hash with a TTL: a link domain's spam and ham labels and approved comments (spam, ham, approved)."""
        return f"{self.prefix}:{MEMORY_LINK}{domain}"

    def memory_phone(self, number: str) -> str:
        """Hash with a TTL: a phone number's spam and ham labels (international digits)."""
        return f"{self.prefix}:{MEMORY_PHONE}{number}"

    def memory_email(self, domain: str) -> str:
        """Hash with a TTL: an e-mail domain's spam and ham labels."""
        return f"{self.prefix}:{MEMORY_EMAIL}{domain}"

    def memory_text(self, band: str) -> str:
        """Hash with a TTL: labelled texts sharing one print value ("s:<text id>" spam, "h:<text id>" ham labels)."""
        return f"{self.prefix}:{MEMORY_TEXT}{band}"

    def memory_burst(self, band: str) -> str:
        """Sorted set with a TTL: identities that posted a text with this group of print values -> last arrival, ms."""
        return f"{self.prefix}:{MEMORY_BURST}{band}"

    def memory_prefixes(self) -> tuple[str, str, str, str]:
        """The prefixes of link, phone, text and burst entries: the memory's scripts add the mark to each."""
        base = f"{self.prefix}:"
        return (base + MEMORY_LINK, base + MEMORY_PHONE, base + MEMORY_TEXT, base + MEMORY_BURST)

    def memory_top(self, kind: str) -> str:
        """Sorted set (capped): the most spam-labelled marks of a kind ("link", "phone") -> spam labels."""
        return f"{self.prefix}:{MEMORY_TOP}{kind}"

    def memory_campaigns(self) -> str:
        """Sorted set (capped): campaign id (its first text's id) -> last comment held, seconds."""
        return f"{self.prefix}:{MEMORY_CAMPAIGNS}"

    def memory_campaign(self, campaign_id: str) -> str:
        """Hash with a TTL: one campaign's comments held, identities seen, first and last time."""
        return f"{self.prefix}:{MEMORY_CAMPAIGN}{campaign_id}"

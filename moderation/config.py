"""One settings object, read from `MODERATION_*` environment variables when the app is built."""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from moderation.credentials import DIGEST_PREFIX, as_digest
from moderation.errors import ConfigurationError
from moderation.scoring.policy import SITE_PROFILES, DeploymentProfile

_PACKAGE_ROOT = Path(__file__).resolve().parent.parent


def _default_model_dir() -> Path:
    """Use the repository's `model/` when running from a checkout, else `./model`."""
    bundled = _PACKAGE_ROOT / "model"
    return bundled if bundled.is_dir() else Path("model")


def _default_labels_dir() -> Path:
    """Where label exports go by default: the user's data directory, outside any checkout (they hold comments)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "moderation" / "labels"


def _split_list(value: object) -> object:
    """Accept a comma- or newline-separated string as well as a JSON list."""
    if isinstance(value, str):
        stripped = value.strip()
        if stripped.startswith("["):
            import json

            return json.loads(stripped)
        return [part.strip() for part in stripped.replace("\n", ",").split(",") if part.strip()]
    return value


StrList = Annotated[list[str], NoDecode]

#: Why a comment is held: a toxicity head's hold, the spam head's hold, or a site rule (links, moderation words).
HeldKind = Literal["abuse", "spam", "rules"]
HELD_KINDS: tuple[HeldKind, ...] = ("abuse", "spam", "rules")

#: WordPress's Akismet plugin refuses keys of any other length, so 12 is the floor (and its natural size).
MIN_API_KEY_LENGTH = 12


class Settings(BaseSettings):
    """Every knob of the service; see docs/configuration.md."""

    model_config = SettingsConfigDict(env_prefix="MODERATION_", env_file=None, extra="ignore")

    environment: Literal["development", "production"] = "development"

    # Storage
    redis_url: str | None = None
    redis_timeout_seconds: float = Field(default=5.0, gt=0)
    data_dir: Path = Path("var")
    namespace: str = "mod"
    retention_days: int = Field(default=90, ge=1)
    # Stream entries (moderation/readers/retention.py): 0 keeps them for ever; see docs/operations.md
    label_retention_days: int = Field(default=365, ge=0)
    audit_retention_days: int = Field(default=365, ge=0)
    labels_dir: Path = Field(default_factory=_default_labels_dir)  # `python -m training export` without --out
    ip_hash_key: SecretStr | None = None

    # Model
    model_dir: Path = Field(default_factory=_default_model_dir)
    model_reload_seconds: float = Field(default=2.0, gt=0)
    thresholds: dict[str, dict[str, float]] = Field(default_factory=dict)
    # The site's traffic, for which training derives the thresholds (moderation/scoring/policy.py)
    # news (default): few spam comments, genuine readers must not wait; blog: spam is most submissions. Picks
    # the thresholds training derived for that profile (manifest `profiles`); the shares below override it.
    site_profile: Literal["news", "blog"] = "news"
    # A comment the toxicity head alone holds, whose only abusive words are swearing said of no one ("holy shit",
    # « putain, enfin ») : "approve" publishes it, "hold" queues it; "profile" (default): approve in the blog profile,
    # hold in the news one. Until the site's own labels re-rank its toxicity head (docs/moderators.md).
    profanity_alone: Literal["profile", "approve", "hold"] = "profile"
    abuse_share: float = Field(default=0.08, gt=0, lt=1)
    spam_share: float = Field(default=0.05, gt=0, lt=1)
    max_approved_abuse: float = Field(default=0.01, gt=0, lt=1)
    min_reject_precision: float = Field(default=0.99, gt=0, lt=1)

    # Intake checks (WordPress's discussion settings)
    default_language: Literal["fr", "en"] = "fr"
    require_name_email: bool = True
    email_check_deliverability: bool = False
    max_body_bytes: int = Field(default=262_144, ge=1024)  # comments, Perspective and Akismet calls
    # review, bans, site settings and feedback: checked after the credential, before FastAPI parses the body
    max_review_body_bytes: int = Field(default=262_144, ge=1024)
    flood_seconds: int = Field(default=15, ge=0)
    honeypot_field: str = "ak_hp_textarea"
    min_form_seconds: float = Field(default=3.0, ge=0)  # a site's form sent faster than this: nobody typed it
    max_links: int = Field(default=2, ge=0)
    moderation_keys: StrList = Field(default_factory=list)
    disallowed_keys: StrList = Field(default_factory=list)
    reputation_min_approved: int = Field(default=1, ge=0)
    manual_approval: bool = False  # WordPress's "Comment must be manually approved": hold every comment
    require_previously_approved: bool = False  # "Comment author must have a previously approved comment"
    idempotency_ttl_seconds: int = Field(default=86_400, ge=60)
    allowed_redirect_hosts: StrList = Field(default_factory=list)
    bench_echo: bool = False  # mounts POST /v1/_echo, the benchmark's bare route; never in production

    # Connections (moderation serve; see docs/operations.md, "Connection limits")
    keep_alive_seconds: float = Field(default=5.0, ge=1)
    read_timeout_seconds: float = Field(default=10.0, gt=0)
    max_header_bytes: int = Field(default=32_768, ge=1024)
    max_headers: int = Field(default=100, ge=10)
    max_concurrency: int = Field(default=512, ge=1)
    max_connections: int = Field(default=2048, ge=1)

    # Learning from moderators (site feedback, audit sampling, retraining gate)
    site_keys: StrList = Field(default_factory=list)  # held only as "sha256:<hex>" once validated
    audit_sample_rate: float = Field(default=0.01, ge=0.0, le=1.0)
    gate_tolerance: float = Field(default=0.01, ge=0.0)
    # The per-site learning layer (docs/models.md, "Learning from the site"): off = the global model alone
    site_learning: bool = True
    site_layer_poll_seconds: float = Field(default=2.0, gt=0)  # how soon every worker serves a new version
    site_layer_refit_seconds: float = Field(default=5.0, gt=0)  # how often the refit worker looks for new labels
    site_layer_lease_seconds: float = Field(default=300.0, gt=0)  # longest a refit may hold the lease

    # Drop-in replacements (Perspective API, Akismet): client keys, held only as "sha256:<hex>"
    api_keys: StrList = Field(default_factory=list)
    # Which held (pending) comments Akismet's comment-check answers "true" (WordPress's spam folder) rather
    # than "false" (published unless WordPress's own rules hold it): see docs/drop-in.md
    akismet_held_as_spam: Annotated[list[HeldKind], NoDecode] = Field(default_factory=lambda: list(HELD_KINDS))

    # The site memory (docs/moderators.md, "The site memory"): what the site's labels said about link domains,
    # phone numbers, e-mail domains and texts, used at intake and by Akismet's comment-check
    site_memory: bool = True
    # Spam labels that make a link domain or phone number known spam (if ham labels and approvals are fewer)
    site_memory_spam_labels: int = Field(default=2, ge=1)
    # Hold a comment linking to a domain the site never approved once its spam score reaches this
    unseen_link_spam_score: float = Field(default=0.3, ge=0.0, le=1.0)
    # Hold a comment giving a phone number the site never saw approved once its spam score reaches this (lower than
    # for links: civil news comments rarely carry a number, and 99% of them score under 0.12; docs/moderators.md)
    unseen_phone_spam_score: float = Field(default=0.25, ge=0.0, le=1.0)
    # Hold a generic compliment ("Great post, thanks for sharing!") signed with a website the site never approved:
    # WordPress spam whose payload is the author link scores low on its words (docs/moderators.md)
    unseen_website_praise: bool = True
    # Hold a comment signed with a website the site never approved that reads as a shop's (a commerce word in its
    # address or the name, a top-level domain spam favours: `metadata.shop_signature`) once its spam score reaches
    # this; 0 (default): whatever the score, as WordPress's "comment author must have a previously approved comment"
    # does for every new author; 1: never (docs/moderators.md)
    commercial_website_spam_score: float = Field(default=0.0, ge=0.0, le=1.0)
    # Domains never held as unseen, besides the site's own hosts (MODERATION_ALLOWED_REDIRECT_HOSTS, and the permalink
    # of a request that presents a site key)
    site_memory_allowed_domains: StrList = Field(
        default_factory=lambda: [
            "wikipedia.org", "wikimedia.org", "youtube.com", "youtu.be", "gouv.fr", "service-public.fr",
            "insee.fr", "europa.eu", "un.org", "who.int", "legifrance.gouv.fr", "lemonde.fr", "francetvinfo.fr",
            "radiofrance.fr", "afp.com", "reuters.com", "bbc.co.uk", "bbc.com", "theguardian.com", "ohchr.org",
            "unhcr.org", "unicef.org", "icrc.org", "amnesty.org", "hrw.org",
        ]
    )  # fmt: skip
    # A burst: this many identities posting near duplicates within the window is held as a campaign
    campaign_identities: int = Field(default=3, ge=2)
    campaign_window_seconds: int = Field(default=600, ge=10)

    # Review workspace and outcome delivery
    review_lease_seconds: float = Field(default=300.0, gt=0)
    review_order: Literal["risk", "oldest"] = "risk"
    review_settings_cache_seconds: float = Field(default=2.0, ge=0)
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_max_attempts: int = Field(default=10, ge=1)
    webhook_backoff_seconds: float = Field(default=2.0, gt=0)
    webhook_max_backoff_seconds: float = Field(default=3600.0, gt=0)
    webhook_timeout_seconds: float = Field(default=5.0, gt=0)
    webhook_poll_seconds: float = Field(default=0.5, gt=0)

    # Logging
    log_level: str = "INFO"
    log_json: bool = True

    @field_validator(
        "moderation_keys",
        "disallowed_keys",
        "allowed_redirect_hosts",
        "site_keys",
        "api_keys",
        "akismet_held_as_spam",
        "site_memory_allowed_domains",
        mode="before",
    )
    @classmethod
    def _lists(cls, value: object) -> object:
        return _split_list(value)

    @field_validator("site_keys", mode="after")
    @classmethod
    def _hash_site_keys(cls, value: list[str]) -> list[str]:
        # Secrets live in memory only as sha256 digests; an entry already "sha256:<hex>" is kept.
        return [as_digest(k) for k in value]

    @field_validator("api_keys", mode="after")
    @classmethod
    def _hash_api_keys(cls, value: list[str]) -> list[str]:
        short = [k for k in value if not k.startswith(DIGEST_PREFIX) and len(k) < MIN_API_KEY_LENGTH]
        if short:
            raise ValueError(f"each MODERATION_API_KEYS entry needs {MIN_API_KEY_LENGTH} characters or more")
        return [as_digest(k) for k in value]

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.webhook_url and not self.webhook_secret:
            raise ConfigurationError(
                "MODERATION_WEBHOOK_SECRET must be set with MODERATION_WEBHOOK_URL: the site verifies each call"
            )
        return self

    @model_validator(mode="after")
    def _safe_in_production(self) -> Settings:
        if self.environment == "production" and not self.ip_hash_key:
            raise ConfigurationError(
                "MODERATION_IP_HASH_KEY must be set in production: readers' IPs are stored only as keyed hashes"
            )
        if self.environment == "production" and self.bench_echo:
            raise ConfigurationError("MODERATION_BENCH_ECHO is for benchmarks only: unset it in production")
        if self.environment == "production" and not any(h.strip() for h in self.allowed_redirect_hosts):
            raise ConfigurationError(
                "MODERATION_ALLOWED_REDIRECT_HOSTS must list the site's hosts in production: a form's redirect_to "
                "is followed only to them, never to the host a request claims"
            )
        return self

    def deployment_profile(self) -> DeploymentProfile:
        """Return the site's traffic profile the thresholds are derived for: its site profile, with the shares set."""
        given = {
            name: getattr(self, name)
            for name in ("abuse_share", "spam_share", "max_approved_abuse", "min_reject_precision")
            if name in self.model_fields_set
        }
        return dataclasses.replace(SITE_PROFILES[self.site_profile], **given)

    @property
    def approves_profanity_alone(self) -> bool:
        """Whether swearing said of no one is approved when only the toxicity head holds it (`profanity_alone`)."""
        if self.profanity_alone == "profile":
            return self.site_profile == "blog"
        return self.profanity_alone == "approve"

    @property
    def embedded_redis(self) -> bool:
        """Whether the service runs its own Redis server (no URL configured)."""
        return not self.redis_url

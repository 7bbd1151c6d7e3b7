"""Request and response shapes of Akismet's REST API (form fields in, JSON for the account calls out)."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class AkismetComment(BaseModel):
    """The form fields of `comment-check`, `submit-spam` and `submit-ham` (every other field is kept as extra)."""

    model_config = ConfigDict(extra="allow")

    api_key: str = ""
    blog: str = ""
    user_ip: str = ""
    user_agent: str = ""
    referrer: str = ""
    permalink: str = ""
    comment_type: str = ""
    comment_author: str = ""
    comment_author_email: str = ""
    comment_author_url: str = ""
    comment_content: str = ""
    comment_date_gmt: str = ""
    comment_post_modified_gmt: str = ""
    blog_lang: str = ""
    blog_charset: str = ""
    user_role: str = ""
    is_test: str = ""
    recheck_reason: str = ""
    honeypot_field_name: str = ""

    def other_field(self, name: str) -> str:
        """The value of a field outside the documented list (a honeypot, a `POST_*` copy), or ""."""
        value: Any = (self.model_extra or {}).get(name, "")
        return value if isinstance(value, str) else ""


class AkismetSubscription(BaseModel):
    """get-subscription's answer for an accepted key (WordPress's plugin keeps a key only when it is `active`)."""

    status: str
    account_id: int
    account_name: str
    account_type: str
    next_billing_date: int | None
    limit_reached: bool


class AkismetCounts(BaseModel):
    """Calls answered spam or ham, and reports of missed spam and false positives."""

    spam: int
    ham: int
    missed_spam: int
    false_positives: int


class AkismetStats(AkismetCounts):
    """get-stats' answer: totals since `from`, accuracy in percent, and the same counts by month."""

    accuracy: float
    breakdown: dict[str, AkismetCounts]


class AkismetUsageLimit(BaseModel):
    """usage-limit's answer: this month's calls; a self-hosted service has no limit (`"none"`)."""

    limit: int | str
    usage: int
    percentage: str
    throttled: bool

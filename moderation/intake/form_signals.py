"""Signals a site measured on its own comment form (the WordPress plugin's trap and signed render time).

The site only measures; the service decides and records the reason, as for its own honeypot field:
- `form_trap`: what a hidden field held. People leave it empty; a script fills every field. Spam.
- `form_seconds`: seconds between the form's rendering and its submission, from a render time the site signed
  (so a script cannot claim a slow human's). Under `MODERATION_MIN_FORM_SECONDS` nobody typed the comment:
  spam. `-1`: the stamp is missing or forged (the form was never rendered by the site): held.
- a script's user agent (curl, python-requests, Go's client...) posting what the site says is its browser form:
  held, as Akismet counts the user agent as one signal.
Comments from other paths (REST API, pingbacks, an import) carry no `form_seconds`: none of this applies.
"""

from __future__ import annotations

import re

from moderation.intake.decision import Status
from moderation.intake.schemas import CommentIn
from moderation.reasons import Reason

#: HTTP libraries and command-line tools, never a reader's browser: substrings of the lowercased user agent's
#: first 512 characters (plain `in` tests: a few microseconds, where one case-insensitive regex took ~25).
SCRIPT_AGENT_TOKENS = (
    "curl/", "wget/", "python-requests", "python-urllib", "python-httpx", "aiohttp", "go-http-client",
    "libwww-perl", "java/", "okhttp", "apache-httpclient", "scrapy", "node-fetch", "axios/", "guzzlehttp",
    "httpie",
)  # fmt: skip
AGENT_PREFIX = 512


def form_flags(form: CommentIn, *, min_seconds: float) -> list[tuple[Status, Reason]]:
    """The statuses a site's form signals call for, each with its reason (empty for other paths)."""
    measured = form.form_seconds.strip()
    if not measured:
        return []
    flags: list[tuple[Status, Reason]] = []
    if form.form_trap.strip():
        flags.append(("spam", Reason("honeypot", "rule")))
    seconds = int(measured) if re.fullmatch(r"-?\d{1,9}", measured) else -1
    if seconds < 0:
        flags.append(("pending", Reason("form_unsigned", "rule")))
    elif seconds < min_seconds:
        flags.append(("spam", Reason("too_fast", "rule", params={"seconds": seconds, "limit": min_seconds})))
    agent = form.user_agent[:AGENT_PREFIX].strip().lower()
    if not agent or agent.startswith("php/") or any(token in agent for token in SCRIPT_AGENT_TOKENS):
        flags.append(("pending", Reason("script_agent", "rule")))
    return flags

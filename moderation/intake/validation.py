"""Judge a submission's e-mail address and website as WordPress does (syntax; DNS only when enabled)."""

from __future__ import annotations

import functools
import re
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email


def email_is_valid(email: str, *, deliverability: bool) -> bool:
    """Whether an address is valid: its syntax, and with `deliverability` its domain's DNS records."""
    # The syntax verdict never changes, so it is cached (readers come back; a check costs ~0.1 ms); a DNS
    # answer can, so with deliverability on every address is looked up again.
    return _email_syntax_is_valid(email) and (not deliverability or _validate_email(email, deliverability=True))


@functools.lru_cache(maxsize=8192)
def _email_syntax_is_valid(email: str) -> bool:
    return _validate_email(email, deliverability=False)


def _validate_email(email: str, *, deliverability: bool) -> bool:
    try:
        validate_email(email, check_deliverability=deliverability, allow_smtputf8=True)
    except EmailNotValidError:
        return False
    return True


def website_url(url: str) -> str:
    """The website as entered, with `http://` added when no scheme is given ("example.fr"), as WordPress does."""
    url = url.strip()
    if url and not _HAS_SCHEME.match(url):
        return f"http://{url}"
    return url


_HAS_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:(?!\d)", re.IGNORECASE)  # "host:8080" is a port, not a scheme


def is_http_url(url: str) -> bool:
    """Whether `url` is an http(s) address with a host."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)

"""WordPress's checks of a submission's fields: required ones, the e-mail address, lengths, the website."""

from __future__ import annotations

import functools

import anyio.to_thread

from moderation.intake.errors import FieldError
from moderation.intake.schemas import CommentIn
from moderation.intake.validation import email_is_valid, is_http_url, website_url

# WordPress's limits (wp_get_comment_fields_max_lengths), in bytes of UTF-8.
MAX_AUTHOR_BYTES = 245
MAX_EMAIL_BYTES = 100
MAX_URL_BYTES = 200
MAX_COMMENT_BYTES = 65_525


def check(form: CommentIn, *, email_valid: bool, require_name_email: bool) -> list[FieldError]:
    """Return the refused fields, in WordPress's order: required, email, empty comment, lengths.

    `email_valid` is `email_verdict`'s answer for the form's address.
    """
    errors: list[FieldError] = []
    author, email, url = form.author.strip(), form.email.strip(), form.url.strip()
    comment = form.comment.strip()
    # Pingbacks and trackbacks carry a blog's name and URL, never an email (WordPress requires neither).
    if require_name_email and form.comment_type in ("", "comment"):
        if not author:
            errors.append(FieldError("author", "author_required"))
        if not email:
            errors.append(FieldError("email", "email_required"))
    email_too_long = len(email.encode()) > MAX_EMAIL_BYTES
    # As WordPress, an address is only judged when name and email are required; otherwise an invalid one
    # is dropped (see `IntakeService.submit`) and the comment goes on.
    if require_name_email and form.comment_type in ("", "comment") and email and not email_too_long and not email_valid:
        errors.append(FieldError("email", "email_invalid"))
    if not comment:
        errors.append(FieldError("comment", "comment_required"))
    if len(author.encode()) > MAX_AUTHOR_BYTES:
        errors.append(FieldError("author", "author_too_long"))
    if email_too_long:
        errors.append(FieldError("email", "email_too_long"))
    if len(url.encode()) > MAX_URL_BYTES:
        errors.append(FieldError("url", "url_too_long"))
    elif url and not is_http_url(website_url(url)):
        errors.append(FieldError("url", "url_invalid"))
    if len(comment.encode()) > MAX_COMMENT_BYTES:
        errors.append(FieldError("comment", "comment_too_long"))
    return errors


async def email_verdict(email: str, *, deliverability: bool) -> bool:
    """Whether an address (stripped, within its length) is valid; the DNS check, if enabled, runs in a thread."""
    if not email or len(email.encode()) > MAX_EMAIL_BYTES:
        return False  # not judged: absent, or refused for its length
    if not deliverability:
        return email_is_valid(email, deliverability=False)
    # DNS can take seconds: never on the event loop
    return await anyio.to_thread.run_sync(functools.partial(email_is_valid, email, deliverability=True))

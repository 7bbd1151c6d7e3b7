"""Check a submission as WordPress does, decide it, and store it atomically in Redis."""

from __future__ import annotations

import hashlib
import json
import time
import uuid
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any
from urllib.parse import urlsplit

import redis
import structlog
from email_validator import EmailNotValidError, validate_email

from moderation.config import Settings
from moderation.errors import CommentNotFoundError, ModerationError
from moderation.feedback.audit import should_audit
from moderation.i18n import Lang, translate
from moderation.intake.decision import Assessment, Reason, assess
from moderation.intake.schemas import CommentIn
from moderation.keys import Keys
from moderation.privacy import Hasher
from moderation.review import queue
from moderation.scoring.base import Submission
from moderation.scoring.registry import ModelRegistry

log = structlog.get_logger(__name__)

# WordPress's limits (wp_get_comment_fields_max_lengths), in bytes of UTF-8.
MAX_AUTHOR_BYTES = 245
MAX_EMAIL_BYTES = 100
MAX_URL_BYTES = 200
MAX_COMMENT_BYTES = 65_525


@dataclass(frozen=True, slots=True)
class FieldError:
    """One refused field; `field` is None when the whole submission is refused."""

    field: str | None
    code: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        """JSON form, with the message in the reader's language."""
        return {"field": self.field, "code": self.code, "message": translate(self.code, lang, **self.params)}


class SubmissionInvalidError(ModerationError):
    """Raised when one or more fields fail WordPress's checks (422); nothing is stored."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__(", ".join(f"{e.field}:{e.code}" for e in errors))
        self.errors = errors


class DuplicateCommentError(ModerationError):
    """Raised when the same author already posted the same text on the same post and parent (409)."""

    def __init__(self, existing_id: str) -> None:
        super().__init__("duplicate comment")
        self.existing_id = existing_id


class FloodError(ModerationError):
    """Raised when the same IP or email commented less than `flood_seconds` ago (429)."""

    def __init__(self, retry_after: int) -> None:
        super().__init__("posting too quickly")
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Accepted:
    """A stored comment's public view; `replayed` when an `Idempotency-Key` returned a first answer."""

    body: dict[str, Any]
    replayed: bool = False

    @property
    def comment_id(self) -> str:
        """The stored comment's id."""
        return str(self.body["id"])


@dataclass
class IntakeService:
    """Everything intake needs, built once in the app's lifespan."""

    settings: Settings
    client: redis.Redis
    keys: Keys
    hasher: Hasher
    registry: ModelRegistry

    # Checks ----------------------------------------------------------------------------------
    def check(self, form: CommentIn) -> list[FieldError]:
        """Return the refused fields, in WordPress's order: required, email, lengths, empty comment."""
        errors: list[FieldError] = []
        author, email, url = form.author.strip(), form.email.strip(), form.url.strip()
        if self.settings.require_name_email:
            if not author:
                errors.append(FieldError("author", "author_required"))
            if not email:
                errors.append(FieldError("email", "email_required"))
        if email and not _email_is_valid(email, deliverability=self.settings.email_check_deliverability):
            errors.append(FieldError("email", "email_invalid"))
        if len(author.encode()) > MAX_AUTHOR_BYTES:
            errors.append(FieldError("author", "author_too_long"))
        if len(email.encode()) > MAX_EMAIL_BYTES and not any(e.field == "email" for e in errors):
            errors.append(FieldError("email", "email_too_long"))
        if len(url.encode()) > MAX_URL_BYTES:
            errors.append(FieldError("url", "url_too_long"))
        elif url and not _is_http_url(url):
            errors.append(FieldError("url", "url_invalid"))
        comment = form.comment.strip()
        if not comment:
            errors.append(FieldError("comment", "comment_required"))
        elif len(comment.encode()) > MAX_COMMENT_BYTES:
            errors.append(FieldError("comment", "comment_too_long"))
        return errors

    # Submission ------------------------------------------------------------------------------
    def submit(self, form: CommentIn, *, lang: Lang, idempotency_key: str | None = None) -> Accepted:
        """Check, decide and store one submission; raise a named error when it is refused."""
        idem_key = self.keys.idempotency(_sha(idempotency_key)) if idempotency_key else None
        if idem_key and (first := self.client.get(idem_key)):
            return Accepted(body=json.loads(first), replayed=True)

        errors = self.check(form)
        if errors:
            raise SubmissionInvalidError(errors)

        author, email, url = form.author.strip(), form.email.strip(), form.url.strip()
        text = form.comment.strip()
        email_hash = self.hasher.email(email)
        ip_hash = self.hasher.ip(form.user_ip)
        dup_key = self.keys.duplicate(_fingerprint(form.comment_post_ID, form.comment_parent, author, email, text))
        flood_keys = self._flood_keys(ip_hash=ip_hash, email_hash=email_hash)
        self._refuse_repeats(dup_key, flood_keys)

        trusted = bool(email_hash) and self._approved_count(email_hash) >= max(
            self.settings.reputation_min_approved, 1
        )
        honeypot = str((form.model_extra or {}).get(self.settings.honeypot_field) or "").strip()
        scorer = self.registry.current  # one model for the whole request, even if a reload happens now
        assessment = assess(
            submission=Submission(text=text, author=author, email=email, url=url, lang=form.lang or None),
            scorer=scorer,
            settings=self.settings,
            context_fields=(form.user_ip, form.user_agent),
            honeypot_filled=bool(honeypot),
            trusted_author=trusted,
        )
        now = time.time()
        comment_id = uuid.uuid4().hex
        record = _record(
            comment_id=comment_id,
            form=form,
            text=text,
            assessment=assessment,
            ip_hash=ip_hash,
            email_hash=email_hash,
            now=now,
        )
        body = public_view(record, lang=lang)
        self._commit(
            record=record,
            assessment=assessment,
            dup_key=dup_key,
            flood_keys=flood_keys,
            idem_key=idem_key,
            body=body,
        )
        log.info(
            "comment.accepted",
            comment_id=comment_id,
            status=assessment.status,
            model_version=assessment.model_version,
            language=assessment.language,
        )
        return Accepted(body=body)

    def get(self, comment_id: str) -> dict[str, str]:
        """Return a comment's stored record, or raise CommentNotFoundError."""
        record: dict[str, str] = self.client.hgetall(self.keys.comment(comment_id))  # type: ignore[assignment]
        if not record:
            raise CommentNotFoundError(comment_id)
        return record

    # Internals -------------------------------------------------------------------------------
    def _flood_keys(self, *, ip_hash: str, email_hash: str) -> list[str]:
        if self.settings.flood_seconds <= 0:
            return []
        keys = []
        if ip_hash:
            keys.append(self.keys.flood_ip(ip_hash))
        if email_hash:
            keys.append(self.keys.flood_email(email_hash))
        return keys

    def _refuse_repeats(self, dup_key: str, flood_keys: list[str], client: Any = None) -> None:
        """Raise DuplicateCommentError or FloodError (WordPress checks duplicates first)."""
        client = client or self.client
        existing = client.get(dup_key)
        if existing:
            raise DuplicateCommentError(existing)
        for key in flood_keys:
            ttl = client.pttl(key)
            if ttl is not None and ttl > 0:
                raise FloodError(retry_after=max(1, -(-ttl // 1000)))

    def _approved_count(self, email_hash: str) -> int:
        value = self.client.hget(self.keys.approved_authors(), email_hash)
        return int(value) if value else 0

    def _commit(
        self,
        *,
        record: dict[str, str],
        assessment: Assessment,
        dup_key: str,
        flood_keys: list[str],
        idem_key: str | None,
        body: dict[str, Any],
    ) -> None:
        """Store the comment and its side effects in one MULTI/EXEC, re-checking repeats under WATCH."""
        comment_id = record["id"]
        retention = self.settings.retention_days * 86_400
        watched = [dup_key, *flood_keys, *([idem_key] if idem_key else [])]
        audit = should_audit(status=assessment.status, rate=self.settings.audit_sample_rate)
        with self.client.pipeline(transaction=True) as pipe:
            while True:
                try:
                    pipe.watch(*watched)  # type: ignore[no-untyped-call]  # redis-py leaves it untyped
                    if idem_key and pipe.get(idem_key):
                        # A concurrent retry with the same key won the race: it is stored once.
                        pipe.unwatch()
                        return
                    self._refuse_repeats(dup_key, flood_keys, client=pipe)
                    pipe.multi()
                    comment_key = self.keys.comment(comment_id)
                    pipe.hset(comment_key, mapping=dict(record))  # type: ignore[arg-type]  # str values are valid
                    pipe.expire(comment_key, retention)
                    pipe.set(dup_key, comment_id, ex=retention)
                    for key in flood_keys:
                        pipe.set(key, comment_id, ex=self.settings.flood_seconds)
                    if record["email_hash"]:
                        history = self.keys.author_comments(record["email_hash"])
                        pipe.zadd(history, {comment_id: float(record["created_at"])})
                        pipe.expire(history, retention)
                        if assessment.status == "approved":
                            pipe.hincrby(self.keys.approved_authors(), record["email_hash"], 1)
                    if assessment.status == "pending" or audit:
                        queue.enqueue(
                            pipe,
                            keys=self.keys,
                            comment_id=comment_id,
                            risk=assessment.risk,
                            created_at=float(record["created_at"]),
                            audit=audit,
                        )
                    if idem_key:
                        pipe.set(idem_key, json.dumps(body), ex=self.settings.idempotency_ttl_seconds)
                    pipe.execute()
                    return
                except redis.WatchError:
                    continue


def public_view(record: dict[str, str], *, lang: Lang) -> dict[str, Any]:
    """The comment as the site sees it: status, scores and localised reasons; no email, no IP."""
    reasons = [
        Reason(
            code=r["code"], source=r["source"], head=r.get("head"), params=r.get("params", {})
        ).to_dict(lang)
        for r in json.loads(record["reasons"])
    ]
    return {
        "id": record["id"],
        "status": record["status"],
        "scores": json.loads(record["scores"]),
        "reasons": reasons,
        "language": record["language"],
        "model_version": record["model_version"],
        "spans": json.loads(record.get("spans") or "{}"),
        "created_at": float(record["created_at"]),
        "updated_at": float(record["updated_at"]),
    }


def _record(
    *,
    comment_id: str,
    form: CommentIn,
    text: str,
    assessment: Assessment,
    ip_hash: str,
    email_hash: str,
    now: float,
) -> dict[str, str]:
    """The stored form of an accepted comment (Redis hash fields are strings)."""
    return {
        "id": comment_id,
        "status": assessment.status,
        "created_at": repr(now),
        "updated_at": repr(now),
        "post_id": form.comment_post_ID,
        "parent_id": form.comment_parent,
        "author": form.author.strip(),
        "email": form.email.strip(),
        "url": form.url.strip(),
        "comment": text,
        "permalink": form.permalink,
        "referrer": form.referrer,
        "user_agent": form.user_agent,
        "ip_hash": ip_hash,
        "email_hash": email_hash,
        "lang_hint": form.lang,
        "language": assessment.language,
        "model_version": assessment.model_version,
        "scores": json.dumps(assessment.scores),
        "risk": repr(assessment.risk),
        "reasons": json.dumps(
            [
                {"code": r.code, "source": r.source, "head": r.head, "params": r.params}
                for r in assessment.reasons
            ]
        ),
        "spans": json.dumps(
            {
                head: [{"start": s.start, "end": s.end, "text": s.text, "weight": s.weight} for s in spans]
                for head, spans in assessment.spans.items()
            }
        ),
    }


def _email_is_valid(email: str, *, deliverability: bool) -> bool:
    try:
        validate_email(email, check_deliverability=deliverability, allow_smtputf8=True)
    except EmailNotValidError:
        return False
    return True


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def _fingerprint(post: str, parent: str, author: str, email: str, text: str) -> str:
    """Identify "the same comment again": same post, parent, author, email and text."""
    return _sha(json.dumps([post, parent, author.casefold(), email.casefold(), text], ensure_ascii=False))

"""Check a submission as WordPress does, decide it, and store it atomically in Redis."""

from __future__ import annotations

import functools
import json
import re
import time
import uuid
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import anyio.to_thread
import redis
import redis.asyncio
import structlog
from email_validator import EmailNotValidError, validate_email

from moderation.config import Settings
from moderation.credentials import sha256_hex
from moderation.errors import CommentNotFoundError, ModerationError
from moderation.i18n import Lang, translate
from moderation.intake.decision import Assessment, Status, assess
from moderation.intake.form_signals import form_flags
from moderation.intake.schemas import CommentIn
from moderation.privacy import Hasher
from moderation.reasons import Reason, localized_reasons
from moderation.review import queue
from moderation.review.daily import count_intake
from moderation.scoring.base import Scorer, Submission
from moderation.scoring.registry import ModelRegistry
from moderation.site import memory
from moderation.site.audit import should_audit
from moderation.site.marks import Marks, extract
from moderation.site.reputation import count_approval, is_trusted
from moderation.storage import scripts
from moderation.storage.commit import AsyncGuardedCommit, Writes
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord, masked_email, read_record, write_record

if TYPE_CHECKING:
    from moderation.site.bans import BanList
    from moderation.site.layer.serving import LayerCache
    from moderation.site.settings import SiteSettings

log = structlog.get_logger(__name__)

#: Comments up to this long are scored and have their site-memory marks read on the event loop (a millisecond or
#: two); a longer one's (up to the 8,000 scored characters: tens of milliseconds for hostile text) in a worker thread.
_INLINE_CHARS = 2_000

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


class IdempotencyKeyReusedError(ModerationError):
    """Raised when an `Idempotency-Key` already answered a request with a different body (422); nothing is stored.

    The IETF Idempotency-Key draft: a key names one request; replaying its first answer for another body
    would silently drop the new comment.
    """


@dataclass(frozen=True, slots=True)
class IdempotencyKey:
    """A client's `Idempotency-Key`, scoped to who sent it: the same key from two clients names two requests."""

    value: str
    #: a verified site key's digest ("site:...") or the connecting address's keyed hash ("ip:...")
    client: str

    def storage_id(self) -> str:
        """The digest its Redis key is named by (neither the key nor the client appear in Redis)."""
        return sha256_hex(f"{self.client}\n{self.value}")


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
    client: redis.Redis  # lookups and dry runs, from worker threads
    async_client: redis.asyncio.Redis  # `submit`'s two round trips, awaited on the event loop
    keys: Keys
    hasher: Hasher
    registry: ModelRegistry
    site_settings: SiteSettings | None = None  # admin word lists and thresholds (review workspace)
    bans: BanList | None = None  # banned email and IP hashes (review workspace)
    layers: LayerCache | None = None  # the site's learning layer this worker serves (site/layer)

    def __post_init__(self) -> None:
        self._precheck_script = scripts.register(
            self.async_client, "intake_precheck", prelude=["repeats", "site_memory"]
        )
        self._recall_script = scripts.register(self.client, "site_memory_recall", prelude=["site_memory"])
        self._guarded_commit = AsyncGuardedCommit(self.async_client, guard="intake_guard", prelude=["repeats"])

    # Checks ----------------------------------------------------------------------------------
    def check(self, form: CommentIn, *, email_valid: bool) -> list[FieldError]:
        """Return the refused fields, in WordPress's order: required, email, empty comment, lengths.

        `email_valid` is `email_verdict`'s answer for the form's address.
        """
        errors: list[FieldError] = []
        author, email, url = form.author.strip(), form.email.strip(), form.url.strip()
        comment = form.comment.strip()
        # Pingbacks and trackbacks carry a blog's name and URL, never an email (WordPress requires neither).
        if self.settings.require_name_email and form.comment_type in ("", "comment"):
            if not author:
                errors.append(FieldError("author", "author_required"))
            if not email:
                errors.append(FieldError("email", "email_required"))
        email_too_long = len(email.encode()) > MAX_EMAIL_BYTES
        # As WordPress, an address is only judged when name and email are required; otherwise an invalid one
        # is dropped (see `submit`) and the comment goes on.
        if (
            self.settings.require_name_email
            and form.comment_type in ("", "comment")
            and email
            and not email_too_long
            and not email_valid
        ):
            errors.append(FieldError("email", "email_invalid"))
        if not comment:
            errors.append(FieldError("comment", "comment_required"))
        if len(author.encode()) > MAX_AUTHOR_BYTES:
            errors.append(FieldError("author", "author_too_long"))
        if email_too_long:
            errors.append(FieldError("email", "email_too_long"))
        if len(url.encode()) > MAX_URL_BYTES:
            errors.append(FieldError("url", "url_too_long"))
        elif url and not _is_http_url(website_url(url)):
            errors.append(FieldError("url", "url_invalid"))
        if len(comment.encode()) > MAX_COMMENT_BYTES:
            errors.append(FieldError("comment", "comment_too_long"))
        return errors

    async def email_verdict(self, email: str) -> bool:
        """Whether an address (stripped, within its length) is valid; the DNS check, if enabled, runs in a thread."""
        if not email or len(email.encode()) > MAX_EMAIL_BYTES:
            return False  # not judged: absent, or refused for its length
        if not self.settings.email_check_deliverability:
            return _email_is_valid(email, deliverability=False)
        # DNS can take seconds: never on the event loop
        return await anyio.to_thread.run_sync(functools.partial(_email_is_valid, email, deliverability=True))

    # Submission ------------------------------------------------------------------------------
    async def submit(
        self, form: CommentIn, *, lang: Lang, idempotency: IdempotencyKey | None = None, resend: bool = False
    ) -> Accepted:
        """Check, decide and store one submission; raise a named error when it is refused.

        `resend` (a credentialed site sending again a comment it already received: a retry after an outage, an
        edited comment) skips the flood check: the reader posted once, the site only repeats it.

        Two round trips to Redis: one script reads everything the decision needs (replay, duplicate,
        flood, reputation, bans, the site memory); the other re-checks replay, duplicate and flood and, only
        if all are still clear, writes the comment and its side effects, atomically (a Lua script runs alone).
        Both are awaited on the event loop; the checks run on it inline, the scoring in a worker thread.
        """
        email_valid = await self.email_verdict(form.email.strip())
        errors = self.check(form, email_valid=email_valid)
        if errors:
            raise SubmissionInvalidError(errors)
        request_digest = _request_digest(form)
        if not self.settings.require_name_email and form.email.strip() and not email_valid:
            form = form.model_copy(update={"email": ""})  # optional and invalid: stored as no address at all

        author, email, url = form.author.strip(), form.email.strip(), website_url(form.url)
        text = form.comment.strip()
        email_hash = self.hasher.email(email)
        ip_hash = self.hasher.ip(form.user_ip)
        repeats = _RepeatKeys(
            idempotency=self.keys.idempotency(idempotency.storage_id()) if idempotency else None,
            duplicate=self.keys.duplicate(
                duplicate_fingerprint(form.comment_post_ID, form.comment_parent, author, email, text)
            ),
            flood=[] if resend else self._flood_keys(ip_hash=ip_hash, email_hash=email_hash),
        )
        now = time.time()
        marks = await self._marks(text=text, url=url, email=email)
        identity = _identity(email_hash, ip_hash)
        read = await self._precheck(
            repeats, email_hash=email_hash, ip_hash=ip_hash, marks=marks, identity=identity, now=now
        )
        if isinstance(read, _Replay):
            return read.answer_for(request_digest)
        approved, banned, recall = read
        settings = await self._submit_settings()
        findings = memory.judge(
            keys=self.keys, marks=marks, recall=recall, settings=settings, own_hosts=self._own_hosts(form.permalink)
        )
        honeypot = str((form.model_extra or {}).get(self.settings.honeypot_field) or "").strip()
        assess = functools.partial(
            self._assess,
            Submission(text=text, author=author, email=email, url=url, lang=form.lang or None),
            scorer=self.registry.current,
            settings=settings,
            context_fields=(form.user_ip, form.user_agent),
            honeypot_filled=bool(honeypot),
            form_flags=tuple(form_flags(form, min_seconds=self.settings.min_form_seconds)),
            trusted=self._trusted(email_hash, approved),
            banned=banned,
            memory=findings,
        )
        # Scoring is CPU: an ordinary comment's (a millisecond or two) runs inline, where a thread hop and the GIL
        # handover would cost more server CPU than the scoring; a long text's (tens of milliseconds at worst for a
        # hostile 65 KB one) in a worker thread, so the event loop gets the GIL back every switch interval and
        # keeps answering other requests meanwhile.
        assessment = assess() if len(text) <= _INLINE_CHARS else await anyio.to_thread.run_sync(assess)
        comment_id = uuid.uuid4().hex
        record = _record(
            comment_id=comment_id,
            form=form,
            text=text,
            assessment=assessment,
            ip_hash=ip_hash,
            email_hash=email_hash,
            user_agent_hash=self.hasher.user_agent(form.user_agent),
            idempotency_id=idempotency.storage_id() if idempotency else "",
            now=now,
        )
        body = public_view(record, lang=lang)
        replayed = await self._commit(
            repeats,
            functools.partial(
                self._writes,
                record=record,
                assessment=assessment,
                repeats=repeats,
                remembered=json.dumps({"request": request_digest, "answer": body}),
                marks=marks,
                findings=findings,
            ),
            burst=_Burst(
                prefix=self.keys.memory_prefixes()[3],
                groups=" ".join(marks.burst_bands),
                identity=identity,
                now=now,
                window=self.settings.campaign_window_seconds,
            ),
        )
        if replayed is not None:
            # a concurrent retry with the same Idempotency-Key stored first: its answer wins
            return replayed.answer_for(request_digest)
        log.info(
            "comment.accepted",
            comment_id=comment_id,
            status=assessment.status,
            model_version=assessment.model_version,
            language=assessment.language,
        )
        return Accepted(body=body)

    def get(self, comment_id: str) -> CommentRecord:
        """Return a comment's stored record, or raise CommentNotFoundError."""
        record = read_record(self.client, keys=self.keys, comment_id=comment_id)
        if record is None:
            raise CommentNotFoundError(comment_id)
        return record

    def forget(self, comment_id: str, *, email: str = "") -> bool:
        """Delete a comment the site deleted for good: its record, its place in the review queue, its remembered
        answer, and (given the author's `email`, which the service does not keep) its duplicate check.

        Labels already written stay in the label stream (they are the moderators' and editors' past verdicts).
        Returns False when there was nothing to delete (unknown, expired, or already forgotten).
        """
        record = read_record(self.client, keys=self.keys, comment_id=comment_id)
        if record is None:
            return False
        doomed = [self.keys.comment(comment_id), self.keys.explanation(comment_id)]
        if record.idempotency_id:
            doomed.append(self.keys.idempotency(record.idempotency_id))
        address = email.strip()
        if address and record.email_hash and self.hasher.email(address) == record.email_hash:
            post, parent = record.post_id, record.parent_id
            duplicate = self.keys.duplicate(duplicate_fingerprint(post, parent, record.author, address, record.comment))
            if self.client.get(duplicate) == comment_id:
                doomed.append(duplicate)
        with self.client.pipeline(transaction=True) as pipe:
            queue.dequeue(pipe, keys=self.keys, record=record)
            pipe.delete(*doomed)
            if record.email_hash:
                pipe.zrem(self.keys.author_comments(record.email_hash), comment_id)
            pipe.execute()
        log.info("comment.forgotten", comment_id=comment_id)
        return True

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

    def effective_settings(self) -> Settings:
        """The environment's settings with the admins' word lists and thresholds applied."""
        return self.site_settings.apply(self.settings) if self.site_settings else self.settings

    async def _submit_settings(self) -> Settings:
        """`effective_settings`, re-reading the admins' overrides in a thread when their cache is due."""
        if self.site_settings is None:
            return self.settings
        cached = self.site_settings.cached(self.settings)
        if cached is not None:
            return cached
        return await anyio.to_thread.run_sync(self.site_settings.apply, self.settings)

    def dry_run(
        self,
        submission: Submission,
        *,
        scorer: Scorer,
        settings: Settings,
        user_ip: str,
        user_agent: str,
        honeypot_filled: bool,
        permalink: str = "",
    ) -> Assessment:
        """Decide a submission as `submit` would (reputation, bans, site settings, site memory), storing nothing.

        The caller passes the model and settings it read once (`registry.current`, `effective_settings()`), so
        whatever it derives next from their thresholds matches this decision even if a reload lands in between.
        """
        email_hash, ip_hash = self.hasher.email(submission.email), self.hasher.ip(user_ip)
        with self.client.pipeline(transaction=False) as pipe:
            pipe.hget(self.keys.approved_authors(), email_hash or "-")
            pipe.sismember(self.keys.banned_emails(), email_hash or "-")
            pipe.sismember(self.keys.banned_ips(), ip_hash or "-")
            approved, *bans = pipe.execute()
        findings = None
        marks = (
            extract(text=submission.text, url=submission.url, email=submission.email)
            if self.settings.site_memory
            else Marks()
        )
        if not marks.empty:
            now = time.time()
            args = memory.lookup(keys=self.keys, marks=marks, identity=_identity(email_hash, ip_hash), now=now,
                                 settings=settings)  # fmt: skip
            # KEYS[1] only routes the script to the namespace's slot (a Redis Cluster); it is not read
            recall = memory.Recall.parse(marks, self._recall_script(keys=[self.keys.memory_campaigns()], args=args))
            findings = memory.judge(
                keys=self.keys, marks=marks, recall=recall, settings=settings, own_hosts=self._own_hosts(permalink)
            )
        return self._assess(
            submission,
            scorer=scorer,
            settings=settings,
            context_fields=(user_ip, user_agent),
            honeypot_filled=honeypot_filled,
            trusted=self._trusted(email_hash, int(approved or 0)),
            banned=self.bans is not None and any(bans),
            memory=findings,
        )

    async def _marks(self, *, text: str, url: str, email: str) -> Marks:
        """The site memory's marks of a comment (none when the memory is off); a long text's in a worker thread."""
        if not self.settings.site_memory:
            return Marks()
        if len(text) <= _INLINE_CHARS:
            return extract(text=text, url=url, email=email)
        return await anyio.to_thread.run_sync(functools.partial(extract, text=text, url=url, email=email))

    def _own_hosts(self, permalink: str) -> list[str]:
        """The site's own hosts: the comment's permalink's and the configured redirect hosts."""
        hosts = list(self.settings.allowed_redirect_hosts)
        if permalink:
            try:
                host = urlsplit(permalink.strip()).hostname
            except ValueError:
                host = None
            if host:
                hosts.append(host)
        return hosts

    def _trusted(self, email_hash: str, approved: int) -> bool:
        return is_trusted(email_hash=email_hash, approved=approved, min_approved=self.settings.reputation_min_approved)

    def _assess(
        self,
        submission: Submission,
        *,
        scorer: Scorer,
        settings: Settings,
        context_fields: tuple[str, ...],
        honeypot_filled: bool,
        trusted: bool,
        banned: bool,
        form_flags: tuple[tuple[Status, Reason], ...] = (),
        memory: memory.Findings | None = None,
    ) -> Assessment:
        # Spans are not made here: they cost more than the scores, and only comments a moderator opens need them
        # (moderation/review/explanations.py makes them then, and caches them).
        return assess(
            submission=submission,
            scorer=scorer,
            settings=settings,
            context_fields=context_fields,
            honeypot_filled=honeypot_filled,
            form_flags=form_flags,
            trusted_author=trusted,
            banned=banned,
            explain=False,
            layer=self.layers.current if self.layers is not None else None,
            memory=memory,
        )

    async def _precheck(
        self, repeats: _RepeatKeys, *, email_hash: str, ip_hash: str, marks: Marks, identity: str, now: float
    ) -> _Replay | tuple[int, bool, memory.Recall]:
        """Replay a first answer or raise a repeat's error; else return (approved comments, banned, memory)."""
        if marks.empty:
            memory_args = memory.no_lookup(self.keys)
        else:
            memory_args = memory.lookup(keys=self.keys, marks=marks, identity=identity, now=now, settings=self.settings)
        keys = [*repeats.checked, self.keys.approved_authors(), self.keys.banned_emails(), self.keys.banned_ips()]
        # The ban sets are the review workspace's (BanList); they are read here to save a round trip.
        check_bans = "1" if self.bans is not None else "0"
        args = [*repeats.args, email_hash, ip_hash, check_bans, *memory_args]
        outcome = await self._precheck_script(keys=keys, args=args)
        if outcome[0] == "ok":
            return int(outcome[1]), outcome[2] == "1", memory.Recall.parse(marks, outcome[3:])
        return _refusal(outcome)

    async def _commit(self, repeats: _RepeatKeys, writes: Writes, *, burst: _Burst) -> _Replay | None:
        """Apply `writes` if no replay, duplicate or flood appeared since the pre-check; else refuse or replay.

        The comment joins its burst buckets in the same script (intake_guard.lua), for campaigns to be seen.
        """
        outcome = await self._guarded_commit(keys=repeats.checked, args=[*repeats.args, *burst.args], writes=writes)
        if outcome[0] == "ok":
            return None
        return _refusal(outcome)

    def _writes(
        self,
        pipe: redis.client.Pipeline,
        *,
        record: CommentRecord,
        assessment: Assessment,
        repeats: _RepeatKeys,
        remembered: str,
        marks: Marks,
        findings: memory.Findings,
    ) -> None:
        """Queue the commands that store the comment and its side effects."""
        comment_id = record.id
        retention = self.settings.retention_days * 86_400
        comment_key = self.keys.comment(comment_id)
        write_record(pipe, keys=self.keys, record=record)
        pipe.expire(comment_key, retention)
        pipe.set(repeats.duplicate, comment_id, ex=retention)
        for key in repeats.flood:
            pipe.set(key, comment_id, ex=self.settings.flood_seconds)
        if record.email_hash:
            history = self.keys.author_comments(record.email_hash)
            pipe.zadd(history, {comment_id: record.created_at})
            pipe.expire(history, retention)
            if assessment.status == "approved":
                count_approval(pipe, keys=self.keys, email_hash=record.email_hash, delta=1)
        count_intake(pipe, keys=self.keys, status=assessment.status, model_version=record.model_version,
                     at=record.created_at)  # fmt: skip
        if assessment.status == "approved":
            memory.count_approved(pipe, keys=self.keys, marks=marks)  # its links are now "seen approved"
        held = assessment.status == "pending"
        memory.remember(pipe, keys=self.keys, findings=findings, held=held, now=record.created_at)
        audit = should_audit(status=assessment.status, rate=self.settings.audit_sample_rate)
        if assessment.status == "pending" or audit:
            queue.enqueue(
                pipe,
                keys=self.keys,
                comment_id=comment_id,
                risk=assessment.risk,
                created_at=record.created_at,
                audit=audit,
                post_id=record.post_id,
                language=record.language,
                reasons=queue.reason_tokens(record.reasons),
            )
        if repeats.idempotency:
            pipe.set(repeats.idempotency, remembered, ex=self.settings.idempotency_ttl_seconds)


@dataclass(frozen=True, slots=True)
class _Replay:
    """What an `Idempotency-Key` remembers: the digest of its first request's fields and the answer given."""

    request: str | None  # None for entries stored before digests were kept: replayed as they are
    answer: dict[str, Any]

    @classmethod
    def parse(cls, stored: str) -> _Replay:
        value = json.loads(stored)
        if "answer" in value and "request" in value:
            return cls(request=value["request"], answer=value["answer"])
        return cls(request=None, answer=value)

    def answer_for(self, request_digest: str) -> Accepted:
        """The first answer, if this request is the first one again; else IdempotencyKeyReusedError."""
        if self.request is not None and self.request != request_digest:
            raise IdempotencyKeyReusedError("the Idempotency-Key was used with different fields")
        return Accepted(body=self.answer, replayed=True)


def _request_digest(form: CommentIn) -> str:
    """Identify a request by its fields (either encoding), so a retry matches and another comment does not."""
    return sha256_hex(json.dumps(form.model_dump(mode="json"), sort_keys=True, ensure_ascii=False))


def _refusal(outcome: list[Any]) -> _Replay:
    """Turn a script's refusal into the remembered first answer (replay) or the named error."""
    kind, value = outcome[0], outcome[1]
    if kind == "replay":
        return _Replay.parse(value)
    if kind == "duplicate":
        raise DuplicateCommentError(value)
    if kind == "flood":
        raise FloodError(retry_after=max(1, -(-int(value) // 1000)))
    raise ValueError(f"unexpected script outcome {kind!r}")


@dataclass(frozen=True, slots=True)
class _Burst:
    """A comment's burst buckets (none for a text too short for a print) and its member in them."""

    prefix: str
    groups: str  # the print's burst groups, space-separated: one bucket each
    identity: str
    now: float
    window: int  # seconds

    @property
    def args(self) -> list[str]:
        """ARGV[3..7] of intake_guard.lua: the buckets' prefix and groups, the identity, now and the window (ms)."""
        return [self.prefix, self.groups, self.identity, str(int(self.now * 1000)), str(self.window * 1000)]


def _identity(email_hash: str, ip_hash: str) -> str:
    """Who posted, for telling a campaign's authors apart: e-mail and IP hashes, else a one-off (unknown)."""
    if not email_hash and not ip_hash:
        return uuid.uuid4().hex[:16]
    return sha256_hex(f"{email_hash}|{ip_hash}")[:16]


@dataclass(frozen=True, slots=True)
class _RepeatKeys:
    """The keys that make a submission a replay, a duplicate or a flood."""

    idempotency: str | None
    duplicate: str
    flood: list[str]

    @property
    def checked(self) -> list[str]:
        """KEYS of repeats.lua: duplicate, idempotency (the duplicate again when absent), flood keys."""
        return [self.duplicate, self.idempotency or self.duplicate, *self.flood]

    @property
    def args(self) -> list[str]:
        """ARGV of repeats.lua: whether KEYS[2] is a real idempotency key, how many flood keys."""
        return ["1" if self.idempotency else "0", str(len(self.flood))]


def public_view(record: CommentRecord, *, lang: Lang, credentialed: bool = True) -> dict[str, Any]:
    """The stored comment as the site sees it: status, scores and localised reasons; no email, no IP.

    Without `credentialed` (anyone holding the id, e.g. from a form's redirect), only the status: scores and
    reasons would tell a troll which words to change to slip past.
    """
    if not credentialed:
        return {
            "id": record.id,
            "status": record.status,
            "language": record.language,
            "created_at": record.created_at,
            "updated_at": record.updated_at,
        }
    return {
        "id": record.id,
        "status": record.status,
        "scores": record.scores,
        "reasons": localized_reasons(record.reasons, lang),
        "language": record.language,
        "model_version": record.model_version,
        "spans": record.spans,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def _record(
    *,
    comment_id: str,
    form: CommentIn,
    text: str,
    assessment: Assessment,
    ip_hash: str,
    email_hash: str,
    user_agent_hash: str,
    idempotency_id: str,
    now: float,
) -> CommentRecord:
    """The record of an accepted comment: the e-mail masked, the IP and user agent hashed, no referrer.

    What each field keeps, and why, is in docs/operations.md ("What is stored, and for how long").
    """
    return CommentRecord(
        id=comment_id,
        status=assessment.status,
        created_at=now,
        updated_at=now,
        post_id=form.comment_post_ID,
        parent_id=form.comment_parent,
        author=form.author.strip(),
        email_masked=masked_email(form.email),
        url=website_url(form.url),
        comment=text,
        permalink=form.permalink,
        ip_hash=ip_hash,
        email_hash=email_hash,
        user_agent_hash=user_agent_hash,
        idempotency_id=idempotency_id,
        lang_hint=form.lang,
        language=assessment.language,
        model_version=assessment.model_version,
        scores=dict(assessment.scores),
        risk=assessment.risk,
        reasons=[{"code": r.code, "source": r.source, "head": r.head, "params": r.params} for r in assessment.reasons],
        spans=_span_dicts(assessment),
    )


def _span_dicts(assessment: Assessment) -> dict[str, list[dict[str, Any]]]:
    """The assessment's spans per head, in their stored (and public) JSON shape."""
    return {
        head: [{"start": s.start, "end": s.end, "text": s.text, "weight": s.weight} for s in spans]
        for head, spans in assessment.spans.items()
    }


def _email_is_valid(email: str, *, deliverability: bool) -> bool:
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


def _is_http_url(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def duplicate_fingerprint(post: str, parent: str, author: str, email: str, text: str) -> str:
    """Identify "the same comment again": same post, parent, author, email and text."""
    return sha256_hex(json.dumps([post, parent, author.casefold(), email.casefold(), text], ensure_ascii=False))

"""Check a submission as WordPress does, decide it, and store it atomically in Redis."""

from __future__ import annotations

import functools
import json
import time
import uuid
from dataclasses import dataclass
from typing import TYPE_CHECKING

import anyio.to_thread
import redis
import redis.asyncio
import structlog

from moderation.config import Settings
from moderation.credentials import sha256_hex
from moderation.errors import CommentNotFoundError
from moderation.i18n import Lang
from moderation.intake.accepted import Accepted, accepted_record, public_view
from moderation.intake.checks import check, email_verdict
from moderation.intake.decision import Assessment, Status, assess
from moderation.intake.errors import SubmissionInvalidError
from moderation.intake.form_signals import form_flags
from moderation.intake.repeats import IdempotencyKey, RepeatKeys, Replay, duplicate_fingerprint, refusal, request_digest
from moderation.intake.schemas import CommentIn
from moderation.intake.validation import website_url
from moderation.intake.writes import queue_writes
from moderation.privacy import Hasher
from moderation.reasons import Reason
from moderation.review import queue
from moderation.scoring.base import Scorer, Submission
from moderation.scoring.registry import ModelRegistry
from moderation.site import memory
from moderation.site.marks import Marks, extract
from moderation.site.reputation import is_trusted
from moderation.storage import scripts
from moderation.storage.commit import AsyncGuardedCommit, Writes
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord, read_record

if TYPE_CHECKING:
    from moderation.site.bans import BanList
    from moderation.site.layer.serving import LayerCache
    from moderation.site.settings import SiteSettings

log = structlog.get_logger(__name__)

#: Comments up to this long are scored and have their site-memory marks read on the event loop (a millisecond or
#: two); a longer one's (up to the 8,000 scored characters: tens of milliseconds for hostile text) in a worker thread.
_INLINE_CHARS = 2_000


@dataclass
class IntakeService:
    """Everything intake needs, built once in the app's lifespan."""

    settings: Settings
    client: redis.Redis  # lookups and dry runs, from worker threads
    async_client: redis.asyncio.Redis  # `submit`'s two round trips, awaited on the event loop
    keys: Keys
    hasher: Hasher
    registry: ModelRegistry
    site_settings: SiteSettings  # admin word lists and thresholds (site/settings.py)
    bans: BanList  # banned email and IP hashes (site/bans.py)
    layers: LayerCache  # the site's learning layer this worker serves (site/layer)
    # the site's own domains (MODERATION_ALLOWED_REDIRECT_HOSTS): links to its pages are sources for the scorer; never
    # the host a request's permalink claims, which any poster can set
    site_hosts: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        self._precheck_script = scripts.DirectScript(
            self.async_client, scripts.text("intake_precheck", prelude=["repeats", "site_memory"])
        )
        self._recall_script = scripts.register(self.client, "site_memory_recall", prelude=["site_memory"])
        self._guarded_commit = AsyncGuardedCommit(self.async_client, guard="intake_guard", prelude=["repeats"])
        # the domains the site memory never penalises, normalised once (a request adds its permalink's at most)
        self._memory_allowed = memory.allowed_domains(self.settings)

    # Submission ------------------------------------------------------------------------------
    async def submit(
        self,
        form: CommentIn,
        *,
        lang: Lang,
        idempotency: IdempotencyKey | None = None,
        resend: bool = False,
        from_site: bool = False,
    ) -> Accepted:
        """Check, decide and store one submission; raise a named error when it is refused.

        `resend` (a credentialed site sending again a comment it already received: a retry after an outage, an
        edited comment) skips the flood check: the reader posted once, the site only repeats it.

        `from_site`: the request presented a site key, so its permalink is the site's article and its host one
        of the site's own; anyone else's permalink is what the poster typed, and the site memory ignores it
        (a spammer would name its own domain there to dodge the memory's spam and unseen-link checks).

        Two round trips to Redis: one script reads everything the decision needs (replay, duplicate,
        flood, reputation, bans, the site memory); the other re-checks replay, duplicate and flood and, only
        if all are still clear, writes the comment and its side effects, atomically (a Lua script runs alone).
        Both are awaited on the event loop; the checks run on it inline, the scoring in a worker thread.
        """
        email_valid = await email_verdict(form.email.strip(), deliverability=self.settings.email_check_deliverability)
        errors = check(form, email_valid=email_valid, require_name_email=self.settings.require_name_email)
        if errors:
            raise SubmissionInvalidError(errors)
        # What an Idempotency-Key remembers: a request without one is never replayed, so it needs no digest.
        digest = request_digest(form) if idempotency else ""
        if not self.settings.require_name_email and form.email.strip() and not email_valid:
            form = form.model_copy(update={"email": ""})  # optional and invalid: stored as no address at all

        author, email, url = form.author.strip(), form.email.strip(), website_url(form.url)
        text = form.comment.strip()
        email_hash = self.hasher.email(email)
        ip_hash = self.hasher.ip(form.user_ip)
        repeats = RepeatKeys(
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
        if isinstance(read, Replay):
            return read.answer_for(digest)
        approved, banned, recall = read
        settings = await self._submit_settings()
        findings = memory.judge(
            keys=self.keys,
            marks=marks,
            recall=recall,
            settings=settings,
            allowed=memory.with_permalink(self._memory_allowed, form.permalink if from_site else ""),
        )
        honeypot = str((form.model_extra or {}).get(self.settings.honeypot_field) or "").strip()
        assess = functools.partial(
            self._assess,
            Submission(
                text=text, author=author, email=email, url=url, lang=form.lang or None, own_hosts=self.site_hosts
            ),
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
        record = accepted_record(
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
                queue_writes,
                keys=self.keys,
                settings=self.settings,
                record=record,
                assessment=assessment,
                repeats=repeats,
                remembered=json.dumps({"request": digest, "answer": body}) if idempotency else "",
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
            return replayed.answer_for(digest)
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
        return self.site_settings.apply(self.settings)

    async def _submit_settings(self) -> Settings:
        """`effective_settings`, re-reading the admins' overrides in a thread when their cache is due."""
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
                keys=self.keys,
                marks=marks,
                recall=recall,
                settings=settings,
                allowed=memory.with_permalink(self._memory_allowed, permalink),
            )
        return self._assess(
            submission,
            scorer=scorer,
            settings=settings,
            context_fields=(user_ip, user_agent),
            honeypot_filled=honeypot_filled,
            trusted=self._trusted(email_hash, int(approved or 0)),
            banned=any(bans),
            memory=findings,
        )

    async def _marks(self, *, text: str, url: str, email: str) -> Marks:
        """The site memory's marks of a comment (none when the memory is off); a long text's in a worker thread."""
        if not self.settings.site_memory:
            return Marks()
        if len(text) <= _INLINE_CHARS:
            return extract(text=text, url=url, email=email)
        return await anyio.to_thread.run_sync(functools.partial(extract, text=text, url=url, email=email))

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
            layer=self.layers.current,
            memory=memory,
        )

    async def _precheck(
        self, repeats: RepeatKeys, *, email_hash: str, ip_hash: str, marks: Marks, identity: str, now: float
    ) -> Replay | tuple[int, bool, memory.Recall]:
        """Replay a first answer or raise a repeat's error; else return (approved comments, banned, memory)."""
        if marks.empty:
            memory_args = memory.no_lookup(self.keys)
        else:
            memory_args = memory.lookup(keys=self.keys, marks=marks, identity=identity, now=now, settings=self.settings)
        keys = [*repeats.checked, self.keys.approved_authors(), self.keys.banned_emails(), self.keys.banned_ips()]
        # The ban sets are site/bans.py's (BanList); they are read here to save a round trip.
        args = [*repeats.args, email_hash, ip_hash, *memory_args]
        outcome = await self._precheck_script(keys=keys, args=args)
        if outcome[0] == "ok":
            return int(outcome[1]), outcome[2] == "1", memory.Recall.parse(marks, outcome[3:])
        return refusal(outcome)

    async def _commit(self, repeats: RepeatKeys, writes: Writes, *, burst: _Burst) -> Replay | None:
        """Apply `writes` if no replay, duplicate or flood appeared since the pre-check; else refuse or replay.

        The comment joins its burst buckets in the same script (intake_guard.lua), for campaigns to be seen.
        """
        outcome = await self._guarded_commit(keys=repeats.checked, args=[*repeats.args, *burst.args], writes=writes)
        if outcome[0] == "ok":
            return None
        return refusal(outcome)


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

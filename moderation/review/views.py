"""The items moderators see: a page of the queue, the next claim, one comment; each an `ItemOut`."""

from __future__ import annotations

import hashlib
import itertools
import time
from collections.abc import Sequence
from typing import Any

import redis
import structlog

from moderation.errors import CommentNotFoundError
from moderation.i18n import Lang
from moderation.reasons import localized_reasons
from moderation.review.explanations import Explainer, email_domain
from moderation.review.queue import Filters, Lease, Order, ReviewQueue
from moderation.review.schemas import (
    AuthorOut,
    ClaimOut,
    DecisionMadeOut,
    EarlierCommentOut,
    HighlightOut,
    HistoryOut,
    ItemOut,
    SpanOut,
)
from moderation.storage import scripts
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord

log = structlog.get_logger(__name__)

#: Earlier comments of the author shown with an item.
HISTORY_LIMIT = 10


def highlights(text: str, spans: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Cut the original text into segments, each with the heads whose spans cover it (code-point offsets)."""
    marks: list[tuple[int, int, str]] = []
    for head, items in spans.items():
        for span in items:
            start, end = int(span.get("start", 0)), int(span.get("end", 0))
            if 0 <= start < end <= len(text):
                marks.append((start, end, head))
    cuts = sorted({0, len(text), *(m[0] for m in marks), *(m[1] for m in marks)})
    segments: list[dict[str, Any]] = []
    for left, right in itertools.pairwise(cuts):
        heads = sorted({head for start, end, head in marks if start <= left and right <= end})
        if segments and segments[-1]["heads"] == heads:
            segments[-1]["text"] = str(segments[-1]["text"]) + text[left:right]
        else:
            segments.append({"text": text[left:right], "heads": heads})
    return segments


def page_etag(items: Sequence[ItemOut], *, total: int, lang: str) -> str:
    """A weak ETag over what changes a page of the queue for its reader: ids, versions, claims and the total.

    Ages are left out (they change every second); an item's `updated_at` moves with any change to it.
    """
    digest = hashlib.blake2b(digest_size=12)
    digest.update(f"{lang}|{total}".encode())
    for item in items:
        holder = item.claim.moderator if item.claim is not None else ""
        digest.update(f"|{item.id}:{item.updated_at!r}:{holder}".encode())
    return f'W/"{digest.hexdigest()}"'


class ReviewViews:
    """Present queued (or decided) comments to moderators: record, claim, explanation and author history."""

    def __init__(self, *, client: redis.Redis, keys: Keys, queue: ReviewQueue, explainer: Explainer | None = None):
        self.keys = keys
        self.queue = queue
        self.explainer = explainer  # None: items show only the spans stored with them
        self._views = scripts.register(client, "review_views")

    def items(
        self,
        *,
        moderator: str,
        lang: Lang,
        filters: Filters,
        order: Order | None = None,
        offset: int = 0,
        limit: int = 25,
        available_only: bool = False,
    ) -> tuple[list[ItemOut], int]:
        """One page of queued items as moderators see them, and the number matching the filters."""
        ids, total = self.queue.page(filters=filters, order=order, offset=offset, limit=limit)
        views = self.views(ids, lang=lang)
        if available_only:
            views = [v for v in views if v.claim is None or v.claim.moderator == moderator]
        return views, total

    def claim_next(
        self, *, moderator: str, lang: Lang, filters: Filters | None = None, order: Order | None = None
    ) -> ItemOut | None:
        """Lease the next item and return its view; None when nothing is left to claim."""
        while True:
            comment_id = self.queue.claim(moderator=moderator, filters=filters, order=order)
            if comment_id is None:
                return None
            views = self.views([comment_id], lang=lang, explain=True)
            if views:
                return views[0]
            self.queue.forget(comment_id)  # its record expired (retention): it can never be decided
            log.warning("review.expired_item_dropped", comment_id=comment_id)

    def item(self, comment_id: str, *, lang: Lang) -> ItemOut:
        """One comment as moderators see it (queued or not), explained (made now if not cached)."""
        views = self.views([comment_id], lang=lang, explain=True)
        if not views:
            raise CommentNotFoundError(comment_id)
        return views[0]

    def views(self, comment_ids: Sequence[str], *, lang: Lang, explain: bool = False) -> list[ItemOut]:
        """Moderator views of these comments, in order; expired records are left out.

        With `explain`, each comment's explanation is made when not cached yet (a moderator opens it); without,
        only cached explanations are shown (a page of the queue stays as cheap as reading it).
        """
        if not comment_ids:
            return []
        records, leases, histories = self._read_views(comment_ids)
        explained = self.explainer.cached(comment_ids) if self.explainer else {}
        now = time.time()
        out = []
        for comment_id, record in zip(comment_ids, records, strict=True):
            if record is None:
                continue
            lease = leases.get(comment_id)
            explanation = explained.get(comment_id)
            if explain and self.explainer is not None:
                explanation = self.explainer.explain(record.replace(id=comment_id), cached=explanation)
            # Comments stored before explanations became lazy carry their spans in the record.
            spans = explanation.spans if explanation and explanation.spans else record.spans
            out.append(
                ItemOut(
                    id=comment_id,
                    status=record.status,
                    audit=record.audit,
                    post_id=record.post_id,
                    permalink=record.permalink,
                    author=AuthorOut(
                        name=record.author,
                        url=record.url,
                        email_hash=record.email_hash,
                        email_domain=email_domain(record.email_masked),
                    ),
                    comment=record.comment,
                    language=record.language,
                    model_version=record.model_version,
                    scores=record.scores,
                    risk=record.risk,
                    reasons=[
                        *localized_reasons(record.reasons, lang, labelled=True),
                        *(explanation.reasons(lang) if explanation else []),
                    ],
                    # a span stored without text or weight stays without: the answer leaves unset fields out
                    spans={head: [SpanOut.model_validate(s) for s in found] for head, found in spans.items()},
                    highlights=[HighlightOut.model_validate(h) for h in highlights(record.comment, spans)],
                    explanation=explanation.summary(lang) if explanation else None,
                    created_at=record.created_at,
                    updated_at=record.updated_at,
                    age_seconds=max(0.0, now - record.created_at),
                    claim=ClaimOut(moderator=lease.moderator, expires_at=lease.expires_at) if lease else None,
                    decision=(
                        DecisionMadeOut(
                            moderator=record.decided_by,
                            decision=record.decision,
                            reason=record.decision_reason or None,
                            decided_at=record.decided_at or 0.0,
                        )
                        if record.decided_by
                        else None
                    ),
                    history=histories.get(comment_id) or HistoryOut(total=0, approved_total=0, counts={}, recent=[]),
                )
            )
        return out

    def _read_views(
        self, comment_ids: Sequence[str]
    ) -> tuple[list[CommentRecord | None], dict[str, Lease], dict[str, HistoryOut]]:
        """Records, live leases and authors' earlier comments of these ids, in one round trip."""
        keys = self.keys
        prefixes = [keys.comment_prefix(), keys.lease_prefix(), keys.author_comments_prefix()]
        raw: list[Any] = self._views(keys=[keys.approved_authors()], args=[*prefixes, HISTORY_LIMIT, *comment_ids])
        now = time.time()
        records: list[CommentRecord | None] = []
        leases: dict[str, Lease] = {}
        histories: dict[str, HistoryOut] = {}
        for comment_id, (flat, holder, ttl, count, earlier, approved) in zip(comment_ids, raw, strict=True):
            records.append(CommentRecord.from_redis(dict(zip(flat[::2], flat[1::2], strict=True))) if flat else None)
            if holder and ttl is not None and int(ttl) > 0:
                leases[comment_id] = Lease(moderator=str(holder), expires_at=now + int(ttl) / 1000)
            recent = [
                EarlierCommentOut(id=earlier[j], status=earlier[j + 2] or "expired", created_at=float(earlier[j + 1]))
                for j in range(0, len(earlier), 3)
            ]
            counts: dict[str, int] = {}
            for item in recent:
                counts[item.status] = counts.get(item.status, 0) + 1
            histories[comment_id] = HistoryOut(
                total=int(count), approved_total=int(approved or 0), counts=counts, recent=recent
            )
        return records, leases, histories

"""An accepted comment: its stored record (e-mail masked, IP hashed) and its public view."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from moderation.i18n import Lang
from moderation.intake.decision import Assessment
from moderation.intake.schemas import CommentIn
from moderation.intake.validation import website_url
from moderation.reasons import localized_reasons
from moderation.storage.records import CommentRecord, masked_email


@dataclass(frozen=True, slots=True)
class Accepted:
    """A stored comment's public view; `replayed` when an `Idempotency-Key` returned a first answer."""

    body: dict[str, Any]
    replayed: bool = False

    @property
    def comment_id(self) -> str:
        """The stored comment's id."""
        return str(self.body["id"])


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


def accepted_record(
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

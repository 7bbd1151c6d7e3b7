"""The comment record: one comment's Redis hash as a type, the only place that hash is built or read."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import redis
from redis.typing import EncodableT, FieldT

from moderation.storage.keys import Keys
from moderation.storage.replies import hash_text

#: Fields a moderator's decision adds to the record (a revert removes them).
DECISION_FIELDS = ("decided_by", "decided_at", "decision", "decision_reason", "decision_from")
#: Fields the site's feedback on a comment adds to the record.
FEEDBACK_FIELDS = ("feedback_label", "feedback_note", "feedback_at")


@dataclass(frozen=True, slots=True)
class CommentRecord:
    """A stored comment: the submission, its scoring at intake, and what moderators and the site did since.

    Times are epoch seconds. `reasons` and `spans` keep their stored JSON shape (reason dicts with code,
    source, head, params; spans per head), which `moderation.reasons` and the API read.
    """

    id: str
    status: str
    created_at: float
    updated_at: float
    post_id: str = ""
    parent_id: str = ""
    author: str = ""
    #: `masked_email()` of the address: its domain, never its local part (the address is never stored).
    email_masked: str = ""
    url: str = ""
    comment: str = ""
    permalink: str = ""
    ip_hash: str = ""
    email_hash: str = ""
    user_agent_hash: str = ""
    #: The `Keys.idempotency()` id its answer is remembered under, so erasing the comment finds it.
    idempotency_id: str = ""
    lang_hint: str = ""
    language: str = ""
    model_version: str = ""
    scores: dict[str, float] = field(default_factory=dict)
    risk: float = 0.0
    reasons: list[dict[str, Any]] = field(default_factory=list)
    spans: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: An auto-approved comment sampled into the queue to be checked (it stays approved).
    audit: bool = False
    decided_by: str = ""
    decided_at: float | None = None
    decision: str = ""
    decision_reason: str = ""
    decision_from: str = ""
    feedback_label: str = ""
    feedback_note: str = ""
    feedback_at: float | None = None

    @classmethod
    def from_redis(cls, raw: Mapping[str, str]) -> CommentRecord:
        """Read a record from its hash (HGETALL); fields a record does not have take their defaults."""
        return cls(
            id=raw.get("id", ""),
            status=raw.get("status", ""),
            created_at=float(raw.get("created_at") or 0),
            updated_at=float(raw.get("updated_at") or 0),
            post_id=raw.get("post_id", ""),
            parent_id=raw.get("parent_id", ""),
            author=raw.get("author", ""),
            # records stored before addresses were masked hold `email` in clear until they expire
            email_masked=raw.get("email_masked") or masked_email(raw.get("email", "")),
            url=raw.get("url", ""),
            comment=raw.get("comment", ""),
            permalink=raw.get("permalink", ""),
            ip_hash=raw.get("ip_hash", ""),
            email_hash=raw.get("email_hash", ""),
            user_agent_hash=raw.get("user_agent_hash", ""),
            idempotency_id=raw.get("idempotency_id", ""),
            lang_hint=raw.get("lang_hint", ""),
            language=raw.get("language", ""),
            model_version=raw.get("model_version", ""),
            scores=json.loads(raw.get("scores") or "{}"),
            risk=float(raw.get("risk") or 0),
            reasons=json.loads(raw.get("reasons") or "[]"),
            spans=json.loads(raw.get("spans") or "{}"),
            audit=raw.get("audit") == "1",
            decided_by=raw.get("decided_by", ""),
            decided_at=float(raw["decided_at"]) if raw.get("decided_at") else None,
            decision=raw.get("decision", ""),
            decision_reason=raw.get("decision_reason", ""),
            decision_from=raw.get("decision_from", ""),
            feedback_label=raw.get("feedback_label", ""),
            feedback_note=raw.get("feedback_note", ""),
            feedback_at=float(raw["feedback_at"]) if raw.get("feedback_at") else None,
        )

    def to_redis(self, *names: str) -> dict[str, str]:
        """The hash fields: the named ones (a partial update), or every field the record has.

        Without names, fields that were never set (audit, decision, feedback, idempotency id) are left out, as
        the intake never writes them empty.
        """
        if names:
            return {name: _encode(getattr(self, name)) for name in names}
        out = {}
        for name in _FIELD_NAMES:
            value = getattr(self, name)
            if name in _SET_LATER and value in (False, "", None):
                continue
            out[name] = value if type(value) is str else _encode(value)  # most fields are text already
        return out

    def replace(self, **changes: Any) -> CommentRecord:
        """A copy with `changes` applied."""
        return dataclasses.replace(self, **changes)


#: What stands for an e-mail's local part in its masked form.
EMAIL_MASK = "•••"
#: The masked local part of an address whose local part has three digits or more.
EMAIL_MASK_WITH_DIGITS = f"{EMAIL_MASK}123"
_DIGIT = re.compile(r"\d")


def masked_email(address: str) -> str:
    """The address reduced to what moderators and the spam model read: `•••@domain` (empty stays empty).

    The model reads an address's presence, its domain and whether its local part holds three digits or more
    (`scoring/metadata.py`); the masked form keeps exactly these (`•••123@domain` for the digits), so an
    explanation made from it gives the scores the full address gave, and the local part is never stored.
    """
    email = address.strip().lower()
    if not email:
        return ""
    local, at, domain = email.rpartition("@")
    if not at:
        return EMAIL_MASK  # not an address (kept only when optional and unchecked): present, with no domain
    return f"{EMAIL_MASK_WITH_DIGITS if len(_DIGIT.findall(local)) >= 3 else EMAIL_MASK}@{domain}"


_SET_LATER = frozenset({"audit", "idempotency_id", *DECISION_FIELDS, *FEEDBACK_FIELDS})
#: Every field of a record, in its order (the hash's field order as written).
_FIELD_NAMES = tuple(f.name for f in dataclasses.fields(CommentRecord))


def _encode(value: Any) -> str:
    """One field's stored string: floats in full precision, JSON for structures, "1" for a true flag."""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, dict | list):
        return json.dumps(value)
    return "" if value is None else str(value)


def read_record(client: redis.Redis | redis.client.Pipeline, *, keys: Keys, comment_id: str) -> CommentRecord | None:
    """The stored record, or None when the id is unknown or expired (also inside a WATCH)."""
    raw = hash_text(client, keys.comment(comment_id))
    return CommentRecord.from_redis(raw) if raw else None


def read_status(client: redis.Redis, *, keys: Keys, comment_id: str) -> str | None:
    """A stored comment's status alone, or None when the id is unknown or expired."""
    status = client.hget(keys.comment(comment_id), "status")
    return None if status is None else str(status)


def write_record(pipe: redis.client.Pipeline, *, keys: Keys, record: CommentRecord, fields: Iterable[str] = ()) -> None:
    """Queue the record's `fields` (all it has when none are named) on the caller's pipeline or MULTI."""
    mapping: dict[FieldT, EncodableT] = {name: value for name, value in record.to_redis(*fields).items()}
    pipe.hset(keys.comment(record.id), mapping=mapping)


def mark_audit(pipe: redis.client.Pipeline, *, keys: Keys, comment_id: str) -> None:
    """Queue the flag of an auto-approved comment sampled into the review queue (it stays approved)."""
    pipe.hset(keys.comment(comment_id), "audit", _encode(True))


def forget_decision(pipe: redis.client.Pipeline, *, keys: Keys, comment_id: str) -> None:
    """Queue the removal of the fields a moderator's decision added (a revert)."""
    pipe.hdel(keys.comment(comment_id), *DECISION_FIELDS)

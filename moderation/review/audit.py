"""The audit log: one stream entry per decision or revert, written with it and read back by administrators."""

from __future__ import annotations

import json
from typing import Any

import redis
from redis.typing import EncodableT, FieldT

from moderation.review.admin_schemas import AuditEntryOut
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord
from moderation.storage.streams import newest_first_end


def audit_entry(
    *,
    record: CommentRecord,
    moderator: str,
    at: float,
    moves: tuple[str, str],
    decision: str,
    reason: str | None,
    note: str,
    **extra: str,
) -> dict[FieldT, EncodableT]:
    """One audit-log entry: who moved the comment from which status to which, why, and what the model said."""
    entry: dict[FieldT, EncodableT] = {
        "comment_id": record.id,
        "moderator": moderator,
        "at": repr(at),
        "from": moves[0],
        "to": moves[1],
        "decision": decision,
        "reason": reason or "",
        "note": note,
    }
    entry.update(extra)
    entry.update(record.to_redis("scores", "risk", "model_version", "language"))
    # The keyed hash ties the entry to its reader after the record expires: erasure finds it (moderation/readers).
    entry["author_hash"] = record.email_hash
    entry["audit_item"] = "1" if record.audit else "0"
    return entry


def audit_log(client: redis.Redis, *, keys: Keys, limit: int = 50, before: str | None = None) -> list[AuditEntryOut]:
    """Latest decisions first; `before` is an audit entry id to page from."""
    end = newest_first_end(before)
    if end is None:
        return []
    entries: Any = client.xrevrange(keys.audit(), max=end, min="-", count=limit)
    return [_entry_out(entry_id, fields) for entry_id, fields in entries]


def _entry_out(entry_id: str, fields: dict[str, str]) -> AuditEntryOut:
    """An entry as administrators see it; the reverted decision's fields only on a revert's entry."""
    reverted: dict[str, str] = {}
    if fields.get("decision") == "revert":
        reverted = {
            "reverted_moderator": fields.get("reverted_moderator", ""),
            "reverted_decision": fields.get("reverted_decision", ""),
        }
    return AuditEntryOut.model_validate(
        {
            "id": entry_id,
            "comment_id": fields.get("comment_id", ""),
            "moderator": fields.get("moderator", ""),
            "actor": fields.get("actor") or "moderator",
            "at": float(fields.get("at", "0")),
            "from": fields.get("from", ""),
            "to": fields.get("to", ""),
            "decision": fields.get("decision", ""),
            "reason": fields.get("reason") or None,
            "note": fields.get("note", ""),
            "scores": json.loads(fields.get("scores") or "{}"),
            "risk": float(fields.get("risk", "0") or 0),
            "model_version": fields.get("model_version", ""),
            "language": fields.get("language", ""),
            "audit_item": fields.get("audit_item") == "1",
            **reverted,
        }
    )

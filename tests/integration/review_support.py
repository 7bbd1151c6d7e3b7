"""Helpers shared by the review tests: settings that hold comments deterministically, moderators, seeding."""

from __future__ import annotations

import time
import uuid
from typing import Any

import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.review import queue
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord, write_record
from tests.support.comments import SITE_HEADERS

HOLD_WORD = "relecture"


def review_settings_from(rules_settings: Settings, **overrides: Any) -> Settings:
    """Rules-only settings where the word `relecture` holds a comment, with no flood limit or audit sampling."""
    base: dict[str, Any] = {"moderation_keys": [HOLD_WORD], "flood_seconds": 0, "audit_sample_rate": 0.0}
    return rules_settings.model_copy(update={**base, **overrides})


def add_moderator(client: TestClient, name: str, *, admin: bool = False) -> str:
    """Create a moderator through the app's store and return its token."""
    _moderator, token = client.app.state.services.moderators.add(name, admin=admin)  # type: ignore[attr-defined]
    return token


def auth(token: str) -> dict[str, str]:
    """The bearer header for a token."""
    return {"Authorization": f"Bearer {token}"}


def submit_pending(
    client: TestClient,
    *,
    text: str | None = None,
    post: str = "42",
    email: str | None = None,
    author: str = "Claire",
    lang: str = "fr",
    ip: str = "",
) -> str:
    """Post a comment the rules hold, through the public API; return its id."""
    body = {
        "comment": text or f"Merci pour cet article, {HOLD_WORD} svp {uuid.uuid4().hex[:8]}",
        "author": author,
        "email": email or f"{uuid.uuid4().hex[:10]}@example.fr",
        "comment_post_ID": post,
        "lang": lang,
        "user_ip": ip,
    }
    response = client.post("/v1/comments", json=body, headers=SITE_HEADERS)  # the site vouches for user_ip
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "pending", response.json()
    return str(response.json()["id"])


def seed_item(
    client: redis.Redis,
    keys: Keys,
    *,
    risk: float = 0.5,
    created_at: float | None = None,
    post_id: str = "7",
    language: str = "fr",
    text: str = "Un commentaire à relire",
    scores: dict[str, float] | None = None,
    reasons: list[dict[str, Any]] | None = None,
    spans: dict[str, list[dict[str, Any]]] | None = None,
    model_version: str = "test-model",
    email_hash: str = "",
) -> str:
    """Store a pending comment record and queue it exactly as the intake does; return its id."""
    comment_id = uuid.uuid4().hex
    now = time.time() if created_at is None else created_at
    scores = {"toxicity": risk} if scores is None else scores
    if reasons is None:
        reasons = [{"code": "model_hold", "source": "model", "head": "toxicity", "params": {"score": risk}}]
    record = CommentRecord(
        id=comment_id, status="pending", created_at=now, updated_at=now, post_id=post_id, parent_id="0",
        author="Lecteur", comment=text, email_hash=email_hash, lang_hint=language, language=language,
        model_version=model_version, scores=scores, risk=risk, reasons=reasons, spans=spans or {},
    )  # fmt: skip
    with client.pipeline(transaction=True) as pipe:
        write_record(pipe, keys=keys, record=record)
        if email_hash:
            pipe.zadd(keys.author_comments(email_hash), {comment_id: now})
        queue.enqueue(
            pipe, keys=keys, comment_id=comment_id, risk=risk, created_at=now, post_id=post_id, language=language,
            reasons=queue.reason_tokens(record.reasons),
        )  # fmt: skip
        pipe.execute()
    return comment_id

"""A comment form's fields, and posting them as JSON or as an HTML form, for the intake tests."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from fastapi.testclient import TestClient

CONTENT_TYPES = ("json", "form")
#: The site key of the test settings (tests/conftest.py): a request carrying it may vouch for `user_ip`.
SITE_KEY = "test-site-key-0001"
SITE_HEADERS = {"X-Site-Key": SITE_KEY}


def comment_fields(**overrides: Any) -> dict[str, Any]:
    """A valid submission as WordPress's comment form sends it, with a text and an email unique to this call."""
    tag = uuid.uuid4().hex[:8]
    fields: dict[str, Any] = {
        "comment": f"Merci pour cet article très clair. ({tag})",
        "author": "Claire Dupont",
        "email": f"claire.{tag}@exemple.fr",
        "url": "",
        "comment_post_ID": "42",
        "comment_parent": "0",
    }
    fields.update(overrides)
    return fields


def post_comment(client: TestClient, kind: str, data: dict[str, Any], **kwargs: Any) -> httpx.Response:
    """POST the fields to /v1/comments as JSON (`kind` "json") or as an HTML form's URL-encoded body ("form")."""
    if kind == "json":
        return client.post("/v1/comments", json=data, **kwargs)
    return client.post("/v1/comments", data=data, **kwargs)

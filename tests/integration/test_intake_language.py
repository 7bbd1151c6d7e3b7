"""The language stored with a comment: detected when the text says it, else the site's default language."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from tests.support.comments import comment_fields

pytestmark = pytest.mark.redis


@pytest.mark.parametrize("default_language", ["fr", "en"])
def test_a_short_comment_without_evidence_gets_the_sites_default_language(
    settings: Settings, default_language: str
) -> None:
    site = settings.model_copy(update={"flood_seconds": 0, "default_language": default_language})
    with TestClient(create_app(site)) as client:
        response = client.post("/v1/comments", json=comment_fields(comment="Excellent dossier, bravo."))
    assert response.status_code == 201
    assert response.json()["language"] == default_language


@pytest.mark.parametrize(("text", "language"), [("Très juste, merci.", "fr"), ("Well said, thanks.", "en")])
def test_a_short_comment_with_evidence_keeps_its_language_whatever_the_default(
    settings: Settings, text: str, language: str
) -> None:
    for default_language in ("fr", "en"):
        site = settings.model_copy(update={"flood_seconds": 0, "default_language": default_language})
        with TestClient(create_app(site)) as client:
            response = client.post("/v1/comments", json=comment_fields(comment=text))
        assert response.status_code == 201
        assert response.json()["language"] == language

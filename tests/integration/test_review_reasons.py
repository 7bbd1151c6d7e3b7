"""With the served model: war news is approved, and a held comment's first reason is the head that drove it."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from tests.integration.review_support import add_moderator, auth

pytestmark = pytest.mark.redis

#: The sentence the threat head held at 0.04 (approve cut 0.0148 on 2026.11.30-1), and its twins.
WAR_NEWS = [
    "Le missile a frappé un immeuble à Kharkiv, faisant trois morts selon les autorités.",
    "Un missile a frappé un immeuble à Odessa, faisant cinq morts selon les autorités.",
    "Le drone a frappé une école à Kherson, faisant deux blessés selon la mairie.",
    "Une roquette a touché un hôpital à Gaza, faisant dix morts selon les secours.",
    "The missile hit a building in Kharkiv, killing three people according to the authorities.",
    "Les bombardements ont tué douze civils à Kharkiv cette nuit, selon le gouverneur.",
]


@pytest.fixture
def app(settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(settings.model_copy(update={"flood_seconds": 0}))) as client:
        yield client


def _post(app: TestClient, text: str, n: int) -> dict[str, object]:
    body = {"comment": text, "author": f"Lecteur {n}", "email": f"lecteur{n}@example.fr", "comment_post_ID": "3"}
    response = app.post("/v1/comments", json=body, headers={"Accept-Language": "fr"})
    assert response.status_code == 201, response.text
    return dict(response.json())


@pytest.mark.parametrize("text", WAR_NEWS)
def test_war_news_is_approved_by_the_served_model(app: TestClient, text: str) -> None:
    answer = _post(app, text, WAR_NEWS.index(text))
    assert answer["status"] == "approved", answer


def test_the_reason_listed_first_is_the_head_that_drove_the_hold_in_words_without_a_rounded_score(
    app: TestClient,
) -> None:
    held = _post(app, "P*tain mais quel fdp ce ministre, ntm", 99)
    assert held["status"] == "pending", held
    token = add_moderator(app, "camille")

    item = app.get(f"/v1/review/items/{held['id']}", headers={**auth(token), "Accept-Language": "fr"}).json()

    first = item["reasons"][0]
    assert (first["code"], first["head"], first["label"]) == ("model_hold", "toxicity", "propos injurieux")
    assert first["score"] == pytest.approx(item["scores"]["toxicity"])
    assert first["message"] == "En attente de relecture : propos injurieux."
    model_reasons = [r for r in item["reasons"] if r["code"] == "model_hold"]
    assert [r["score"] for r in model_reasons] == sorted((r["score"] for r in model_reasons), reverse=True)
    assert not any("score" in r["message"] or "Peut-être" in r["message"] for r in item["reasons"])

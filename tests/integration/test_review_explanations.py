"""Explanations moderators can use: made when an item is opened, cached in Redis, content words and author fields."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from moderation.scoring.wordlists import words
from moderation.storage.keys import Keys
from tests.integration.review_support import add_moderator, auth
from tests.support.comments import comment_fields

pytestmark = pytest.mark.redis

#: Civil comments the issue saw held with function words highlighted ("Les", "de", "pour", "leur").
CIVIL = (
    "Les Ukrainiens se battent avec un courage incroyable. Respect.",
    "Une question naïve : pourquoi les États-Unis ne peuvent-ils pas bloquer ces livraisons par la mer ?",
    "I hate war. I hate that civilians always pay the price.",
    "Pour les familles, leur quotidien est devenu une épreuve de chaque instant.",
)
STOP_WORDS = {w.casefold() for w in words("stopwords-fr") | words("stopwords-en")}
SPAM_SITE = "http://casino-bonus.xyz/promo/free-spins"


@pytest.fixture
def strict(settings: Settings) -> Settings:
    """The bundled model, holding every comment on toxicity and spam (approve cut 0), no flood check."""
    return settings.model_copy(
        update={
            "flood_seconds": 0,
            "thresholds": {"toxicity": {"approve": 0.0, "reject": 1.01}, "spam": {"approve": 0.0, "reject": 1.01}},
        }
    )


@pytest.fixture
def app(strict: Settings) -> Iterator[TestClient]:
    """The app with the bundled model and strict thresholds."""
    with TestClient(create_app(strict)) as client:
        yield client


def submit(client: TestClient, **fields: Any) -> dict[str, Any]:
    response = client.post("/v1/comments", json=comment_fields(**fields))
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    assert body["status"] == "pending", body
    return body


def test_the_intake_makes_no_spans_and_opening_the_item_explains_it_and_caches_the_explanation(
    app: TestClient, strict: Settings, redis_client: redis.Redis
) -> None:
    text = "T'es qu'un gros connard, ferme-la espèce d'abruti."
    held = submit(app, comment=text)
    assert held["spans"] == {}, "spans are not made on the intake's hot path"
    token = add_moderator(app, "lea")
    key = Keys(strict.namespace).explanation(held["id"])
    listed = app.get("/v1/review/items", headers=auth(token)).json()["items"]
    assert [i["explanation"] for i in listed if i["id"] == held["id"]] == [None], "a page of the queue explains nothing"
    assert not redis_client.exists(key)

    item = app.get(f"/v1/review/items/{held['id']}", headers=auth(token)).json()

    assert item["explanation"]["model_version"] == held["model_version"]
    toxic = item["spans"]["toxicity"]
    assert any("connard" in s["text"] for s in toxic)
    assert all(text[s["start"] : s["end"]] == s["text"] for s in toxic)
    assert any(segment["heads"] == ["toxicity"] for segment in item["highlights"])
    cached = json.loads(str(redis_client.get(key)))
    assert cached["spans"] == item["spans"]
    assert 0 < int(redis_client.ttl(key)) <= strict.retention_days * 86_400
    again = app.get("/v1/review/items", headers=auth(token)).json()["items"]
    assert [i["spans"] for i in again if i["id"] == held["id"]] == [item["spans"]], "the page then shows it too"


@pytest.mark.parametrize("text", CIVIL)
def test_spans_fall_on_content_words_never_on_stop_words(app: TestClient, text: str) -> None:
    held = submit(app, comment=text, email="louise.martin@exemple.fr")
    token = add_moderator(app, "lea")
    item = app.get(f"/v1/review/items/{held['id']}", headers=auth(token)).json()
    spans = [s for items in item["spans"].values() for s in items]
    assert spans, "a held comment is explained"
    for span in spans:
        assert span["text"].casefold() not in STOP_WORDS, span
        assert len(span["text"]) > 1


def test_a_spam_hold_driven_by_the_name_names_the_field_in_the_moderators_language(app: TestClient) -> None:
    """A link typed as the name, as spam bots fill it, drives the spam score; the website field no longer does (since
    2026.12.07-2 the model reads none: the site memory names a shop's site, `commercial_website`)."""
    # the name's share of the score is read on the logit: "Great post, thanks for sharing this with us." (spam 0.11
    # without the name) gained 0.14 from it with 2026.12.07-16, 0.11 with -17 and 0.09 with -18, under the 0.1 a field
    # must add to be named; "Thanks for this great post!" (0.19 without) gains 0.16, 0.14, 0.14 and 0.12 (-19: 0.144
    # without, 0.262 with)
    held = submit(
        app,
        comment="Thanks for this great post!",
        author="www.casino-bonus.xyz",
        email="promo.4821@casino-bonus.xyz",
        url=SPAM_SITE,
    )
    token = add_moderator(app, "lea")
    path = f"/v1/review/items/{held['id']}"
    english = app.get(path, headers={**auth(token), "Accept-Language": "en"})
    french = app.get(path, headers={**auth(token), "Accept-Language": "fr"}).json()

    assert "promo.4821" not in english.text, "moderators see the e-mail's domain, never the address"
    item = english.json()
    assert item["author"]["email_domain"] == "casino-bonus.xyz"
    assert item["author"]["url"] == SPAM_SITE
    fields = {f["field"]: f for f in item["explanation"]["fields"]}
    assert set(fields) == {"name"}, fields
    name = fields["name"]
    assert name["head"] == "spam"
    assert name["score"] - name["without"] > 0 and name["score"] == pytest.approx(item["scores"]["spam"], abs=1e-3)
    assert "name" in name["message"]
    assert "author_field_name" in [r["code"] for r in item["reasons"]]
    # the website the site never approved is the site memory's to name (a compliment it signs: `unseen_website`)
    site = [r for r in item["reasons"] if r["code"] in ("unseen_website", "commercial_website")]
    assert site and "casino-bonus.xyz" in site[0]["message"], item["reasons"]
    french_name = next(f for f in french["explanation"]["fields"] if f["field"] == "name")
    assert "nom" in french_name["message"]


def test_a_reader_with_an_ordinary_address_gets_no_author_field_reason(app: TestClient) -> None:
    held = submit(app, comment="Merci pour ce reportage très complet.", email="jean-pierre.moreau@laposte.net")
    token = add_moderator(app, "lea")
    item = app.get(f"/v1/review/items/{held['id']}", headers=auth(token)).json()
    assert item["explanation"]["fields"] == []
    assert not [r for r in item["reasons"] if r["code"].startswith("author_field_")]


def test_claiming_an_item_opens_it_explained(app: TestClient) -> None:
    held = submit(app, comment="Espèce d'abruti, retourne à l'école.")
    token = add_moderator(app, "lea")
    claimed = app.post(f"/v1/review/items/{held['id']}/claim", headers=auth(token)).json()
    assert claimed["explanation"] is not None and claimed["spans"]

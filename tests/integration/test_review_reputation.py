"""Reputation, bans and admin-edited word lists and thresholds, as the intake applies them."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from tests.integration.review_support import HOLD_WORD, add_moderator, auth, review_settings_from, submit_pending
from tests.support.comments import SITE_HEADERS

pytestmark = pytest.mark.redis


@pytest.fixture
def app(rules_settings: Settings) -> Iterator[TestClient]:
    settings = review_settings_from(rules_settings, review_settings_cache_seconds=0.0)
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def admin(app: TestClient) -> dict[str, str]:
    return auth(add_moderator(app, "chef", admin=True))


def _post(app: TestClient, text: str, *, email: str = "lea@example.fr", ip: str = "203.0.113.9") -> dict[str, object]:
    body = {"comment": text, "author": "Léa", "email": email, "comment_post_ID": "5", "lang": "fr", "user_ip": ip}
    response = app.post("/v1/comments", json=body, headers=SITE_HEADERS)  # the site vouches for user_ip
    assert response.status_code == 201, response.text
    return dict(response.json())


def test_a_moderator_approval_lets_the_author_skip_the_link_limit(app: TestClient, admin: dict[str, str]) -> None:
    first = submit_pending(app, email="lea@example.fr")
    assert _post(app, "Sources : http://a.fr et http://b.fr")["status"] == "pending"  # not trusted yet

    app.post(f"/v1/review/items/{first}/decision", headers=admin, json={"decision": "approve"})
    later = _post(app, "Mes sources : http://c.fr et http://d.fr")

    assert later["status"] == "approved"
    assert "trusted_author" in [r["code"] for r in later["reasons"]]  # type: ignore[union-attr]
    assert _post(app, "Voir http://e.fr et http://f.fr", email="autre@example.fr")["status"] == "pending"
    assert _post(app, f"Et un mot {HOLD_WORD} ici")["status"] == "pending"  # never for a moderation word


def test_rejecting_does_not_build_reputation(app: TestClient, admin: dict[str, str]) -> None:
    first = submit_pending(app, email="lea@example.fr")
    app.post(f"/v1/review/items/{first}/decision", headers=admin, json={"decision": "reject", "reason": "other"})

    assert _post(app, f"Encore {HOLD_WORD}")["status"] == "pending"


def test_banned_email_or_ip_is_rejected_and_the_ban_can_be_lifted(app: TestClient, admin: dict[str, str]) -> None:
    comment_id = submit_pending(app, email="troll@example.fr", ip="198.51.100.7")

    banned = app.post("/v1/review/bans", headers=admin, json={"comment_id": comment_id, "by": "both"})
    by_email = _post(app, "Bonjour à tous", email="TROLL@example.fr", ip="192.0.2.1")
    by_ip = _post(app, "Bonjour encore", email="nouveau@example.fr", ip="198.51.100.7")
    bystander = _post(app, "Bonjour aussi", email="sage@example.fr", ip="192.0.2.2")

    assert banned.status_code == 201
    assert by_email["status"] == "rejected" and by_ip["status"] == "rejected"
    assert "banned" in [r["code"] for r in by_email["reasons"]]  # type: ignore[union-attr]
    assert bystander["status"] == "approved"
    bans = app.get("/v1/review/bans", headers=admin).json()
    assert len(bans["email"]) == 1 and len(bans["ip"]) == 1
    assert "troll" not in str(bans) and "198.51" not in str(bans)

    removed = app.delete(f"/v1/review/bans/email/{bans['email'][0]}", headers=admin)
    assert removed.json()["removed"] is True
    assert _post(app, "Je reviens", email="troll@example.fr", ip="192.0.2.3")["status"] == "approved"


def test_bans_by_address_are_hashed_on_arrival_and_empty_bans_are_refused(
    app: TestClient, admin: dict[str, str]
) -> None:
    assert app.post("/v1/review/bans", headers=admin, json={"email": "spam@example.fr"}).status_code == 201
    assert app.post("/v1/review/bans", headers=admin, json={}).status_code == 422
    assert app.post("/v1/review/bans", headers=admin, json={"comment_id": "nope"}).status_code == 422

    assert _post(app, "Achetez", email="spam@example.fr")["status"] == "rejected"


@pytest.mark.parametrize("ip", ["not-an-ip", "198.51.100.300", "1.2.3.4/24", "::g"])
def test_a_ban_of_something_that_is_not_an_ip_is_refused_naming_the_field(
    app: TestClient, admin: dict[str, str], ip: str
) -> None:
    before = app.get("/v1/review/bans", headers=admin).json()
    refused = app.post("/v1/review/bans", headers={**admin, "Accept-Language": "fr"}, json={"ip": ip})
    assert refused.status_code == 422
    assert refused.json()["errors"] == [
        {
            "field": "ip",
            "code": "ban_ip_invalid",
            "message": "Ce n’est pas une adresse IP : indiquez une adresse IPv4 ou IPv6, "
            "comme 192.0.2.1 ou 2001:db8::1.",
        }
    ]
    assert app.get("/v1/review/bans", headers=admin).json() == before
    assert app.post("/v1/review/bans", headers=admin, json={"ip": "2001:db8::1"}).status_code == 201


def test_admin_word_lists_and_thresholds_apply_to_the_next_comments(app: TestClient, admin: dict[str, str]) -> None:
    assert _post(app, "Quel navet ce film", email="a@example.fr")["status"] == "approved"

    put = app.put(
        "/v1/review/settings",
        headers=admin,
        json={
            "moderation_keys": ["navet"],
            "disallowed_keys": ["casino"],
            "thresholds": {"spam": {"approve": 0.1, "reject": 0.9}},
        },
    )
    held = _post(app, "Encore un navet", email="b@example.fr")
    refused = _post(app, "Gagnez au casino", email="c@example.fr")
    current = app.get("/v1/review/settings", headers=admin).json()

    assert put.status_code == 200
    assert held["status"] == "pending"
    assert refused["status"] == "rejected"
    assert current["effective"]["moderation_keys"] == ["navet"]
    assert current["effective"]["thresholds"]["spam"] == {"approve": 0.1, "reject": 0.9}
    assert current["overrides"]["disallowed_keys"] == ["casino"]

    app.put("/v1/review/settings", headers=admin, json={"moderation_keys": None})  # takes effect at once
    assert _post(app, f"Un navet {HOLD_WORD}", email="d@example.fr")["status"] == "pending"  # the env list is back
    assert _post(app, "Un navet encore", email="e@example.fr")["status"] == "approved"


def test_akismet_comment_check_follows_the_admins_word_lists_and_bans(rules_settings: Settings) -> None:
    key = "a1b2c3d4e5f6"
    settings = review_settings_from(rules_settings, review_settings_cache_seconds=0.0, api_keys=[key])

    def akismet(client: TestClient, text: str, email: str) -> str:
        form = {"api_key": key, "blog": "https://journal.example.fr", "user_ip": "203.0.113.50",
                "comment_author": "Léa", "comment_author_email": email, "comment_content": text}  # fmt: skip
        response = client.post("/1.1/comment-check", data=form)
        assert response.status_code == 200, response.text
        return response.text

    with TestClient(create_app(settings)) as client:
        admin = auth(add_moderator(client, "chef", admin=True))
        assert akismet(client, "Gagnez au casino", "a@example.fr") == "false"
        client.put("/v1/review/settings", headers=admin, json={"disallowed_keys": ["casino"]})
        assert akismet(client, "Gagnez au casino", "a@example.fr") == "true"

        assert akismet(client, "Bonjour à tous", "troll@example.fr") == "false"
        client.post("/v1/review/bans", headers=admin, json={"email": "troll@example.fr"})
        assert akismet(client, "Bonjour à tous", "troll@example.fr") == "true"


@pytest.mark.parametrize(
    "body",
    [
        {"thresholds": {"spam": {"approve": 0.9, "reject": 0.1}}},
        {"thresholds": {"unknown_head": {"approve": 0.1, "reject": 0.9}}},
        {"moderation_keys": "not a list"},
        {"colour": "blue"},
    ],
)
def test_invalid_settings_are_refused_and_change_nothing(
    app: TestClient, admin: dict[str, str], body: dict[str, object]
) -> None:
    response = app.put("/v1/review/settings", headers=admin, json=body)

    assert response.status_code == 422
    assert app.get("/v1/review/settings", headers=admin).json()["overrides"] == {}

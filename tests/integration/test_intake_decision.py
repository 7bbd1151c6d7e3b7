"""Decisions, storage, privacy and logs of accepted comments (real Redis, through the app)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from moderation.scoring.base import HEADS
from tests.conftest import REPO_ROOT
from tests.support.comments import SITE_HEADERS, comment_fields
from tests.support.redis_dump import namespace_dump

pytestmark = pytest.mark.redis

RETENTION_SECONDS = 90 * 86_400
SITE_KEY = "site-key-for-decision-tests"
#: The site's backend sees the scores and reasons of `GET /v1/comments/{id}`; a reader sees only the status.
AS_SITE = {"Authorization": f"Bearer {SITE_KEY}"}


def reason_codes(body: dict[str, Any]) -> list[str]:
    """The codes of a decision's reasons."""
    return [r["code"] for r in body["reasons"]]


@pytest.fixture
def rules(rules_settings: Settings) -> Settings:
    """Rules only, no flood check, some word lists as a site would configure them, and a site key."""
    site = Settings(**{**rules_settings.model_dump(), "site_keys": SITE_KEY, "ip_hash_key": "test-hash-key"})
    return site.model_copy(
        update={
            "flood_seconds": 0,
            "moderation_keys": ["Crétin", "casino"],
            "disallowed_keys": ["Viagra", "arnaque"],
        }
    )


@pytest.fixture
def app_client(rules: Settings) -> Iterator[TestClient]:
    """The app, rules only, with word lists."""
    with TestClient(create_app(rules)) as client:
        yield client


@pytest.mark.parametrize("kind", ["json", "form"])
def test_a_filled_honeypot_field_makes_the_comment_spam(app_client: TestClient, rules: Settings, kind: str) -> None:
    data = comment_fields(**{rules.honeypot_field: "http://spam.example"})
    response = app_client.post("/v1/comments", **({"json": data} if kind == "json" else {"data": data}))
    assert response.status_code == 201
    assert response.json()["status"] == "spam"
    assert "honeypot" in reason_codes(response.json())


def test_the_honeypot_field_name_is_a_setting(rules: Settings) -> None:
    with TestClient(create_app(rules.model_copy(update={"honeypot_field": "website2"}))) as client:
        trapped = client.post("/v1/comments", json=comment_fields(website2="x"))
        default_name_ignored = client.post("/v1/comments", json=comment_fields(ak_hp_textarea="x"))
    assert trapped.json()["status"] == "spam"
    assert default_name_ignored.json()["status"] == "approved"


def test_max_links_or_more_holds_the_comment_for_review(
    app_client: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    one_link = app_client.post("/v1/comments", json=comment_fields(comment="Voir https://a.exemple.fr pour la source."))
    two_links = app_client.post(
        "/v1/comments",
        json=comment_fields(comment='Voir https://a.exemple.fr et <a href="https://b.exemple.fr">ceci</a>.'),
        headers={"Accept-Language": "en"},
    )
    assert one_link.json()["status"] == "approved"
    body = two_links.json()
    assert body["status"] == "pending"
    reason = next(r for r in body["reasons"] if r["code"] == "too_many_links")
    assert reason["message"] == "Contains 2 links (held from 2)."
    assert redis_client.zscore(f"{{{namespace}}}:queue:pending", body["id"]) is not None


def test_max_links_zero_disables_the_link_rule(rules: Settings) -> None:
    with TestClient(create_app(rules.model_copy(update={"max_links": 0}))) as client:
        response = client.post("/v1/comments", json=comment_fields(comment="http://a.fr http://b.fr http://c.fr"))
    assert response.json()["status"] == "approved"


@pytest.mark.parametrize(
    "where",
    [
        {"comment": "Quel CRETIN, ce ministre."},  # no accent, upper case
        {"comment": "Quel crétin."},
        {"author": "Le Crétin du village"},
        {"email": "cretin@exemple.fr"},
        {"url": "https://casino.exemple.fr"},
        {"comment": "Le CASÍNO en ligne"},  # accent where the list has none
    ],
)
def test_moderation_words_hold_case_and_accent_insensitively_on_every_field(
    app_client: TestClient, where: dict[str, str]
) -> None:
    response = app_client.post("/v1/comments", json=comment_fields(**where))
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "pending"
    assert "moderation_word" in reason_codes(response.json())


@pytest.mark.parametrize(
    "where",
    [
        {"comment": "Achetez du VIAGRA"},
        {"comment": "c'est une arnaque"},
        {"comment": "c'est une ÀRNAQUE"},
        {"author": "viagra-pas-cher"},
        {"email": "arnaque@exemple.fr"},
        {"url": "http://viagra.example.com"},
        {"user_agent": "ArnaqueBot/1.0"},  # context fields are matched too, as WordPress does
    ],
)
def test_disallowed_words_reject_case_and_accent_insensitively_on_every_field(
    app_client: TestClient, where: dict[str, str]
) -> None:
    response = app_client.post("/v1/comments", json=comment_fields(**where))
    assert response.status_code == 201
    assert response.json()["status"] == "rejected"
    assert "disallowed_word" in reason_codes(response.json())


def test_word_lists_can_come_from_the_environment_as_comma_separated_text(
    monkeypatch: pytest.MonkeyPatch, rules_settings: Settings
) -> None:
    monkeypatch.setenv("MODERATION_DISALLOWED_KEYS", "spam-word, autre mot")
    monkeypatch.setenv("MODERATION_MODERATION_KEYS", '["à vérifier"]')
    settings = Settings()
    assert settings.disallowed_keys == ["spam-word", "autre mot"]
    assert settings.moderation_keys == ["à vérifier"]


def test_an_author_with_an_approved_comment_skips_the_link_limit_but_not_moderation_words(
    app_client: TestClient,
) -> None:
    email = f"fidele.{uuid.uuid4().hex[:6]}@exemple.fr"
    held_before = app_client.post("/v1/comments", json=comment_fields(email=email, comment="Un casino ? Non."))
    assert held_before.json()["status"] == "pending"  # held comments do not build reputation
    clean = app_client.post("/v1/comments", json=comment_fields(email=email))
    assert clean.json()["status"] == "approved"
    trusted = app_client.post(
        "/v1/comments", json=comment_fields(email=email.upper(), comment="Sources : http://a.fr et http://b.fr.")
    )
    assert trusted.json()["status"] == "approved"
    assert "trusted_author" in reason_codes(trusted.json())
    worded = app_client.post("/v1/comments", json=comment_fields(email=email, comment="Et ce casino, alors ?"))
    assert worded.json()["status"] == "pending"  # as WordPress: moderation words before previous approval
    # Reputation never lifts a reject.
    rejected = app_client.post("/v1/comments", json=comment_fields(email=email, comment="Viagra !"))
    assert rejected.json()["status"] == "rejected"


def test_every_response_says_when_rules_decided_alone(app_client: TestClient) -> None:
    body = app_client.post("/v1/comments", json=comment_fields(), headers={"Accept-Language": "en"}).json()
    assert body["model_version"] == "rules-only"
    rules_only = next(r for r in body["reasons"] if r["code"] == "rules_only")
    assert rules_only == {
        "code": "rules_only",
        "source": "system",
        "message": "No model is loaded: the rules alone decided.",
    }


def test_the_bundled_model_reports_its_version_and_scores_every_head(client: TestClient) -> None:
    body = client.post("/v1/comments", json=comment_fields(), headers={"Accept-Language": "fr"}).json()
    served = (REPO_ROOT / "model" / "CURRENT").read_text().strip()
    assert body["model_version"] == served == client.get("/readyz").json()["model"]
    assert set(body["scores"]) == set(HEADS)
    assert all(0.0 <= v <= 1.0 for v in body["scores"].values())
    assert "rules_only" not in reason_codes(body)
    assert all(r["message"] for r in body["reasons"])


def test_the_bundled_model_scores_json_and_form_alike(client: TestClient) -> None:
    data = comment_fields(comment="Très bon article, merci pour ce travail.")
    as_json = client.post("/v1/comments", json=data, headers=SITE_HEADERS).json()
    other = {**data, "email": f"autre.{data['email']}", "user_ip": "192.0.2.7"}  # another reader, vouched for
    as_form = client.post("/v1/comments", data=other, headers=SITE_HEADERS).json()
    assert as_json["scores"], "the bundled model is served"
    assert as_json["scores"] == pytest.approx(as_form["scores"])
    assert as_json["model_version"] == as_form["model_version"]


def test_with_the_bundled_model_the_intake_answers_without_spans_held_or_approved(settings: Settings) -> None:
    # Approve nothing from the toxicity head: every comment is held by the model, whatever its scores.
    site = Settings(**{**settings.model_dump(), "site_keys": SITE_KEY, "ip_hash_key": "test-hash-key"})
    strict = site.model_copy(update={"thresholds": {"toxicity": {"approve": 0.0, "reject": 1.01}}})
    text = "T'es qu'un gros connard, ferme-la espèce d'abruti."
    with TestClient(create_app(strict)) as client:
        held = client.post("/v1/comments", json=comment_fields(comment=text)).json()
        # The answer is built from the decision, the GET from the stored JSON: both must say the same.
        fetched = client.get(f"/v1/comments/{held['id']}", headers=AS_SITE).json()
    with TestClient(create_app(settings)) as client:
        # A reader's address: a random hex tag in it (as comment_fields() makes) is itself a spam signal.
        clean_fields = comment_fields(comment="Merci pour cet article, très clair.", email="louise.martin@exemple.fr")
        # another reader than the first comment's (the flood check keys on the address the site vouches for)
        clean = client.post("/v1/comments", json={**clean_fields, "user_ip": "192.0.2.8"}, headers=SITE_HEADERS).json()
    assert held["model_version"] != "rules-only", "the bundled model is served"
    assert held["status"] == "pending"
    assert "model_hold" in reason_codes(held)
    # Spans are made when a moderator opens the item (tests/integration/test_review_explanations.py).
    assert held["spans"] == {}
    assert fetched == held
    assert clean["status"] == "approved"
    assert clean["spans"] == {}


# Storage --------------------------------------------------------------------------------------------


def test_get_returns_the_stored_decision_and_404_for_an_unknown_id(app_client: TestClient) -> None:
    posted = app_client.post("/v1/comments", json=comment_fields()).json()
    fetched = app_client.get(f"/v1/comments/{posted['id']}", headers=AS_SITE)
    assert fetched.status_code == 200
    assert fetched.json() == posted
    missing = app_client.get(f"/v1/comments/{uuid.uuid4().hex}", headers={"Accept-Language": "en"})
    assert missing.status_code == 404
    assert missing.json()["errors"] == [{"field": None, "code": "not_found", "message": "No such comment."}]


def test_get_localises_the_reasons_per_request(app_client: TestClient) -> None:
    posted = app_client.post(
        "/v1/comments", json=comment_fields(comment="casino"), headers={"Accept-Language": "fr"}
    ).json()
    english = app_client.get(f"/v1/comments/{posted['id']}", headers={"Accept-Language": "en", **AS_SITE}).json()
    assert english["status"] == "pending"
    assert "Contains a word from the moderation list." in [r["message"] for r in english["reasons"]]


def test_the_record_keeps_the_submission_with_the_retention_ttl_and_only_a_hash_of_the_ip(
    app_client: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    ip = "203.0.113.201"
    data = comment_fields(
        user_ip=ip, user_agent="Mozilla/5.0", permalink="https://exemple.fr/a", url="https://louise.fr"
    )
    body = app_client.post("/v1/comments", json=data).json()
    key = f"{{{namespace}}}:comment:{body['id']}"
    record = redis_client.hgetall(key)
    assert record["comment"] == data["comment"]
    assert record["author"] == data["author"]
    assert record["url"] == "https://louise.fr"
    assert record["post_id"] == data["comment_post_ID"]
    assert len(record["ip_hash"]) == 32 and ip not in record["ip_hash"]
    assert RETENTION_SECONDS - 60 < redis_client.ttl(key) <= RETENTION_SECONDS
    assert ip not in repr(namespace_dump(redis_client, namespace))  # in no key name or value
    assert "user_ip" not in record


def test_any_unicode_text_is_stored_exactly_as_sent(
    app_client: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    text = 'a\x01b 😀 \u2028 "cité" \\ 𝔘𝔫𝔦 \u202e fin'  # NUL alone is refused (test_intake_checks)
    body = app_client.post("/v1/comments", json=comment_fields(comment=text, author="Zoé 😀")).json()
    record = redis_client.hgetall(f"{{{namespace}}}:comment:{body['id']}")
    assert record["comment"] == text
    assert record["author"] == "Zoé 😀"


def test_the_retention_is_a_setting(rules: Settings, redis_client: redis.Redis, namespace: str) -> None:
    with TestClient(create_app(rules.model_copy(update={"retention_days": 3}))) as client:
        body = client.post("/v1/comments", json=comment_fields()).json()
    ttl = redis_client.ttl(f"{{{namespace}}}:comment:{body['id']}")
    assert 3 * 86_400 - 60 < ttl <= 3 * 86_400


# Logs -----------------------------------------------------------------------------------------------


def test_logs_are_json_lines_with_request_and_comment_ids_and_no_email_or_ip(
    rules: Settings, capsys: pytest.CaptureFixture[str]
) -> None:
    email, ip = "secret.reader@exemple.fr", "192.0.2.123"
    with TestClient(create_app(rules)) as client:
        accepted = client.post(
            "/v1/comments", json=comment_fields(email=email, user_ip=ip), headers={"X-Request-ID": "req-abc-123"}
        )
        refused = client.post("/v1/comments", json=comment_fields(email="not-an-email", user_ip=ip))
    assert accepted.status_code == 201 and refused.status_code == 422
    assert accepted.headers["x-request-id"] == "req-abc-123"
    out = capsys.readouterr().out
    events = [json.loads(line) for line in out.splitlines() if line.strip()]
    assert events, "the app logs something"
    accepted_events = [e for e in events if e.get("event") == "comment.accepted"]
    assert accepted_events == [{**accepted_events[0], "comment_id": accepted.json()["id"], "request_id": "req-abc-123"}]
    assert any(e.get("event") == "http.request" and e.get("status") == 422 for e in events)
    assert email not in out and ip not in out and "not-an-email" not in out

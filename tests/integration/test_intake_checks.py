"""WordPress's field checks on POST /v1/comments, in both content types and both languages (rules only)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from tests.support.comments import CONTENT_TYPES, comment_fields, post_comment
from tests.support.redis_dump import namespace_dump

pytestmark = pytest.mark.redis


def error_codes(response: httpx.Response) -> list[tuple[str | None, str]]:
    """The (field, code) pairs of an error answer."""
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


@pytest.fixture
def no_flood_settings(rules_settings: Settings) -> Settings:
    """Rules only, flood check off, so one test can post many times from the same reader."""
    return rules_settings.model_copy(update={"flood_seconds": 0})


@pytest.fixture
def app_client(no_flood_settings: Settings) -> Iterator[TestClient]:
    """The app, rules only, no flood check."""
    with TestClient(create_app(no_flood_settings)) as client:
        yield client


@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_a_valid_comment_is_accepted_with_an_id_and_a_rules_only_decision(app_client: TestClient, kind: str) -> None:
    response = post_comment(app_client, kind, comment_fields())
    assert response.status_code == 201, response.text
    body = response.json()
    assert len(body["id"]) == 32
    assert body["status"] == "approved"
    assert body["model_version"] == "rules-only"
    assert body["scores"] == {}
    assert "rules_only" in [r["code"] for r in body["reasons"]]
    assert response.headers["location"] == f"/v1/comments/{body['id']}"


@pytest.mark.parametrize("kind", CONTENT_TYPES)
@pytest.mark.parametrize(
    ("lang_header", "expected"),
    [
        ("en-GB,en;q=0.9", {"author": "Please enter your name here", "comment": "Please enter your comment!"}),
        (
            "fr-FR,fr;q=0.9,en;q=0.5",
            {"author": "Veuillez saisir votre nom ici", "comment": "Veuillez saisir votre commentaire !"},
        ),
    ],
)
def test_missing_name_email_and_comment_are_refused_in_the_readers_language(
    app_client: TestClient,
    redis_client: redis.Redis,
    namespace: str,
    kind: str,
    lang_header: str,
    expected: dict[str, str],
) -> None:
    before = namespace_dump(redis_client, namespace)
    response = post_comment(
        app_client,
        kind,
        comment_fields(author="  ", email="", comment=" \n "),
        headers={"Accept-Language": lang_header},
    )
    assert response.status_code == 422
    assert error_codes(response) == [
        ("author", "author_required"),
        ("email", "email_required"),
        ("comment", "comment_required"),
    ]
    messages = {e["field"]: e["message"] for e in response.json()["errors"]}
    assert messages["author"] == expected["author"]
    assert messages["comment"] == expected["comment"]
    assert namespace_dump(redis_client, namespace) == before


@pytest.mark.parametrize(
    ("default_language", "message"),
    [("fr", "Vous avez saisi une adresse e-mail incorrecte !"), ("en", "You have entered an incorrect email address!")],
)
def test_without_accept_language_messages_use_the_sites_default_language(
    no_flood_settings: Settings, default_language: str, message: str
) -> None:
    settings = no_flood_settings.model_copy(update={"default_language": default_language})
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/comments", json=comment_fields(email="pas-une-adresse"))
        # A language we do not speak falls back to the default too.
        german = client.post(
            "/v1/comments", json=comment_fields(email="pas-une-adresse"), headers={"Accept-Language": "de"}
        )
    assert response.status_code == 422
    assert response.json()["errors"] == [{"field": "email", "code": "email_invalid", "message": message}]
    assert german.json()["errors"][0]["message"] == message


@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_name_and_email_are_optional_when_the_setting_is_off(
    no_flood_settings: Settings, kind: str, redis_client: redis.Redis
) -> None:
    settings = no_flood_settings.model_copy(update={"require_name_email": False})
    with TestClient(create_app(settings)) as client:
        response = post_comment(client, kind, comment_fields(author="", email=""))
        # WordPress judges the address only when it is required: an invalid one is dropped, the comment kept.
        invalid = post_comment(client, kind, comment_fields(author="", email="nope", comment="Sans adresse valide."))
    assert response.status_code == 201, response.text
    assert invalid.status_code == 201, invalid.text
    stored = redis_client.hgetall(f"{{{settings.namespace}}}:comment:{invalid.json()['id']}")
    assert (stored["email_masked"], stored["email_hash"]) == ("", "")


@pytest.mark.parametrize("kind", CONTENT_TYPES)
@pytest.mark.parametrize(
    "email",
    ["josé@exemple.fr", "用户@例子.广告", "élise.müller@bücher.de", "a+tag@sub.example.org"],
)
def test_internationalised_and_tagged_email_addresses_are_accepted(
    app_client: TestClient, kind: str, email: str
) -> None:
    response = post_comment(app_client, kind, comment_fields(email=email))
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("kind", CONTENT_TYPES)
@pytest.mark.parametrize(
    "email", ["claire", "claire@", "@exemple.fr", "claire@exemple", "cl aire@exemple.fr", "a@@b.fr"]
)
def test_invalid_email_addresses_are_refused(app_client: TestClient, kind: str, email: str) -> None:
    response = post_comment(app_client, kind, comment_fields(email=email), headers={"Accept-Language": "en"})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "email", "code": "email_invalid", "message": "You have entered an incorrect email address!"}
    ]


def _email_of_bytes(size: int) -> str:
    local = "a" * 64
    domain_label = "b" * (size - len(local) - 1 - len(".fr"))
    email = f"{local}@{domain_label}.fr"
    assert len(email.encode()) == size
    return email


@pytest.mark.parametrize("kind", CONTENT_TYPES)
@pytest.mark.parametrize(
    ("field", "at_limit", "over_limit", "code"),
    [
        # Multi-byte characters count as their UTF-8 bytes, as in WordPress's limits.
        ("author", "é" * 122 + "a", "é" * 123, "author_too_long"),
        ("email", _email_of_bytes(100), _email_of_bytes(101), "email_too_long"),
        ("url", "https://exemple.fr/" + "x" * 181, "https://exemple.fr/" + "x" * 182, "url_too_long"),
        ("comment", "é" * 32_762 + "a", "é" * 32_763, "comment_too_long"),
    ],
)
def test_fields_are_accepted_at_their_byte_limit_and_refused_one_byte_over(
    app_client: TestClient,
    redis_client: redis.Redis,
    namespace: str,
    kind: str,
    field: str,
    at_limit: str,
    over_limit: str,
    code: str,
) -> None:
    assert len(over_limit.encode()) == len(at_limit.encode()) + 1
    ok = post_comment(app_client, kind, comment_fields(**{field: at_limit}))
    assert ok.status_code == 201, ok.text
    before = namespace_dump(redis_client, namespace)
    refused = post_comment(app_client, kind, comment_fields(**{field: over_limit}))
    assert refused.status_code == 422
    assert error_codes(refused) == [(field, code)]
    assert namespace_dump(redis_client, namespace) == before


@pytest.mark.parametrize("kind", CONTENT_TYPES)
@pytest.mark.parametrize("url", ["javascript:alert(1)", "ftp://exemple.fr/fichier", "data:text/html,hi", "http://"])
def test_only_http_and_https_websites_are_accepted(app_client: TestClient, kind: str, url: str) -> None:
    response = post_comment(app_client, kind, comment_fields(url=url), headers={"Accept-Language": "fr"})
    assert response.status_code == 422
    assert error_codes(response) == [("url", "url_invalid")]
    assert "http://" in response.json()["errors"][0]["message"]


def test_a_website_without_scheme_is_stored_with_http_as_wordpress_does(
    app_client: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    response = app_client.post("/v1/comments", json=comment_fields(url="exemple.fr/blog"))
    assert response.status_code == 201
    stored = redis_client.hget(f"{{{namespace}}}:comment:{response.json()['id']}", "url")
    assert stored == "http://exemple.fr/blog"


@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_integer_post_and_parent_ids_are_accepted(app_client: TestClient, kind: str) -> None:
    response = post_comment(app_client, kind, comment_fields(comment_post_ID=42, comment_parent=7))
    assert response.status_code == 201, response.text


# Bodies: size, media type, syntax ------------------------------------------------------------------


@pytest.fixture
def small_body_client(no_flood_settings: Settings) -> Iterator[TestClient]:
    """The app with a 2 KiB body cap."""
    with TestClient(create_app(no_flood_settings.model_copy(update={"max_body_bytes": 2048}))) as client:
        yield client


@pytest.mark.parametrize("kind", CONTENT_TYPES)
def test_a_body_over_the_cap_is_refused_with_413_and_nothing_is_stored(
    small_body_client: TestClient, redis_client: redis.Redis, namespace: str, kind: str
) -> None:
    before = namespace_dump(redis_client, namespace)
    response = post_comment(
        small_body_client, kind, comment_fields(comment="x" * 3000), headers={"Accept-Language": "en"}
    )
    assert response.status_code == 413
    assert response.json()["errors"] == [
        {"field": None, "code": "body_too_large", "message": "The submission is too large."}
    ]
    assert namespace_dump(redis_client, namespace) == before


def test_a_streamed_body_without_content_length_is_cut_at_the_cap(small_body_client: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"comment": "'
        for _ in range(10):
            yield b"y" * 500
        yield b'", "author": "A", "email": "a@exemple.fr"}'

    response = small_body_client.post("/v1/comments", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413


def test_a_body_just_under_the_cap_is_read(small_body_client: TestClient) -> None:
    response = small_body_client.post("/v1/comments", json=comment_fields(comment="z" * 1500))
    assert response.status_code == 201, response.text


@pytest.mark.parametrize("content_type", ["text/plain", "multipart/form-data; boundary=x", "application/xml", None])
def test_other_media_types_are_refused_with_415(app_client: TestClient, content_type: str | None) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = app_client.post("/v1/comments", content=b"comment=hello", headers=headers)
    assert response.status_code == 415
    assert error_codes(response) == [(None, "unsupported_media_type")]


@pytest.mark.parametrize(
    "body",
    [
        b'{"comment": "hello",',  # truncated
        b"not json at all",
        b"",
        b"[1, 2, 3]",  # an array, not an object
        b'"just a string"',
        b"\xff\xfe{}",  # not UTF-8
        b"[" * 100_000,  # nested too deep for the parser
    ],
)
def test_unreadable_json_is_refused_with_400_never_500(no_flood_settings: Settings, body: bytes) -> None:
    with TestClient(create_app(no_flood_settings), raise_server_exceptions=False) as client:
        response = client.post("/v1/comments", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400, response.text
    assert error_codes(response) == [(None, "malformed")]


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"comment": 123}, "comment"),
        ({"author": ["a", "b"]}, "author"),
        ({"email": {"x": 1}}, "email"),
        ({"comment": None}, "comment"),
        ({"comment_post_ID": [1]}, "comment_post_ID"),
    ],
)
def test_wrongly_typed_json_fields_are_refused_with_422_per_field(
    no_flood_settings: Settings, data: dict[str, Any], field: str
) -> None:
    with TestClient(create_app(no_flood_settings), raise_server_exceptions=False) as client:
        response = client.post("/v1/comments", json=comment_fields(**data), headers={"Accept-Language": "en"})
    assert response.status_code == 422, response.text
    assert error_codes(response) == [(field, "field_invalid")]


def test_a_repeated_form_field_keeps_its_last_value_as_php_does(
    app_client: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    body = "comment=first&comment=second+one&author=A&email=a%40exemple.fr"
    response = app_client.post(
        "/v1/comments", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status_code == 201, response.text
    assert redis_client.hget(f"{{{namespace}}}:comment:{response.json()['id']}", "comment") == "second one"


@pytest.mark.parametrize("kind", CONTENT_TYPES)
@pytest.mark.parametrize("field", ["comment", "author", "email", "url", "comment_post_ID", "ak_hp_textarea"])
def test_a_nul_character_in_any_field_is_a_422_naming_it_and_nothing_is_stored(
    app_client: TestClient, kind: str, field: str, redis_client: redis.Redis, namespace: str
) -> None:
    fields = comment_fields()
    fields[field] = f"{fields.get(field) or 'x'}\x00suite"
    before = namespace_dump(redis_client, namespace)

    response = post_comment(app_client, kind, fields, headers={"Accept-Language": "fr"})

    assert response.status_code == 422
    assert error_codes(response) == [(field, "nul_character")]
    assert "NUL" in response.json()["errors"][0]["message"]
    assert namespace_dump(redis_client, namespace) == before

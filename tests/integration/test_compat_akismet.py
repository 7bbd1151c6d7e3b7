"""Akismet's REST API, replayed as WordPress's Akismet plugin and generic clients send it (real Redis)."""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.labels import read_labels
from moderation.main import create_app
from moderation.storage.keys import Keys
from tests.support.redis_dump import namespace_dump

KEY = "a1b2c3d4e5f6"  # WordPress's plugin refuses keys that are not 12 characters long
OTHER_KEY = "0f0f0f0f0f0f"
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}


def wordpress_fields(**overrides: str) -> dict[str, str]:
    """What `Akismet::auto_check_comment` posts for a comment on a French WordPress site."""
    text = f"Merci pour cet article très clair, je le partage. ({uuid.uuid4().hex[:8]})"
    fields = {
        "comment_post_ID": "42",
        "comment_author": "Claire Dupont",
        "comment_author_email": "claire@exemple.fr",
        "comment_author_url": "",
        "comment_content": text,
        "comment_type": "comment",
        "comment_parent": "0",
        "user_ID": "0",
        "user_ip": "203.0.113.7",
        "user_agent": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "referrer": "https://journal.example.fr/2026/11/article/",
        "blog": "https://journal.example.fr",
        "blog_lang": "fr_FR",
        "blog_charset": "UTF-8",
        "permalink": "https://journal.example.fr/2026/11/article/",
        "akismet_comment_nonce": "passed",
        "POST_author": "Claire Dupont",
        "POST_email": "claire@exemple.fr",
        "POST_comment": text,
        "POST_ak_hp_textarea": "",
        "POST_ak_js": "1764070000000",
        "REMOTE_ADDR": "203.0.113.7",
        "REQUEST_URI": "/wp-comments-post.php",
        "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
        "HTTP_ACCEPT_LANGUAGE": "fr-FR,fr;q=0.9",
        "comment_post_modified_gmt": "2026-11-25 08:00:00",
        "comment_context[0]": "Politique",
        "api_key": KEY,  # the plugin appends it last (add_query_arg)
    }
    fields.update(overrides)
    return fields


def check(client: TestClient, fields: dict[str, str]) -> httpx.Response:
    """POST a comment-check form, URL-encoded as PHP's http_build_query does."""
    return client.post("/1.1/comment-check", content=urlencode(fields), headers=FORM)


def labels(redis_client: redis.Redis, namespace: str) -> list[Any]:
    """The label stream's examples, oldest first."""
    return [example for _, example in read_labels(redis_client, keys=Keys(namespace))]


@pytest.fixture
def akismet_settings(rules_settings: Settings) -> Settings:
    """Rules only (deterministic), one client key, and WordPress-style word lists."""
    return rules_settings.model_copy(
        update={
            "api_keys": [KEY, OTHER_KEY],
            "disallowed_keys": ["casino-en-ligne"],
            "moderation_keys": ["référendum"],
            "flood_seconds": 0,
        }
    )


@pytest.fixture
def akismet(akismet_settings: Settings) -> Iterator[TestClient]:
    """The app with its lifespan running, rules only."""
    with TestClient(create_app(akismet_settings)) as test_client:
        yield test_client


# comment-check -------------------------------------------------------------------------------------
def test_wordpress_plugin_check_of_a_clean_comment_answers_false(akismet: TestClient) -> None:
    response = check(akismet, wordpress_fields())

    assert response.status_code == 200
    assert response.text == "false"
    assert response.headers["content-type"].startswith("text/plain")
    assert "x-akismet-pro-tip" not in response.headers
    assert len(response.headers["x-akismet-guid"]) == 32
    assert response.headers["x-moderation-status"] == "approved"


def test_wordpress_honeypot_filled_is_spam_to_discard(akismet: TestClient) -> None:
    response = check(akismet, wordpress_fields(POST_ak_hp_textarea="http://cheap-pills.example"))

    assert response.text == "true"
    assert response.headers["x-akismet-pro-tip"] == "discard"
    assert response.headers["x-moderation-status"] == "spam"


def test_documented_honeypot_field_name_is_read_from_the_named_field(akismet: TestClient) -> None:
    filled = wordpress_fields(honeypot_field_name="hidden_honeypot_field", hidden_honeypot_field="gotcha")
    empty = wordpress_fields(honeypot_field_name="hidden_honeypot_field", hidden_honeypot_field="")

    assert check(akismet, filled).text == "true"
    assert check(akismet, empty).text == "false"


def test_disallowed_word_is_spam_to_discard_and_matches_the_user_agent_too(akismet: TestClient) -> None:
    in_text = check(akismet, wordpress_fields(comment_content="Gagnez gros sur notre CASINO-EN-LIGNE !"))
    in_agent = check(akismet, wordpress_fields(user_agent="Mozilla/5.0 casino-en-ligne-bot"))

    for response in (in_text, in_agent):
        assert response.text == "true"
        assert response.headers["x-akismet-pro-tip"] == "discard"
        assert response.headers["x-moderation-status"] == "rejected"


def test_comment_held_for_moderation_is_not_spam(akismet: TestClient) -> None:
    response = check(akismet, wordpress_fields(comment_content="Et le référendum, on en parle quand ?"))

    assert response.text == "false"
    assert response.headers["x-moderation-status"] == "pending"
    assert "x-akismet-pro-tip" not in response.headers


def test_verdict_is_the_one_our_own_api_gives_for_the_same_comment(akismet: TestClient) -> None:
    texts = {
        "Très bon article, merci.": "approved",
        "Et le référendum, on en parle quand ?": "pending",
        "Voir https://a.example et https://b.example": "pending",
        "Mon casino-en-ligne paie bien": "rejected",
    }
    for i, (text, expected) in enumerate(texts.items()):
        email = f"lecteur{i}@exemple.fr"
        ours = akismet.post(
            "/v1/comments",
            json={"comment": text, "author": "Lecteur", "email": email, "comment_post_ID": str(i)},
        )
        theirs = check(akismet, wordpress_fields(comment_content=text, comment_author_email=email))

        assert ours.status_code == 201
        assert ours.json()["status"] == expected
        assert theirs.headers["x-moderation-status"] == expected
        assert theirs.text == ("true" if expected in ("spam", "rejected") else "false")


def test_documented_test_values_force_spam_and_ham(akismet: TestClient) -> None:
    by_author = check(akismet, wordpress_fields(comment_author="viagra-test-123", is_test="1"))
    by_email = check(akismet, wordpress_fields(comment_author_email="akismet-guaranteed-spam@example.com"))
    admin = check(akismet, wordpress_fields(user_role="administrator", comment_content="casino-en-ligne", is_test="1"))

    assert by_author.text == "true"
    assert by_email.text == "true"
    assert admin.text == "false"


def test_comment_check_stores_nothing(akismet: TestClient, redis_client: redis.Redis, namespace: str) -> None:
    before = namespace_dump(redis_client, namespace)

    clean = check(akismet, wordpress_fields())
    spam = check(akismet, wordpress_fields(POST_ak_hp_textarea="spam"))

    assert (clean.status_code, clean.text, spam.status_code, spam.text) == (200, "false", 200, "true")
    assert namespace_dump(redis_client, namespace) == before


def test_body_in_the_blog_charset_is_decoded_with_it(akismet: TestClient) -> None:
    # "Très" in ISO-8859-1 is T r %E8 s: read as UTF-8 it would be refused or garbled.
    body = (
        f"api_key={KEY}&blog=https%3A%2F%2Fjournal.example.fr&user_ip=203.0.113.7&blog_charset=ISO-8859-1"
        f"&comment_content={quote('Très bien, mais le référendum ?', encoding='latin-1')}"
    )
    response = akismet.post(
        "/1.1/comment-check", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert response.text == "false"
    assert response.headers["x-moderation-status"] == "pending"  # "référendum" was decoded and matched


def test_unknown_blog_charset_is_invalid(akismet: TestClient) -> None:
    response = check(akismet, wordpress_fields(blog_charset="klingon-8"))

    assert response.text == "invalid"
    assert response.headers["x-akismet-debug-help"] == "Unknown blog_charset: klingon-8"


# refused calls ---------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("overrides", "help_text"),
    [
        ({"api_key": "zzzzzzzzzzzz"}, "Invalid API key."),
        ({"api_key": ""}, "Missing required field: api_key."),
        ({"user_ip": ""}, "Missing required field: user_ip."),
        ({"blog": ""}, "Missing required field: blog."),
    ],
)
def test_bad_key_or_missing_field_answers_invalid_with_debug_help(
    akismet: TestClient, overrides: dict[str, str], help_text: str
) -> None:
    response = check(akismet, wordpress_fields(**overrides))

    assert response.status_code == 200
    assert response.text == "invalid"
    assert response.headers["x-akismet-debug-help"] == help_text


def test_no_configured_keys_refuses_every_key(rules_settings: Settings) -> None:
    with TestClient(create_app(rules_settings)) as app_client:
        assert check(app_client, wordpress_fields()).text == "invalid"
        assert app_client.post("/1.1/verify-key", data={"key": KEY, "blog": "https://x.example"}).text == "invalid"


# verify-key ------------------------------------------------------------------------------------------
def test_verify_key_answers_valid_for_each_configured_key_in_either_field(akismet: TestClient) -> None:
    blog = "https://journal.example.fr"

    assert akismet.post("/1.1/verify-key", data={"key": KEY, "blog": blog}).text == "valid"
    assert akismet.post("/1.1/verify-key", data={"api_key": OTHER_KEY, "blog": blog}).text == "valid"
    assert akismet.post("/1.1/verify-key", data={"key": "zzzzzzzzzzzz", "blog": blog}).text == "invalid"
    assert akismet.post("/1.1/verify-key", data={"blog": blog}).text == "invalid"


# submit-spam / submit-ham ------------------------------------------------------------------------------
def test_submit_spam_and_ham_store_spam_labels_with_a_keyed_author_hash(
    akismet: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    spam = wordpress_fields(comment_content="Achetez des montres pas chères ici", comment_author_email="Bot@X.example")
    ham = wordpress_fields(comment_content="Bel article, merci à la rédaction.", comment_author_url="https://c.example")

    spam_answer = akismet.post("/1.1/submit-spam", content=urlencode(spam), headers=FORM)
    ham_answer = akismet.post("/1.1/submit-ham", content=urlencode(ham), headers=FORM)

    assert spam_answer.text == ham_answer.text == "Thanks for making the web a better place."
    stored = labels(redis_client, namespace)
    assert [(e.text, e.labels, e.source) for e in stored] == [
        ("Achetez des montres pas chères ici", {"spam": 1}, "akismet"),
        ("Bel article, merci à la rédaction.", {"spam": 0}, "akismet"),
    ]
    hasher = akismet.app.state.intake.hasher
    assert stored[0].author_hash == hasher.email("bot@x.example")
    assert stored[0].author_hash != hashlib.sha256(b"bot@x.example").hexdigest()[:32]  # keyed, not a bare hash
    assert stored[0].language == "fr"
    assert stored[1].url == "https://c.example"
    raw = redis_client.xrange(Keys(namespace).labels())
    assert "Bot@X.example" not in str(raw)
    assert "bot@x.example" not in str(raw)


def test_test_submissions_and_refused_submissions_store_nothing(
    akismet: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    test_call = akismet.post("/1.1/submit-spam", content=urlencode(wordpress_fields(is_test="true")), headers=FORM)
    bad_key = akismet.post("/1.1/submit-ham", content=urlencode(wordpress_fields(api_key="zzzzzzzzzzzz")), headers=FORM)
    no_text = akismet.post("/1.1/submit-spam", content=urlencode(wordpress_fields(comment_content="")), headers=FORM)

    assert test_call.text == "Thanks for making the web a better place."
    assert (bad_key.text, bad_key.headers["x-akismet-debug-help"]) == ("invalid", "Invalid API key.")
    assert (no_text.text, no_text.headers["x-akismet-debug-help"]) == (
        "invalid",
        "Missing required field: comment_content.",
    )
    assert labels(redis_client, namespace) == []


# settings ----------------------------------------------------------------------------------------------
def test_api_keys_setting_reads_a_comma_list_and_keeps_only_digests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODERATION_API_KEYS", f"{KEY}, {OTHER_KEY}")

    loaded = Settings(ip_hash_key="k")  # type: ignore[arg-type]

    assert loaded.api_keys == [
        "sha256:" + hashlib.sha256(KEY.encode()).hexdigest(),
        "sha256:" + hashlib.sha256(OTHER_KEY.encode()).hexdigest(),
    ]
    assert KEY not in repr(loaded)


def test_api_key_shorter_than_twelve_characters_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="12 characters"):
        Settings(api_keys=["short"])

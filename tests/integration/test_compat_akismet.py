"""Akismet's REST API, replayed as WordPress's Akismet plugin and generic clients send it (real Redis)."""

from __future__ import annotations

import hashlib
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

import httpx
import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.labels import read_labels
from moderation.main import create_app
from moderation.scoring.base import Submission
from moderation.scoring.served import CURRENT
from moderation.storage.keys import Keys
from tests.conftest import MODEL_DIR
from tests.support.redis_dump import namespace_dump

pytestmark = pytest.mark.redis

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


@pytest.mark.parametrize(
    "agent", ["Python-urllib/2.1", "curl/8.5.0", "python-requests/2.32.3", "Go-http-client/1.1", "Wget/1.21.3"]
)
def test_a_scripts_user_agent_on_a_form_comment_is_spam_never_discarded(akismet: TestClient, agent: str) -> None:
    response = check(akismet, wordpress_fields(user_agent=agent))

    assert response.text == "true"
    assert response.headers["x-moderation-status"] == "spam"
    assert "x-akismet-pro-tip" not in response.headers


@pytest.mark.parametrize(
    "overrides",
    [
        {"comment_type": "pingback", "user_agent": "WordPress/6.1; https://blog.example.org"},
        {"comment_type": "trackback", "user_agent": "curl/8.5.0"},
        {"user_agent": ""},
        {"user_agent": "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148"},
    ],
    ids=["pingback", "trackback", "no-agent", "browser"],
)
def test_a_servers_agent_on_a_pingback_and_a_browsers_or_no_agent_on_a_comment_are_no_signal(
    akismet: TestClient, overrides: dict[str, str]
) -> None:
    response = check(akismet, wordpress_fields(**overrides))

    assert (response.text, response.headers["x-moderation-status"]) == ("false", "approved")


def test_comment_held_by_a_rule_goes_to_the_spam_folder_by_default_never_discarded(akismet: TestClient) -> None:
    response = check(akismet, wordpress_fields(comment_content="Et le référendum, on en parle quand ?"))

    assert response.text == "true"
    assert response.headers["x-moderation-status"] == "pending"
    assert response.headers["x-moderation-held"] == "rules"
    assert "x-akismet-pro-tip" not in response.headers


def test_held_kinds_left_out_of_the_setting_answer_false(akismet_settings: Settings) -> None:
    published = akismet_settings.model_copy(update={"akismet_held_as_spam": ["abuse", "spam"]})
    with TestClient(create_app(published)) as app_client:
        response = check(app_client, wordpress_fields(comment_content="Et le référendum, on en parle quand ?"))

    assert (response.text, response.headers["x-moderation-held"]) == ("false", "rules")


def test_held_setting_reads_a_comma_list_and_refuses_unknown_kinds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODERATION_AKISMET_HELD_AS_SPAM", "abuse, spam")
    assert Settings().akismet_held_as_spam == ["abuse", "spam"]
    assert Settings(akismet_held_as_spam=[]).akismet_held_as_spam == []
    monkeypatch.setenv("MODERATION_AKISMET_HELD_AS_SPAM", "abuse,toxic")
    with pytest.raises(ValueError, match="akismet_held_as_spam"):
        Settings()


def test_verdict_is_the_one_our_own_api_gives_for_the_same_comment(akismet: TestClient) -> None:
    texts = {
        "Très bon article, merci.": "approved",
        "Et le référendum, on en parle quand ?": "pending",
        "Voir https://a.exemple.fr et https://b.exemple.fr": "pending",
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
        assert theirs.text == ("false" if expected == "approved" else "true")


def test_documented_test_values_force_spam_and_ham(akismet: TestClient) -> None:
    by_author = check(akismet, wordpress_fields(comment_author="viagra-test-123", is_test="1"))
    by_email = check(akismet, wordpress_fields(comment_author_email="akismet-guaranteed-spam@example.com"))
    admin = check(akismet, wordpress_fields(user_role="administrator", comment_content="casino-en-ligne", is_test="1"))

    assert by_author.text == "true"
    assert by_email.text == "true"
    assert admin.text == "false"


def test_comment_check_stores_nothing_but_the_keys_usage_counts(
    akismet: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    before = namespace_dump(redis_client, namespace)

    clean = check(akismet, wordpress_fields())
    spam = check(akismet, wordpress_fields(POST_ak_hp_textarea="spam"))

    assert (clean.status_code, clean.text, spam.status_code, spam.text) == (200, "false", 200, "true")
    after = namespace_dump(redis_client, namespace)
    added = {key for key in after if key not in before}
    assert all(":akismet:usage:" in key or ":akismet:months:" in key for key in added), added
    assert {k: v for k, v in after.items() if k not in added} == before
    assert "Merci pour cet article" not in str(after) and "203.0.113.7" not in str(after)


def test_body_in_the_blog_charset_is_decoded_with_it(akismet: TestClient) -> None:
    # "Très" in ISO-8859-1 is T r %E8 s: read as UTF-8 it would be refused or garbled.
    body = (
        f"api_key={KEY}&blog=https%3A%2F%2Fjournal.example.fr&user_ip=203.0.113.7&blog_charset=ISO-8859-1"
        f"&comment_content={quote('Très bien, mais le référendum ?', encoding='latin-1')}"
    )
    response = akismet.post(
        "/1.1/comment-check", content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )

    assert response.headers["x-moderation-status"] == "pending"  # "référendum" was decoded and matched


@pytest.mark.parametrize(
    ("charset", "shown"),
    [
        ("klingon-8", "klingon-8"),
        ("a%00b", "a?b"),
        ("rot13", "rot13"),
        ("base64", "base64"),
        ("zlib_codec", "zlib_codec"),
    ],
)
def test_a_blog_charset_that_is_no_text_encoding_is_a_400_after_the_key_check(
    akismet: TestClient, redis_client: redis.Redis, namespace: str, charset: str, shown: str
) -> None:
    fields = {k: v for k, v in wordpress_fields().items() if k != "blog_charset"}
    body = urlencode(fields) + f"&blog_charset={charset}"
    before = namespace_dump(redis_client, namespace)

    response = akismet.post("/1.1/comment-check", content=body, headers=FORM)
    wrong_key = akismet.post("/1.1/comment-check", content=body.replace(KEY, "zzzzzzzzzzzz"), headers=FORM)
    feedback = akismet.post("/1.1/submit-spam", content=body, headers=FORM)

    assert (response.status_code, response.text) == (400, f"Unknown blog_charset: {shown}")
    assert response.headers["x-akismet-debug-help"] == f"Unknown blog_charset: {shown}"
    assert (wrong_key.status_code, wrong_key.text) == (200, "invalid")  # the key is checked first
    assert wrong_key.headers["x-akismet-debug-help"] == "Invalid API key."
    assert feedback.status_code == 400
    assert namespace_dump(redis_client, namespace) == before


def test_a_body_not_valid_in_its_charset_is_a_400(akismet: TestClient) -> None:
    body = f"api_key={KEY}&blog=https%3A%2F%2Fj.example&user_ip=203.0.113.7&comment_content=Tr%E8s"

    response = akismet.post("/1.1/comment-check", content=body, headers=FORM)

    assert (response.status_code, response.text) == (400, "The body is not valid utf-8.")


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


def test_verify_key_requires_blog_as_akismet_does(akismet: TestClient) -> None:
    response = akismet.post("/1.1/verify-key", data={"key": KEY})

    assert response.text == "invalid"
    assert response.headers["x-akismet-debug-help"] == "Missing required field: blog."


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
    hasher = akismet.app.state.services.intake.hasher
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
    no_ip = akismet.post("/1.1/submit-ham", content=urlencode(wordpress_fields(user_ip="")), headers=FORM)

    assert test_call.text == "Thanks for making the web a better place."
    assert (bad_key.text, bad_key.headers["x-akismet-debug-help"]) == ("invalid", "Invalid API key.")
    assert (no_ip.text, no_ip.headers["x-akismet-debug-help"]) == ("invalid", "Missing required field: user_ip.")
    assert labels(redis_client, namespace) == []


def test_submission_without_comment_content_is_accepted_and_counted_but_not_labelled(
    akismet: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    fields = {k: v for k, v in wordpress_fields().items() if k not in ("comment_content", "POST_comment")}

    answer = akismet.post("/1.1/submit-spam", content=urlencode(fields), headers=FORM)
    stats = akismet.post("/1.1/get-stats", data={"key": KEY, "blog": "https://journal.example.fr", "from": "all"})

    assert answer.text == "Thanks for making the web a better place."
    assert labels(redis_client, namespace) == []
    assert stats.json()["missed_spam"] == 1


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


# Akismet's test values and key-in-host clients ------------------------------------------------------------------
def test_current_test_author_akismet_guaranteed_spam_is_spam(akismet: TestClient) -> None:
    response = check(akismet, wordpress_fields(comment_author="akismet-guaranteed-spam", is_test="1"))

    assert (response.text, response.headers["x-moderation-status"]) == ("true", "spam")


def test_key_in_the_host_name_is_accepted_without_api_key(akismet: TestClient) -> None:
    fields = {k: v for k, v in wordpress_fields().items() if k != "api_key"}

    in_host = akismet.post(
        "/1.1/comment-check", content=urlencode(fields), headers={**FORM, "Host": f"{KEY}.rest.example.org"}
    )
    with_port = akismet.post(
        "/1.1/comment-check", content=urlencode(fields), headers={**FORM, "Host": f"{KEY}.localhost:8080"}
    )
    wrong = akismet.post(
        "/1.1/comment-check", content=urlencode(fields), headers={**FORM, "Host": "zzzzzzzzzzzz.rest.example.org"}
    )
    ip_host = akismet.post("/1.1/comment-check", content=urlencode(fields), headers={**FORM, "Host": "127.0.0.1:8080"})

    assert (in_host.text, with_port.text) == ("false", "false")
    assert (wrong.text, wrong.headers["x-akismet-debug-help"]) == ("invalid", "Invalid API key.")
    assert (ip_host.text, ip_host.headers["x-akismet-debug-help"]) == ("invalid", "Missing required field: api_key.")


# WordPress's account calls ----------------------------------------------------------------------------------------
def test_wordpress_plugin_account_calls_get_akismets_answers(akismet: TestClient) -> None:
    blog = "https://journal.example.fr"

    assert akismet.get("/1.1/test").text == "connected"
    subscription = akismet.post("/1.1/get-subscription", data={"key": KEY, "blog": blog, "api_key": OTHER_KEY})
    refused = akismet.post("/1.1/get-subscription", data={"key": "zzzzzzzzzzzz", "blog": blog})
    deactivated = akismet.post("/1.1/deactivate", data={"key": KEY, "blog": blog})
    wpcom = akismet.post("/1.1/verify-wpcom-key", data={"api_key": KEY, "user_id": "1", "get_account_type": "true"})
    token = akismet.post("/1.1/verify-wpcom-key", data={"token": "1-0123456789abcdef0123"})

    assert subscription.json()["status"] == "active"
    assert subscription.json()["next_billing_date"] is None
    assert refused.text == "invalid"
    assert deactivated.text == "deactivated"
    assert wpcom.json()["status"] == "active"
    assert token.text == "invalid"


def test_stats_usage_and_key_sites_count_each_keys_calls_by_site(akismet: TestClient) -> None:
    for blog, text in (("https://a.example", "Merci !"), ("https://a.example", "x"), ("https://b.example/blog", "y")):
        check(akismet, wordpress_fields(blog=blog, comment_content=f"{text} {uuid.uuid4().hex[:6]}"))
    check(akismet, wordpress_fields(blog="https://a.example", POST_ak_hp_textarea="spam"))
    check(akismet, wordpress_fields(blog="https://a.example", is_test="1"))  # test calls are not counted
    check(akismet, wordpress_fields(api_key=OTHER_KEY))  # another key's calls are its own
    akismet.post("/1.1/submit-ham", content=urlencode(wordpress_fields(blog="https://a.example")), headers=FORM)

    stats = akismet.post("/1.1/get-stats", data={"key": KEY, "blog": "https://a.example", "from": "6-months"}).json()
    usage = akismet.get("/1.2/usage-limit", params={"api_key": KEY}).json()
    sites = akismet.get("/1.2/key-sites", params={"api_key": KEY}).json()
    csv_sites = akismet.post("/1.2/key-sites", data={"api_key": KEY, "format": "csv", "order": "spam"})
    refused = akismet.get("/1.2/usage-limit", params={"api_key": "zzzzzzzzzzzz"})

    month = next(iter(stats["breakdown"]))
    assert {k: stats[k] for k in ("spam", "ham", "missed_spam", "false_positives")} == {
        "spam": 1,
        "ham": 3,
        "missed_spam": 0,
        "false_positives": 1,
    }
    assert stats["accuracy"] == 75.0
    assert usage == {"limit": "none", "usage": 4, "percentage": "0.00", "throttled": False}
    assert sites["total"] == 2
    assert sites[month][0] == {
        "site": "a.example",
        "api_calls": "3",
        "spam": "1",
        "ham": "2",
        "missed_spam": "0",
        "false_positives": "1",
        "is_revoked": False,
    }
    assert csv_sites.text.splitlines()[2].startswith("a.example,3,1,2,0,1,false")
    assert refused.text == "invalid"
    assert KEY not in csv_sites.text


def test_key_sites_refuses_bad_parameters_with_a_400(akismet: TestClient) -> None:
    for params in ({"month": "2026-13-01"}, {"order": "nope"}, {"limit": "-1"}):
        response = akismet.get("/1.2/key-sites", params={"api_key": KEY, **params})
        assert response.status_code == 400, params


# Held comments with the shipped model ---------------------------------------------------------------------------
def test_held_abuse_goes_to_wordpress_spam_folder_so_it_is_never_published(settings: Settings) -> None:
    with TestClient(create_app(settings.model_copy(update={"api_keys": [KEY], "flood_seconds": 0}))) as app_client:
        response = check(app_client, wordpress_fields(comment_content="Cette journaliste est une grosse salope."))

    # The example: held (pending) as abusive, which the stock plugin would publish on "false".
    assert (response.headers["x-moderation-status"], response.headers["x-moderation-held"]) == ("pending", "abuse")
    assert response.text == "true"
    assert "x-akismet-pro-tip" not in response.headers  # kept for review in the spam folder, not discarded


# A model reload during a check -------------------------------------------------------------------------------------
class ReloadWhileScoring:
    """The served model; while it scores, CURRENT is removed and the registry reloads (rules only from then on)."""

    def __init__(self, inner: Any, registry: Any, model_dir: Path) -> None:
        self.inner, self.registry, self.model_dir = inner, registry, model_dir

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def score(self, submission: Submission, *, explain: bool = True) -> Any:
        scores = self.inner.score(submission, explain=explain)
        (self.model_dir / CURRENT).unlink()
        assert self.registry.refresh()  # the reload thread's own step, landing between scoring and thresholds
        return scores


def test_a_model_reload_during_a_check_judges_the_discard_with_the_scoring_models_thresholds(
    settings: Settings, tmp_path: Path
) -> None:
    model_dir = tmp_path / "served-model"
    version = (MODEL_DIR / CURRENT).read_text().strip()
    shutil.copytree(MODEL_DIR / version, model_dir / version, ignore=shutil.ignore_patterns("*.png"))
    (model_dir / CURRENT).write_text(version + "\n")
    updated = settings.model_copy(update={"api_keys": [KEY], "flood_seconds": 0, "model_dir": model_dir})
    spam = "Hello, I am a crypto trader, contact me on WhatsApp +1 555 0100 to double your bitcoin investment fast"
    with TestClient(create_app(updated)) as app_client:
        registry = app_client.app.state.services.registry
        # No public setter: outside tests a model changes only through refresh(), which the wrapper then calls.
        registry._current = ReloadWhileScoring(registry.current, registry, model_dir)
        response = check(app_client, wordpress_fields(comment_content=spam, blog_lang="en_US"))
        after = registry.current.version

    assert after == "rules-only"  # the reload did land during the check
    assert (response.text, response.headers["x-moderation-status"]) == ("true", "spam")
    assert response.headers["x-akismet-pro-tip"] == "discard"  # judged on the scoring model's spam cut


# Redis down ----------------------------------------------------------------------------------------------------
def test_with_redis_down_every_counted_call_is_a_503_in_akismets_words_never_a_verdict(
    akismet_settings: Settings,
) -> None:
    down = akismet_settings.model_copy(update={"redis_url": "redis://127.0.0.1:1/0", "redis_timeout_seconds": 0.5})
    with TestClient(create_app(down), raise_server_exceptions=False) as app_client:
        answers = [
            check(app_client, wordpress_fields()),
            app_client.post("/1.1/submit-spam", content=urlencode(wordpress_fields()), headers=FORM),
            app_client.post("/1.1/get-stats", data={"key": KEY, "blog": "https://journal.example.fr"}),
            app_client.get(f"/1.2/usage-limit?api_key={KEY}"),
        ]
        verified = app_client.post("/1.1/verify-key", data={"key": KEY, "blog": "https://journal.example.fr"})

    for response in answers:
        assert response.status_code == 503
        assert response.headers["content-type"].startswith("text/plain")
        assert response.text == "The service is briefly unavailable; please try again in a few seconds."
        assert response.headers["x-akismet-error"] == "unavailable"
        assert response.headers["x-akismet-debug-help"] == response.text
        assert int(response.headers["retry-after"]) > 0
    assert verified.text == "valid"  # a key check needs no Redis

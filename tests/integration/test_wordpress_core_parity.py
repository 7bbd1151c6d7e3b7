"""WordPress core's own comment tests, replayed against the service over HTTP.

Each test is named after the PHPUnit test of WordPress/wordpress-develop it mirrors (`tests/phpunit/tests/comment/
checkComment.php`, `wpCheckCommentDisallowedList.php`, `wpAllowComment.php`, `wpHandleCommentSubmission.php` and
`formatting/isEmail.php`), with WordPress's inputs. Options WordPress sets with `update_option` are set through the
admins' settings API. `check_comment()` and the disallowed list are rules: those cases run against a service with
no model (`rules`), where "true" is `approved`, "false" is `pending` and a disallowed match is `rejected` (WordPress's
trash). Plain comments WordPress would publish are also posted to a service with the bundled model (`model`): a
reader's "Comment" must not be held by it. The cases that depend on WordPress's own data (posts, users, kses) and
the deliberate differences are listed in docs/wordpress-parity.md.
"""

from __future__ import annotations

import itertools
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from moderation.storage.clients import client_from_url
from tests.conftest import MODEL_DIR, REDIS_URL
from tests.support.server import serve_process

pytestmark = pytest.mark.redis

_counter = itertools.count(1)


@dataclass
class Site:
    """A running service, its admin's token, and WordPress-like helpers."""

    base: str
    admin: dict[str, str]

    def configure(self, **options: Any) -> None:
        """Set WordPress's discussion options for the next comments; those not named go back to the defaults."""
        body = {
            "moderation_keys": None,
            "disallowed_keys": None,
            "max_links": None,
            "manual_approval": None,
            "require_previously_approved": None,
            **options,
        }
        response = httpx.put(f"{self.base}/v1/review/settings", json=body, headers=self.admin, timeout=10)
        assert response.status_code == 200, response.text

    def submit(self, **fields: Any) -> httpx.Response:
        """Post a "Leave a reply" form; each call is a new post and reader address, as WordPress's fixtures are."""
        n = next(_counter)
        data = {"comment_post_ID": str(1000 + n), "user_ip": f"192.0.2.{n % 250 + 1}", **fields}
        return httpx.post(f"{self.base}/v1/comments", data=data, headers={"Accept-Language": "en"}, timeout=10)

    def status(self, **fields: Any) -> str:
        """The status the service gives an accepted comment."""
        response = self.submit(**fields)
        assert response.status_code == 201, response.text
        return str(response.json()["status"])

    def approve(self, comment_id: str) -> None:
        """A moderator approves a held comment (WordPress's `wp_update_comment(... 'comment_approved' => 1)`)."""
        url = f"{self.base}/v1/review/items/{comment_id}/decision"
        response = httpx.post(url, json={"decision": "approve"}, headers=self.admin, timeout=10)
        assert response.status_code == 200, response.text


def _errors(response: httpx.Response) -> list[tuple[str | None, str]]:
    return [(e["field"], e["code"]) for e in response.json()["errors"]]


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Site]]:
    """Three services on one Redis: rules only, the bundled model, and rules with WordPress's 15 s flood limit."""
    empty_model = tmp_path_factory.mktemp("no-model")
    profiles = {
        "rules": (empty_model, "0"),
        "model": (MODEL_DIR, "0"),
        "flood": (empty_model, "15"),  # WordPress's default comment flood interval
    }
    namespaces = {name: f"test-wp-{name}-{uuid.uuid4().hex[:8]}" for name in profiles}
    try:
        with ExitStack() as stack:
            running: dict[str, Site] = {}
            for name, (model_dir, flood) in profiles.items():
                tmp = tmp_path_factory.mktemp(name)
                env = {"MODERATION_FLOOD_SECONDS": flood, "MODERATION_AUDIT_SAMPLE_RATE": "0"}
                served = stack.enter_context(
                    serve_process(namespace=namespaces[name], tmp_path=tmp, model_dir=model_dir, extra_env=env)
                )
                running[name] = Site(base=served.base, admin=_admin_token(namespaces[name], tmp))
            yield running
    finally:
        client = client_from_url(REDIS_URL)
        for namespace in namespaces.values():
            keys = list(client.scan_iter(match=f"{{{namespace}}}*", count=1000))
            if keys:
                client.delete(*keys)
        client.close()


def _admin_token(namespace: str, tmp: Path) -> dict[str, str]:
    """Create an admin with the operator's command, as a site would."""
    env = {
        **os.environ,
        "MODERATION_REDIS_URL": REDIS_URL,
        "MODERATION_NAMESPACE": namespace,
        "MODERATION_DATA_DIR": str(tmp / "var"),
        "MODERATION_IP_HASH_KEY": "process-test-key",
    }
    command = [str(Path(sys.executable).parent / "moderation"), "moderators", "add", "wp-admin", "--admin"]
    output = subprocess.run(command, env=env, capture_output=True, text=True, check=True).stdout
    return {"Authorization": f"Bearer {output.split()[-1]}"}


@pytest.fixture
def rules(sites: dict[str, Site]) -> Site:
    """The rules-only service, with WordPress's default discussion options."""
    sites["rules"].configure()
    return sites["rules"]


@pytest.fixture
def model(sites: dict[str, Site]) -> Site:
    """The service with the bundled model, with WordPress's default discussion options."""
    sites["model"].configure()
    return sites["model"]


def _unique(address: str) -> str:
    """The same mailbox at a domain of its own, so that one test's reader is not another's."""
    local, _, domain = address.partition("@")
    return f"{local}@t{uuid.uuid4().hex[:8]}.{domain}"


BOB = {
    "author": "BobtheBuilder",
    "url": "http://example.com",
    "comment": "Can we fix it? Yes, we can (thanks to Wendy).",
}


# --- checkComment.php -----------------------------------------------------------------------------------------


def test_should_return_true_when_comment_previously_approved_is_disabled(rules: Site) -> None:
    assert rules.status(**BOB, email=_unique("bob@example.com")) == "approved"


def test_should_return_false_when_comment_previously_approved_is_enabled_and_author_does_not_have_approved_comment(
    rules: Site,
) -> None:
    rules.configure(require_previously_approved=True)
    response = rules.submit(**BOB, email=_unique("bob@example.com"))
    assert response.json()["status"] == "pending"
    assert "first_comment" in [r["code"] for r in response.json()["reasons"]]


def test_should_return_true_when_comment_previously_approved_is_enabled_and_author_has_approved_comment(
    rules: Site,
) -> None:
    rules.configure(require_previously_approved=True)
    email = _unique("bob@example.com")
    previous = rules.submit(author="BobtheBuilder", email=email, comment="Can we build it?")
    assert previous.json()["status"] == "pending"
    assert rules.status(**BOB, email=email) == "pending"

    rules.approve(previous.json()["id"])

    assert rules.status(**{**BOB, "comment": "Can we fix it? Yes, we can!"}, email=email) == "approved"


def test_should_return_false_when_content_matches_moderation_keys(rules: Site) -> None:
    rules.configure(moderation_keys=["foo", "bar", "scoop"])
    fields = {"author": "WendytheBuilder", "url": "http://example.com", "comment": "Has anyone seen Scoop?"}
    assert rules.status(**fields, email=_unique("wendy@example.com")) == "pending"


def test_should_return_false_when_content_with_non_latin_words_matches_moderation_keys(rules: Site) -> None:
    rules.configure(moderation_keys=["установка", "foo"])
    fields = {"author": "Setup", "url": "http://example.com", "comment": "Установка"}
    assert rules.status(**fields, email=_unique("setup@example.com")) == "pending"


def test_should_return_true_when_content_does_not_match_moderation_keys(rules: Site) -> None:
    rules.configure(moderation_keys=["foo", "bar"])
    fields = {"author": "WendytheBuilder", "url": "http://example.com", "comment": "Has anyone seen Scoop?"}
    answer = rules.submit(**fields, email=_unique("wendy@example.com"))
    # the reasons, should it be held (it was, in 1 run in 85: the random address read as leetspeak held "foo")
    assert answer.status_code == 201 and answer.json()["status"] == "approved", answer.text


_TWO_LINKS = (
    'This is a comment with <a href="http://example.com">multiple</a> <a href="http://bob.example.com">links</a>.'
)


def test_should_return_false_when_link_count_exceeds_comment_max_length_setting(rules: Site) -> None:
    rules.configure(max_links=2)
    response = rules.submit(author="BobtheBuilder", email=_unique("bob@example.com"), comment=_TWO_LINKS)
    assert response.json()["status"] == "pending"
    assert "too_many_links" in [r["code"] for r in response.json()["reasons"]]


def test_should_return_true_when_link_count_does_not_exceed_comment_max_length_setting(rules: Site) -> None:
    rules.configure(max_links=3)
    assert rules.status(author="BobtheBuilder", email=_unique("bob@example.com"), comment=_TWO_LINKS) == "approved"


# --- wpCheckCommentDisallowedList.php -------------------------------------------------------------------------

_STING = "There's a hole in my heart. As deep as a well. For that poor little boy. Who's stuck halfway to Hell."


@pytest.mark.parametrize(
    ("wordpress_test", "keys", "fields"),
    [
        ("test_should_return_true_when_content_matches_disallowed_keys", ["well", "foo"], {"comment": _STING}),
        (
            "test_should_return_true_when_content_with_html_matches_disallowed_keys",  # core ticket 37208
            ["halfway", "foo"],
            {"comment": _STING.replace("halfway", "<b>half</b>way")},
        ),
        (
            "test_should_return_true_when_author_matches_disallowed_keys",
            ["sideshow", "foo"],
            {"author": "Sideshow Mel", "comment": "Though we can't get him out. We'll do the next best thing."},
        ),
        (
            "test_should_return_true_when_url_matches_disallowed_keys",
            ["example", "foo"],
            {"author": "Rainier Wolfcastle", "comment": "We go on TV and sing, sing, sing."},
        ),
        (
            "test_should_return_true_when_link_matches_disallowed_keys",
            ["/spam/"],
            {"comment": 'We go on TV and sing, <a href="http://example.com/spam/>sing</a>, sing.'},
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and value.startswith("test_") else "",
)
def test_wp_check_comment_disallowed_list(
    rules: Site, wordpress_test: str, keys: list[str], fields: dict[str, str]
) -> None:
    rules.configure(disallowed_keys=keys)
    reader = {"author": "Sting", "email": _unique("sting@example.org"), "url": "http://example.com", **fields}
    response = rules.submit(**reader)
    assert response.json()["status"] == "rejected", wordpress_test
    assert "disallowed_word" in [r["code"] for r in response.json()["reasons"]]


def test_should_return_false_when_no_match(rules: Site) -> None:
    rules.configure(disallowed_keys=["sideshow", "foobar"])
    fields = {
        "author": "Krusty the Clown",
        "url": "http://example.com",
        "comment": "And we're sending our love down the well.",
    }
    assert rules.status(**fields, email=_unique("krusty@example.com")) == "approved"


# --- wpAllowComment.php ---------------------------------------------------------------------------------------


def test_allow_comment_if_comment_author_emails_differ(model: Site) -> None:
    first = {"author": "Bob", "email": _unique("bobthebuilder@example.com"), "url": "http://example.com"}
    post = f"{next(_counter) + 50_000}"
    accepted = model.submit(**first, comment="Yes, we can!", comment_post_ID=post, user_agent="Bobbot/2.1")
    assert accepted.status_code == 201, accepted.text
    other = model.submit(
        **{**first, "email": _unique("sideshowbob@example.com")},
        comment="Yes, we can!",
        comment_post_ID=post,
        user_agent="Bobbot/2.1",
    )
    assert other.status_code == 201, other.text
    assert other.json()["status"] == "approved"


def test_die_as_duplicate_if_comment_author_name_and_emails_match(rules: Site) -> None:
    fields = {"author": "Bob", "email": _unique("bobthebuilder@example.com"), "comment": "Yes, we can!"}
    post = f"{next(_counter) + 50_000}"
    assert rules.submit(**fields, comment_post_ID=post).status_code == 201
    again = rules.submit(**fields, comment_post_ID=post)
    assert again.status_code == 409
    assert _errors(again) == [("comment", "duplicate")]


# --- wpHandleCommentSubmission.php ----------------------------------------------------------------------------


def test_submitting_valid_comment_anonymously_succeeds(rules: Site, redis_client: redis.Redis) -> None:
    fields = {"comment": "Comment", "author": "Comment Author", "email": _unique("comment@example.org")}
    response = rules.submit(**fields, url="user.example.org")
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "approved"
    stored = _stored(redis_client, response.json()["id"])
    assert (stored["comment"], stored["author"], stored["url"]) == (
        "Comment",
        "Comment Author",
        "http://user.example.org",
    )


def _stored(client: redis.Redis, comment_id: str) -> dict[str, str]:
    for key in client.scan_iter(match=f"*:comment:{comment_id}", count=1000):
        return dict(client.hgetall(key))
    raise AssertionError(f"comment {comment_id} not stored")


def test_submitting_comment_handles_slashes_correctly(rules: Site, redis_client: redis.Redis) -> None:
    fields = {"comment": "Comment with 1 slash: \\", "author": "Comment Author with 1 slash: \\"}
    response = rules.submit(**fields, email=_unique("comment@example.org"))
    assert response.status_code == 201, response.text
    stored = _stored(redis_client, response.json()["id"])
    assert (stored["comment"], stored["author"]) == (fields["comment"], fields["author"])


@pytest.mark.parametrize(
    ("wordpress_test", "fields", "expected"),
    [
        (
            "test_submitting_comment_with_no_name_when_name_email_required_returns_error",
            {"comment": "Comment", "email": "comment@example.org"},
            [("author", "author_required")],
        ),
        (
            "test_submitting_comment_with_no_email_when_name_email_required_returns_error",
            {"comment": "Comment", "author": "Comment Author"},
            [("email", "email_required")],
        ),
        (
            "test_submitting_comment_with_invalid_email_when_name_email_required_returns_error",
            {"comment": "Comment", "author": "Comment Author", "email": "not_an_email"},
            [("email", "email_invalid")],
        ),
        (
            "test_submitting_comment_with_no_comment_content_returns_error",
            {"comment": "", "author": "Comment Author", "email": "comment@example.org"},
            [("comment", "comment_required")],
        ),
        (
            "test_submitting_comment_with_content_too_long_returns_error",
            {"comment": "x" * 65536, "author": "Comment Author", "email": "comment@example.org"},
            [("comment", "comment_too_long")],
        ),
        (
            "test_submitting_comment_with_author_too_long_returns_error",
            {"comment": "Comment", "author": "a" * 255, "email": "comment@example.org"},
            [("author", "author_too_long")],
        ),
        (
            "test_submitting_comment_with_email_too_long_returns_error",
            {"comment": "Comment", "author": "Comment Author", "email": "e" * 90 + "@example.com"},
            [("email", "email_too_long")],
        ),
        (
            "test_submitting_comment_with_url_too_long_returns_error",
            {"comment": "Comment", "author": "Comment Author", "email": "comment@example.org", "url": "u" * 201},
            [("url", "url_too_long")],
        ),
    ],
    ids=lambda value: value if isinstance(value, str) and value.startswith("test_") else "",
)
def test_wp_handle_comment_submission_refusals(
    rules: Site, wordpress_test: str, fields: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    response = rules.submit(**fields)
    assert response.status_code == 422, wordpress_test
    assert _errors(response) == expected


def test_submitting_duplicate_comments(rules: Site) -> None:
    data = {"comment": "Did I say that?", "author": "Repeat myself", "email": _unique("mail@example.com")}
    post = f"{next(_counter) + 50_000}"
    assert rules.submit(**data, comment_post_ID=post).status_code == 201
    second = rules.submit(**data, comment_post_ID=post)
    assert (second.status_code, _errors(second)) == (409, [("comment", "duplicate")])


def test_comments_flood(sites: dict[str, Site]) -> None:
    flood = sites["flood"]
    data = {"comment": "Did I say that?", "author": "Repeat myself", "email": _unique("mail@example.com")}
    assert flood.submit(**data).status_code == 201
    second = flood.submit(**{**data, "comment": "Wow! I am quick!"})  # same reader, another post and address
    assert second.status_code == 429
    assert _errors(second) == [(None, "flood")]
    assert int(second.headers["Retry-After"]) <= 15


def test_disallowed_keys_match_gives_approved_status_of_trash(rules: Site) -> None:
    rules.configure(disallowed_keys=["Comment", "foo"])
    fields = {"comment": "Comment", "author": "Comment Author", "email": _unique("comment@example.org")}
    assert rules.status(**fields) == "rejected"


def test_disallowed_keys_html_match_gives_approved_status_of_trash(rules: Site) -> None:
    rules.configure(disallowed_keys=["href=http", "foo"])
    fields = {"comment": "<a href=http://example.com/>example</a>", "author": "Comment Author"}
    assert rules.status(**fields, email=_unique("comment@example.org")) == "rejected"


# --- formatting/isEmail.php -----------------------------------------------------------------------------------

#: Addresses WordPress's is_email() accepts and email-validator refuses: see docs/wordpress-parity.md.
REFUSED_UNLIKE_WORDPRESS = {"ace@204.32.222.14", "..@example.com"}


@pytest.mark.parametrize(
    "email",
    [
        "bob@example.com",
        "phil@example.info",
        "phil@TLA.example",
        "ace@204.32.222.14",
        "kevin@many.subdomains.make.a.happy.man.edu",
        "a@b.co",
        "bill+ted@example.com",
        "info@grå.org",
        "grå@grå.org",
        "gr\u0061\u030ablå@grå.org",
        "..@example.com",
    ],
)
def test_returns_the_email_address_if_it_is_valid(rules: Site, email: str) -> None:
    response = rules.submit(comment=f"Comment {uuid.uuid4().hex[:6]}", author="Reader", email=email)
    if email in REFUSED_UNLIKE_WORDPRESS:
        assert _errors(response) == [("email", "email_invalid")]
    else:
        assert response.status_code == 201, response.text


@pytest.mark.parametrize(
    "email",
    [
        "khaaaaaaaaaaaaaaan!",
        "http://bob.example.com/",
        "sif i'd give u it, spamer!1",
        "com.exampleNOSPAMbob",
        "bob@your mom",
        '" "@b.c',
        "h(aj@couc.ou",
        "hi@",
        "hi@hi@couc.ou",
        "(ab)cd@couc.ou",
        "toto@to",
        "to@[2001:db8::1]",
        "to@[IPv6:2001:db8::1]",
        "to@[192.168.1.1]",
    ],
)
def test_returns_false_if_given_an_invalid_email_address(rules: Site, email: str) -> None:
    response = rules.submit(comment="Comment", author="Reader", email=email)
    assert response.status_code == 422
    assert _errors(response) == [("email", "email_invalid")]


@pytest.mark.parametrize("raw_email", [b"a%80b%40example.com", b"abc%40%80.org"])
def test_returns_false_if_given_an_invalid_email_address_ill_formed_utf8(rules: Site, raw_email: bytes) -> None:
    # WordPress's last two invalid addresses: a lone continuation byte (0x80), sent as a browser's form would.
    body = b"comment=Comment&author=Reader&comment_post_ID=7&email=" + raw_email
    response = httpx.post(
        f"{rules.base}/v1/comments",
        content=body,
        headers={"Content-Type": "application/x-www-form-urlencoded", "Accept-Language": "en"},
        timeout=10,
    )
    assert response.status_code == 422, response.text
    assert _errors(response) == [("email", "invalid_encoding")]


# --- The same plain comments, with the bundled model ------------------------------------------------------------


@pytest.mark.parametrize(
    ("wordpress_test", "comment"),
    [
        ("test_should_return_true_when_comment_previously_approved_is_disabled", BOB["comment"]),
        ("test_should_return_true_when_content_does_not_match_moderation_keys", "Has anyone seen Scoop?"),
        ("test_submitting_valid_comment_anonymously_succeeds", "Comment"),
        ("test_submitting_comment_handles_slashes_correctly", "Comment with 1 slash: \\"),
        (
            "test_should_return_true_when_comment_previously_approved_is_enabled_and_user_has_previously_approved_comments_with_different_email",
            "This is a comment.",
        ),
        ("test_should_only_allow_replying_to_an_approved_parent_comment", "Howdy, comment!"),
        ("test_submitting_duplicate_comments", "Did I say that?"),
        ("test_should_return_false_when_no_match", "And we're sending our love down the well."),
    ],
    ids=lambda value: value if isinstance(value, str) and value.startswith("test_") else "",
)
def test_plain_comments_wordpress_publishes_are_approved_by_the_model(
    model: Site, wordpress_test: str, comment: str
) -> None:
    # WordPress publishes these; a reader's plain words must not be held by the spam or toxicity heads.
    response = model.submit(comment=comment, author="Comment Author", email=_unique("comment@example.org"))
    assert response.status_code == 201, response.text
    assert response.json()["status"] == "approved", (wordpress_test, response.json()["scores"])

"""A plain HTML form posting without JavaScript, and the operations endpoints (health, metrics, Redis down)."""

from __future__ import annotations

import asyncio
import json
import re
import socket
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.intake import validation as intake_validation
from moderation.main import create_app
from moderation.site.settings import SiteSettings
from tests.integration.review_support import add_moderator, auth
from tests.support.comments import comment_fields

pytestmark = pytest.mark.redis

BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"


@pytest.fixture
def rules(rules_settings: Settings) -> Settings:
    """Rules only, no flood check, the site's host allowed for redirects."""
    return rules_settings.model_copy(
        update={"flood_seconds": 0, "allowed_redirect_hosts": ["www.exemple.fr"], "moderation_keys": ["casino"]}
    )


@pytest.fixture
def browser(rules: Settings) -> Iterator[TestClient]:
    """A client that prefers HTML, as a browser posting the comment form does."""
    with TestClient(create_app(rules), follow_redirects=False) as client:
        client.headers.update({"Accept": BROWSER_ACCEPT})
        yield client


def test_a_browser_is_redirected_to_redirect_to_with_the_outcome(browser: TestClient) -> None:
    response = browser.post(
        "/v1/comments",
        data=comment_fields(
            redirect_to="https://www.exemple.fr/2026/11/article/?utm=x", permalink="https://www.exemple.fr/p"
        ),
    )
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert (target.scheme, target.hostname, target.path) == ("https", "www.exemple.fr", "/2026/11/article/")
    query = parse_qs(target.query)
    assert query["moderation_status"] == ["approved"]
    assert query["utm"] == ["x"]
    assert target.fragment == f"comment-{query['comment_id'][0]}"


def test_a_browser_is_redirected_to_the_permalink_with_a_held_outcome(browser: TestClient) -> None:
    response = browser.post(
        "/v1/comments", data=comment_fields(comment="casino", permalink="https://www.exemple.fr/p/")
    )
    assert response.status_code == 303
    query = parse_qs(urlsplit(response.headers["location"]).query)
    assert query["moderation_status"] == ["pending"]


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/phish", "//evil.example/", "javascript:alert(1)", "https://www.exemple.fr.evil.example/"],
)
def test_redirects_never_leave_the_allowed_hosts(browser: TestClient, target: str) -> None:
    response = browser.post("/v1/comments", data=comment_fields(redirect_to=target, permalink=target))
    assert response.status_code == 201
    assert "location" not in response.headers
    assert response.headers["content-type"].startswith("text/html")


def test_a_disallowed_redirect_to_falls_back_to_an_allowed_permalink(browser: TestClient) -> None:
    response = browser.post(
        "/v1/comments", data=comment_fields(redirect_to="https://evil.example/", permalink="https://www.exemple.fr/p/")
    )
    assert response.status_code == 303
    assert urlsplit(response.headers["location"]).hostname == "www.exemple.fr"


def test_with_no_allowed_hosts_nothing_is_a_redirect_target_not_even_the_requests_host(rules: Settings) -> None:
    with TestClient(
        create_app(rules.model_copy(update={"allowed_redirect_hosts": []})), follow_redirects=False
    ) as client:
        own = client.post(
            "/v1/comments",
            data=comment_fields(redirect_to="http://testserver/merci"),
            headers={"Accept": BROWSER_ACCEPT},
        )
    assert own.status_code == 201
    assert "location" not in own.headers


def test_a_forged_host_header_does_not_make_its_host_a_redirect_target(browser: TestClient) -> None:
    response = browser.post(
        "/v1/comments",
        data=comment_fields(redirect_to="https://evil.example/", permalink="https://evil.example/p"),
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 201
    assert "location" not in response.headers


def test_a_permalink_off_the_site_s_hosts_never_reaches_the_moderators_without_a_site_key(rules: Settings) -> None:
    """The review page links "the article": posted without a key, only a permalink on the site's hosts is kept."""
    settings = Settings(**{**rules.model_dump(), "site_keys": "site-key-for-permalink-tests-01"})
    with TestClient(create_app(settings)) as app:
        moderator = auth(add_moderator(app, "ana"))

        def permalink_seen(permalink: str, headers: dict[str, str]) -> str:
            posted = app.post(
                "/v1/comments", json=comment_fields(comment="casino", permalink=permalink), headers=headers
            )
            assert posted.status_code == 201 and posted.json()["status"] == "pending", posted.text
            item = app.get(f"/v1/review/items/{posted.json()['id']}", headers=moderator)
            assert item.status_code == 200, item.text
            return str(item.json()["permalink"])

        assert permalink_seen("https://evil.example/connexion-moderateurs", {}) == ""
        assert (
            permalink_seen("https://www.exemple.fr/2026/12/article/", {}) == "https://www.exemple.fr/2026/12/article/"
        )
        # the site's backend vouches for its article with its key, wherever it is hosted
        site = {"Authorization": "Bearer site-key-for-permalink-tests-01"}
        assert permalink_seen("https://amp.exemple-cdn.fr/article/", site) == "https://amp.exemple-cdn.fr/article/"


def test_without_a_target_a_browser_gets_a_localised_thank_you_page(browser: TestClient) -> None:
    response = browser.post("/v1/comments", data=comment_fields(), headers={"Accept-Language": "en"})
    assert response.status_code == 201
    assert response.headers["content-type"].startswith("text/html")
    assert "Thank you, your comment is published." in response.text


@pytest.mark.parametrize(
    ("lang", "title", "message"),
    [
        ("fr", "Votre commentaire n’a pas pu être envoyé.", "Veuillez saisir votre commentaire !"),
        ("en", "Your comment could not be sent.", "Please enter your comment!"),
    ],
)
def test_a_refused_form_gets_a_localised_html_error_page_not_a_redirect(
    browser: TestClient, redis_client: redis.Redis, namespace: str, lang: str, title: str, message: str
) -> None:
    response = browser.post(
        "/v1/comments",
        data=comment_fields(comment="", redirect_to="https://www.exemple.fr/p/"),
        headers={"Accept-Language": lang},
    )
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert f'lang="{lang}"' in response.text
    assert title in response.text and message in response.text
    assert list(redis_client.scan_iter(match=f"{{{namespace}}}*")) == []


def test_a_browser_posting_again_too_soon_is_refused_by_its_own_address(
    rules_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    with TestClient(create_app(rules_settings), follow_redirects=False) as client:
        first = client.post("/v1/comments", data=comment_fields(), headers={"Accept": BROWSER_ACCEPT})
        again = client.post(
            "/v1/comments", data=comment_fields(), headers={"Accept": BROWSER_ACCEPT, "Accept-Language": "en"}
        )
    assert first.status_code == 201
    assert again.status_code == 429
    assert int(again.headers["retry-after"]) >= 1
    assert "You are posting comments too quickly." in again.text
    stored = [redis_client.hget(k, "ip_hash") for k in redis_client.scan_iter(match=f"{{{namespace}}}:comment:*")]
    assert len(stored) == 1 and stored[0] and "testclient" not in stored[0]


def test_html_error_pages_escape_what_the_reader_sent(browser: TestClient) -> None:
    response = browser.post("/v1/comments", data=comment_fields(email="<script>alert(1)</script>"))
    assert response.status_code == 422
    assert "<script>" not in response.text


def test_json_clients_get_json_even_when_they_also_accept_html(rules: Settings) -> None:
    with TestClient(create_app(rules), follow_redirects=False) as client:
        response = client.post(
            "/v1/comments",
            json=comment_fields(redirect_to="https://www.exemple.fr/"),
            headers={"Accept": "application/json, text/html;q=0.5"},
        )
    assert response.status_code == 201
    assert response.json()["status"] == "approved"


# Operations -----------------------------------------------------------------------------------------


def test_healthz_readyz_docs_and_metrics_answer(rules: Settings) -> None:
    with TestClient(create_app(rules)) as client:
        assert client.get("/healthz").json() == {"status": "ok"}
        ready = client.get("/readyz")
        assert ready.status_code == 200
        assert ready.json()["redis"] == "ok"
        assert ready.json()["model"] == "rules-only"
        assert client.get("/docs").status_code == 200
        paths = client.get("/openapi.json").json()["paths"]
        assert {"/v1/comments", "/v1/comments/{comment_id}", "/healthz", "/readyz"} <= set(paths)
        assert "/v1/_echo" not in paths
        client.post("/v1/comments", json=comment_fields())
        client.post("/v1/comments", json=comment_fields(email="bad"))
        metrics = client.get("/metrics")
    assert metrics.status_code == 200
    text = metrics.text
    assert 'moderation_comments_total{status="approved"}' in text
    assert 'moderation_submissions_refused_total{code="email_invalid"}' in text
    assert 'moderation_http_request_duration_seconds_count{method="POST",route="/v1/comments",status="201"}' in text
    assert 'moderation_model_info{version="rules-only"} 1.0' in text


def test_every_schema_the_openapi_document_refers_to_is_defined(rules: Settings) -> None:
    with TestClient(create_app(rules)) as client:
        spec = client.get("/openapi.json").json()
    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(spec)))
    assert refs <= set(spec["components"]["schemas"])
    body = spec["paths"]["/v1/comments"]["post"]["requestBody"]["content"]
    for media_type in ("application/json", "application/x-www-form-urlencoded"):
        assert {"comment", "author", "email", "url", "comment_post_ID"} <= set(body[media_type]["schema"]["properties"])


def test_the_echo_route_exists_only_when_benchmarking(rules: Settings) -> None:
    with TestClient(create_app(rules)) as client:
        assert client.post("/v1/_echo", json={"a": 1}).status_code in (404, 405)
    with TestClient(create_app(rules.model_copy(update={"bench_echo": True}))) as client:
        echoed = client.post("/v1/_echo", json={"a": 1})
    assert echoed.status_code == 200
    assert echoed.json() == {"a": 1}


@pytest.fixture
def down_settings(rules: Settings) -> Settings:
    """A Redis URL where nothing listens, with short timeouts."""
    return rules.model_copy(update={"redis_url": "redis://127.0.0.1:1/0", "redis_timeout_seconds": 0.5})


@pytest.mark.parametrize("kind", ["json", "form"])
def test_redis_unreachable_gives_503_with_retry_after_and_a_clear_body(down_settings: Settings, kind: str) -> None:
    data = comment_fields()
    with TestClient(create_app(down_settings), raise_server_exceptions=False) as client:
        response = client.post(
            "/v1/comments",
            headers={"Accept-Language": "en", "Idempotency-Key": "k1"},
            **({"json": data} if kind == "json" else {"data": data}),
        )
        fetched = client.get(f"/v1/comments/{uuid.uuid4().hex}")
        ready = client.get("/readyz")
    assert response.status_code == 503
    assert int(response.headers["retry-after"]) > 0
    assert response.json() == {
        "errors": [
            {
                "field": None,
                "code": "store_unavailable",
                "message": "The service is briefly unavailable; please try again in a few seconds.",
            }
        ]
    }
    assert "Traceback" not in response.text
    assert fetched.status_code == 503
    assert ready.status_code == 503
    assert ready.json()["redis"] == "unreachable"
    assert "retry-after" in ready.headers


def test_a_redis_that_never_answers_gives_503_within_a_few_timeouts(rules: Settings) -> None:
    with socket.socket() as silent:  # accepts connections (the kernel does), never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(16)
        url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
        settings = rules.model_copy(update={"redis_url": url, "redis_timeout_seconds": 0.3})
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            response = client.post("/v1/comments", json=comment_fields())
    assert response.status_code == 503
    assert response.headers["retry-after"]
    # an answer at all while the socket stays silent is the timeout at work (a hang would never answer); how
    # long it takes is the drill's business (benchmarks/drill.py), not a test's


def test_a_comment_waiting_on_a_silent_redis_does_not_stop_the_server_answering_others(rules: Settings) -> None:
    # The intake awaits Redis on the event loop: a stalled Redis must hold only the comments that need it.
    # Proved by order, not by a clock: Redis stays silent until /healthz has answered, so the comment cannot
    # finish first (its Redis timeout is far longer than the test); /healthz answering while the comment is
    # still pending shows the loop was free. Closing the socket then releases the comment.
    silent = socket.socket()  # accepts connections (the kernel does), never answers
    silent.bind(("127.0.0.1", 0))
    silent.listen(16)
    silent.settimeout(60)
    url = f"redis://127.0.0.1:{silent.getsockname()[1]}/0"
    # nothing else talks to Redis meanwhile: no retention sweeper, no site-layer threads
    quiet = {"label_retention_days": 0, "audit_retention_days": 0, "site_learning": False}
    settings = rules.model_copy(update={"redis_url": url, "redis_timeout_seconds": 120.0, **quiet})
    with (
        TestClient(create_app(settings), raise_server_exceptions=False) as client,
        ThreadPoolExecutor(max_workers=1) as pool,
    ):
        posted = pool.submit(client.post, "/v1/comments", json=comment_fields())
        stalled, _ = silent.accept()  # the intake's connection: nothing else talks to Redis meanwhile
        health = client.get("/healthz")
        waiting_after_health = not posted.done()
        silent.close()  # no reconnection either: the comment fails at once
        stalled.close()
        response = posted.result(timeout=120)
    assert health.status_code == 200
    assert waiting_after_health, "the comment finished before /healthz answered: Redis did answer, or the loop was held"
    assert response.status_code == 503
    assert response.headers["retry-after"]


def test_the_dns_check_of_an_email_runs_off_the_event_loop(rules: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    # A DNS lookup can take seconds: on the loop it would stall every request of the worker.
    checked_on: list[str] = []
    validate = intake_validation.validate_email

    def recording(email: str, *, check_deliverability: bool, **options: Any) -> Any:
        if check_deliverability:
            try:
                asyncio.get_running_loop()
                checked_on.append("event loop")
            except RuntimeError:
                checked_on.append("worker thread")
        return validate(email, check_deliverability=False, **options)  # the tests make no DNS queries

    monkeypatch.setattr(intake_validation, "validate_email", recording)
    settings = rules.model_copy(update={"email_check_deliverability": True})
    with TestClient(create_app(settings)) as client:
        response = client.post("/v1/comments", json=comment_fields())
    assert response.status_code == 201
    assert checked_on == ["worker thread"]


def test_the_site_settings_are_re_read_off_the_event_loop(rules: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    # The intake re-reads the admins' settings from Redis with the sync client when its cache is due.
    read_on: list[str] = []
    read = SiteSettings.read

    def recording(self: SiteSettings) -> dict[str, Any]:
        try:
            asyncio.get_running_loop()
            read_on.append("event loop")
        except RuntimeError:
            read_on.append("worker thread")
        return read(self)

    monkeypatch.setattr(SiteSettings, "read", recording)
    with TestClient(create_app(rules)) as client:
        response = client.post("/v1/comments", json=comment_fields())
    assert response.status_code == 201
    assert read_on == ["worker thread"]


def test_redis_unreachable_still_refuses_invalid_fields_first(down_settings: Settings) -> None:
    with TestClient(create_app(down_settings), raise_server_exceptions=False) as client:
        response = client.post("/v1/comments", json=comment_fields(email="nope"))
    assert response.status_code == 422


def test_redis_unreachable_gives_html_forms_a_503_page(down_settings: Settings) -> None:
    with TestClient(create_app(down_settings), raise_server_exceptions=False, follow_redirects=False) as client:
        response = client.post(
            "/v1/comments", data=comment_fields(), headers={"Accept": BROWSER_ACCEPT, "Accept-Language": "fr"}
        )
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html")
    assert "momentanément indisponible" in response.text
    assert "retry-after" in response.headers


def _sample(name: str, labels: dict[str, str]) -> float:
    from prometheus_client import REGISTRY

    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_a_lookup_of_an_unknown_comment_is_counted_apart_from_refused_submissions(rules: Settings) -> None:
    route = {"route": "/v1/comments/{comment_id}"}
    not_found, refused = "moderation_comments_not_found_total", "moderation_submissions_refused_total"
    before = (_sample(not_found, route), _sample(refused, {"code": "not_found"}), _sample(refused, {"code": "flood"}))
    with TestClient(create_app(rules)) as client:
        assert client.get(f"/v1/comments/{uuid.uuid4().hex}").status_code == 404
        assert client.get(f"/v1/comments/{uuid.uuid4().hex}").status_code == 404
        metrics = client.get("/metrics").text
    after = (_sample(not_found, route), _sample(refused, {"code": "not_found"}), _sample(refused, {"code": "flood"}))
    assert after[0] == before[0] + 2
    assert after[1:] == before[1:]  # no refused submission was counted
    assert 'moderation_comments_not_found_total{route="/v1/comments/{comment_id}"}' in metrics


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_outcome_page_of_a_rejected_comment_tells_the_outcome_and_never_the_scores(
    settings: Settings, lang: str
) -> None:
    text = "Espèce de connard, va crever sale ordure de merde"
    with TestClient(create_app(settings.model_copy(update={"flood_seconds": 0}))) as client:
        api = client.post("/v1/comments", json=comment_fields(comment=text))
        page = client.post(
            "/v1/comments",
            data=comment_fields(comment=text + " !"),
            headers={"Accept": BROWSER_ACCEPT, "Accept-Language": lang},
        )
    assert api.json()["status"] == "rejected" and api.json()["scores"]["toxicity"] > 0.9  # the site's API sees them
    assert page.status_code == 201 and page.headers["content-type"].startswith("text/html")
    assert {"fr": "Votre commentaire n’a pas été publié.", "en": "Your comment was not published."}[lang] in page.text
    body = page.text.lower()
    assert "score" not in body and "toxi" not in body and "insult" not in body and "probab" not in body
    assert not re.search(r"\b0[.,]\d", body)  # no probability in any notation


def test_the_outcome_page_runs_only_its_own_nonced_style_and_script(browser: TestClient) -> None:
    first = browser.post("/v1/comments", data=comment_fields())
    second = browser.post("/v1/comments", data=comment_fields(comment=""))
    for response in (first, second):
        policy = response.headers["content-security-policy"]
        nonce = re.search(r"'nonce-([^']+)'", policy)
        assert nonce is not None
        assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy
        assert response.text.count(f'nonce="{nonce.group(1)}"') == 2  # the <style> and the <script>
        assert "javascript:" not in response.text
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    assert first.headers["content-security-policy"] != second.headers["content-security-policy"]  # fresh nonce


def test_the_answer_to_a_65_kb_comment_of_links_stays_small(
    settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    texts = [
        "https://spam.example.com/x " * 2420,
        "Casino casino https://spam.example.com/" + "a" * 65_000,
        '<a href="https://x.example/">casino</a> ' * 1600,
    ]
    with TestClient(create_app(settings.model_copy(update={"flood_seconds": 0}))) as client:
        for text in texts:
            response = client.post("/v1/comments", json=comment_fields(comment=text[:65_525]))
            assert response.status_code == 201
            assert len(response.content) < 4096
            stored = client.get(f"/v1/comments/{response.json()['id']}")
            assert len(stored.content) < 4096

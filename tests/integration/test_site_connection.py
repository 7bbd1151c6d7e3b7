"""What a connected site's backend can do that a reader cannot: see scores, forget deleted comments, resend
without tripping the flood check, send pingbacks, remove a held comment without a label, and test its link."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.intake.repeats import duplicate_fingerprint
from moderation.main import create_app
from moderation.storage.keys import Keys
from moderation.webhooks.outbox import verify

pytestmark = pytest.mark.redis

SITE_KEY = "site-key-for-connection-tests"
AS_SITE = {"Authorization": f"Bearer {SITE_KEY}"}
WEBHOOK_SECRET = "whsec-connection-tests"


def _site_settings(rules_settings: Settings, **changes: Any) -> Settings:
    base = {**rules_settings.model_dump(), "site_keys": SITE_KEY, "ip_hash_key": "test-hash-key"}
    return Settings(**{**base, "moderation_keys": ["relecture"], **changes})


@pytest.fixture
def site(rules_settings: Settings) -> Iterator[TestClient]:
    """Rules only, a flood window of a minute, a site key, and a word that holds a comment for review."""
    with TestClient(create_app(_site_settings(rules_settings, flood_seconds=60))) as client:
        yield client


def _fields(text: str, **changes: str) -> dict[str, str]:
    return {"comment": text, "author": "Claire", "email": "claire@example.fr", "comment_post_ID": "7",
            "user_ip": "203.0.113.9", **changes}  # fmt: skip


def test_a_reader_holding_the_id_sees_the_status_but_not_the_scores_or_reasons(site: TestClient) -> None:
    posted = site.post("/v1/comments", json=_fields("Une relecture du titre, svp.")).json()
    public = site.get(f"/v1/comments/{posted['id']}").json()
    wrong_key = site.get(f"/v1/comments/{posted['id']}", headers={"Authorization": "Bearer wrong"}).json()
    backend = site.get(f"/v1/comments/{posted['id']}", headers=AS_SITE).json()
    assert public == wrong_key
    assert public["status"] == "pending"
    assert set(public) == {"id", "status", "language", "created_at", "updated_at"}
    assert backend["reasons"] and "scores" in backend and backend["model_version"]
    assert backend["reasons"] == posted["reasons"]


def test_the_site_forgets_a_comment_it_deleted_and_it_leaves_the_review_queue(
    site: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    fields = _fields("Une relecture de la légende, merci.")
    held = site.post("/v1/comments", json=fields).json()
    keys = Keys(namespace)
    assert redis_client.zscore(keys.queue(), held["id"]) is not None
    assert site.delete(f"/v1/comments/{held['id']}").status_code == 401
    assert site.delete(f"/v1/comments/{held['id']}", headers={"X-Site-Key": "wrong"}).status_code == 401
    assert redis_client.exists(keys.comment(held["id"]))  # refused: nothing changed

    # The author's address (which the service keeps only as a hash) lets it clear the duplicate check too.
    forgotten = site.request("DELETE", f"/v1/comments/{held['id']}", headers=AS_SITE, json={"email": fields["email"]})
    assert forgotten.status_code == 204

    assert redis_client.zscore(keys.queue(), held["id"]) is None
    assert redis_client.zscore(keys.queue_by_age(), held["id"]) is None
    assert not redis_client.exists(keys.comment(held["id"]))
    assert site.get(f"/v1/comments/{held['id']}", headers=AS_SITE).status_code == 404
    again = site.delete(f"/v1/comments/{held['id']}", headers=AS_SITE)
    assert again.status_code == 404 and again.json()["errors"][0]["code"] == "not_found"
    # Its text is no longer a duplicate: the site may send it again (an edit put back as it was).
    fingerprint = duplicate_fingerprint("7", "0", "Claire", fields["email"], fields["comment"])
    assert redis_client.get(keys.duplicate(fingerprint)) is None
    resent = site.post("/v1/comments", json=fields, headers={**AS_SITE, "X-Moderation-Resend": "1"})
    assert resent.status_code == 201, resent.text


def test_a_site_s_resend_skips_the_flood_check_but_a_reader_s_marker_does_not(site: TestClient) -> None:
    first = site.post("/v1/comments", json=_fields("Premier commentaire, merci pour l'article."))
    assert first.status_code == 201
    reader = site.post("/v1/comments", json=_fields("Deuxième, tout de suite."), headers={"X-Moderation-Resend": "1"})
    assert reader.status_code == 429
    wrong = site.post("/v1/comments", json=_fields("Deuxième, tout de suite."),
                      headers={"X-Moderation-Resend": "1", "Authorization": "Bearer wrong"})  # fmt: skip
    assert wrong.status_code == 429
    plain_site = site.post("/v1/comments", json=_fields("Deuxième, tout de suite."), headers=AS_SITE)
    assert plain_site.status_code == 429  # a site relaying a reader's second comment: the reader floods
    resent = site.post("/v1/comments", json=_fields("Deuxième, tout de suite."),
                       headers={**AS_SITE, "X-Moderation-Resend": "1"})  # fmt: skip
    assert resent.status_code == 201, resent.text


def test_a_trackback_without_an_email_is_scored_and_a_comment_without_one_is_refused(site: TestClient) -> None:
    trackback = {
        "comment": "[...] Un blog cite votre article sur les vendanges [...]",
        "author": "Le blog du vin",
        "url": "https://blog-du-vin.example/vendanges",
        "comment_post_ID": "7",
        "comment_type": "trackback",
    }
    answer = site.post("/v1/comments", json=trackback)
    assert answer.status_code == 201, answer.text
    refused = site.post("/v1/comments", json={**trackback, "comment_type": "comment"})
    assert refused.status_code == 422
    assert [e["code"] for e in refused.json()["errors"]] == ["email_required"]


def test_removed_takes_a_held_comment_out_of_the_queue_without_a_label(
    site: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    # the site relays two readers' comments, vouching for each address (a caller without the key is the reader)
    held = site.post("/v1/comments", json=_fields("Une relecture de ce paragraphe ?"), headers=AS_SITE).json()
    published = site.post("/v1/comments", json=_fields("Merci, bel article.", email="paul@example.fr",
                                                       user_ip="203.0.113.10"), headers=AS_SITE).json()  # fmt: skip
    keys = Keys(namespace)
    answer = site.post(f"/v1/comments/{held['id']}/feedback", json={"label": "removed"}, headers=AS_SITE)
    assert answer.status_code == 201, answer.text
    assert answer.json()["resolved"] is True and answer.json()["status"] == "rejected"
    assert redis_client.zscore(keys.queue(), held["id"]) is None
    label = site.post(f"/v1/comments/{published['id']}/feedback", json={"label": "removed"}, headers=AS_SITE)
    assert label.status_code == 200 and label.json()["status"] == "approved" and label.json()["recorded"] is False
    assert redis_client.xlen(keys.labels()) == 0


class _Receiver(BaseHTTPRequestHandler):
    """A site's webhook route: 200 for a call signed with its secret, 401 otherwise."""

    secret = WEBHOOK_SECRET
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        ok = verify(body, self.secret, self.headers["X-Moderation-Signature"], self.headers["X-Moderation-Timestamp"])
        _Receiver.received.append(json.loads(body))
        self.send_response(200 if ok else 401)
        self.end_headers()

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def receiver() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Receiver)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook"
    finally:
        server.shutdown()
        server.server_close()


@pytest.mark.parametrize(("secret", "delivered", "code"), [(WEBHOOK_SECRET, True, 200), ("another", False, 401)])
def test_the_connection_test_checks_the_site_key_and_sends_a_signed_ping_to_the_webhook(
    rules_settings: Settings, receiver: str, secret: str, delivered: bool, code: int
) -> None:
    settings = _site_settings(rules_settings, webhook_url=receiver, webhook_secret=secret)
    with TestClient(create_app(settings)) as client:
        refused = client.post("/v1/site/ping", headers={"Authorization": "Bearer wrong"})
        answer = client.post("/v1/site/ping", headers=AS_SITE)
    assert refused.status_code == 401 and refused.json()["errors"][0]["code"] == "site_key_invalid"
    assert answer.status_code == 200, answer.text
    webhook = {"configured": True, "url": receiver, "status_code": code, "error": "", "delivered": delivered}
    assert answer.json() == {"site_key": "valid", "webhook": webhook}
    assert _Receiver.received[-1]["event"] == "ping"


def test_the_connection_test_says_when_no_webhook_is_configured(site: TestClient) -> None:
    answer = site.post("/v1/site/ping", headers=AS_SITE)
    assert answer.json()["webhook"]["configured"] is False

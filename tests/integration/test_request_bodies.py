"""Bodies on the credentialed routes are read only after the credential check and within a cap; a client that
leaves mid-body is one log line (status 499), never a 500 with a traceback (real Redis, TestClient)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from tests.integration.review_support import add_moderator, auth, review_settings_from
from tests.support.comments import SITE_HEADERS
from tests.support.redis_dump import namespace_dump

pytestmark = pytest.mark.redis

CAP = 4096


@pytest.fixture
def app(rules_settings: Settings) -> Iterator[TestClient]:
    settings = review_settings_from(rules_settings, max_review_body_bytes=CAP)
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


NOT_JSON = b"{" * 10_000  # would be a 422 (invalid JSON) had FastAPI parsed it first


@pytest.mark.parametrize(
    ("path", "method"),
    [
        ("/v1/review/bans", "POST"),
        ("/v1/review/settings", "PUT"),
        ("/v1/review/items/abc/decision", "POST"),
        ("/v1/comments/abc/feedback", "POST"),
    ],
)
def test_a_body_without_credentials_is_refused_401_before_it_is_read_or_parsed(
    app: TestClient, path: str, method: str
) -> None:
    response = app.request(method, path, content=NOT_JSON, headers={"content-type": "application/json"})
    assert response.status_code == 401


def test_a_body_with_a_revoked_or_unknown_token_is_refused_401_too(app: TestClient) -> None:
    headers = {"Authorization": "Bearer not-a-token", "content-type": "application/json"}
    response = app.post("/v1/review/bans", content=NOT_JSON, headers=headers)
    assert response.status_code == 401
    assert response.json()["errors"][0]["code"] == "not_authenticated"


def test_an_authenticated_body_past_the_cap_is_refused_413_and_nothing_changes(
    app: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    admin = auth(add_moderator(app, "chef", admin=True))
    before = namespace_dump(redis_client, namespace)
    big = {"email": "spam@example.fr", "comment_id": "x" * (CAP + 100)}
    declared = app.post("/v1/review/bans", headers=admin, json=big)

    def trickled() -> Iterator[bytes]:  # no Content-Length: the cap is enforced as the bytes arrive
        data = json.dumps(big).encode()
        for start in range(0, len(data), 512):
            yield data[start : start + 512]

    streamed = app.post("/v1/review/bans", headers={**admin, "content-type": "application/json"}, content=trickled())
    assert declared.status_code == 413
    assert streamed.status_code == 413
    assert declared.json()["errors"][0]["code"] == "body_too_large"
    assert namespace_dump(redis_client, namespace) == before
    assert app.post("/v1/review/bans", headers=admin, json={"email": "spam@example.fr"}).status_code == 201


def test_the_site_key_lets_a_feedback_body_through_to_the_route(app: TestClient) -> None:
    response = app.post("/v1/comments/unknown/feedback", headers=SITE_HEADERS, json={"label": "spam"})
    assert response.status_code == 404  # read and handled by the route: an unknown comment


def _disconnecting(app: TestClient, path: str, headers: dict[str, str]) -> list[dict[str, Any]]:
    """Send half a body to the app on the test client's own loop, then disconnect; return what it sent back."""
    sent: list[dict[str, Any]] = []
    incoming = [
        {"type": "http.request", "body": b'{"comment": "Bonjour', "more_body": True},
        {"type": "http.disconnect"},
    ]

    async def receive() -> dict[str, Any]:
        return incoming.pop(0) if incoming else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
        "client": ("192.0.2.1", 5000),
        "server": ("testserver", 80),
    }
    assert app.portal is not None
    app.portal.call(app.app, scope, receive, send)
    return sent


@pytest.mark.parametrize("route", ["comments", "review"])
def test_a_client_leaving_mid_body_is_one_log_line_not_a_500(
    app: TestClient, capsys: pytest.CaptureFixture[str], route: str
) -> None:
    headers = {"content-type": "application/json", "content-length": "1000"}
    if route == "review":
        headers.update(auth(add_moderator(app, "lea", admin=True)))
        path = "/v1/review/bans"
    else:
        path = "/v1/comments"
    capsys.readouterr()
    sent = _disconnecting(app, path, headers)
    logged = [line for line in capsys.readouterr().out.splitlines() if line.strip()]
    assert sent[0]["status"] == 499
    assert len(logged) == 1, logged
    assert '"status": 499' in logged[0]
    assert "Traceback" not in logged[0]

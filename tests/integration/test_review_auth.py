"""Auth on every review route (401 without a valid token, 403 for the wrong role) and the moderators CLI."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import redis
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from moderation.cli import app as cli_app
from moderation.config import Settings
from moderation.main import create_app
from moderation.review.auth import token_digest
from moderation.storage.keys import Keys
from tests.conftest import REDIS_URL
from tests.integration.review_support import add_moderator, auth, review_settings_from, submit_pending

pytestmark = pytest.mark.redis

#: Every review route, with a body that would be valid, and whether it is admin-only.
ROUTES: list[tuple[str, str, Any, bool]] = [
    ("GET", "/v1/review/me", None, False),
    ("GET", "/v1/review/items", None, False),
    ("GET", "/v1/review/items/{id}", None, False),
    ("POST", "/v1/review/claim", None, False),
    ("POST", "/v1/review/items/{id}/claim", None, False),
    ("POST", "/v1/review/items/{id}/release", None, False),
    ("POST", "/v1/review/items/{id}/decision", {"decision": "approve"}, False),
    ("POST", "/v1/review/items/{id}/revert", {"note": "slip"}, False),
    ("POST", "/v1/review/decisions", {"decisions": [{"comment_id": "{id}", "decision": "approve"}]}, False),
    ("GET", "/v1/review/stats", None, True),
    ("GET", "/v1/review/audit", None, True),
    ("GET", "/v1/review/settings", None, True),
    ("PUT", "/v1/review/settings", {"moderation_keys": ["x"]}, True),
    ("GET", "/v1/review/deliveries", None, True),
    ("GET", "/v1/review/bans", None, True),
    ("POST", "/v1/review/bans", {"email_hash": "0" * 32}, True),
    ("DELETE", "/v1/review/bans/email/" + "0" * 32, None, True),
    ("POST", "/v1/review/readers/export", {"email": "lecteur@example.fr"}, True),
    ("POST", "/v1/review/readers/erase", {"email": "lecteur@example.fr"}, True),
    ("GET", "/v1/review/site-learning", None, True),
    ("PUT", "/v1/review/site-learning", {"enabled": False}, True),
    ("POST", "/v1/review/site-learning/rollback", None, True),
]

#: Admin routes whose answer, on a site with nothing to act on, is a conflict the admin is allowed to hear.
ADMIN_CONFLICTS = {"/v1/review/site-learning/rollback": "no_previous_layer"}


@pytest.fixture
def app(rules_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(review_settings_from(rules_settings))) as client:
        yield client


def _target(app: TestClient, path: str) -> str:
    """A held comment for the route to act on (decided first for a revert, which needs a decision)."""
    comment_id = submit_pending(app)
    if path.endswith("/revert"):
        decisions = app.app.state.services.decisions  # type: ignore[attr-defined]
        decisions.apply_decision(moderator="setup", comment_id=comment_id, decision="approve")
    return comment_id


def _call(app: TestClient, method: str, path: str, body: Any, comment_id: str, headers: dict[str, str]) -> Any:
    path = path.replace("{id}", comment_id)
    if body is not None:
        body = {k: ([{**d, "comment_id": comment_id} for d in v] if k == "decisions" else v) for k, v in body.items()}
    return app.request(method, path, json=body, headers=headers)


def test_every_review_route_is_in_the_auth_table(app: TestClient) -> None:
    paths = app.get("/openapi.json").json()["paths"]
    served = {
        (method.upper(), path) for path, methods in paths.items() if path.startswith("/v1/review") for method in methods
    }
    listed = {(m, p.replace("{id}", "{comment_id}")) for m, p, _, _ in ROUTES}
    listed = {(m, "/v1/review/bans/{kind}/{value_hash}" if p.startswith("/v1/review/bans/") else p) for m, p in listed}
    assert served == listed


@pytest.mark.parametrize(("method", "path", "body", "admin_only"), ROUTES)
def test_review_routes_refuse_missing_or_invalid_tokens_with_401(
    app: TestClient, method: str, path: str, body: Any, admin_only: bool
) -> None:
    comment_id = submit_pending(app)
    revoked = add_moderator(app, "gone", admin=True)
    app.app.state.services.moderators.revoke("gone")  # type: ignore[attr-defined]
    attempts = [{}, *({"Authorization": value} for value in (
        "Bearer not-a-token", "Basic dXNlcjpwYXNz", "Bearer ", f"Bearer {revoked}", f"bearer  {revoked}x",
    ))]  # fmt: skip

    for headers in attempts:
        response = _call(app, method, path, body, comment_id, headers)

        assert response.status_code == 401, headers
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
        assert response.json()["errors"][0]["code"] == "not_authenticated"
    assert app.get(f"/v1/comments/{comment_id}").json()["status"] == "pending"


@pytest.mark.parametrize(("method", "path", "body", "admin_only"), ROUTES)
def test_review_routes_give_moderators_their_routes_and_admins_everything(
    app: TestClient, method: str, path: str, body: Any, admin_only: bool
) -> None:
    moderator = auth(add_moderator(app, "ana"))
    admin = auth(add_moderator(app, "chef", admin=True))

    as_moderator = _call(app, method, path, body, _target(app, path), moderator)
    as_admin = _call(app, method, path, body, _target(app, path), admin)

    if admin_only:
        assert as_moderator.status_code == 403
        assert as_moderator.json()["errors"][0]["code"] == "forbidden"
    else:
        assert as_moderator.status_code in (200, 204)
    if path in ADMIN_CONFLICTS:
        assert as_admin.status_code == 409
        assert as_admin.json()["errors"][0]["code"] == ADMIN_CONFLICTS[path]
    else:
        assert as_admin.status_code in (200, 201, 204)


def test_public_intake_and_page_need_no_token(app: TestClient) -> None:
    comment = {"comment": "Bonjour", "author": "A", "email": "a@example.fr"}
    assert app.post("/v1/comments", json=comment).status_code == 201
    assert app.get("/moderate").status_code == 200


def test_tokens_are_stored_only_as_sha256_digests(app: TestClient, redis_client: redis.Redis, namespace: str) -> None:
    token = add_moderator(app, "ana")
    keys = Keys(namespace)

    dumped = str(redis_client.hgetall(keys.moderators())) + str(redis_client.hgetall(keys.moderator_tokens()))

    assert token not in dumped
    assert token_digest(token) in dumped


@pytest.fixture
def cli_env(namespace: str, tmp_path: Any) -> dict[str, str]:
    return {"MODERATION_REDIS_URL": REDIS_URL, "MODERATION_NAMESPACE": namespace, "MODERATION_DATA_DIR": str(tmp_path)}


def test_cli_adds_lists_and_revokes_moderators_whose_tokens_work_then_stop(
    cli_env: dict[str, str], rules_settings: Settings
) -> None:
    runner = CliRunner()

    added = runner.invoke(cli_app, ["moderators", "add", "claire", "--admin"], env=cli_env)
    plain = runner.invoke(cli_app, ["moderators", "add", "denis"], env=cli_env)
    duplicate = runner.invoke(cli_app, ["moderators", "add", "denis"], env=cli_env)
    listed = runner.invoke(cli_app, ["moderators", "list"], env=cli_env)

    assert added.exit_code == 0 and plain.exit_code == 0, added.output
    assert duplicate.exit_code != 0
    token = added.output.split()[-1]
    assert listed.output.split() == ["claire", "admin", "denis", "moderator"]
    with TestClient(create_app(review_settings_from(rules_settings))) as client:
        assert client.get("/v1/review/stats", headers=auth(token)).status_code == 200
        assert client.get("/v1/review/stats", headers=auth(plain.output.split()[-1])).status_code == 403
        revoked = runner.invoke(cli_app, ["moderators", "revoke", "claire"], env=cli_env)
        assert revoked.exit_code == 0
        assert client.get("/v1/review/me", headers=auth(token)).status_code == 401
    assert runner.invoke(cli_app, ["moderators", "revoke", "claire"], env=cli_env).exit_code != 0
    assert runner.invoke(cli_app, ["moderators", "add", "bad name!"], env=cli_env).exit_code != 0


def test_cli_on_the_embedded_server_leaves_the_running_service_s_redis_up(tmp_path: Any) -> None:
    from moderation.review.auth import ModeratorStore
    from moderation.storage.clients import open_store

    settings = Settings(redis_url=None, data_dir=tmp_path / "var", namespace="embedded-cli")
    service = open_store(settings)  # what a running `moderation serve` holds
    try:
        env = {"MODERATION_DATA_DIR": str(tmp_path / "var"), "MODERATION_NAMESPACE": "embedded-cli"}
        added = CliRunner().invoke(cli_app, ["moderators", "add", "zoe"], env={**env, "MODERATION_REDIS_URL": ""})

        assert added.exit_code == 0, added.output
        assert service.client.ping()
        store = ModeratorStore(client=service.client, keys=Keys("embedded-cli"))
        assert store.authenticate(added.output.split()[-1]).name == "zoe"
    finally:
        service.close()

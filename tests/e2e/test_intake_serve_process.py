"""`moderation serve` as a real process: readiness, a comment over real HTTP, a clean stop."""

from __future__ import annotations

import signal
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.support.server import serve_process

pytestmark = [pytest.mark.slow, pytest.mark.redis]


@pytest.fixture
def served(namespace: str, tmp_path: Path, empty_model_dir: Path) -> Iterator[str]:
    """Start `moderation serve` against the test Redis and return its base URL; check its clean stop afterwards."""
    extra = {"MODERATION_MAX_BODY_BYTES": "4096"}
    with serve_process(namespace=namespace, tmp_path=tmp_path, model_dir=empty_model_dir, extra_env=extra) as server:
        yield server.base
    # uvicorn re-raises SIGTERM after its graceful shutdown, so -15 is a clean exit too.
    assert server.returncode in (0, -signal.SIGTERM), server.output
    assert '"event": "app.stopped"' in server.output, "the lifespan's shutdown ran"
    assert "Traceback" not in server.output, server.output
    # it says where it serves, and where the moderators' page is
    assert f"serving the API on {server.base} (documentation: {server.base}/docs)" in server.output
    assert f"moderators' page: {server.base}/moderate" in server.output


def test_serve_answers_a_comment_over_real_http_and_stops_cleanly(served: str) -> None:
    with httpx.Client(base_url=served, timeout=10) as http:
        posted = http.post(
            "/v1/comments",
            data={"comment": f"Bravo ({uuid.uuid4().hex[:6]})", "author": "Zoé", "email": "zoe@exemple.fr"},
            headers={"Accept-Language": "en"},
        )
        assert posted.status_code == 201, posted.text
        body = posted.json()
        assert body["status"] == "approved"
        assert body["model_version"] == "rules-only"
        assert http.get(f"/v1/comments/{body['id']}").json()["status"] == "approved"
        invalid = http.post("/v1/comments", json={"comment": "x"}, headers={"Accept-Language": "fr"})
        assert invalid.status_code == 422
        assert invalid.json()["errors"][0]["message"] == "Veuillez saisir votre nom ici"


def test_serve_refuses_a_chunked_body_over_the_cap_with_413(served: str) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"comment": "'
        for _ in range(20):
            yield b"w" * 1000
        yield b'"}'

    with httpx.Client(base_url=served, timeout=10) as http:
        response = http.post("/v1/comments", content=chunks(), headers={"Content-Type": "application/json"})
    assert response.status_code == 413

"""`moderation serve` as a real process: readiness, a comment over real HTTP, a clean stop."""

from __future__ import annotations

import signal
import uuid
from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path

import httpx
import pytest

from tests.support.server import Served, serve_process

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


def test_two_workers_share_one_embedded_redis_and_keep_its_data(tmp_path: Path, empty_model_dir: Path) -> None:
    """The image's command, `serve --workers 2` with no MODERATION_REDIS_URL: one embedded server for both workers.

    Every comment is found whichever worker a new connection reaches, and the data outlives a restart.
    """

    def serve(workers: int) -> AbstractContextManager[Served]:
        return serve_process(
            namespace="mod",
            tmp_path=tmp_path,
            model_dir=empty_model_dir,
            workers=workers,
            embedded_redis=True,
            extra_env={"MODERATION_FLOOD_SECONDS": "0"},  # six comments from one reader in a second
        )

    with serve(2) as server:
        ids = []
        for n in range(6):
            with httpx.Client(base_url=server.base, timeout=10) as http:
                posted = http.post(
                    "/v1/comments", data={"comment": f"Merci ({n})", "author": "Zoé", "email": "zoe@exemple.fr"}
                )
            assert posted.status_code == 201, posted.text
            ids.append(posted.json()["id"])
        for comment_id in ids * 3:
            with httpx.Client(base_url=server.base, timeout=10) as http:  # a new connection each time
                assert http.get(f"/v1/comments/{comment_id}").status_code == 200
    assert server.returncode in (0, -signal.SIGTERM), server.output
    assert server.output.count('"event": "app.started"') == 2, server.output
    assert "Traceback" not in server.output, server.output

    with serve(1) as again, httpx.Client(base_url=again.base, timeout=10) as http:
        assert [http.get(f"/v1/comments/{comment_id}").json()["status"] for comment_id in ids] == ["approved"] * 6

"""`moderation serve` as a real process: readiness, a comment over real HTTP, a clean stop."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import REDIS_URL

pytestmark = pytest.mark.slow


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def served(namespace: str, tmp_path: Path, empty_model_dir: Path) -> Iterator[str]:
    """Start `moderation serve` against the test Redis and return its base URL; stop it afterwards."""
    port = free_port()
    env = {
        **os.environ,
        "MODERATION_REDIS_URL": REDIS_URL,
        "MODERATION_NAMESPACE": namespace,
        "MODERATION_DATA_DIR": str(tmp_path / "var"),
        "MODERATION_MODEL_DIR": str(empty_model_dir),
        "MODERATION_IP_HASH_KEY": "process-test-key",
        "MODERATION_MAX_BODY_BYTES": "4096",
    }
    command = [str(Path(sys.executable).parent / "moderation"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert process.poll() is None, f"the server exited: {process.stdout.read() if process.stdout else ''}"
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "not ready within 30 s"
            time.sleep(0.1)
        yield base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            pytest.fail("the server did not stop on SIGTERM")
        output = process.stdout.read() if process.stdout else ""
        # uvicorn re-raises SIGTERM after its graceful shutdown, so -15 is a clean exit too.
        assert process.returncode in (0, -signal.SIGTERM), output
        assert '"event": "app.stopped"' in output, "the lifespan's shutdown ran"
        assert "Traceback" not in output, output


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

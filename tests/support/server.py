"""`moderation serve` as a real process for end-to-end tests, and free ports for servers in threads."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.conftest import REDIS_URL
from tests.support.waiting import wait_until


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Served:
    """A running (then stopped) server: its URL, and once stopped its exit code and output."""

    base: str
    log_path: Path
    returncode: int | None = None

    @property
    def output(self) -> str:
        """Everything the server printed so far."""
        return self.log_path.read_text()


@contextmanager
def serve_process(
    *,
    namespace: str,
    tmp_path: Path,
    model_dir: Path,
    workers: int = 1,
    extra_env: dict[str, str] | None = None,
    port: int | None = None,
    ready_path: str = "/readyz",
    embedded_redis: bool = False,
) -> Iterator[Served]:
    """Run `moderation serve` against the test Redis until ready; on exit SIGTERM its process group and wait.

    `port` restarts a service where a client expects it (default: a free port); `ready_path` is what must answer
    200 first (`/healthz` for a service started with Redis down, which `/readyz` would never pass);
    `embedded_redis` leaves MODERATION_REDIS_URL unset, so the service runs its own Redis under the data dir.
    """
    port = port or free_port()
    env = {
        **os.environ,
        "MODERATION_REDIS_URL": REDIS_URL,
        "MODERATION_NAMESPACE": namespace,
        "MODERATION_DATA_DIR": str(tmp_path / "var"),
        "MODERATION_MODEL_DIR": str(model_dir),
        "MODERATION_IP_HASH_KEY": "process-test-key",
        **(extra_env or {}),
    }
    if embedded_redis:
        del env["MODERATION_REDIS_URL"]
    command = [
        str(Path(sys.executable).parent / "moderation"), "serve", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers),
    ]  # fmt: skip
    served = Served(base=f"http://127.0.0.1:{port}", log_path=tmp_path / "serve.log")
    with served.log_path.open("w") as log:
        process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:

            def ready() -> bool:
                assert process.poll() is None, f"the server exited: {served.output}"
                try:
                    return httpx.get(f"{served.base}{ready_path}", timeout=1).status_code == 200
                except httpx.TransportError:
                    return False

            wait_until(ready, timeout=60, what=f"{ready_path} to answer 200")
            yield served
        finally:
            os.killpg(process.pid, signal.SIGTERM)  # the server and its workers: the group this test started
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            served.returncode = process.returncode

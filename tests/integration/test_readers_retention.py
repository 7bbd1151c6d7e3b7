"""Labels and audit entries older than their retention are trimmed; label exports go outside the checkout."""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import pytest
import redis
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from moderation.cli import app as cli_app
from moderation.config import Settings
from moderation.main import create_app
from moderation.readers.retention import trim_expired
from moderation.storage.keys import Keys
from tests.conftest import REDIS_URL, REPO_ROOT
from tests.support.waiting import wait_until
from training.export import run_export

pytestmark = pytest.mark.redis

DAY_MS = 86_400_000


def _seed(client: redis.Redis, stream: str, ages_days: list[int], now: float) -> list[str]:
    """Entries `ages_days` old, oldest first (a stream id starts with its time in ms); return their ids."""
    ids = []
    for i, age in enumerate(sorted(ages_days, reverse=True)):
        entry_id = f"{int(now * 1000) - age * DAY_MS}-{i}"
        fields = {"text": f"commentaire de {age} jours", "labels": "{}", "source": "moderator", "comment_id": str(i)}
        ids.append(str(client.xadd(stream, fields, id=entry_id)))  # type: ignore[arg-type]
    return ids


def test_entries_older_than_each_stream_s_retention_are_trimmed_and_newer_ones_kept(
    redis_client: redis.Redis, namespace: str, settings: Settings
) -> None:
    keys, now = Keys(namespace), time.time()
    labels = _seed(redis_client, keys.labels(), [800, 400, 366, 300, 1], now)
    audit = _seed(redis_client, keys.audit(), [400, 31, 29, 0], now)
    retention = settings.model_copy(update={"label_retention_days": 365, "audit_retention_days": 30})

    trimmed = trim_expired(redis_client, keys=keys, settings=retention, now=now)
    again = trim_expired(redis_client, keys=keys, settings=retention, now=now)

    assert (trimmed.labels, trimmed.audit) == (3, 2)
    assert (again.labels, again.audit) == (0, 0)
    assert [i for i, _ in redis_client.xrange(keys.labels())] == labels[3:]
    assert [i for i, _ in redis_client.xrange(keys.audit())] == audit[2:]


def test_a_retention_of_zero_keeps_every_entry(redis_client: redis.Redis, namespace: str, settings: Settings) -> None:
    keys, now = Keys(namespace), time.time()
    _seed(redis_client, keys.labels(), [3000, 2], now)
    forever = settings.model_copy(update={"label_retention_days": 0, "audit_retention_days": 0})

    trimmed = trim_expired(redis_client, keys=keys, settings=forever, now=now)

    assert (trimmed.labels, trimmed.audit) == (0, 0)
    assert redis_client.xlen(keys.labels()) == 2


def test_the_running_service_trims_expired_entries_without_being_asked(
    redis_client: redis.Redis, namespace: str, rules_settings: Settings
) -> None:
    keys = Keys(namespace)
    kept = _seed(redis_client, keys.labels(), [500, 10], time.time())[1:]

    with TestClient(create_app(rules_settings)):
        wait_until(lambda: redis_client.xlen(keys.labels()) == 1, timeout=30, what="the retention sweep")

    assert [i for i, _ in redis_client.xrange(keys.labels())] == kept


def test_cli_trim_applies_the_retention_now(redis_client: redis.Redis, namespace: str, tmp_path: Path) -> None:
    keys = Keys(namespace)
    _seed(redis_client, keys.audit(), [90, 5], time.time())
    env = {"MODERATION_REDIS_URL": REDIS_URL, "MODERATION_NAMESPACE": namespace,
           "MODERATION_AUDIT_RETENTION_DAYS": "60", "MODERATION_DATA_DIR": str(tmp_path / "var")}  # fmt: skip

    result = CliRunner().invoke(cli_app, ["readers", "trim"], env=env)

    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"audit": 1, "labels": 0}
    assert redis_client.xlen(keys.audit()) == 1


def test_a_label_export_without_out_is_written_to_the_labels_dir_outside_the_checkout(
    redis_client: redis.Redis, namespace: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    keys = Keys(namespace)
    _seed(redis_client, keys.labels(), [1], time.time())
    monkeypatch.setenv("MODERATION_REDIS_URL", REDIS_URL)
    monkeypatch.setenv("MODERATION_NAMESPACE", namespace)
    monkeypatch.setenv("MODERATION_LABELS_DIR", str(tmp_path / "exports"))
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)

    result = run_export(out=None, everything=True, progress=False)

    assert result.path.parent == tmp_path / "exports" and result.path.name.startswith("labels-all-")
    assert result.entries == 1 and result.path.is_file()
    monkeypatch.delenv("MODERATION_LABELS_DIR")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert REPO_ROOT not in Settings().labels_dir.parents  # the default is the user's data dir, not the checkout


@pytest.mark.skipif(not (REPO_ROOT / ".git").exists(), reason="not a git checkout")
def test_a_labels_folder_in_the_checkout_is_ignored_by_git() -> None:
    ignored = subprocess.run(
        ["git", "check-ignore", "-q", "labels/all-2026-W48.jsonl"], cwd=REPO_ROOT, check=False, capture_output=True
    )
    assert ignored.returncode == 0

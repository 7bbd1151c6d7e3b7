"""Shared fixtures: real Redis (a random namespace per test, removed afterwards) and the app."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
import structlog
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from moderation.scoring.artifact import load_current
from moderation.scoring.model import LinearScorer
from moderation.storage.clients import client_from_url
from tests.support.comments import SITE_KEY
from tests.support.openapi_check import OpenApiChecker

REPO_ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("MODERATION_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
MODEL_DIR = REPO_ROOT / "model"
DATA_DIR = Path(os.environ.get("MODERATION_TEST_DATA", REPO_ROOT.parent / "shared" / "data"))

#: Tests that read ../shared/data skip on a developer machine without it; on CI (which has it) they must run.
needs_data = pytest.mark.skipif(
    not DATA_DIR.is_dir() and not os.environ.get("CI"),
    reason=f"shared data folder {DATA_DIR} absent (set MODERATION_TEST_DATA)",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Run the tests marked `slow` or `browser` first (otherwise in file order).

    `make test` spreads whole files over pytest-xdist workers in collection order; a file of minutes (a training,
    a WordPress site, a browser) handed out last would keep one worker busy while the other has nothing left.
    """
    items.sort(key=lambda item: item.get_closest_marker("slow") is None and item.get_closest_marker("browser") is None)


@pytest.fixture(scope="session", autouse=True)
def fast_model_trained_in_background(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """When a collected test needs the run's fast-trained model, start training it as the first test starts.

    About a minute of CPU that would otherwise stall the first test that needs the model (and, under pytest-xdist,
    a worker waiting for another's training); the other tests run meanwhile.
    """
    from tests.support import fast_model

    helpers = {fast_model.fast_model_dir, fast_model.fast_version}
    needed = any(
        any(getattr(item.module, name, None) in helpers for name in ("fast_model_dir", "fast_version"))
        for item in request.session.items
        if isinstance(item, pytest.Function)
    )
    wait = fast_model.train_in_background(tmp_path_factory) if needed else None
    yield
    if wait is not None:
        wait()  # never leave a training process behind


@pytest.fixture(autouse=True)
def answers_match_openapi(monkeypatch: pytest.MonkeyPatch) -> Iterator[OpenApiChecker]:
    """Fail the test when any JSON answer a TestClient received differs from its route's OpenAPI schema."""
    checker = OpenApiChecker()
    send = TestClient.request

    def checked(self: TestClient, *args: Any, **kwargs: Any) -> httpx.Response:
        response = send(self, *args, **kwargs)
        checker.check(self.app, response)
        return response

    monkeypatch.setattr(TestClient, "request", checked)
    yield checker
    if checker.problems:
        pytest.fail("answers that differ from the OpenAPI:\n" + "\n".join(dict.fromkeys(checker.problems)))


@pytest.fixture(autouse=True)
def logging_reset_after_each_test() -> Iterator[None]:
    """Undo the test's logging set-up: the app and CLI bind structlog to the stdout of the moment (a CliRunner's
    is closed once the test ends), and a later test that logs without setting up its own would write there."""
    yield
    structlog.reset_defaults()


@contextmanager
def fresh_namespace() -> Iterator[str]:
    """A new key namespace; every key under it is deleted on exit."""
    name = f"test-{uuid.uuid4().hex[:12]}"
    try:
        yield name
    finally:
        client = client_from_url(REDIS_URL)
        keys = list(client.scan_iter(match=f"{{{name}}}*", count=1000))
        if keys:
            client.delete(*keys)
        client.close()


@pytest.fixture
def namespace() -> Iterator[str]:
    """A fresh key namespace; every key under it is deleted after the test."""
    with fresh_namespace() as name:
        yield name


@pytest.fixture
def redis_client() -> Iterator[redis.Redis]:
    """A client of the test Redis server, decoding to str like the service's."""
    client = client_from_url(REDIS_URL, decode_responses=True)
    yield client
    client.close()


@pytest.fixture
def empty_model_dir(tmp_path: Path) -> Path:
    """A model directory with no CURRENT: the service runs rules-only."""
    path = tmp_path / "model"
    path.mkdir()
    return path


@pytest.fixture
def settings(namespace: str, tmp_path: Path) -> Settings:
    """Settings against the real test Redis, with the bundled model (whatever model/CURRENT names)."""
    return Settings(
        redis_url=REDIS_URL,
        namespace=namespace,
        data_dir=tmp_path / "var",
        ip_hash_key="test-hash-key",  # type: ignore[arg-type]
        log_json=True,
        audit_sample_rate=0.0,  # no random audit items in the queue; audit tests set 1.0 explicitly
        site_keys=[SITE_KEY],  # the WordPress site's key: requests with SITE_HEADERS may vouch for user_ip
    )


@pytest.fixture
def rules_settings(settings: Settings, empty_model_dir: Path) -> Settings:
    """Settings with no model: the rules decide alone."""
    return settings.model_copy(update={"model_dir": empty_model_dir})


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    """The app with its lifespan running, against real Redis and the bundled model."""
    with TestClient(create_app(settings)) as test_client:
        yield test_client


@pytest.fixture
def profile_client(settings: Settings, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """The app with the bundled model in the site profile a test names (`@pytest.mark.parametrize("profile_client",
    ["blog"], indirect=True)`), no flood limit: one reader may post the test's comments in a row."""
    update = {"site_profile": request.param, "flood_seconds": 0}
    with TestClient(create_app(settings.model_copy(update=update))) as test_client:
        yield test_client


@pytest.fixture
def rules_client(rules_settings: Settings) -> Iterator[TestClient]:
    """The app with no model loaded."""
    with TestClient(create_app(rules_settings)) as test_client:
        yield test_client


@pytest.fixture(scope="session")
def shipped_scorer() -> LinearScorer:
    """The committed model named in model/CURRENT, loaded through the verifying loader (missing = failure)."""
    loaded = load_current(MODEL_DIR)
    assert isinstance(loaded, LinearScorer)
    return loaded

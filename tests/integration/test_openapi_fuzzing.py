"""Schema fuzzing: schemathesis generates requests for every operation of the app's own OpenAPI, valid and
invalid, authenticated where the route needs it, against real Redis and the shipped model. No answer may be
a 5xx, and every status code a route gives must be one its OpenAPI documents."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import status_code_conformance

from moderation.config import Settings
from moderation.main import create_app
from tests.conftest import MODEL_DIR, REDIS_URL, fresh_namespace

pytestmark = pytest.mark.redis

#: Requests generated per operation: enough to reach each route's refusals, small enough for CI (~40 routes).
EXAMPLES_PER_OPERATION = 30
API_KEY = "fuzzing-api-key-0123456789"
SITE_KEY = "fuzzing-site-key-0123456789"

# The schema the app serves at /openapi.json, read from an app that is never started (no Redis needed here).
schema = schemathesis.openapi.from_dict(create_app(Settings(redis_url=REDIS_URL)).openapi())


class _Credentials:
    admin_token: str = ""


CREDENTIALS = _Credentials()
#: Answers seen per status code, printed at the end of the module (`pytest -s`): the fuzzing counts.
SEEN: Counter[int] = Counter()


@pytest.fixture(scope="module")
def fuzz_namespace() -> Iterator[str]:
    with fresh_namespace() as name:
        yield name


@pytest.fixture(scope="module")
def api(fuzz_namespace: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[asgi.ASGIClient]:
    """The app with its lifespan running, real Redis, the shipped model, keys and an admin moderator."""
    app_settings = Settings(
        redis_url=REDIS_URL,
        namespace=fuzz_namespace,
        data_dir=tmp_path_factory.mktemp("fuzz") / "var",
        model_dir=Path(MODEL_DIR),
        ip_hash_key="fuzz-hash-key",  # type: ignore[arg-type]
        api_keys=[API_KEY],
        site_keys=[SITE_KEY],
        moderation_keys=["relecture"],
        allowed_redirect_hosts=["www.exemple.fr"],
        flood_seconds=0,
        audit_sample_rate=0.0,
    )
    app = create_app(app_settings)
    with asgi.get_client(app) as client:
        _moderator, CREDENTIALS.admin_token = app.state.services.moderators.add("fuzzer", admin=True)
        for i in range(3):  # something in the queue, so the review routes page, claim and decide
            body = {"comment": f"À relecture {i}", "author": "A", "email": f"a{i}@example.fr", "comment_post_ID": "1"}
            assert client.post("/v1/comments", json=body).status_code == 201
        yield client
    asgi.shutdown_lifespans()
    print(f"\nschema fuzzing: {sum(SEEN.values())} requests, by status: {dict(sorted(SEEN.items()))}")


def _authenticate(case: Any) -> None:
    """Give each operation the credential it takes; the fuzzer still varies everything else."""
    path = case.path
    headers = dict(case.headers or {})
    if path.startswith("/v1/review"):
        headers["Authorization"] = f"Bearer {CREDENTIALS.admin_token}"
    elif path.endswith("/feedback"):
        headers.pop("authorization", None)
        headers["X-Site-Key"] = SITE_KEY
    elif path.startswith("/v1alpha1"):
        case.query = {**(case.query or {}), "key": API_KEY}
    elif path.startswith(("/1.1/", "/1.2/")) and isinstance(case.body, dict):
        case.body = {**case.body, "key": API_KEY, "api_key": API_KEY}
    case.headers = headers


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,  # the same requests on every run: a failure reproduces, CI time stays flat
)
def test_no_operation_answers_5xx_or_an_undocumented_status(case: Any, api: asgi.ASGIClient) -> None:
    _authenticate(case)
    response = case.call_and_validate(
        base_url="http://testserver", session=api, checks=[not_a_server_error, status_code_conformance]
    )
    SEEN[response.status_code] += 1

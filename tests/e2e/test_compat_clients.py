"""Real Akismet and Perspective clients (PyPI and npm) against `moderation serve`, only their host changed.

PyPI `akismet` (James Bennett) runs the behaviours of its upstream end-to-end suite, sync and async;
`google-api-python-client` builds Perspective's client from our discovery document; PyPI
`python-akismet` (which installs a module also named `akismet`, so it lives in its own folder) sends the
key in the host name; the npm clients run under Node's test runner (tests/clients/node).
"""

from __future__ import annotations

import asyncio
import json
import os
import re
import shutil
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import akismet
import httpx
import pytest
import redis
from googleapiclient import discovery
from googleapiclient.errors import HttpError

from tests.conftest import MODEL_DIR, REDIS_URL, REPO_ROOT
from tests.support.server import serve_process

pytestmark = pytest.mark.slow

KEY = "c0ffee0ddba11"
WRONG_KEY = "zzzzzzzzzzzz"
BLOG = "https://journal.example.fr"
NODE_DIR = REPO_ROOT / "tests" / "clients" / "node"
PYTHON_AKISMET = "python-akismet==0.4.3"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One `moderation serve` with the shipped model and one client key for every client in this module."""
    namespace = f"test-clients-{uuid.uuid4().hex[:8]}"
    extra = {
        "MODERATION_API_KEYS": KEY,
        "MODERATION_FLOOD_SECONDS": "0",
        "MODERATION_DISALLOWED_KEYS": "casino-en-ligne",
    }
    tmp_path = tmp_path_factory.mktemp("clients")
    try:
        with serve_process(namespace=namespace, tmp_path=tmp_path, model_dir=MODEL_DIR, extra_env=extra) as server:
            yield server.base
    finally:
        client = redis.Redis.from_url(REDIS_URL)
        stale = list(client.scan_iter(match=f"{{{namespace}}}*", count=1000))
        if stale:
            client.delete(*stale)
        client.close()


class Retarget(httpx.BaseTransport):
    """Send what a client addresses to rest.akismet.com to the served instance: the host is all that changes."""

    def __init__(self, base: str) -> None:
        self.base = httpx.URL(base)
        self.inner = httpx.HTTPTransport()

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme=self.base.scheme, host=self.base.host, port=self.base.port)
        request.headers["Host"] = f"{self.base.host}:{self.base.port}"
        return self.inner.handle_request(request)


class AsyncRetarget(httpx.AsyncBaseTransport):
    """The async twin of Retarget, for `akismet.AsyncClient`."""

    def __init__(self, base: str) -> None:
        self.base = httpx.URL(base)
        self.inner = httpx.AsyncHTTPTransport()

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        request.url = request.url.copy_with(scheme=self.base.scheme, host=self.base.host, port=self.base.port)
        request.headers["Host"] = f"{self.base.host}:{self.base.port}"
        return await self.inner.handle_async_request(request)


Call = Callable[[str, Callable[[Any], Any]], Any]


@pytest.fixture(params=["sync", "async"])
def akismet_call(request: pytest.FixtureRequest, served: str) -> Call:
    """Run `use(client)` with a Sync or Async `akismet` client whose config holds `key`; return its result."""

    def call(key: str, use: Callable[[Any], Any]) -> Any:
        config = akismet.Config(key=key, url=BLOG)
        if request.param == "sync":
            with httpx.Client(transport=Retarget(served), timeout=10) as http:
                return use(akismet.SyncClient(config=config, http_client=http))

        async def run() -> Any:
            async with httpx.AsyncClient(transport=AsyncRetarget(served), timeout=10) as http:
                result = use(akismet.AsyncClient(config=config, http_client=http))
                return await result if asyncio.iscoroutine(result) else result

        return asyncio.run(run())

    return call


def _validated(key: str, served: str, flavour: str) -> Any:
    config = akismet.Config(key=key, url=BLOG)
    if flavour == "sync":
        with httpx.Client(transport=Retarget(served), timeout=10) as http:
            return akismet.SyncClient.validated_client(config=config, http_client=http)

    async def run() -> Any:
        async with httpx.AsyncClient(transport=AsyncRetarget(served), timeout=10) as http:
            return await akismet.AsyncClient.validated_client(config=config, http_client=http)

    return asyncio.run(run())


# PyPI akismet: the upstream end-to-end behaviours -----------------------------------------------------------------
COMMON = {"user_ip": "127.0.0.1", "is_test": 1}


@pytest.mark.parametrize("flavour", ["sync", "async"])
def test_akismet_validated_client_accepts_a_configured_key_and_refuses_another(served: str, flavour: str) -> None:
    assert _validated(KEY, served, flavour) is not None
    with pytest.raises(akismet.APIKeyError):
        _validated(WRONG_KEY, served, flavour)


def test_akismet_verify_key_true_for_the_key_false_for_another(akismet_call: Call) -> None:
    assert akismet_call(KEY, lambda c: c.verify_key()) is True
    assert akismet_call(KEY, lambda c: c.verify_key(WRONG_KEY, "http://example.com")) is False


@pytest.mark.parametrize(
    "method",
    [
        lambda c: c.comment_check(**COMMON),
        lambda c: c.submit_ham(**COMMON),
        lambda c: c.submit_spam(**COMMON),
        lambda c: c.key_sites(),
        lambda c: c.usage_limit(),
    ],
    ids=["comment_check", "submit_ham", "submit_spam", "key_sites", "usage_limit"],
)
def test_akismet_every_call_with_a_wrong_key_raises_api_key_error(akismet_call: Call, method: Any) -> None:
    with pytest.raises(akismet.APIKeyError):
        akismet_call(WRONG_KEY, method)


def test_akismet_guaranteed_spam_author_is_spam_and_administrator_is_ham(akismet_call: Call) -> None:
    spam = akismet_call(
        KEY, lambda c: c.comment_check(comment_content="test", comment_author="akismet-guaranteed-spam", **COMMON)
    )
    ham = akismet_call(KEY, lambda c: c.comment_check(comment_content="test", user_role="administrator", **COMMON))

    assert spam == akismet.CheckResponse.SPAM
    assert ham == akismet.CheckResponse.HAM


def test_akismet_submit_ham_and_spam_are_accepted(akismet_call: Call) -> None:
    assert (
        akismet_call(KEY, lambda c: c.submit_ham(comment_content="test", user_role="administrator", **COMMON)) is True
    )
    assert akismet_call(
        KEY, lambda c: c.submit_spam(comment_content="test", comment_author="akismet-guaranteed-spam", **COMMON)
    )


# PyPI akismet: beyond the upstream suite -------------------------------------------------------------------------
def test_akismet_disallowed_word_is_discard_and_usage_limit_counts_live_calls(akismet_call: Call) -> None:
    before = akismet_call(KEY, lambda c: c.usage_limit())
    verdict = akismet_call(
        KEY, lambda c: c.comment_check(user_ip="198.51.100.4", comment_content="Mon casino-en-ligne")
    )
    after = akismet_call(KEY, lambda c: c.usage_limit())

    assert verdict == akismet.CheckResponse.DISCARD
    assert (after["limit"], after["throttled"]) == ("none", False)
    assert after["usage"] == before["usage"] + 1


# google-api-python-client: Perspective from our discovery document ---------------------------------------------
def _perspective(served: str, key: str) -> Any:
    return discovery.build(
        "commentanalyzer",
        "v1alpha1",
        developerKey=key,
        discoveryServiceUrl=f"{served}/$discovery/rest?version={{apiVersion}}",
        static_discovery=False,
        cache_discovery=False,
    )


def test_google_client_builds_from_discovery_and_analyzes_and_suggests(served: str) -> None:
    client = _perspective(served, KEY)
    analyze = {
        "comment": {"text": "Espèce de crétin, tais-toi."},
        "requestedAttributes": {"TOXICITY": {}, "INSULT": {}},
        "languages": ["fr"],
        "clientToken": "req-1",
    }

    answer = client.comments().analyze(body=analyze).execute()
    suggestion = {
        "comment": {"text": "Espèce de crétin, tais-toi."},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}},
        "clientToken": f"comment:{uuid.uuid4().hex[:8]}",
    }
    echoed = client.comments().suggestscore(body=suggestion).execute()

    assert set(answer["attributeScores"]) == {"TOXICITY", "INSULT"}
    assert 0.5 < answer["attributeScores"]["TOXICITY"]["summaryScore"]["value"] <= 1.0
    assert answer["clientToken"] == "req-1"
    assert echoed == {"clientToken": suggestion["clientToken"]}


def test_google_client_reads_googles_error_details(served: str) -> None:
    body = {"comment": {"text": "Hola a todos"}, "requestedAttributes": {"TOXICITY": {}}, "languages": ["es"]}

    with pytest.raises(HttpError) as wrong_key:
        _perspective(served, WRONG_KEY).comments().analyze(body=body).execute()
    with pytest.raises(HttpError) as language:
        _perspective(served, KEY).comments().analyze(body=body).execute()

    assert wrong_key.value.status_code == 400
    assert wrong_key.value.reason == "API key not valid. Please pass a valid API key."
    assert wrong_key.value.error_details[0]["reason"] == "API_KEY_INVALID"
    assert language.value.error_details[1]["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"


# python-akismet (key in the host name), in its own folder ----------------------------------------------------------
@pytest.fixture(scope="module")
def python_akismet_path() -> Path:
    """python-akismet installed once into .venv/clients (it would overwrite PyPI akismet's module)."""
    target = Path(sys.prefix) / "clients" / PYTHON_AKISMET.replace("==", "-")
    if not (target / "akismet" / "__init__.py").is_file():
        subprocess.run(
            [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), PYTHON_AKISMET],
            check=True,
            timeout=300,
        )
    return target


DRIVER = """
import json, socket, sys
real_getaddrinfo = socket.getaddrinfo
def getaddrinfo(host, *args, **kwargs):  # *.localhost is loopback (RFC 6761), as a wildcard DNS record would be
    return real_getaddrinfo("127.0.0.1" if str(host).endswith(".localhost") else host, *args, **kwargs)
socket.getaddrinfo = getaddrinfo
import akismet
assert akismet.__version__ == "0.4.3", akismet.__file__
port, key = sys.argv[1], sys.argv[2]
akismet.Akismet.protocol, akismet.Akismet.domain = "http", f"localhost:{port}"
ua = "Mozilla/5.0"
client = akismet.Akismet(key, blog="https://journal.example.fr", application_user_agent="tests/1.0")
out = {
    "spam": client.check("127.0.0.1", ua, comment_author="akismet-guaranteed-spam", is_test=True),
    "ham": client.check("127.0.0.1", ua, comment_content="Merci pour cet article.", user_role="administrator"),
    "discard": client.check("127.0.0.1", ua, comment_content="Gagnez au casino-en-ligne"),
}
client.submit_spam("127.0.0.1", ua, comment_content="Achetez des montres", is_test=True)
client.submit_ham("127.0.0.1", ua, comment_content="Bel article", is_test=True)
try:
    akismet.Akismet("zzzzzzzzzzzz", blog="https://journal.example.fr").check("127.0.0.1", ua, comment_content="x")
    out["wrong_key"] = "accepted"
except akismet.AkismetServerError as exc:
    out["wrong_key"] = str(exc)
print(json.dumps(out))
"""


def test_python_akismet_sends_the_key_in_the_host_name_and_is_understood(
    served: str, python_akismet_path: Path
) -> None:
    port = str(httpx.URL(served).port)
    env = {**os.environ, "PYTHONPATH": str(python_akismet_path)}
    result = subprocess.run(
        [sys.executable, "-c", DRIVER, port, KEY], env=env, capture_output=True, text=True, timeout=120, check=False
    )

    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert (out["spam"], out["ham"], out["discard"]) == (2, 0, 3)  # ProbableSpam, Ham, DefiniteSpam
    assert out["wrong_key"] == "Akismet server returned an error: Invalid API key."


# npm clients under Node's test runner -------------------------------------------------------------------------------
def test_npm_clients_pass_their_node_tests(served: str) -> None:
    npm, node = shutil.which("npm"), shutil.which("node")
    assert npm and node, "Node 20 and npm are needed (tests/clients/node)"
    subprocess.run([npm, "ci", "--no-audit", "--no-fund", "--silent"], cwd=NODE_DIR, check=True, timeout=600)
    env = {**os.environ, "MODERATION_URL": served, "CLIENT_KEY": KEY}
    result = subprocess.run(
        [node, "--test", "--test-reporter=tap"],
        cwd=NODE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    counts = dict(re.findall(r"^# (pass|fail|skipped|todo) (\d+)$", result.stdout, re.M))
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert counts == {"pass": "11", "fail": "0", "skipped": "0", "todo": "0"}, result.stdout[-2000:]
    print(result.stdout[-600:])

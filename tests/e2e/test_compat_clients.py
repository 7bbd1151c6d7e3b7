"""Real Akismet and Perspective clients (PyPI, npm, Debian's Go) against `moderation serve`, only their host changed.

PyPI `akismet` (James Bennett) runs the behaviours of its upstream end-to-end suite, sync and async;
`google-api-python-client` builds Perspective's client from our discovery document; PyPI
`python-akismet` (which installs a module also named `akismet`, so it lives in its own folder) sends the
key in the host name; PyPI `PyPerspective`, `perspectiveapi` and `PySpective` run their README examples; Debian's
`golang-github-adtac-go-akismet-dev` runs its upstream tests; the npm clients run under Node's test runner
(tests/clients/node). A second server, started with Redis down, shows each client its protocol's own error.
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
import perspective as perspectiveapi  # PyPI perspectiveapi
import perspective.blocking as perspectiveapi_blocking
import perspective.models as perspectiveapi_models
import pytest
import requests
import requests.adapters
import requests.sessions
from googleapiclient import discovery
from googleapiclient.errors import HttpError
from PyPerspective import Perspective as pyperspective
from pyspective import pyspective

from moderation.storage.clients import client_from_url
from tests.conftest import MODEL_DIR, REDIS_URL, REPO_ROOT
from tests.support.server import serve_process

pytestmark = [pytest.mark.slow, pytest.mark.redis]

KEY = "c0ffee0ddba11"
WRONG_KEY = "zzzzzzzzzzzz"
BLOG = "https://journal.example.fr"
NODE_DIR = REPO_ROOT / "tests" / "clients" / "node"
PYTHON_AKISMET = "python-akismet==0.4.3"


GOOGLE = "https://commentanalyzer.googleapis.com"
STORE_UNAVAILABLE = "The service is briefly unavailable; please try again in a few seconds."


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
        client = client_from_url(REDIS_URL)
        stale = list(client.scan_iter(match=f"{{{namespace}}}*", count=1000))
        if stale:
            client.delete(*stale)
        client.close()


@pytest.fixture(scope="module")
def served_without_redis(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second `moderation serve`, the same but for a Redis URL where nothing listens."""
    extra = {"MODERATION_API_KEYS": KEY, "MODERATION_REDIS_URL": "redis://127.0.0.1:1/0"}
    tmp_path = tmp_path_factory.mktemp("clients-no-redis")
    namespace = f"test-clients-down-{uuid.uuid4().hex[:8]}"  # never written: nothing listens there
    with serve_process(
        namespace=namespace, tmp_path=tmp_path, model_dir=MODEL_DIR, extra_env=extra, ready_path="/healthz"
    ) as server:
        yield server.base


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


# PyPI Perspective clients with a hard-coded Google URL: their README examples ---------------------------------------
class RetargetAdapter(requests.adapters.HTTPAdapter):
    """requests' transport, sending what a client addresses to commentanalyzer.googleapis.com to `base`."""

    base = ""

    def send(self, request: requests.PreparedRequest, *args: Any, **kwargs: Any) -> requests.Response:
        if request.url and request.url.startswith(f"{GOOGLE}/"):
            request.url = self.base + request.url.removeprefix(GOOGLE)
        return super().send(request, *args, **kwargs)


@pytest.fixture
def requests_to(monkeypatch: pytest.MonkeyPatch) -> Callable[[str], None]:
    """Send every `requests` call to Google's host to the given served instance instead (nothing else changes)."""

    def retarget(base: str) -> None:
        adapter = type("Adapter", (RetargetAdapter,), {"base": base})
        monkeypatch.setattr(requests.sessions, "HTTPAdapter", adapter)  # what each new Session mounts

    return retarget


def test_pyperspective_readme_example_reads_summary_and_span_scores(
    served: str, requests_to: Callable[[str], None]
) -> None:
    requests_to(served)
    perspective = pyperspective.Perspective(KEY, ratelimit=True, default_not_store=True)

    scores = perspective.get_score("Hello What Are You Doing?", tests=["TOXICITY"], langs=["en"])
    french = perspective.get_score("Espèce de crétin, tais-toi.", tests=["INSULT_EXPERIMENTAL"], langs=["fr"])
    with pytest.raises(pyperspective.InvalidAuthKey):
        pyperspective.Perspective(WRONG_KEY)

    assert (str(scores), scores.requests_langs, scores.detected_langs) == ("Hello What Are You Doing?", ["en"], ["en"])
    attribute = scores["TOXICITY"]
    assert (attribute.name, attribute.score_type) == ("TOXICITY", "PROBABILITY")
    assert 0.0 <= attribute.score < 0.5
    span = attribute.spans[0]
    assert (span.start, span.end, span.score, span.score_type) == (0, 25, attribute.score, "PROBABILITY")
    assert str(span) == "Hello What Are You Doing?"
    assert french["INSULT_EXPERIMENTAL"].score > 0.5


@pytest.mark.parametrize("flavour", ["blocking", "async"])
def test_perspectiveapi_readme_example_gets_scores_and_none_for_flirtation(
    served: str, monkeypatch: pytest.MonkeyPatch, flavour: str
) -> None:
    # The client makes its own httpx client; it gets one whose transport sends Google's host to the service.
    monkeypatch.setattr(perspectiveapi_blocking, "Client", lambda: httpx.Client(transport=Retarget(served)))
    monkeypatch.setattr(
        perspectiveapi_models, "AsyncClient", lambda: httpx.AsyncClient(transport=AsyncRetarget(served))
    )
    Attribute = perspectiveapi.Attribute
    attributes = (Attribute.FLIRTATION, Attribute.SEVERE_TOXICITY)  # the repository README's example

    if flavour == "blocking":
        s = perspectiveapi_blocking.Perspective(key=KEY).score("your message here", attributes=attributes)
    else:

        async def main() -> Any:
            return await perspectiveapi.Perspective(key=KEY).score("your message here", attributes=attributes)

        s = asyncio.run(main())

    assert s.flirtation is None  # no head measures it: left out, never invented
    assert isinstance(s.severe_toxicity, float)
    assert 0.0 <= s.severe_toxicity < 0.5


def test_pyspective_readme_example_scores_every_attribute_it_asks_for_that_a_head_measures(
    served: str, requests_to: Callable[[str], None]
) -> None:
    requests_to(served)
    perspective = pyspective.PyspectiveAPI(KEY)

    scores = perspective.score("hi")
    insult = perspective.score("You are a stupid idiot.", "INSULT")
    suggested = perspective.suggest("You are a stupid idiot.", 1.0)

    assert set(scores) == {"TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT"}
    assert all(0.0 <= value < 0.5 for value in scores.values())
    assert insult["INSULT"] > 0.5
    assert suggested == "Successed"


# Debian's go-akismet: its upstream tests ---------------------------------------------------------------------------
GO_AKISMET = Path("/usr/share/gocode/src/github.com/adtac/go-akismet")
#: The library calls https://KEY.rest.akismet.com/1.1/...: its connections land on the service over plain TCP,
#: the Host header (and the key in it) as the library wrote it.
GO_RETARGET = """package akismet

import (
	"context"
	"net"
	"net/http"
	"os"
	"testing"
)

func init() {
	http.DefaultTransport = &http.Transport{
		DialTLSContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var dialer net.Dialer
			return dialer.DialContext(ctx, network, os.Getenv("MODERATION_ADDR"))
		},
	}
}

// TestHam runs upstream's testHam, which upstream's TestCheck leaves out.
func TestHam(t *testing.T) { testHam(t, os.Getenv("AKISMET_KEY")) }
"""
GO_OUTAGE = """package main

import (
	"context"
	"encoding/json"
	"net"
	"net/http"
	"os"

	"github.com/adtac/go-akismet/akismet"
)

func main() {
	http.DefaultTransport = &http.Transport{
		DialTLSContext: func(ctx context.Context, network, _ string) (net.Conn, error) {
			var dialer net.Dialer
			return dialer.DialContext(ctx, network, os.Getenv("MODERATION_ADDR"))
		},
	}
	comment := akismet.Comment{Blog: "https://example.com", UserIP: "8.8.8.8", UserAgent: "Mozilla/5.0",
		CommentContent: "Merci pour cet article."}
	spam, err := akismet.Check(&comment, os.Getenv("AKISMET_KEY"))
	json.NewEncoder(os.Stdout).Encode(map[string]any{"spam": spam, "error": err.Error()})
}
"""


def _go(command: list[str], *, cwd: Path, gopath: Path, base: str) -> subprocess.CompletedProcess[str]:
    """Run `go` offline in GOPATH mode, its build cache kept in the venv between runs."""
    go = shutil.which("go")
    assert go and GO_AKISMET.is_dir(), "Debian's golang-go and golang-github-adtac-go-akismet-dev are needed"
    url = httpx.URL(base)
    env = {
        **os.environ,
        "GO111MODULE": "off",
        "GOPATH": str(gopath),
        "GOCACHE": str(Path(sys.prefix) / "clients" / "go-build"),
        "GOFLAGS": "",
        "CGO_ENABLED": "0",
        "AKISMET_KEY": KEY,
        "MODERATION_ADDR": f"{url.host}:{url.port}",
    }
    return subprocess.run([go, *command], cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


@pytest.fixture(scope="module")
def go_akismet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A GOPATH holding Debian's go-akismet with its upstream test file enabled and the retargeting file added."""
    gopath = tmp_path_factory.mktemp("gopath")
    package = gopath / "src" / "github.com" / "adtac" / "go-akismet"
    shutil.copytree(GO_AKISMET, package)
    test = package / "akismet" / "comment_check_test.go"
    # Kept out of builds upstream because it calls the live API with AKISMET_KEY; here it calls the service.
    test.write_text(test.read_text().replace("//go:build ignore\n", "", 1))
    (package / "akismet" / "retarget_test.go").write_text(GO_RETARGET)
    (gopath / "outage").mkdir()
    (gopath / "outage" / "main.go").write_text(GO_OUTAGE)
    return gopath


def test_go_akismet_passes_its_upstream_tests_including_outed_by_user_agent(served: str, go_akismet: Path) -> None:
    package = go_akismet / "src" / "github.com" / "adtac" / "go-akismet" / "akismet"
    result = _go(["test", "-v", "-count=1", "."], cwd=package, gopath=go_akismet, base=served)

    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert re.findall(r"^--- (\w+): (\w+)", result.stdout, re.M) == [("PASS", "TestCheck"), ("PASS", "TestHam")]


# With Redis down: each protocol's own error ----------------------------------------------------------------------
def test_with_redis_down_each_client_gets_its_protocols_error_not_a_verdict(
    served_without_redis: str, go_akismet: Path
) -> None:
    config = akismet.Config(key=KEY, url=BLOG)
    with httpx.Client(transport=Retarget(served_without_redis), timeout=10) as http:
        client = akismet.SyncClient(config=config, http_client=http)
        with pytest.raises(akismet.RequestError):
            client.comment_check(user_ip="203.0.113.9", comment_content="Merci pour cet article.")
    with pytest.raises(HttpError) as google:
        _perspective(served_without_redis, KEY).comments().suggestscore(
            body={"comment": {"text": "Idiot"}, "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}}}
        ).execute()
    go = _go(["run", "main.go"], cwd=go_akismet / "outage", gopath=go_akismet, base=served_without_redis)

    assert (google.value.status_code, google.value.reason) == (503, STORE_UNAVAILABLE)
    assert google.value.error_details[0]["reason"] == "STORE_UNAVAILABLE"
    assert go.returncode == 0, go.stderr[-2000:]
    assert json.loads(go.stdout) == {"spam": True, "error": STORE_UNAVAILABLE}  # an error, never "false"


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

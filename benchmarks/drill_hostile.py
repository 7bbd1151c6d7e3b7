"""Hostile drill of issue 22, replayed against a real `moderation serve`: one line per failure found then.

Run: `make drill-hostile` or `.venv/bin/python benchmarks/drill_hostile.py [--slow-sockets 600]`.

Starts `moderation serve` (the committed model, production-like limits, flood check on, a private namespace on
the Redis at `--redis-url`, removed afterwards) and replays each attack of the drill of 7472057:

1. masked-word comments at the 65,525-byte limit ("㎉"x15 + "＊＊＊ ", "ab*** "): seconds to answer, and how
   long /healthz took while they were scored;
2. `--slow-sockets` sockets sending headers one byte at a time, then 40 /healthz: how many got 503;
3. a 32 MB header value: seconds to its answer, /healthz meanwhile;
4. a 100 MB body without credentials on /v1/review/bans: status, seconds;
5. the seven hand-made bodies: their statuses (5xx must be 0);
6. 50 clients leaving mid-body: 5xx and tracebacks in the server log (must be 0);
7. 3 comments in 15 s from one address, each with another `user_ip`: statuses (the 2nd and 3rd must be 429);
8. 7 spellings of a disallowed word: how many were approved (must be 0);
9. NUL in Akismet submit-spam and Perspective suggestscore: statuses (must be 4xx), label stream length;
10. a ban of "not-an-ip": status (must be 422).

A script that measures and prints, not a test; the tests that pin each fix are named in docs/operations.md.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import socket
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the service's modules, when run as a script

from moderation.review.auth import ModeratorStore
from moderation.storage.keys import Keys

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the fault drill's server helpers, when run as a script
from drill import served

SITE_KEY = "drill-site-key-0001"
API_KEY = "drill-api-key-0001"
LIMIT = 65_525


@contextmanager
def _served(redis_url: str, namespace: str, tmp: Path) -> Iterator[tuple[str, Path]]:
    """`moderation serve` (one worker) with the drill's limits until the block ends; yields its URL and log file."""
    settings = {
        "MODERATION_SITE_KEYS": SITE_KEY,
        "MODERATION_API_KEYS": API_KEY,
        "MODERATION_DISALLOWED_KEYS": "arnaque",
        "MODERATION_FLOOD_SECONDS": "15",
        "MODERATION_READ_TIMEOUT_SECONDS": "10",
        "MODERATION_MAX_CONCURRENCY": "512",
        "MODERATION_MAX_CONNECTIONS": "2048",
        "MODERATION_LOG_LEVEL": "INFO",
        "MODERATION_REDIS_TIMEOUT_SECONDS": "5",  # the service's default: this drill kills no Redis
    }
    with served(redis_url, namespace, tmp, None, 1, settings) as base:
        yield base, tmp / "serve.log"


def _healthz_ms(base: str) -> float:
    start = time.perf_counter()
    httpx.get(f"{base}/healthz", timeout=60)
    return (time.perf_counter() - start) * 1000


def _while(work: Callable[[], object], base: str) -> tuple[float, float]:
    """Run `work` in a thread; return (its seconds, the slowest /healthz in ms while it ran)."""
    done = threading.Event()
    start = time.perf_counter()

    def run() -> None:
        try:
            work()
        finally:
            done.set()

    threading.Thread(target=run, daemon=True).start()
    worst = 0.0
    while not done.is_set():
        worst = max(worst, _healthz_ms(base))
        time.sleep(0.01)
    return time.perf_counter() - start, worst


def _fill(unit: str) -> str:
    return unit * (LIMIT // len(unit.encode()))


def _comment(text: str, **extra: str) -> dict[str, str]:
    tag = uuid.uuid4().hex[:8]
    return {"comment": text, "author": "Drill", "email": f"drill.{tag}@example.fr", "comment_post_ID": "1", **extra}


def masked_words(base: str) -> None:
    headers = {"X-Site-Key": SITE_KEY}  # the site posting: no flood check between the comments (no address)
    units = {"plain_text": "Merci pour cet article. ", "kcal_masked": "㎉" * 15 + "＊＊＊ ", "ascii_masked": "ab*** "}
    for name, unit in units.items():
        body = _comment(_fill(unit))
        statuses: list[int] = []

        def post(b: dict[str, str] = body, into: list[int] = statuses) -> None:
            into.append(httpx.post(f"{base}/v1/comments", json=b, headers=headers, timeout=120).status_code)

        seconds, healthz = _while(post, base)
        print(f"1  {name:14} status {statuses[0]}  {seconds * 1000:7.1f} ms; slowest /healthz {healthz:.1f} ms")


def slow_sockets(base: str, count: int) -> None:
    host, port = base.removeprefix("http://").split(":")
    socks: list[socket.socket] = []
    for _ in range(count):
        with contextlib.suppress(OSError):
            sock = socket.create_connection((host, int(port)), timeout=5)
            sock.sendall(b"POST /v1/comments HTTP/1.1\r\nHost: x\r\n")
            socks.append(sock)
    codes = [httpx.get(f"{base}/healthz", timeout=30).status_code for _ in range(40)]
    for sock in socks:
        sock.close()
    print(f"2  {count} slow header senders open: /healthz 503 for {codes.count(503)} of {len(codes)}")


def huge_header(base: str) -> None:
    host, port = base.removeprefix("http://").split(":")
    answer = b""

    def send() -> None:
        nonlocal answer
        with socket.create_connection((host, int(port)), timeout=30) as sock:
            with contextlib.suppress(OSError):
                sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 32_000_000 + b"\r\n\r\n")
            with contextlib.suppress(OSError):
                answer = sock.recv(200)

    seconds, healthz = _while(send, base)
    status = answer.split(b" ", 2)[1].decode() if answer.count(b" ") >= 2 else "none"
    print(f"3  32 MB header value: answer {status} after {seconds:.2f} s; slowest /healthz {healthz:.1f} ms")


def huge_unauthenticated_body(base: str) -> None:
    status: list[str] = []

    def send() -> None:
        def chunks() -> Iterator[bytes]:
            for _ in range(100):
                yield b"x" * 1_000_000

        try:
            response = httpx.post(
                f"{base}/v1/review/bans", content=chunks(), headers={"content-type": "application/json"}, timeout=60
            )
            status.append(str(response.status_code))
        except httpx.HTTPError as exc:  # refused and closed while still sending
            status.append(type(exc).__name__)

    seconds, healthz = _while(send, base)
    print(f"4  100 MB unauthenticated body: {status[0]} after {seconds:.2f} s; slowest /healthz {healthz:.1f} ms")


def hostile_bodies(base: str) -> None:
    analyze = f"{base}/v1alpha1/comments:analyze?key={API_KEY}"
    suggest = f"{base}/v1alpha1/comments:suggestscore?key={API_KEY}"
    scores = '"attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}}'
    plain = json.dumps(_comment("Bonjour"))[:-1]
    bodies = {
        "extra nested 900": (f"{base}/v1/comments", plain + ', "extra": ' + "[" * 900 + "]" * 900 + "}"),
        "surrogate in nested extra": (f"{base}/v1/comments", plain + ', "extra": {"a": {"b": "\\ud800"}}}'),
        "Perspective nested 5000": (
            analyze,
            '{"comment": {"text": "a"}, "requestedAttributes": {"TOXICITY": {}}, "x": ' + "[" * 5000 + "]" * 5000 + "}",
        ),
        "surrogate text analyze": (
            analyze,
            '{"comment": {"text": "a\\ud800"}, "requestedAttributes": {"TOXICITY": {}}}',
        ),
        "surrogate text suggestscore": (suggest, '{"comment": {"text": "a\\ud800"}, ' + scores + "}"),
        "context url http://[zz": (
            suggest,
            json.dumps({"comment": {"text": "a"}, "context": {"entries": [{"text": '{"url": "http://[zz"}'}]}})[:-1]
            + ", "
            + scores
            + "}",
        ),
        "context nested 100000": (
            suggest,
            '{"comment": {"text": "a"}, "context": {"entries": ' + "[" * 100_000 + "]" * 100_000 + "}, " + scores + "}",
        ),
    }
    statuses = {}
    for name, (url, body) in bodies.items():
        statuses[name] = httpx.post(url, content=body, headers={"content-type": "application/json"}, timeout=30)
    fives = sum(1 for r in statuses.values() if r.status_code >= 500)
    print("5  hostile bodies: " + ", ".join(f"{n} {r.status_code}" for n, r in statuses.items()) + f"; 5xx: {fives}")


def disconnects(base: str, log_path: Path) -> None:
    host, port = base.removeprefix("http://").split(":")
    before = log_path.read_text()
    for _ in range(50):
        with socket.create_connection((host, int(port)), timeout=5) as sock:
            sock.sendall(
                b"POST /v1/comments HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                b'Content-Length: 100000\r\n\r\n{"comment": "Bonj'
            )
    time.sleep(1)  # let the server notice the closed sockets before its log is read
    added = log_path.read_text()[len(before) :]
    errors, closed = added.count('"status": 500'), added.count('"status": 499')
    print(f"6  50 clients leaving mid-body: {added.count('Traceback')} tracebacks, {errors} status 500, {closed} 499")


def flood_identity(base: str) -> None:
    statuses = [
        httpx.post(f"{base}/v1/comments", json=_comment(f"Avis {i}", user_ip=f"203.0.113.{i}"), timeout=30).status_code
        for i in range(3)
    ]
    print(f"7  one address, 3 comments, 3 user_ip values: {statuses} (the drill saw 201 x3)")


def word_lists(base: str) -> None:
    spellings = [
        "arnaque",
        "arn\u200baque",
        "arn\u00adaque",
        "\u03b1rnaque",
        "\u0430rnaque",
        "a r n a q u e",
        "ARNAQUE",
    ]
    approved = 0
    for spelling in spellings:
        headers = {"X-Site-Key": SITE_KEY}  # the site vouching for readers: no flood between the spellings
        body = _comment(f"Quelle {spelling} ce site")
        answer = httpx.post(f"{base}/v1/comments", json=body, headers=headers, timeout=30).json()
        approved += answer.get("status") == "approved"
    print(f"8  disallowed word, {len(spellings)} spellings: {approved} approved (the drill saw 5)")


def nul_labels(base: str, client: redis.Redis, keys: Keys) -> None:
    before = client.xlen(keys.labels())
    akismet = httpx.post(
        f"{base}/1.1/submit-spam",
        data={"api_key": API_KEY, "blog": "https://a.fr", "user_ip": "192.0.2.1", "comment_content": "a\x00b"},
        timeout=30,
    )
    perspective = httpx.post(
        f"{base}/v1alpha1/comments:suggestscore?key={API_KEY}",
        json={"comment": {"text": "a\x00b"}, "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}}},
        timeout=30,
    )
    added = client.xlen(keys.labels()) - before
    print(f"9  NUL: Akismet submit-spam {akismet.status_code}, suggestscore {perspective.status_code}; labels +{added}")


def ban_not_an_ip(base: str, token: str) -> None:
    response = httpx.post(
        f"{base}/v1/review/bans", json={"ip": "not-an-ip"}, headers={"Authorization": f"Bearer {token}"}, timeout=30
    )
    print(f"10 ban of 'not-an-ip': {response.status_code} (the drill saw 201)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--slow-sockets", type=int, default=600)
    args = parser.parse_args()
    namespace = f"drill-{uuid.uuid4().hex[:10]}"
    client = redis.Redis.from_url(args.redis_url, decode_responses=True)
    keys = Keys(namespace)
    try:
        with tempfile.TemporaryDirectory() as tmp, _served(args.redis_url, namespace, Path(tmp)) as (base, log):
            _, token = ModeratorStore(client=client, keys=keys).add("drill", admin=True)
            masked_words(base)
            slow_sockets(base, args.slow_sockets)
            huge_header(base)
            huge_unauthenticated_body(base)
            hostile_bodies(base)
            disconnects(base, log)
            flood_identity(base)
            word_lists(base)
            nul_labels(base, client, keys)
            ban_not_an_ip(base, token)
    finally:
        stale = list(client.scan_iter(match=f"{{{namespace}}}*", count=1000))
        if stale:
            client.delete(*stale)
        client.close()


if __name__ == "__main__":
    main()

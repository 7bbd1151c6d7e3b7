"""Fault drill: a stream of comments while Redis is killed with SIGKILL and restarted; nothing accepted is lost.

Run: `make drill` or `.venv/bin/python benchmarks/drill.py [--comments 600] [--fsync everysec|always]`.

1. Starts a private `redis-server` on a free port (AOF on, `--appendfsync` as asked, data in a temp dir; never
   the shared 6379) and `moderation serve --workers 2` against it.
2. Sends `--comments` comments from `--clients` threads, each with its own `Idempotency-Key`; a client retries
   a 503, a 5xx or a dropped connection with the same key (backoff, at most `--give-up` seconds a comment).
3. A third of the way in, kills Redis with `kill -9`, waits `--outage` seconds and restarts it on the same
   data directory (it reloads the AOF).
4. Checks every comment answered 2xx in Redis, and counts comment records per text (each text is unique).

Prints: accepted / final 503 / other final 5xx / lost / duplicated (lost and duplicated must be 0), and with
`--fsync-cost`, the intake throughput and latency under `appendfsync everysec` and `always`.
A script that measures and prints, not a test. Bounded: about a minute per phase.
"""

from __future__ import annotations

import argparse
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import redis

REPO = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class PrivateRedis:
    """A redis-server this script owns: started, killed with SIGKILL and restarted on the same data."""

    data_dir: Path
    fsync: str
    port: int = field(default_factory=free_port)
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = [
            "redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.data_dir),
            "--appendonly", "yes", "--appendfsync", self.fsync, "--save", "", "--logfile", "redis.log",
        ]  # fmt: skip
        self.process = subprocess.Popen(command)  # noqa: S603  # our own fixed command line
        client = redis.Redis(port=self.port)
        deadline = time.monotonic() + 20
        while True:
            try:
                if client.ping():
                    break
            except redis.RedisError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("redis-server did not start")
            time.sleep(0.05)
        while client.info("persistence").get("loading"):  # an AOF is replayed before it answers data
            time.sleep(0.05)
        client.close()

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)  # kill -9: no shutdown, no final save
        self.process.wait()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"


@contextmanager
def served(
    redis_url: str,
    namespace: str,
    tmp: Path,
    model_dir: str | None,
    workers: int,
    settings: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """`moderation serve` against `redis_url` until the block ends (log in `tmp/serve.log`); yields its base URL.

    `settings` (MODERATION_* variables) override the drill's defaults.
    """
    port = free_port()
    env = {
        **os.environ,
        "MODERATION_REDIS_URL": redis_url,
        "MODERATION_NAMESPACE": namespace,
        "MODERATION_DATA_DIR": str(tmp / "var"),
        "MODERATION_IP_HASH_KEY": "drill-hash-key",
        "MODERATION_FLOOD_SECONDS": "0",
        "MODERATION_REDIS_TIMEOUT_SECONDS": "1",
        "MODERATION_LOG_LEVEL": "WARNING",
    }
    env.update(settings or {})
    if model_dir:
        env["MODERATION_MODEL_DIR"] = model_dir
    command = [
        str(Path(sys.executable).parent / "moderation"), "serve", "--host", "127.0.0.1", "--port", str(port),
        "--workers", str(workers),
    ]  # fmt: skip
    log = (tmp / "serve.log").open("w")
    process = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)  # noqa: S603
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"moderation serve exited: {(tmp / 'serve.log').read_text()[-2000:]}")
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError("moderation serve not ready within 120 s")
            time.sleep(0.2)
        yield base
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


@dataclass
class Outcome:
    """What the client finally got for one comment."""

    text: str
    status: int | None  # None: the connection kept failing
    comment_id: str | None
    attempts: int
    latency_ms: float
    seen: Counter[str] = field(default_factory=Counter)  # every answer on the way: "503", "500", "no connection"


def send_comment(http: httpx.Client, base: str, index: int, run: str, give_up: float) -> Outcome:
    """POST one comment with its own Idempotency-Key, retrying failures with the same key until `give_up`."""
    text = f"Commentaire {index} de l'exercice {run} : merci pour cet article."
    body = {
        "comment": text,
        "author": f"Lecteur {index}",
        "email": f"l{index}.{run}@example.fr",
        "comment_post_ID": "7",
    }
    headers = {"Idempotency-Key": f"{run}-{index}"}
    start = time.monotonic()
    attempts = 0
    status: int | None = None
    seen: Counter[str] = Counter()
    while True:
        attempts += 1
        try:
            response = http.post(f"{base}/v1/comments", json=body, headers=headers)
            status = response.status_code
            seen[str(status)] += 1
            if status < 500:
                comment_id = response.json().get("id") if status < 300 else None
                return Outcome(text, status, comment_id, attempts, (time.monotonic() - start) * 1000, seen)
        except httpx.TransportError:
            status = None
            seen["no connection"] += 1
        if time.monotonic() - start > give_up:
            return Outcome(text, status, None, attempts, (time.monotonic() - start) * 1000, seen)
        time.sleep(min(0.1 * 2 ** min(attempts, 4), 1.0))


def stream(base: str, *, comments: int, clients: int, give_up: float, on_progress: object = None) -> list[Outcome]:
    """Send `comments` comments from `clients` threads; call `on_progress(done)` after each."""
    run = uuid.uuid4().hex[:8]
    done = 0
    lock = threading.Lock()
    local = threading.local()

    def one(index: int) -> Outcome:
        nonlocal done
        if not hasattr(local, "http"):
            local.http = httpx.Client(timeout=10)
        outcome = send_comment(local.http, base, index, run, give_up)
        with lock:
            done += 1
            current = done
        if callable(on_progress):
            on_progress(current)
        return outcome

    with ThreadPoolExecutor(max_workers=clients) as pool:
        return list(pool.map(one, range(comments)))


def audit(redis_url: str, namespace: str, outcomes: list[Outcome]) -> tuple[int, int]:
    """(lost, duplicated): 2xx-answered comments missing from Redis, and texts stored more than once."""
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    lost = sum(
        1
        for o in outcomes
        if o.status is not None and o.status < 300 and not client.exists(f"{{{namespace}}}:comment:{o.comment_id}")
    )
    texts: Counter[str] = Counter()
    for key in client.scan_iter(match=f"{{{namespace}}}:comment:*", count=1000):
        text: str | None = client.hget(key, "comment")  # type: ignore[assignment]  # decode_responses
        if text is not None:
            texts[text] += 1
    client.close()
    duplicated = sum(n - 1 for n in texts.values() if n > 1)
    return lost, duplicated


def drill(args: argparse.Namespace) -> bool:
    with tempfile.TemporaryDirectory(prefix="moderation-drill-") as tmp_name:
        tmp = Path(tmp_name)
        server = PrivateRedis(data_dir=tmp, fsync=args.fsync)
        server.start()
        namespace = f"drill-{uuid.uuid4().hex[:8]}"
        killed = threading.Event()

        def outage() -> None:
            server.kill()
            time.sleep(args.outage)
            server.start()

        def on_progress(done: int) -> None:
            if done >= args.comments // 3 and not killed.is_set():
                killed.set()
                threading.Thread(target=outage, daemon=True).start()

        try:
            with served(server.url, namespace, tmp, args.model_dir, args.workers) as base:
                start = time.monotonic()
                outcomes = stream(base, comments=args.comments, clients=args.clients, give_up=args.give_up,
                                  on_progress=on_progress)  # fmt: skip
                seconds = time.monotonic() - start
            lost, duplicated = audit(server.url, namespace, outcomes)
        finally:
            server.stop()
    accepted = sum(1 for o in outcomes if o.status is not None and o.status < 300)
    unavailable = sum(1 for o in outcomes if o.status == 503)
    other_5xx = sum(1 for o in outcomes if o.status is not None and o.status >= 500 and o.status != 503)
    failed_connections = sum(1 for o in outcomes if o.status is None)
    other = len(outcomes) - accepted - unavailable - other_5xx - failed_connections
    retried = sum(1 for o in outcomes if o.attempts > 1)
    answers: Counter[str] = Counter()
    for o in outcomes:
        answers.update(o.seen)
    print(f"drill: {len(outcomes)} comments, {args.clients} clients, {args.workers} workers, appendfsync "
          f"{args.fsync}, Redis killed (-9) after {args.comments // 3} and restarted {args.outage:g} s later; "
          f"{seconds:.1f} s")  # fmt: skip
    print(f"  accepted (2xx)        {accepted}")
    print(f"  final 503             {unavailable}")
    print(f"  final other 5xx       {other_5xx}")
    print(f"  final no connection   {failed_connections}")
    print(f"  other (4xx)           {other}")
    print(f"  retried at least once {retried} (max attempts {max(o.attempts for o in outcomes)})")
    print(f"  every answer seen     {dict(sorted(answers.items()))}")
    print(f"  lost                  {lost}")
    print(f"  duplicated            {duplicated}")
    return lost == 0 and duplicated == 0


def _write_latencies(redis_url: str, writes: int) -> list[float]:
    """Milliseconds of each of `writes` sequential comment-sized writes (HSET of ~1 KB, then EXPIRE), one client."""
    client = redis.Redis.from_url(redis_url)
    record = {f"field{i}": "x" * 50 for i in range(20)}
    latencies = []
    for i in range(writes):
        start = time.perf_counter()
        with client.pipeline(transaction=True) as pipe:
            pipe.hset(f"{{fsync}}:comment:{i}", mapping=record)  # type: ignore[arg-type]  # str values are valid
            pipe.expire(f"{{fsync}}:comment:{i}", 3600)
            pipe.execute()
        latencies.append((time.perf_counter() - start) * 1000)
    client.close()
    return sorted(latencies)


def fsync_cost(args: argparse.Namespace) -> None:
    print(
        f"appendfsync cost: {args.cost_writes} sequential comment-sized writes (one client, MULTI/EXEC), then "
        f"{args.cost_comments} comments through the API ({args.clients} clients, {args.workers} workers)"
    )
    for mode in ("everysec", "always"):
        with tempfile.TemporaryDirectory(prefix="moderation-fsync-") as tmp_name:
            tmp = Path(tmp_name)
            server = PrivateRedis(data_dir=tmp, fsync=mode)
            server.start()
            try:
                writes = _write_latencies(server.url, args.cost_writes)
                with served(server.url, f"fsync-{mode}", tmp, args.model_dir, args.workers) as base:
                    stream(base, comments=50, clients=args.clients, give_up=args.give_up)  # warm-up
                    start = time.monotonic()
                    outcomes = stream(base, comments=args.cost_comments, clients=args.clients, give_up=args.give_up)
                    seconds = time.monotonic() - start
            finally:
                server.stop()
        latencies = sorted(o.latency_ms for o in outcomes)
        write_p99 = writes[int(0.99 * (len(writes) - 1))]
        print(
            f"  {mode:9} write p50 {statistics.median(writes):6.3f} ms  p99 {write_p99:6.3f} ms"
            f"  {len(writes) / (sum(writes) / 1000):7.0f} writes/s | API {len(outcomes) / seconds:6.1f} comments/s"
            f"  p50 {statistics.median(latencies):6.1f} ms  p99 {latencies[int(0.99 * (len(latencies) - 1))]:6.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--comments", type=int, default=600)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--outage", type=float, default=2.0, help="seconds Redis stays down")
    parser.add_argument("--give-up", type=float, default=30.0, help="seconds a client retries one comment")
    parser.add_argument("--fsync", choices=("everysec", "always"), default="everysec")
    parser.add_argument("--model-dir", default=None, help="model folder (default: the repository's model/)")
    parser.add_argument("--fsync-cost", action="store_true", help="also measure appendfsync everysec vs always")
    parser.add_argument("--cost-comments", type=int, default=600)
    parser.add_argument("--cost-writes", type=int, default=3000)
    args = parser.parse_args()
    ok = drill(args)
    if args.fsync_cost:
        fsync_cost(args)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()

"""Benchmark POST /v1/comments against a bare echo route of the same app, on loopback, with real Redis.

Starts `moderation serve` (one uvicorn worker) as a process against the Redis at 127.0.0.1:6379 in a
throw-away namespace (flood check off, every post id unique so nothing is refused, 338 ordinary readers' comments,
each always from the same reader so none is held as a campaign: about 99% approved), and drives it from a
second process with a raw keep-alive HTTP/1.1 client on asyncio (cheap enough not to be the bottleneck):

1. closed loop, N connections as fast as they go: the echo route, then the intake -> throughput, ratio;
2. open loop at a fixed rate (default 200 requests/s) on the intake -> p50 / p99 latency, measured from
   each request's scheduled send time so a slow answer is not hidden by a late send.

Bounded: about 40 s in all. Prints a table; `--json` prints the figures as JSON too. `--site-layer` first stores
a per-site learning layer over every head (MAX_COLUMNS small weights each, so decisions barely move) in the
namespace, so the intake applies it to every comment: run with and without to see what the layer costs.
Targets: intake >= 40% of the bare route's throughput, p99 <= 25 ms at 200 requests/s.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
import psutil
import redis

REPO = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("MODERATION_BENCH_REDIS_URL", "redis://127.0.0.1:6379/0")

#: Ordinary readers' comments: the realistic-reader check's civil comments (written for this project, never trained
#: on), hundreds of distinct texts so that the scorer's caches of the last few texts do not answer for it.
TEXTS: tuple[str, ...] = tuple(
    line
    for name in ("civil_comments_fr.txt", "civil_comments_en.txt")
    for line in (REPO / "training" / "check_comments" / name).read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)


@dataclass
class Result:
    """One measured run."""

    name: str
    requests: int
    errors: int
    seconds: float
    rps: float
    p50_ms: float
    p99_ms: float
    sent: int = 0  # every request sent, warm-up included
    server_cpu_us: float = 0.0  # the server process's CPU time per request sent (user + system)


def free_port() -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


AUTHORS = (
    ("Claire Dupont", "claire.dupont@gmail.com"),
    ("Jean Martin", "jean.martin@orange.fr"),
    ("Sophie Bernard", "sophie.bernard@free.fr"),
    ("Karim Haddad", "karim.haddad@laposte.net"),
    ("Emily Clarke", "emily.clarke@outlook.com"),
    ("Lucas Moreau", "lucas.moreau@sfr.fr"),
    ("Nadia Benali", "nadia.benali@gmail.com"),
    ("Tom Walker", "tom.walker@yahoo.co.uk"),
)


def body_for(run_id: str, i: int) -> bytes:
    """An ordinary comment; the post id is unique per request and run, so none is a duplicate of another.

    Each text has one author, who posts from one address: a text posted again comes from the same reader, never
    from several (the site memory holds near duplicates from several readers within minutes as a campaign, so
    with texts shared by every author almost every comment was held from 4227e65 on, and the benchmark measured
    the campaign path, not an ordinary comment's). `run_id` is hexadecimal, drawn anew for each phase.
    """
    text = i % len(TEXTS)
    reader = text % len(AUTHORS)
    author, email = AUTHORS[reader]
    return json.dumps(
        {
            "comment": TEXTS[text],
            "author": author,
            "email": email,
            "comment_post_ID": str(int(run_id, 16) * 10**7 + i),  # each phase draws its own run_id
            "user_ip": f"198.51.100.{reader + 1}",
            "user_agent": "Mozilla/5.0 (bench)",
            "permalink": f"https://www.exemple.fr/{run_id}/{i + 1}/",
        },
        ensure_ascii=False,
    ).encode()


def http_request(port: int, path: str, body: bytes) -> bytes:
    """One keep-alive HTTP/1.1 POST, ready to write."""
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n"
        f"Accept: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, payload: bytes) -> int:
    """Send one request and read its whole answer; return the status code."""
    writer.write(payload)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head[9:12])
    lower = head.lower()
    start = lower.find(b"content-length:")
    length = int(lower[start + 15 : lower.find(b"\r\n", start)]) if start >= 0 else 0
    if length:
        await reader.readexactly(length)
    return status


def summarise(name: str, latencies: list[float], errors: int, seconds: float) -> Result:
    """Throughput and percentiles of one run."""
    ordered = sorted(latencies)
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] if ordered else float("nan")
    return Result(
        name=name,
        requests=len(latencies),
        errors=errors,
        seconds=round(seconds, 2),
        rps=round(len(latencies) / seconds, 1),
        p50_ms=round(statistics.median(ordered) * 1000, 2) if ordered else float("nan"),
        p99_ms=round(p99 * 1000, 2),
    )


async def closed_loop(
    *, name: str, port: int, path: str, run_id: str, connections: int, warmup: float, duration: float
) -> Result:
    """Each connection sends its next request as soon as the last is answered."""
    counter = iter(range(10**9))
    latencies: list[float] = []
    errors = 0
    measure_from = time.perf_counter() + warmup
    stop_at = measure_from + duration

    async def worker() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while (now := time.perf_counter()) < stop_at:
                status = await exchange(reader, writer, http_request(port, path, body_for(run_id, next(counter))))
                done = time.perf_counter()
                if now >= measure_from:
                    latencies.append(done - now)
                    if status not in (200, 201):
                        errors += 1
        finally:
            writer.close()

    await asyncio.gather(*(worker() for _ in range(connections)))
    result = summarise(name, latencies, errors, duration)
    result.sent = next(counter)
    return result


async def open_loop(*, name: str, port: int, path: str, run_id: str, rate: float, duration: float) -> Result:
    """Send at a fixed rate whatever the answers do; latency counts from the scheduled send time."""
    idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = asyncio.Queue()
    for _ in range(32):
        idle.put_nowait(await asyncio.open_connection("127.0.0.1", port))
    latencies: list[float] = []
    errors = 0

    async def one(i: int, scheduled: float) -> None:
        nonlocal errors
        conn = await idle.get()
        try:
            status = await exchange(*conn, http_request(port, path, body_for(run_id, i)))
        finally:
            idle.put_nowait(conn)
        latencies.append(time.perf_counter() - scheduled)
        if status not in (200, 201):
            errors += 1

    total = int(rate * duration)
    start = time.perf_counter() + 0.05
    tasks = []
    for i in range(total):
        scheduled = start + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(i, scheduled)))
    await asyncio.gather(*tasks)
    while not idle.empty():
        idle.get_nowait()[1].close()
    result = summarise(name, latencies, errors, duration)
    result.sent = total
    return result


def drive(port: int, phase: str, args: dict[str, float], run_id: str) -> Result:
    """The load generator for one phase, run in its own process."""
    if phase == "echo":
        run = closed_loop(
            name="echo, closed loop", port=port, path="/v1/_echo", run_id=run_id, connections=int(args["connections"]),
            warmup=args["warmup"], duration=args["duration"],
        )  # fmt: skip
    elif phase == "intake":
        run = closed_loop(
            name="intake, closed loop", port=port, path="/v1/comments", run_id=run_id,
            connections=int(args["connections"]), warmup=args["warmup"], duration=args["duration"],
        )  # fmt: skip
    else:
        run = open_loop(
            name=f"intake, open loop {args['rate']:g}/s", port=port, path="/v1/comments", run_id=run_id,
            rate=args["rate"], duration=args["open_duration"],
        )  # fmt: skip
    return asyncio.run(run)


def measure(pool: ProcessPoolExecutor, server: psutil.Process, port: int, phase: str, load: dict[str, float]) -> Result:
    """Run one phase and charge the server's CPU time to its requests."""
    before = server.cpu_times()
    result = pool.submit(drive, port, phase, load, uuid.uuid4().hex[:8]).result(timeout=300)
    after = server.cpu_times()
    cpu = (after.user - before.user) + (after.system - before.system)
    result.server_cpu_us = round(cpu / max(result.sent, 1) * 1e6, 1)
    return result


def start_server(port: int, namespace: str, data_dir: Path, model_dir: str | None) -> subprocess.Popen[bytes]:
    """`moderation serve` with one worker, against real Redis, with the echo route mounted."""
    env = {
        **os.environ,
        "MODERATION_REDIS_URL": REDIS_URL,
        "MODERATION_NAMESPACE": namespace,
        "MODERATION_DATA_DIR": str(data_dir),
        "MODERATION_IP_HASH_KEY": "bench-key",
        "MODERATION_FLOOD_SECONDS": "0",
        "MODERATION_BENCH_ECHO": "true",
        "MODERATION_AUDIT_SAMPLE_RATE": "0",
    }
    if model_dir:
        env["MODERATION_MODEL_DIR"] = model_dir
    command = [str(Path(sys.executable).parent / "moderation"), "serve", "--host", "127.0.0.1", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)  # noqa: S603  # our own console script
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"the server exited: {process.stderr.read().decode() if process.stderr else ''}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=1).status_code == 200:
                return process
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    process.kill()
    raise SystemExit("the server was not ready within 60 s")


def clean_namespace(namespace: str) -> int:
    """Delete every key the benchmark wrote."""
    client = redis.Redis.from_url(REDIS_URL)
    keys = list(client.scan_iter(match=f"{{{namespace}}}*", count=5000))
    for i in range(0, len(keys), 1000):
        client.delete(*keys[i : i + 1000])
    client.close()
    return len(keys)


def seed_site_layer(namespace: str, model_dir: Path) -> None:
    """Store a worst-case site layer for the served model, as the refit worker would publish it."""
    import numpy as np
    from bench_site_layer import worst_case_layer

    from moderation.scoring.artifact import read_manifest
    from moderation.scoring.served import read_current
    from moderation.site.layer.fit import FitOutcome
    from moderation.site.layer.store import LayerStore
    from moderation.storage.keys import Keys

    version = read_current(model_dir)
    if version is None:
        raise SystemExit("--site-layer needs a model (model/CURRENT)")
    heads = list(read_manifest(model_dir, version)["heads"])
    layer = worst_case_layer(heads, version, np.random.default_rng(20), scale=0.01)
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    LayerStore(client=client, keys=Keys(namespace)).publish(
        FitOutcome(layer=layer, figures={}), cursor="", model_version=version
    )
    client.close()


def main() -> None:
    """Run the benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--connections", type=int, default=16, help="closed-loop connections")
    parser.add_argument("--duration", type=float, default=8.0, help="seconds measured per closed-loop run")
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before measuring each closed run")
    parser.add_argument("--rate", type=float, default=200.0, help="open-loop requests per second")
    parser.add_argument("--open-duration", type=float, default=10.0, help="seconds of the open-loop run")
    parser.add_argument("--model-dir", default=None, help="model folder (default: the repository's model/)")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    parser.add_argument("--site-layer", action="store_true", help="serve a site layer over every head")
    args = parser.parse_args()

    namespace = f"bench-{uuid.uuid4().hex[:8]}"
    if args.site_layer:
        seed_site_layer(namespace, Path(args.model_dir) if args.model_dir else REPO / "model")
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        process = start_server(port, namespace, Path(tmp), args.model_dir)
        try:
            model = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).json()["model"]
            load = {
                "connections": args.connections,
                "duration": args.duration,
                "warmup": args.warmup,
                "rate": args.rate,
                "open_duration": args.open_duration,
            }
            server = psutil.Process(process.pid)
            with ProcessPoolExecutor(max_workers=1) as pool:
                runs = [measure(pool, server, port, phase, load) for phase in ("echo", "intake", "open")]
        finally:
            process.terminate()
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
            removed = clean_namespace(namespace)

    echo, intake, paced = runs
    ratio = intake.rps / echo.rps
    cpu_ratio = echo.server_cpu_us / intake.server_cpu_us
    layer = ", site layer over every head" if args.site_layer else ""
    print(f"\nPOST /v1/comments vs POST /v1/_echo - 1 uvicorn worker, Redis {REDIS_URL}, model {model}{layer}")
    print(f"cpus: {os.cpu_count()}, closed loop: {args.connections} connections, {args.duration:g} s each\n")
    print(f"load average before / after: {load_before} / {' '.join(f'{x:.2f}' for x in os.getloadavg())}\n")
    print(f"{'run':<28}{'requests':>10}{'errors':>8}{'req/s':>10}{'p50 ms':>9}{'p99 ms':>9}{'server CPU us/req':>19}")
    for r in runs:
        print(f"{r.name:<28}{r.requests:>10}{r.errors:>8}{r.rps:>10}{r.p50_ms:>9}{r.p99_ms:>9}{r.server_cpu_us:>19}")
    ok_ratio = "ok" if ratio >= 0.40 else "MISSED"
    ok_p99 = "ok" if paced.p99_ms <= 25 else "MISSED"
    print(f"\nintake / echo throughput: {ratio:.0%}  (target >= 40%: {ok_ratio})")
    print(f"echo / intake server CPU per request: {cpu_ratio:.0%}  (the same ratio on an otherwise idle core)")
    print(f"intake p99 at {args.rate:g}/s: {paced.p99_ms} ms  (target <= 25 ms: {ok_p99})")
    print(f"removed {removed} benchmark keys from Redis")
    if args.json:
        figures = {"model": model, "ratio": round(ratio, 3), "cpu_ratio": round(cpu_ratio, 3)}
        print(json.dumps({**figures, "runs": [asdict(r) for r in runs]}, indent=2))


if __name__ == "__main__":
    main()

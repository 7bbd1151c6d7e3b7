"""Drive POST /v1/comments (or the bare echo route) in-process, for counting the intake's CPU under a profiler.

The app runs with its lifespan against the Redis at 127.0.0.1:6379 in a throw-away namespace, with the bodies,
settings and model of `bench_intake.py`; the client is httpx over ASGI in the same process (no sockets, no
uvicorn), so its cost is the same for both routes. Wall clock on a loaded machine says little: compare
instruction counts of two request counts instead, whose difference is the requests' own cost, e.g.

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/intake_cpu.py -n 40
    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/intake_cpu.py -n 240

((I2 - I1) / 200 = instructions per request), or `--profile` for a cProfile of the measured requests (in process
time). The app
logs as served (INFO, to stdout): send stdout to /dev/null.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import pstats
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
import redis

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_intake import REDIS_URL, body_for  # the benchmark's own bodies

from moderation.config import Settings
from moderation.main import create_app


async def drive(*, path: str, warmup: int, count: int, profile: bool, dump: str = "") -> None:
    """Send `warmup` then `count` requests one after the other; profile the latter if asked."""
    namespace = f"intakecpu-{uuid.uuid4().hex[:10]}"
    with tempfile.TemporaryDirectory() as data_dir:
        settings = Settings(
            redis_url=REDIS_URL,
            namespace=namespace,
            data_dir=Path(data_dir),
            ip_hash_key="bench-key",  # type: ignore[arg-type]  # pydantic turns it into a SecretStr
            flood_seconds=0,
            bench_echo=True,
            audit_sample_rate=0,
        )
        app = create_app(settings)
        run_id = uuid.uuid4().hex[:8]
        try:
            async with app.router.lifespan_context(app):
                transport = httpx.ASGITransport(app=app, client=("198.51.100.7", 40000))
                async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as client:
                    headers = {"Content-Type": "application/json", "Accept": "application/json"}
                    for i in range(warmup):
                        await client.post(path, content=body_for(run_id, i), headers=headers)
                    # process time, not wall time: on a shared machine a preempted call would look slow
                    profiler = cProfile.Profile(time.process_time) if profile else None
                    if profiler:
                        profiler.enable()
                    for i in range(warmup, warmup + count):
                        response = await client.post(path, content=body_for(run_id, i), headers=headers)
                        if response.status_code >= 300:
                            raise SystemExit(f"{path} answered {response.status_code}: {response.text}")
                    if profiler:
                        profiler.disable()
                        if dump:
                            profiler.dump_stats(dump)
                        stats = pstats.Stats(profiler, stream=sys.stderr)
                        stats.sort_stats("cumulative").print_stats(60)
                        stats.sort_stats("tottime").print_stats(40)
        finally:
            client_ = redis.Redis.from_url(REDIS_URL)
            doomed = list(client_.scan_iter(match=f"{{{namespace}}}*", count=1000))
            if doomed:
                client_.delete(*doomed)
            client_.close()


def main() -> None:
    """Parse the arguments and drive the route."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--requests", type=int, default=200, help="requests after the warm-up")
    parser.add_argument("--warmup", type=int, default=20)
    parser.add_argument("--echo", action="store_true", help="drive the bare echo route instead of the intake")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the measured requests")
    parser.add_argument("--profile-out", default="", help="also save that profile to this file (pstats)")
    args = parser.parse_args()
    path = "/v1/_echo" if args.echo else "/v1/comments"
    asyncio.run(
        drive(
            path=path,
            warmup=args.warmup,
            count=args.requests,
            profile=args.profile or bool(args.profile_out),
            dump=args.profile_out,
        )
    )


if __name__ == "__main__":
    main()

"""The intake's floor in this stack: what two Redis round trips and one comment's scoring cost, against the echo route.

Issue 24 asks for the intake at no more than 2.5x the CPU of a bare FastAPI echo route (`make bench-intake`). Every
comment costs at least that route's own work (uvicorn, the ASGI app, reading the body, answering JSON), two Redis
round trips on the asyncio client (the pre-check and the atomic commit: issue 19 allows the site memory no third),
and the scoring of its text. This prints the last two, measured in this process on the Redis at 127.0.0.1:6379 and
the served model on the intake benchmark's comments (the realistic-reader check's civil comments); add the echo
route's server CPU per request from `make bench-intake` to get the floor. A script that measures and prints:

    .venv/bin/python benchmarks/intake_floor.py
"""

from __future__ import annotations

import asyncio
import statistics
import time
from pathlib import Path

import redis.asyncio as aredis

from moderation.scoring.artifact import load_current
from moderation.scoring.base import Submission
from training.news_readers import CIVIL

ROUND_TRIPS = 5_000


async def _evalsha_cpu(url: str) -> float:
    """CPU seconds of one EVALSHA (a one-key GET script) on the asyncio client, after a warm-up."""
    client = aredis.Redis.from_url(url)
    try:
        sha = await client.script_load("return redis.call('GET', KEYS[1])")
        for _ in range(200):
            await client.evalsha(sha, 1, "moderation:floor-probe")
        started = time.process_time()
        for _ in range(ROUND_TRIPS):
            await client.evalsha(sha, 1, "moderation:floor-probe")
        return (time.process_time() - started) / ROUND_TRIPS
    finally:
        await client.aclose()


def _scoring_cpu(model_dir: Path) -> tuple[float, float]:
    """Median CPU seconds of scoring one of the bench's comments alone, and their mean length."""
    scorer = load_current(model_dir)
    texts = CIVIL["fr"] + CIVIL["en"]
    for text in texts[:50]:
        scorer.score(Submission(text=text), explain=False)
    samples = []
    for _ in range(5):
        started = time.process_time()
        for text in texts:
            scorer.score(Submission(text=text, author="Claire", email="claire@example.fr"), explain=False)
        samples.append((time.process_time() - started) / len(texts))
    return statistics.median(samples), sum(map(len, texts)) / len(texts)


def main() -> None:
    evalsha = asyncio.run(_evalsha_cpu("redis://127.0.0.1:6379/0"))
    scoring, length = _scoring_cpu(Path("model"))
    print(f"one EVALSHA on redis.asyncio: {evalsha * 1e6:.0f} us of CPU; two: {2 * evalsha * 1e6:.0f} us")
    print(f"scoring one bench comment (mean {length:.0f} characters), alone: {scoring * 1e6:.0f} us of CPU")
    floor = 2 * evalsha + scoring
    print(f"the intake's floor beyond the echo route: {floor * 1e6:.0f} us of CPU per comment; at 2.5x the echo route,")
    print(f"reached only if that route costs {floor / 1.5 * 1e6:.0f} us or more and the intake's own work (form")
    print("checks, the record, logs, metrics) nothing: compare with the echo route's server CPU in `make bench-intake`")


if __name__ == "__main__":
    main()

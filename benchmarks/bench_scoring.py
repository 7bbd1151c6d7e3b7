"""Measure scoring speed of the served model: single comment latency (one core) and batch throughput.

Run: `make bench-scoring` or `.venv/bin/python benchmarks/bench_scoring.py [--model-dir model] [--version V]`.
A script that measures and prints, not a test.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

# one core: keep BLAS from spreading over threads
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

from moderation.batch import score_lines
from moderation.config import Settings
from moderation.scoring.artifact import load_current, load_version
from moderation.scoring.base import Scorer, Submission

_SENTENCES = (
    "Je ne suis pas d'accord avec cette analyse du budget, le gouvernement oublie les retraités.",
    "L'article est intéressant mais il manque les chiffres de l'INSEE sur le chômage des jeunes.",
    "La guerre en Ukraine dure depuis trop longtemps, il faut relancer les négociations.",
    "I think the minister is wrong about defence spending, but the piece is fair.",
    "Franchement, ce débat à l'Assemblée était consternant, aucun argument sérieux.",
    "Visitez mon site https://casino-bonus.example pour 200€ de bonus gratuit !",
    "T'es qu'un c0nn4rd, retourne lire tes fiches.",
    "Merci pour ce reportage, très bien documenté, continuez comme ça.",
)


def _comment(length: int, rng: random.Random) -> str:
    parts: list[str] = []
    while sum(len(p) + 1 for p in parts) < length:
        parts.append(rng.choice(_SENTENCES))
    return " ".join(parts)[:length]


def _latency(
    scorer: Scorer, submission: Submission, *, explain: bool, runs: int, clock: Callable[[], float]
) -> tuple[float, float]:
    for _ in range(min(100, runs)):
        scorer.score(submission, explain=explain)
    timings: list[float] = []
    for _ in range(runs):
        start = clock()
        scorer.score(submission, explain=explain)
        timings.append((clock() - start) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.99 * len(timings)) - 1]


def main() -> None:
    """Print latency (median, p99) of one 1,000-character comment and batch throughput."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, default=Path(__file__).resolve().parents[1] / "model")
    parser.add_argument("--version", default=None)
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--batch", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes for `moderation score`")
    args = parser.parse_args()
    cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else set()
    if cores:
        os.sched_setaffinity(0, {sorted(cores)[0]})
    scorer = load_version(args.model_dir, args.version) if args.version else load_current(args.model_dir)
    rng = random.Random(1)
    text = _comment(1000, rng)
    sub = Submission(text=text, author="Jean Dupont", email="jean.dupont@orange.fr", url="")
    print(f"model {scorer.version}; comment of {len(text)} characters; one core")
    # wall clock is what a request sees; CPU time is what scoring costs when colleagues share the cores
    for label, clock in (("wall", time.perf_counter), ("cpu", time.thread_time)):
        median, p99 = _latency(scorer, sub, explain=False, runs=args.runs, clock=clock)
        print(f"[{label}] score, all heads, explain off: median {median:.3f} ms, p99 {p99:.3f} ms (target 1 / 2 ms)")
        median, p99 = _latency(scorer, sub, explain=True, runs=max(args.runs // 3, 200), clock=clock)
        print(f"[{label}] score, all heads, explain on:  median {median:.3f} ms, p99 {p99:.3f} ms")
    batch = [
        Submission(text=_comment(rng.choice((80, 150, 250, 400, 800)), rng), author="A", email="")
        for _ in range(args.batch)
    ]
    mean_len = sum(len(s.text) for s in batch) / len(batch)
    wall, cpu = time.perf_counter(), time.thread_time()
    scorer.score_many(batch)
    wall, cpu = time.perf_counter() - wall, time.thread_time() - cpu
    print(
        f"score_many, one core: {len(batch) / wall:,.0f} comments/s wall, {len(batch) / cpu:,.0f} comments/s of CPU "
        f"(mean {mean_len:.0f} characters)"
    )
    if cores:  # the batch command may use every core: the latency target is per core, the batch one is not
        os.sched_setaffinity(0, cores)
    rows = [{"comment": s.text, "author": s.author, "email": s.email} for s in batch]
    settings = Settings()
    for workers in sorted({1, args.workers}):
        wall = time.perf_counter()
        count = sum(len(lines) for lines in score_lines(rows=rows, scorer=scorer, settings=settings, workers=workers))
        wall = time.perf_counter() - wall
        print(
            f"`moderation score` path (decision + JSON lines), {workers} worker(s): "
            f"{count / wall:,.0f} comments/s wall (target >= 5,000)"
        )
    print(f"load average while measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


if __name__ == "__main__":
    main()

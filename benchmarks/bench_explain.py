"""Measure what explaining a held comment costs (made once, when a moderator opens it), and print it.

Run: `.venv/bin/python benchmarks/bench_explain.py [--model-dir model] [--runs 200]`. A script that measures
and prints, not a test. The comment is 1,000 characters of French abuse and criticism; four heads explained.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from moderation.scoring.artifact import load_current
from moderation.scoring.base import Submission

SENTENCES = "Espèce de connard, tu écris comme un pied, va te faire foutre. Ce ministre est une ordure et un menteur. "
TEXT = (SENTENCES * 10)[:1000]
HEADS = ["toxicity", "insult", "profanity", "threat"]


def main() -> None:
    """Time `explain` on one comment and print the median and p99."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, default=Path("model"))
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    scorer = load_current(args.model_dir)
    submission = Submission(text=TEXT, lang="fr")
    for _ in range(20):
        scorer.explain(submission, HEADS)
    timings = []
    for _ in range(args.runs):
        start = time.perf_counter()
        scorer.explain(submission, HEADS)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    p99 = timings[min(len(timings) - 1, int(len(timings) * 0.99))]
    print(f"model {scorer.version}: explain 1,000 characters, {len(HEADS)} heads, one core")
    print(f"  median {statistics.median(timings):.2f} ms, p99 {p99:.2f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()

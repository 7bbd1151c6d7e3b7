"""Measure the CPU one hostile comment costs: every adversarial input at the 65,525-byte limit.

Run: `make bench-adversarial` or `.venv/bin/python benchmarks/bench_adversarial.py [--model-dir model]`.
Prints, per input, the CPU time (ms, best of `--runs`) of every pass intake and the drop-in routes make over
the text (tests/support/adversarial.py `text_work`), at a quarter of the limit and at the limit, and their
ratio (about 4 when linear, 16 when quadratic). A script that measures and prints, not a test.
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

# one core: keep BLAS from spreading over threads
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.support, when run as a script

from moderation.intake.service import MAX_COMMENT_BYTES
from moderation.scoring.artifact import load_current
from tests.support.adversarial import INPUTS, moderation_settings, text_work


def _cpu_ms(work: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, default=Path(__file__).resolve().parent.parent / "model")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="input names (default: all)")
    args = parser.parse_args()
    scorer = load_current(args.model_dir)
    settings = moderation_settings()
    print(f"model {scorer.version}; CPU ms per comment, best of {args.runs} (first run of each input excluded)")
    print(f"{'input':24} {'bytes':>6} {'n/4 ms':>8} {'n ms':>8} {'ratio':>6}")
    worst = 0.0
    for name, build in INPUTS.items():
        if args.only and name not in args.only:
            continue
        full, quarter = build(MAX_COMMENT_BYTES), build(MAX_COMMENT_BYTES // 4)
        text_work(scorer, settings, quarter)  # warm caches (character table, compiled patterns)
        text_work(scorer, settings, full)
        small = _cpu_ms(functools.partial(text_work, scorer, settings, quarter), args.runs)
        large = _cpu_ms(functools.partial(text_work, scorer, settings, full), args.runs)
        worst = max(worst, large)
        print(f"{name:24} {len(full.encode()):>6} {small:>8.2f} {large:>8.2f} {large / max(small, 1e-6):>6.1f}")
    print(f"worst: {worst:.2f} ms")


if __name__ == "__main__":
    main()

"""Score fixed bench comments in a loop, for counting one comment's scoring CPU under a profiler.

The comments are `bench_scoring.py`'s (its sentences, its lengths), 40 distinct ones cycled so that no cache of
the last few texts answers for the scorer. Wall clock on a loaded machine says little: compare instruction counts
of two loop lengths instead, whose difference is the scores' own cost, e.g.

    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/scoring_cpu.py -n 40
    valgrind --tool=callgrind --callgrind-out-file=/dev/null .venv/bin/python benchmarks/scoring_cpu.py -n 240

((I2 - I1) / 200 = instructions per score), `--peer` for alt-profanity-check's single call on the same texts,
or `--profile` for a cProfile of the measured loop. A script that measures and prints, not a test.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import random
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_scoring import _comment  # the benchmark's own comments

from moderation.scoring.artifact import load_current, load_version
from moderation.scoring.base import Submission

#: Distinct comments cycled (more than `normalize_text`'s cache of 16).
DISTINCT = 40


def main() -> None:
    """Score `-n` comments of `--length` characters after a warm-up (all heads, explain off, as the intake)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, default=Path(__file__).resolve().parents[1] / "model")
    parser.add_argument("--version", default=None)
    parser.add_argument("--length", type=int, default=1000)
    parser.add_argument("-n", type=int, default=40, help="comments scored after the warm-up")
    parser.add_argument("--explain", action="store_true", help="score with explanations")
    parser.add_argument("--peer", action="store_true", help="alt-profanity-check's predict_prob([text]) instead")
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the measured loop")
    args = parser.parse_args()
    rng = random.Random(1)
    subs = [
        Submission(text=_comment(args.length, rng), author="Jean Dupont", email="jean.dupont@orange.fr", url="")
        for _ in range(DISTINCT)
    ]
    call: Callable[[Submission], object]
    if args.peer:
        from profanity_check import predict_prob

        def call(sub: Submission) -> object:
            return predict_prob([sub.text])
    else:
        scorer = load_version(args.model_dir, args.version) if args.version else load_current(args.model_dir)

        def call(sub: Submission) -> object:
            return scorer.score(sub, explain=args.explain)

    for sub in subs:  # warm-up: lazily built tables and caches of word lists
        call(sub)
    profiler = cProfile.Profile() if args.profile else None
    if profiler:
        profiler.enable()
    for i in range(args.n):
        call(subs[i % DISTINCT])
    if profiler:
        profiler.disable()
        pstats.Stats(profiler).sort_stats("tottime").print_stats(40)


if __name__ == "__main__":
    main()

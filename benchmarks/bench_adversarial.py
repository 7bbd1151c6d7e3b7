"""Measure the CPU one hostile comment costs: every adversarial input at the 65,525-byte limit, per pass.

Run: `make bench-adversarial` or `.venv/bin/python benchmarks/bench_adversarial.py [--model-dir model]`.
Prints, per input, the CPU time (ms, best of `--runs`) of each pass the service makes over the text
(tests/support/adversarial.py `PASSES`: intake scoring, a moderator's explanations, Perspective with
spanAnnotations, Akismet comment-check) at the limit, and the ratio of all passes at the limit to all passes at
a quarter of it (about 4 when linear, 16 when quadratic). Then `--search` examples of a hypothesis search for
slow texts: repeated units drawn from the characters the normaliser rewrites, each run cold (fresh caches) so
that cached work does not hide a cost. Targets (issue 22): scoring <= 50 ms, explanations <= 100 ms. A script
that measures and prints, not a test.
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

from hypothesis import HealthCheck, given, target
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from moderation.config import Settings
from moderation.intake.checks import MAX_COMMENT_BYTES
from moderation.observability import configure_logging
from moderation.scoring import characters, normalize
from moderation.scoring.artifact import load_current
from moderation.scoring.base import Scorer
from tests.support.adversarial import INPUTS, PASSES, moderation_settings, text_work

#: Characters the normaliser treats specially: masks, leet, separators, NFKC expanders, look-alikes, marks.
_SEARCH_ALPHABET = (
    "ab*#%@$1 .-_/!\n\u3349\ufdfa\ufb01\u2474\uff0a\u00df\u0430\u03b1\u200b\u00ad\u0301\U0001f170\U00020000\u2460\u33c9"
)


def _cpu_ms(work: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best * 1000


def _fill(unit: str, size: int) -> str:
    return unit * max(size // max(len(unit.encode()), 1), 1)


def _measure(scorer: Scorer, settings: Settings, text: str, runs: int) -> dict[str, float]:
    return {name: _cpu_ms(functools.partial(work, scorer, settings, text), runs) for name, work in PASSES.items()}


def _search(scorer: Scorer, settings: Settings, examples: int) -> None:
    """Look for the unit whose repetition to the byte limit costs the most scoring CPU, cold caches."""
    worst: dict[str, tuple[float, str]] = {}

    @hypothesis_settings(
        max_examples=examples, deadline=None, database=None, suppress_health_check=list(HealthCheck), derandomize=True
    )
    @given(st.text(alphabet=_SEARCH_ALPHABET, min_size=1, max_size=24))
    def slow(unit: str) -> None:
        text = _fill(unit, MAX_COMMENT_BYTES)
        for name, work in PASSES.items():
            characters.CHAR_TABLE.clear()  # cold: a fresh worker, or code points never seen
            normalize._fill_mask.cache_clear()
            normalize.normalize_text.cache_clear()
            ms = _cpu_ms(functools.partial(work, scorer, settings, text), 1)
            if ms > worst.get(name, (0.0, ""))[0]:
                worst[name] = (ms, unit)
        target(sum(ms for ms, _ in worst.values()), label="cpu ms")

    slow()
    for name, (ms, unit) in worst.items():
        print(f"search worst {name:12} {ms:8.2f} ms  unit {unit!r}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, default=Path(__file__).resolve().parent.parent / "model")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="*", default=None, help="input names (default: all)")
    parser.add_argument("--search", type=int, default=200, help="hypothesis examples (0: no search)")
    args = parser.parse_args()
    configure_logging(level="WARNING", json=False)
    scorer = load_current(args.model_dir)
    settings = moderation_settings()
    print(f"model {scorer.version}; CPU ms per comment at {MAX_COMMENT_BYTES} bytes, best of {args.runs}")
    print(f"{'input':24} {'bytes':>6} " + " ".join(f"{name:>11}" for name in PASSES) + f" {'ratio':>6}")
    worst = dict.fromkeys(PASSES, 0.0)
    for name, build in INPUTS.items():
        if args.only and name not in args.only:
            continue
        full, quarter = build(MAX_COMMENT_BYTES), build(MAX_COMMENT_BYTES // 4)
        text_work(scorer, settings, quarter)  # warm caches (character table, compiled patterns)
        text_work(scorer, settings, full)
        small = sum(_measure(scorer, settings, quarter, args.runs).values())
        large = _measure(scorer, settings, full, args.runs)
        for pass_name, ms in large.items():
            worst[pass_name] = max(worst[pass_name], ms)
        ratio = sum(large.values()) / max(small, 1e-6)
        cells = " ".join(f"{large[p]:>11.2f}" for p in PASSES)
        print(f"{name:24} {len(full.encode()):>6} {cells} {ratio:>6.1f}", flush=True)
    print("worst: " + ", ".join(f"{name} {ms:.2f} ms" for name, ms in worst.items()))
    if args.search:
        _search(scorer, settings, args.search)


if __name__ == "__main__":
    main()

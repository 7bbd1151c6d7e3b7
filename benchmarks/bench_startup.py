"""Measure what a worker pays before its first request: import time, start-up to ready, memory once the model is in.

Run: `.venv/bin/python benchmarks/bench_startup.py [--model-dir model] [--runs 5] [--baseline-tree DIR]` (needs
Redis on 127.0.0.1:6379, or `--redis-url`). Each figure comes from fresh child processes, so nothing is cached
in this one:

- `python -X importtime -c "import moderation.main"`: the total, and the share of scikit-learn and joblib;
- start-up: from spawning a child to its app's lifespan having loaded the model (`create_app` + lifespan, as a
  uvicorn worker does), median of `--runs`;
- RSS (VmRSS) of that child once the model is loaded.

A script that measures and prints, not a test. The figures move with the load of the machine: to compare with
another commit, pass its tree as `--baseline-tree`, and both are measured in one run, their processes alternating.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

#: The child: start as a worker does, report when the lifespan is up, with its memory and what it imported.
_CHILD = """
import json, sys, uuid
from pathlib import Path
from fastapi.testclient import TestClient
from moderation.config import Settings
from moderation.main import create_app

settings = Settings(redis_url=sys.argv[1], namespace=f"bench-startup-{uuid.uuid4().hex[:8]}",
                    model_dir=Path(sys.argv[2]), data_dir=Path(sys.argv[3]), log_level="WARNING")
with TestClient(create_app(settings)) as client:
    version = client.get("/readyz").json()["model"]  # the served version, as the health check reports it
    rss_kb = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmRSS:"))
    print(json.dumps({"version": version, "rss_mb": rss_kb / 1024,
                      "sklearn": "sklearn" in sys.modules, "joblib": "joblib" in sys.modules}), flush=True)
"""

_NEUTRAL = tempfile.gettempdir()
_IMPORTTIME = re.compile(r"^import time:\s+(\d+) \|\s+(\d+) \|(\s*)(\S+)")


def import_profile(python: str, env: dict[str, str]) -> tuple[float, float]:
    """Return (total seconds, seconds of the sklearn and joblib imports, their dependencies included)."""
    command = [python, "-X", "importtime", "-c", "import moderation.main"]
    # from a neutral folder: `-c` puts the working directory first on sys.path, before PYTHONPATH
    out = subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=_NEUTRAL).stderr  # noqa: S603
    rows = [(len(m[3]), m[4], int(m[2])) for m in map(_IMPORTTIME.match, out.splitlines()) if m]
    total = sum(cumulative for indent, _, cumulative in rows if indent == 1)  # top-level imports add up
    heavy = 0
    inside: int | None = None  # indent of the counted import whose children are being skipped
    for indent, name, cumulative in reversed(rows):  # importtime prints children first: reversed, parents lead
        if inside is not None and indent > inside:
            continue  # already in a counted import's cumulative time
        inside = None
        if name.split(".")[0] in ("sklearn", "joblib"):
            heavy += cumulative
            inside = indent
    return total / 1e6, heavy / 1e6


def start_up(python: str, env: dict[str, str], redis_url: str, model_dir: Path) -> tuple[float, float, dict[str, Any]]:
    """Return (wall seconds from spawn to the child's exit once loaded, its CPU seconds, the child's report)."""
    with tempfile.TemporaryDirectory(prefix="bench-startup-") as data_dir:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        command = [python, "-c", _CHILD, redis_url, str(model_dir), data_dir]
        done = subprocess.run(command, capture_output=True, text=True, check=True, env=env, cwd=_NEUTRAL)  # noqa: S603
        elapsed = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    report: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return elapsed, cpu, report


@dataclass
class _Side:
    """One code tree measured: where its package and model are, and what its fresh processes measured."""

    label: str
    env: dict[str, str]
    model_dir: Path
    imports: list[tuple[float, float]] = field(default_factory=list)
    starts: list[tuple[float, float, dict[str, Any]]] = field(default_factory=list)

    def lines(self) -> list[str]:
        total = statistics.median(t for t, _ in self.imports)
        heavy = statistics.median(h for _, h in self.imports)
        wall = statistics.median(s[0] for s in self.starts)
        cpu = statistics.median(s[1] for s in self.starts)
        rss = statistics.median(float(s[2]["rss_mb"]) for s in self.starts)
        report = self.starts[-1][2]
        return [
            f"[{self.label}] model {report['version']} from {self.model_dir}",
            f'[{self.label}] python -X importtime -c "import moderation.main": {total:.2f} s, '
            f"of which sklearn+joblib {heavy:.2f} s",
            f"[{self.label}] start-up, spawn to a loaded lifespan (create_app + lifespan): {wall:.2f} s wall, "
            f"{cpu:.2f} s CPU",
            f"[{self.label}] RSS with the model loaded: {rss:.0f} MB",
            f"[{self.label}] sklearn imported by a worker: {report['sklearn']}; joblib: {report['joblib']}",
        ]


def main() -> None:
    """Print import time (and its sklearn share), start-up to ready and RSS, medians of fresh processes."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, default=Path(__file__).resolve().parents[1] / "model")
    parser.add_argument("--redis-url", default=os.environ.get("MODERATION_TEST_REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument(
        "--baseline-tree",
        type=Path,
        default=None,
        help="Another commit's `moderation/` and `model/` (e.g. `git archive REV moderation model | tar -x -C DIR`): "
        "measured too, its runs interleaved with this tree's, so both see the same machine load",
    )
    args = parser.parse_args()
    python = sys.executable
    sides = [_Side("this tree", dict(os.environ), args.model_dir.resolve())]
    if args.baseline_tree is not None:
        tree = args.baseline_tree.resolve()
        sides.insert(0, _Side("baseline", {**os.environ, "PYTHONPATH": str(tree)}, tree / "model"))
    for _ in range(args.runs):
        for side in sides:
            side.imports.append(import_profile(python, side.env))
            side.starts.append(start_up(python, side.env, args.redis_url, side.model_dir))
    print(f"run {uuid.uuid4().hex[:6]}: {args.runs} fresh processes per figure, medians")
    for side in sides:
        print("\n".join(side.lines()))


if __name__ == "__main__":
    main()

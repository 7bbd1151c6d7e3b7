"""How the site memory's marks behave on public comments: near-duplicate matches by chance, and their cost.

Reads the YouTube spam set (`../shared/data/youtube_spam`, a train set: comments labelled spam or not) and
prints, for the text print (`moderation/site/marks.py`):

1. how often two different comments share at least MIN_BAND_HITS print values by chance: genuine against
   genuine, and genuine against spam (a genuine comment taken for a near duplicate of labelled spam would go
   to spam), over random pairs with a fixed seed;
2. how often spam comments share a print with another spam comment (templates posted by campaigns);
3. the CPU time of `extract` per comment (median of the set, in-process).

Usage: `.venv/bin/python benchmarks/bench_site_memory.py [--pairs 200000] [--data ../shared/data]`.
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import time
from pathlib import Path

from moderation.site.marks import MIN_BAND_HITS, extract, text_print

REPO = Path(__file__).resolve().parent.parent


def _comments(data: Path) -> tuple[list[str], list[str]]:
    genuine: list[str] = []
    spam: list[str] = []
    for path in sorted((data / "youtube_spam").glob("*.csv")):
        with path.open(encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                (spam if row["CLASS"] == "1" else genuine).append(row["CONTENT"])
    return genuine, spam


def _matches(prints: list[tuple[str, ...]], others: list[tuple[str, ...]], *, pairs: int, seed: int) -> float:
    rng = random.Random(seed)
    hits = 0
    for _ in range(pairs):
        a, b = rng.randrange(len(prints)), rng.randrange(len(others))
        if prints is others and a == b:
            continue
        hits += sum(x == y for x, y in zip(prints[a], others[b], strict=True)) >= MIN_BAND_HITS
    return hits / pairs


def main() -> None:
    """Print the chance-match rates and the extraction cost."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pairs", type=int, default=200_000, help="random pairs per comparison")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data", help="the shared data folder")
    args = parser.parse_args()
    genuine, spam = _comments(args.data)
    if not genuine or not spam:
        parser.error(f"no YouTube spam set under {args.data} (pass --data)")
    genuine_prints = [p for p in (text_print(t)[1] for t in genuine) if p]
    spam_prints = [p for p in (text_print(t)[1] for t in spam) if p]
    print(f"comments: {len(genuine)} genuine ({len(genuine_prints)} with a print), ", end="")
    print(f"{len(spam)} spam ({len(spam_prints)} with a print)")
    print(f"print values shared for a match: {MIN_BAND_HITS} of {len(genuine_prints[0])}")
    same = _matches(genuine_prints, genuine_prints, pairs=args.pairs, seed=1)
    cross = _matches(genuine_prints, spam_prints, pairs=args.pairs, seed=2)
    campaigns = _matches(spam_prints, spam_prints, pairs=args.pairs, seed=3)
    print(f"genuine vs genuine pairs matching: {same:.6f} ({args.pairs} pairs)")
    print(f"genuine vs spam pairs matching:    {cross:.6f} ({args.pairs} pairs)")
    print(f"spam vs spam pairs matching:       {campaigns:.6f} ({args.pairs} pairs)")
    costs = []
    for text in genuine + spam:
        start = time.process_time_ns()
        extract(text=text, email="reader@example.fr")
        costs.append((time.process_time_ns() - start) / 1000)
    print(f"extract, CPU per comment: median {statistics.median(costs):.0f} µs, mean {statistics.fmean(costs):.0f} µs")


if __name__ == "__main__":
    main()

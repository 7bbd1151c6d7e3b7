"""What a profile's marked-spam target does to its reject cut: validation per source, and an unseen source.

Derives the spam head's cuts for the `blog` profile (or `--profile`) at several `max_ham_marked` targets from a
served version's scores on the training validation split (the same rows and the same rule as `train`), and prints,
for each, the cuts, the worst validation source's genuine comments marked spam, and on YouTube 2014 (eval only:
reported, never used to choose) the genuine comments marked and the spam filed at once. A script that measures and
prints, not a test, e.g.

    .venv/bin/python benchmarks/spam_cut_margin.py --version 2026.12.06-15 --targets 0.01,0.005
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

import numpy as np

from moderation.scoring.artifact import load_version
from moderation.scoring.base import Submission
from moderation.scoring.policy import SITE_PROFILES, derive_spam_thresholds
from training.data import _youtube_2014_new_comments
from training.dataset import TrainConfig, build_records

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    """Print the cuts and what they mark for each target."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", required=True)
    parser.add_argument("--model-dir", type=Path, default=REPO / "model")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--profile", default="blog", choices=sorted(SITE_PROFILES))
    parser.add_argument("--targets", default="0.01,0.005", help="max_ham_marked values, comma-separated")
    args = parser.parse_args()

    splits, _ = build_records(TrainConfig(data_dir=args.data, out_dir=args.model_dir))
    val = splits["validation"]
    scorer = load_version(args.model_dir, args.version)
    subs = [Submission(text=r.text, author=r.author, email=r.email, url=r.url, lang=r.language or None) for r in val]
    p = np.asarray([scored.scores["spam"] for scored in scorer.score_many(subs)])
    y = np.asarray([r.labels.get("spam", np.nan) for r in val], dtype=np.float64)
    known = ~np.isnan(y)
    sources = np.asarray([r.source for r in val])
    unseen = list(_youtube_2014_new_comments(args.data / "youtube_spam_2014"))
    unseen_scored = scorer.score_many([Submission(text=r["CONTENT"]) for r in unseen])
    unseen_p = np.asarray([scored.scores["spam"] for scored in unseen_scored])
    unseen_spam = np.asarray([r["TAG"].strip() == "1" for r in unseen])
    for target in (float(t) for t in args.targets.split(",")):
        profile = dataclasses.replace(SITE_PROFILES[args.profile], max_ham_marked=target)
        cut = derive_spam_thresholds(profile, p[known], y[known], sources=sources[known]).thresholds
        genuine = known & (y == 0)
        worst, name = max(
            (float(np.mean(p[genuine & (sources == s)] >= cut.reject)), str(s))
            for s in np.unique(sources[genuine])
            if (genuine & (sources == s)).sum() * target >= 1
        )
        print(
            f"{args.profile}, max_ham_marked {target:.2%}: approve {cut.approve:.4f}, reject {cut.reject:.4f}; "
            f"validation: worst source {name} marks {worst:.2%} of its genuine comments; YouTube 2014 (eval only): "
            f"genuine marked {np.mean(unseen_p[~unseen_spam] >= cut.reject):.2%} of {int((~unseen_spam).sum())}, "
            f"spam filed at once {np.mean(unseen_p[unseen_spam] >= cut.reject):.1%} of {int(unseen_spam.sum())}"
        )


if __name__ == "__main__":
    main()

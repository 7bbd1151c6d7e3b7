"""The site layer on a dev site: a train-allowed source held out of a dev model, played offline (measures and prints).

Rules of the layer (where its cuts come from, when a head is served) are tuned here, never on the eval-only
sources `python -m training site-eval` plays. Train the dev model without the source first, e.g.

    .venv/bin/python -m training train --data ../shared/data --out /tmp/dev/model --version dev-yt \
        --hold-out youtube_spam
    .venv/bin/python benchmarks/site_layer_dev.py --source youtube_spam --model-dir /tmp/dev/model \
        --version dev-yt --head spam --profile blog --labels 50,100,300 --draws 6

The source's comments are shuffled as `site-eval` shuffles them; the first 600 are the pool the site labels
from, the rest are unseen. For each label count, each draw labels a different sample of the pool (its own
seeded shuffle and comment ids), calls `fit_layer` as a refit would, and decides every unseen comment by the
layer's cuts on every head (no rules, no site memory). Printed per label count: spam or abuse caught (held or
rejected), negatives held, negatives auto-rejected (or marked spam), mean and worst draw. To compare rules,
run the same command with another tree on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import random
import uuid
from collections import Counter
from pathlib import Path
from typing import cast

import numpy as np

from moderation.scoring.artifact import load_version
from moderation.scoring.base import Scorer, Scores, Submission, Thresholds
from moderation.scoring.policy import NEVER, SITE_PROFILES, floored
from moderation.site.layer.fit import fit_layer
from moderation.site.layer.regression import FitPolicy
from training.site_eval import CachedScorer, SitePlay, site_labels, site_rows

#: Comments the site labels from (the rest are unseen), as in `site-eval`.
POOL = 600


def _decide(
    cuts: dict[str, Thresholds], scores: Scores, base: dict[str, Thresholds], global_scores: Scores
) -> tuple[bool, bool]:
    """(held or rejected, rejected) by the cuts of every head; a re-scored head whose reject cut the labels did not
    prove (NEVER) rejects by the global score and cut, as intake/decision.py does."""
    held = any(value >= cuts[head].approve for head, value in scores.scores.items() if head in cuts)
    rejected = any(value >= cuts[head].reject for head, value in scores.scores.items() if head in cuts)
    rejected |= any(
        cuts[head].reject >= NEVER and value >= base[head].reject
        for head, value in global_scores.scores.items()
        if head in cuts and head in base
    )
    return held or rejected, rejected


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", required=True, help="a train-allowed data set the dev model was trained without")
    parser.add_argument("--model-dir", type=Path, required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--head", choices=("spam", "toxicity"), default="spam")
    parser.add_argument("--profile", choices=sorted(SITE_PROFILES), default="news")
    parser.add_argument("--labels", default="50,100,300", help="label counts, comma-separated (at most 600)")
    parser.add_argument("--draws", type=int, default=6, help="labelled samples per label count")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument(
        "--min-held-out-each", type=int, default=FitPolicy().min_held_out_each,
        help="labelled positives and negatives the guard's held-out slice needs before a head is used",
    )  # fmt: skip
    args = parser.parse_args()

    positive_label = "spam" if args.head == "spam" else "toxic"
    policy = FitPolicy(min_held_out_each=args.min_held_out_each)
    play = SitePlay("dev", args.source, args.head, positive_label, "ok", (), POOL, profile=args.profile)
    rows = site_rows(play, args.data)
    scorer = load_version(args.model_dir, args.version, profile=args.profile)
    texts = [r.text for r in rows]
    scored = scorer.score_many([Submission(text=r.text, url="", lang=r.language or None) for r in rows])
    cached = CachedScorer(scorer.version, dict(scorer.thresholds), texts, scored)
    y = np.asarray([r.labels[args.head] == 1.0 for r in rows])
    unseen = np.arange(POOL, len(rows))
    positive = y[unseen]
    base = {head: floored(cut) for head, cut in scorer.thresholds.items()}
    decided = np.asarray([_decide(base, scored[i], base, scored[i]) for i in unseen])
    rejected = int(decided[~positive, 1].sum())
    print(f"{args.source}, {args.profile} profile, model {scorer.version}: {len(unseen)} unseen "
          f"({int(positive.sum())} positive); no labels: caught {decided[positive, 0].mean():.1%}, "
          f"held {decided[~positive, 0].mean():.1%}, negatives rejected {rejected}")  # fmt: skip
    for count in (int(n) for n in args.labels.split(",")):
        figures = []
        holders: Counter[str] = Counter()
        for draw in range(args.draws):
            ids = random.Random(draw)
            pool = list(range(POOL))
            random.Random(100 + draw).shuffle(pool)
            labels = site_labels([
                (uuid.UUID(int=ids.getrandbits(128)).hex, rows[i], positive_label if y[i] else "ok")
                for i in pool[:count]
            ])  # fmt: skip
            outcome = fit_layer(
                labels, scorer=cast(Scorer, cached), profile=SITE_PROFILES[args.profile], version=1, policy=policy
            )
            layer = outcome.layer
            cuts = layer.thresholds(base) if layer else base
            served = {i: layer.apply(scored[i], texts[i]) if layer else scored[i] for i in unseen}
            now = np.asarray([_decide(cuts, served[i], base, scored[i]) for i in unseen])
            for i in unseen[~positive]:  # which heads hold the negatives (a comment counts for each head holding it)
                holders.update(h for h, v in served[i].scores.items() if h in cuts and v >= cuts[h].approve)
            figures.append(
                (now[positive, 0].mean(), now[~positive, 0].mean(), now[~positive, 1].sum(), now[positive, 1].mean())
            )
        f = np.asarray(figures)
        print(f"{count:>5} labels, {args.draws} draws: caught {f[:, 0].mean():.1%} (worst {f[:, 0].min():.1%}), "
              f"held {f[:, 1].mean():.1%} (worst {f[:, 1].max():.1%}), negatives rejected {f[:, 2].mean():.1f} "
              f"(worst {int(f[:, 2].max())}), positives rejected {f[:, 3].mean():.1%}")  # fmt: skip
        by_head = ", ".join(f"{h} {n / args.draws:.1f}" for h, n in holders.most_common())
        print(f"       negatives held per draw, by head: {by_head or 'none'}")


if __name__ == "__main__":
    main()

"""The spam head on an unseen source at cuts set by the realistic readers: what a spam cut would catch and cost.

Scores, with one version, the realistic readers' genuine comments of `training/check_comments/` (civil French and
English, sourced, tech links, tech jargon, tech questions; never trained on), the check sets' spam (news, praise with a
link, contact, product) and a train-allowed source the version was trained without (a dev model:
`python -m training train ... --hold-out youtube_spam`). Prints the source's ROC-AUC, then at the cuts that hold 1%,
2% and 5% of the readers' comments, and at fixed cuts: the source's spam caught and genuine held, each spam check set
caught and each readers' set held. Dev data only: the eval-only sources are never read here. A script that measures
and prints, not a test:

    .venv/bin/python benchmarks/spam_readers_dev.py --model-dir /tmp/dev/model --version dev-yt21
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import numpy.typing as npt
from sklearn.metrics import roc_auc_score

from moderation.scoring.artifact import load_version
from moderation.scoring.base import Scorer, Submission
from training.news_readers import CIVIL, MONEY_TALK, SOURCED, TECH_JARGON, TECH_LINKS, TECH_QUESTIONS, read_lines
from training.site_eval import SitePlay, site_rows

READERS = {
    "civil_fr": CIVIL["fr"], "civil_en": CIVIL["en"], "sourced": SOURCED, "tech_links": TECH_LINKS,
    "tech_jargon": TECH_JARGON, "tech_questions": TECH_QUESTIONS, "money_talk": MONEY_TALK,
}  # fmt: skip
SPAM = ("news_spam", "praise_link_spam", "contact_spam", "product_spam")


def _spam_scores(scorer: Scorer, texts: list[str]) -> npt.NDArray[np.float64]:
    return np.asarray([s.scores["spam"] for s in scorer.score_many([Submission(text=t) for t in texts])])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, required=True)
    parser.add_argument("--version", required=True)
    parser.add_argument("--source", default="youtube_spam", help="a train-allowed source the version never saw")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    args = parser.parse_args()
    scorer = load_version(args.model_dir, args.version, profile="blog")
    readers = {name: _spam_scores(scorer, texts) for name, texts in READERS.items()}
    spam = {name: _spam_scores(scorer, read_lines(f"{name}.txt")) for name in SPAM}
    rows = site_rows(SitePlay("dev", args.source, "spam", "spam", "ok", (), 0), args.data)
    y = np.asarray([r.labels["spam"] == 1.0 for r in rows])
    source = _spam_scores(scorer, [r.text for r in rows])
    pooled = np.concatenate(list(readers.values()))
    print(f"{args.version}: {args.source} spam ROC-AUC {roc_auc_score(y, source):.3f} ({int(y.sum())} spam, "
          f"{int((~y).sum())} genuine); {pooled.size} readers' comments; blog cut "
          f"{scorer.thresholds['spam'].approve:.3f}")  # fmt: skip
    cuts = [(f"readers held {q:.0%}", float(np.quantile(pooled, 1 - q))) for q in (0.01, 0.02, 0.05)]
    cuts += [(f"cut {cut}", cut) for cut in (0.5, 0.4, 0.3, 0.2, 0.15)]
    for name, cut in cuts:
        caught = " ".join(f"{k} {(v >= cut).mean():.0%}" for k, v in spam.items())
        held = " ".join(f"{k} {(v >= cut).mean():.1%}" for k, v in readers.items())
        print(f"  {name} ({cut:.3f}): {args.source} caught {(source[y] >= cut).mean():.1%}, genuine held "
              f"{(source[~y] >= cut).mean():.1%}; check spam caught: {caught}; readers held: {held}")  # fmt: skip


if __name__ == "__main__":
    main()

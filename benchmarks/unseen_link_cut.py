"""What the site memory's `unseen_link` cut holds: spam and genuine comments linking to a domain a site never approved.

For each check set (training/check_comments, never trained on) and the genuine comments of youtube_spam (UCI,
train-allowed), counts the comments with a link in the text to a domain outside the default allow-list
(`MODERATION_SITE_MEMORY_ALLOWED_DOMAINS`) and, at several cuts, how many of them score at or above it: on a new site
(no approved domain yet) those are the comments the rule holds, whatever the profile. A script that measures and
prints, not a test, e.g.

    .venv/bin/python benchmarks/unseen_link_cut.py --version 2026.12.06-17 --cuts 0.2,0.25,0.3,0.4,0.5
"""

from __future__ import annotations

import argparse
from pathlib import Path

from moderation.config import Settings
from moderation.scoring.artifact import load_current, load_version
from moderation.scoring.base import Submission
from moderation.scoring.links import within
from moderation.site.marks import extract, site_domains
from training.data import load_set
from training.news_readers import CIVIL, NEWS_SPAM, PRAISE_LINK_SPAM, PRODUCT_SPAM, SOURCED, TECH_LINKS

REPO = Path(__file__).resolve().parent.parent


def main() -> None:
    """Print, per set, the comments with an unseen link and how many of them each cut holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model-dir", type=Path, default=REPO / "model")
    parser.add_argument("--version", default=None, help="a version under --model-dir (default: CURRENT)")
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared" / "data")
    parser.add_argument("--cuts", default="0.2,0.25,0.3,0.4,0.5")
    args = parser.parse_args()
    scorer = load_version(args.model_dir, args.version) if args.version else load_current(args.model_dir)
    cuts = [float(c) for c in args.cuts.split(",")]
    allowed = site_domains(Settings().site_memory_allowed_domains)
    genuine = [r.text for r in load_set(args.data, "youtube_spam") if r.labels.get("spam") == 0.0]
    sets = {
        "spam: news_spam + product_spam": NEWS_SPAM + PRODUCT_SPAM,
        "spam: praise_link_spam": PRAISE_LINK_SPAM,
        "genuine: tech_links": TECH_LINKS,
        "genuine: sourced_comments": SOURCED,
        "genuine: civil_comments fr + en": CIVIL["fr"] + CIVIL["en"],
        "genuine: youtube_spam (UCI) ham": genuine,
    }
    print(f"model {scorer.version}; default allow-list; cuts {', '.join(map(str, cuts))}")
    for name, texts in sets.items():
        scored = scorer.score_many([Submission(text=t) for t in texts])
        unseen = [
            (s.scores["spam"], t)
            for t, s in zip(texts, scored, strict=True)
            if any(not within(d, allowed) for d in extract(text=t).domains)
        ]
        held = "  ".join(f">= {c}: {sum(score >= c for score, _ in unseen)}" for c in cuts)
        print(f"{name:34s} {len(texts):5d} comments, {len(unseen):3d} with an unseen link   {held}")
        if name.startswith("genuine"):
            for score, text in sorted(unseen, reverse=True)[:3]:
                print(f"    {score:.2f} {text[:100]}")


if __name__ == "__main__":
    main()

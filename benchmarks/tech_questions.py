"""A tutorial's readers asking for help, pasted output and all, through the intake: how many each profile holds.

Posts the 40 comments of `training/check_comments/tech_questions.txt` (written 2026-12-07 before any model scored
them, never trained on) to `POST /v1/comments` on a new site (nothing labelled: the model, the site memory and its
rules), once from every reader identity of `training.news_readers.IDENTITIES`, each identity on a site of its own,
in both profiles. Prints how many posts are not approved and, per comment held, why. A script that measures and
prints, not a test:

    .venv/bin/python benchmarks/tech_questions.py [--model-dir model]

The version served is the folder's CURRENT.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from unseen_website import PROFILES, _post, _site  # run as a script: its folder is on sys.path

from moderation.scoring.artifact import load_current
from training.news_readers import IDENTITIES, TECH_QUESTIONS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--model-dir", type=Path, default=Path("model"), help="the versions; CURRENT is served")
    args = parser.parse_args()
    print(f"model {load_current(args.model_dir).version}: {len(TECH_QUESTIONS)} comments x {len(IDENTITIES)} readers")
    for profile in PROFILES:
        held: dict[int, list[tuple[str, ...]]] = defaultdict(list)
        for identity, (author, email, url) in enumerate(IDENTITIES):
            with _site(args.redis_url, args.model_dir, profile) as client:
                for i, text in enumerate(TECH_QUESTIONS):
                    reader_email = email.replace("@", f"+{i}@")
                    status, codes = _post(client, 100 * identity + i, text, author, reader_email, url)
                    if status != "approved":
                        held[i].append(tuple(codes))
        posts = len(TECH_QUESTIONS) * len(IDENTITIES)
        not_approved = sum(len(why) for why in held.values())
        print(f"{profile}: {not_approved} of {posts} posts not approved ({not_approved / posts:.1%})")
        for i, why in sorted(held.items()):
            print(f"  {len(why)} x {sorted(set(why))}: {TECH_QUESTIONS[i][:90]!r}")


if __name__ == "__main__":
    main()

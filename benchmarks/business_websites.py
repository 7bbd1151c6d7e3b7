"""Readers who sign with their business's or association's website, decided by a version's scores and cuts alone.

The first 40 French and 20 English civil comments of `training/check_comments/` (never trained on), each signed by a
reader whose website is an insurance agency, a marketing consultant, an estate agent, a lawyer's .pro, an
association's .info, a credit broker, a bakery and a personal site, decided as the intake decides them (news profile,
no site memory: the model alone). Prints, per version and website, how many are not approved and how many are marked
spam. A script that measures and prints, not a test:

    .venv/bin/python benchmarks/business_websites.py 2026.12.07-1 2026.12.07-2
"""

from __future__ import annotations

import argparse
from pathlib import Path

from moderation.scoring.artifact import load_version
from training.news_readers import CIVIL, decide

WEBSITES = (
    "https://www.axa-assurance-lyon.fr",
    "https://claire-marketing.fr",
    "https://www.immo-dupont.fr",
    "https://martin-avocat.pro",
    "https://amis-du-vieux-lyon.info",
    "https://www.cabinet-credit-conseil.fr",
    "https://www.boulangerie-martin.fr",
    "https://jean-dupont.fr",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("versions", nargs="+", help="model versions under --model-dir")
    parser.add_argument("--model-dir", type=Path, default=Path("model"))
    args = parser.parse_args()
    texts = CIVIL["fr"][:40] + CIVIL["en"][:20]
    print("| version | website | not approved | marked spam |\n|---|---|---|---|")
    for version in args.versions:
        scorer = load_version(args.model_dir, version)
        for website in WEBSITES:
            statuses = [decide(scorer, text, ("Claire Martin", "claire.martin@gmail.com", website)) for text in texts]
            held = sum(status != "approved" for status in statuses)
            spam = sum(status == "spam" for status in statuses)
            print(f"| {version} | {website} | {held} of {len(texts)} | {spam} |")


if __name__ == "__main__":
    main()

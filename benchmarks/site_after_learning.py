"""What a site's labels do to the comments they never spoke of: threats, group hate and civil news comments.

Plays an eval-only source as a site through the running service (`python -m training site-eval`'s play: labels
through the feedback API, the refit, the unseen comments), then, on the same site, posts the realistic-reader check
sets (`training/check_comments/`: 23 plain threats and group-hate comments without slurs, the civil news comments
in French and English) and prints how many of each were approved. A desk's labels may move the cuts of its
site; they must not release abuse nobody labelled, nor hold the civil comments of its readers.

    .venv/bin/python benchmarks/site_after_learning.py --site blog_spam --labels 300 --plays 2
"""

from __future__ import annotations

import argparse
import functools
import uuid
from collections import Counter
from pathlib import Path

from fastapi.testclient import TestClient

from training.news_readers import ABUSIVE, CIVIL
from training.site_eval import SITES, play_site, site_rows


def _approved(client: TestClient, texts: list[str], lang: str) -> tuple[int, list[str]]:
    """How many of `texts` the site approves, and those approved (each from its own reader)."""
    passed = []
    for i, text in enumerate(texts):
        body = {"comment": text, "author": f"Lecteur {i}", "email": f"{uuid.uuid4().hex[:10]}@example.fr",
                "comment_post_ID": 7, "lang": lang}  # fmt: skip
        answer = client.post("/v1/comments", json=body)
        if answer.status_code != 201:
            raise RuntimeError(f"comment refused: {answer.status_code} {answer.text}")
        if answer.json()["status"] == "approved":
            passed.append(text)
    return len(passed), passed


def _check(client: TestClient, *, found: dict[str, tuple[int, list[str]]]) -> None:
    found["abusive"] = _approved(client, ABUSIVE, "")
    for lang, texts in CIVIL.items():
        found[lang] = _approved(client, texts, lang)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", choices=sorted(SITES), required=True)
    parser.add_argument("--labels", type=int, required=True, help="comments the desk labels first")
    parser.add_argument("--plays", type=int, default=1, help="sites played (each with its own comment ids)")
    parser.add_argument("--shuffle-seed", type=int, default=20, help="which comments are labelled (site-eval's)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data"))
    parser.add_argument("--model-dir", type=Path, default=Path("model"))
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()

    play = SITES[args.site]
    rows = site_rows(play, args.data, seed=args.shuffle_seed)
    released: Counter[str] = Counter()
    print("| play | layer | unseen caught | unseen held | threats and group hate approved (23) | civil FR approved "
          "| civil EN approved |")  # fmt: skip
    print("|---|---|---|---|---|---|---|")
    for n in range(1, args.plays + 1):
        found: dict[str, tuple[int, list[str]]] = {}
        point = play_site(play, rows, labels=args.labels, redis_url=args.redis_url, model_dir=args.model_dir,
                          after=functools.partial(_check, found=found))  # fmt: skip
        released.update(found["abusive"][1])
        print(
            f"| {n} | v{point.layer_version} | {point.caught:.1%} | {point.held:.1%} | {found['abusive'][0]} "
            f"| {found['fr'][0]} of {len(CIVIL['fr'])} | {found['en'][0]} of {len(CIVIL['en'])} |"
        )
    for text, plays in released.most_common():
        print(f"approved in {plays} play(s): {text}")


if __name__ == "__main__":
    main()

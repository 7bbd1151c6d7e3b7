"""What the site memory's `unseen_website` rule holds, through the intake: spam signed with a shop's site, and readers.

Posts, to a new site (nothing labelled or approved yet; the shipped model, the Redis at `--redis-url` in a throw-away
namespace), with the rule off and then on, in both profiles:
- the 24 compliments of `training/check_comments/website_spam.tsv`, signed as their spammer signs them (keyword name,
  commercial site), and the same compliments from a reader who gives no website;
- the civil, sourced, tech-link and jargon check sets, every comment signed by a reader who gives a personal website
  (the identities of `training/news_readers.IDENTITIES` with one), which is where the rule can cost.
Prints how many of each are not approved, and those the rule holds. A script that measures and prints, not a test:

    .venv/bin/python benchmarks/unseen_website.py
"""

from __future__ import annotations

import argparse
import uuid
from pathlib import Path
from tempfile import TemporaryDirectory

import redis
from fastapi.testclient import TestClient
from pydantic import SecretStr

from moderation.config import Settings
from moderation.main import create_app
from training.news_readers import CIVIL, IDENTITIES, SOURCED, TECH_JARGON, TECH_LINKS, WEBSITE_SPAM


def _post(client: TestClient, i: int, text: str, author: str, email: str, url: str) -> tuple[str, list[str]]:
    body = {
        "comment": text, "author": author, "email": email, "url": url, "comment_post_ID": "7", "comment_parent": "0",
        "user_ip": f"198.51.{i // 250}.{i % 250 + 1}", "permalink": "https://journal.example.fr/2026/12/article/",
    }  # fmt: skip
    answer = client.post("/v1/comments", json=body).json()
    return answer["status"], [reason["code"] for reason in answer["reasons"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()
    readers = [identity for identity in IDENTITIES if identity[2]]
    genuine = [*CIVIL["fr"], *CIVIL["en"], *SOURCED, *TECH_LINKS, *TECH_JARGON]
    for rule in (False, True):
        for profile in ("news", "blog"):
            namespace = f"bench-website-{uuid.uuid4().hex[:8]}"
            with TemporaryDirectory() as tmp:
                settings = Settings(
                    redis_url=args.redis_url, namespace=namespace, data_dir=Path(tmp), ip_hash_key=SecretStr("bench"),
                    site_profile=profile, flood_seconds=0, audit_sample_rate=0.0, unseen_website_praise=rule,
                    allowed_redirect_hosts=["journal.example.fr"], log_level="WARNING",
                )  # fmt: skip
                with TestClient(create_app(settings)) as client:
                    spam = [
                        _post(client, i, text, name, f"contact{i}@orange.fr", website)
                        for i, (name, website, text) in enumerate(WEBSITE_SPAM)
                    ]
                    plain = [
                        _post(client, 100 + i, text, "Claire Martin", f"c.martin{i}@orange.fr", "")
                        for i, (_, _, text) in enumerate(WEBSITE_SPAM)
                    ]
                    held_readers = []
                    for i, text in enumerate(genuine):
                        author, email, url = readers[i % len(readers)]
                        status, codes = _post(client, 1000 + i, text, author, email.replace("@", f"+{i}@"), url)
                        if status != "approved":
                            held_readers.append((text, codes))
            approved = sum(status == "approved" for status, _ in spam)
            plain_held = sum(status != "approved" for status, _ in plain)
            by_rule = [text for text, codes in held_readers if "unseen_website" in codes]
            print(
                f"rule {'on ' if rule else 'off'} {profile}: website spam approved {approved} of {len(spam)}; "
                f"the same compliments unsigned held {plain_held}; readers with a website held {len(held_readers)} "
                f"of {len(genuine)}, by the rule {len(by_rule)}"
            )
            for text in by_rule:
                print(f"    held by the rule: {text}")
            _drop(args.redis_url, namespace)


def _drop(url: str, namespace: str) -> None:
    """Remove the run's keys."""
    client = redis.Redis.from_url(url)
    try:
        for key in client.scan_iter(match=f"{{{namespace}}}*", count=1000):
            client.delete(key)
    finally:
        client.close()


if __name__ == "__main__":
    main()

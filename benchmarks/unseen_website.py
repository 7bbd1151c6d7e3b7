"""What the site memory's `unseen_website` rule holds, through the intake: spam signed with a shop's site, and readers.

Posts, to a new site (nothing labelled or approved yet; the shipped model, the Redis at `--redis-url` in a throw-away
namespace), with the rule off and then on, in both profiles:
- the 24 compliments of `training/check_comments/website_spam.tsv`, signed as their spammer signs them (keyword name,
  commercial site), and the same compliments from a reader who gives no website;
- the civil, sourced, tech-link and jargon check sets, every comment signed by a reader who gives a personal website
  (the identities of `training/news_readers.IDENTITIES` with one), which is where the rule can cost.
Prints how many of each are not approved, and those the rule holds. Then, as served (rule on), the realistic readers
of `python -m training news-readers` through the intake: every civil comment from four identities (each identity's
comments on a site of its own, so that one text from several readers is not a campaign) and the 23 plain threats and
group-hate comments from every identity, by kind of identity. A script that measures and prints, not a test:

    .venv/bin/python benchmarks/unseen_website.py [--write]

`--write` adds the readers' table to the served version's model card (`model/<version>/report.md`).
"""

from __future__ import annotations

import argparse
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Literal

import redis
from fastapi.testclient import TestClient
from pydantic import SecretStr

from moderation.config import Settings
from moderation.main import create_app
from moderation.scoring.artifact import load_current
from training.card import with_section
from training.news_readers import (
    ABUSIVE,
    CIVIL,
    IDENTITIES,
    IDENTITY_KINDS,
    SOURCED,
    TECH_JARGON,
    TECH_LINKS,
    WEBSITE_SPAM,
    civil_cases,
)

Profile = Literal["news", "blog"]
PROFILES: tuple[Profile, ...] = ("news", "blog")


@contextmanager
def _site(redis_url: str, model_dir: Path, profile: Profile, *, rule: bool = True) -> Iterator[TestClient]:
    """The app with the shipped model on a new site (a throw-away namespace, removed afterwards); name and e-mail
    optional, as on a site whose readers may post without them (some realistic readers do)."""
    namespace = f"bench-website-{uuid.uuid4().hex[:8]}"
    try:
        with TemporaryDirectory() as tmp:
            settings = Settings(
                redis_url=redis_url, namespace=namespace, data_dir=Path(tmp), ip_hash_key=SecretStr("bench"),
                site_profile=profile, flood_seconds=0, audit_sample_rate=0.0, unseen_website_praise=rule,
                allowed_redirect_hosts=["journal.example.fr"], log_level="WARNING", require_name_email=False,
                model_dir=model_dir,
            )  # fmt: skip
            with TestClient(create_app(settings)) as client:
                yield client
    finally:
        _drop(redis_url, namespace)


def _post(
    client: TestClient, i: int, text: str, author: str, email: str, url: str, post: str = "7"
) -> tuple[str, list[str]]:
    body = {
        "comment": text, "author": author, "email": email, "url": url, "comment_post_ID": post, "comment_parent": "0",
        "user_ip": f"198.51.{i // 250}.{i % 250 + 1}", "permalink": "https://journal.example.fr/2026/12/article/",
    }  # fmt: skip
    answer = client.post("/v1/comments", json=body).json()
    return answer["status"], [reason["code"] for reason in answer["reasons"]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/0")
    parser.add_argument("--model-dir", type=Path, default=Path("model"), help="the versions; CURRENT is served")
    parser.add_argument("--write", action="store_true", help="add the readers' table to the served version's card")
    args = parser.parse_args()
    readers = [identity for identity in IDENTITIES if identity[2]]
    genuine = [*CIVIL["fr"], *CIVIL["en"], *SOURCED, *TECH_LINKS, *TECH_JARGON]
    for rule in (False, True):
        for profile in PROFILES:
            with _site(args.redis_url, args.model_dir, profile, rule=rule) as client:
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
    version = load_current(args.model_dir).version
    lines = [
        "",
        "## Realistic readers through the intake, as served",
        "",
        f"`.venv/bin/python benchmarks/unseen_website.py` ({datetime.now(UTC):%Y-%m-%d %H:%M} UTC, version {version}): "
        "the civil comments and plain threats of the section above posted to `POST /v1/comments` on a new site (no "
        "labels), with the site memory and its rules (`unseen_link`, `unseen_phone`, `unseen_website`), each identity "
        "on a site of its own (one text from several readers is otherwise a campaign), name and e-mail optional.",
        "",
        "| profile | identity | civil comments | approved | held by `unseen_website` | marked spam | threats posted "
        "| threats approved |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for profile in PROFILES:
        lines += _readers_through_the_intake(args.redis_url, args.model_dir, profile)
    print("\n".join(lines))
    if args.write:
        card = args.model_dir / version / "report.md"
        card.write_text(with_section(card.read_text(encoding="utf-8"), lines[1][3:], lines), encoding="utf-8")
        print(f"wrote {card}")


def _readers_through_the_intake(redis_url: str, model_dir: Path, profile: Profile) -> list[str]:
    """Civil comments and plain threats of the realistic readers, posted as served: the card's table rows."""
    cases = [case for language in CIVIL for case in civil_cases(language)]
    civil: list[tuple[tuple[str, str, str], str, list[str]]] = []
    threats: list[tuple[tuple[str, str, str], str]] = []
    for k, identity in enumerate(IDENTITIES):
        author, email, url = identity
        with _site(redis_url, model_dir, profile) as client:
            for i, text in enumerate(text for text, who in cases if who == identity):
                civil.append((identity, *_post(client, i, text, author, email.replace("@", f"+{i}@"), url, f"{k}")))
            for i, text in enumerate(ABUSIVE):
                status, _ = _post(client, 500 + i, text, author, email.replace("@", f"+t{i}@"), url, f"t{k}")
                threats.append((identity, status))
    rows = []
    for kind, matches in {"every reader": lambda _: True, **IDENTITY_KINDS}.items():
        answers = [(status, codes) for who, status, codes in civil if matches(who)]
        posted = [status for who, status in threats if matches(who)]
        approved = sum(status == "approved" for status, _ in answers) / len(answers)
        rows.append(
            f"| {profile} | {kind} | {len(answers)} | {approved:.1%} "
            f"| {sum('unseen_website' in codes for _, codes in answers)} | {sum(s == 'spam' for s, _ in answers)} "
            f"| {len(posted)} | {sum(s == 'approved' for s in posted)} |"
        )
    return rows


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

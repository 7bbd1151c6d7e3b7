"""Benchmark a reader's export and erasure against label and audit streams of a busy site.

Seeds, in a throw-away `bench-readers-*` namespace on 127.0.0.1:6379 (deleted at the end), `--labels` label
entries and as many audit entries from `--authors` other readers, plus one reader with `--comments` comments
(records, history, queue entries, a label and an audit entry each), then times `ReaderData.export` and
`ReaderData.erase` (the code the CLI and the admin routes run) and checks the reader is gone. Both read the
whole label and audit streams (1,000 entries per round trip): their cost grows with the streams, which the
retention (`MODERATION_LABEL_RETENTION_DAYS`, `MODERATION_AUDIT_RETENTION_DAYS`) bounds.
"""

from __future__ import annotations

import argparse
import time
import uuid

import redis

from moderation.labels import LabelledExample, add_label
from moderation.privacy import Hasher
from moderation.readers.service import ReaderData
from moderation.review import queue as review_queue
from moderation.storage.keys import Keys
from moderation.storage.records import CommentRecord, masked_email, write_record

EMAIL = "lecteur.bench@example.fr"


def seed(client: redis.Redis, keys: Keys, hasher: Hasher, *, labels: int, authors: int, comments: int) -> None:
    """The streams of a busy site, and one reader's comments mixed in at random places."""
    now = time.time()
    reader_at = {int(labels * (i + 0.5) / comments) for i in range(comments)}
    reader_hash = hasher.email(EMAIL)
    for start in range(0, labels, 1000):
        with client.pipeline(transaction=False) as pipe:
            for i in range(start, min(start + 1000, labels)):
                mine = i in reader_at
                comment_id = uuid.uuid4().hex
                author_hash = reader_hash if mine else f"{i % authors:032x}"
                if mine:
                    record = CommentRecord(
                        id=comment_id, status="pending", created_at=now, updated_at=now, post_id="7",
                        author="Lecteur Bench", email_masked=masked_email(EMAIL), comment=f"Mon avis n°{i}",
                        email_hash=reader_hash, language="fr", reasons=[{"code": "moderation_word", "source": "rule"}],
                    )  # fmt: skip
                    write_record(pipe, keys=keys, record=record)
                    pipe.zadd(keys.author_comments(reader_hash), {comment_id: now})
                    review_queue.enqueue(pipe, keys=keys, comment_id=comment_id, risk=0.5, created_at=now,
                                         post_id="7", language="fr", reasons=["moderation_word"])  # fmt: skip
                example = LabelledExample(text=f"Commentaire {i}", labels={"spam": i % 2}, source="moderator",
                                          language="fr", author_hash=author_hash, comment_id=comment_id)  # fmt: skip
                add_label(pipe, keys=keys, example=example)
                pipe.xadd(keys.audit(), {"comment_id": comment_id, "moderator": "ana", "author_hash": author_hash})
            pipe.execute()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--labels", type=int, default=100_000, help="label entries (and as many audit entries)")
    parser.add_argument("--authors", type=int, default=20_000, help="other readers the entries are spread over")
    parser.add_argument("--comments", type=int, default=20, help="the erased reader's comments")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/0")
    args = parser.parse_args()

    client = redis.Redis.from_url(args.redis, decode_responses=True)
    keys = Keys(f"bench-readers-{uuid.uuid4().hex[:8]}")
    hasher = Hasher(b"bench-key")
    readers = ReaderData(client=client, keys=keys, hasher=hasher)
    try:
        started = time.perf_counter()
        seed(client, keys, hasher, labels=args.labels, authors=args.authors, comments=args.comments)
        print(f"seeded {args.labels:,} labels + {args.labels:,} audit entries in {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        exported = readers.export(email=EMAIL)
        export_s = time.perf_counter() - started
        started = time.perf_counter()
        erased = readers.erase(email=EMAIL)
        erase_s = time.perf_counter() - started
        started = time.perf_counter()
        again = readers.erase(email=EMAIL)
        again_s = time.perf_counter() - started
        print(f"export: {len(exported['comments'])} comments, {len(exported['labels'])} labels, "
              f"{len(exported['audit'])} audit entries in {export_s * 1000:.0f} ms")  # fmt: skip
        print(f"erase:  {erased.comments} comments, {erased.labels} labels, {erased.audit_entries} audit entries "
              f"in {erase_s * 1000:.0f} ms")  # fmt: skip
        print(f"erase again (nothing left): {again.comments} comments in {again_s * 1000:.0f} ms")
        left = readers.export(email=EMAIL)
        streams = f"{client.xlen(keys.labels()):,} labels / {client.xlen(keys.audit()):,} audit entries"
        print(f"left after erasure: {len(left['comments'])} comments, {len(left['labels'])} labels; streams {streams}")
    finally:
        stale = list(client.scan_iter(match=f"{{{keys.namespace}}}*", count=5000))
        if stale:
            client.delete(*stale)
        client.close()


if __name__ == "__main__":
    main()

"""The review queue against real Redis: order, filters, claims under concurrency, lease expiry, release."""

from __future__ import annotations

import multiprocessing
import threading
import time
from collections import Counter

import pytest
import redis

from moderation.review.queue import Filters, ReviewQueue
from moderation.storage.keys import Keys
from tests.conftest import REDIS_URL
from tests.integration.review_support import seed_item
from tests.support.claim_process import claim_until_empty
from tests.support.waiting import wait_until

pytestmark = pytest.mark.redis


def _queue(client: redis.Redis, namespace: str, lease_seconds: float = 300.0) -> ReviewQueue:
    return ReviewQueue(client=client, keys=Keys(namespace), lease_seconds=lease_seconds)


def test_queue_serves_highest_risk_first_then_oldest(redis_client: redis.Redis, namespace: str) -> None:
    keys = Keys(namespace)
    now = time.time()
    low_old = seed_item(redis_client, keys, risk=0.3, created_at=now - 600)
    high_new = seed_item(redis_client, keys, risk=0.9, created_at=now - 10)
    high_old = seed_item(redis_client, keys, risk=0.9, created_at=now - 300)
    mid = seed_item(redis_client, keys, risk=0.6, created_at=now - 100)

    ids, total = _queue(redis_client, namespace).page(filters=Filters(), limit=10)

    assert ids == [high_old, high_new, mid, low_old]
    assert total == 4


def test_queue_can_serve_oldest_first(redis_client: redis.Redis, namespace: str) -> None:
    keys = Keys(namespace)
    now = time.time()
    newest = seed_item(redis_client, keys, risk=0.9, created_at=now - 10)
    oldest = seed_item(redis_client, keys, risk=0.2, created_at=now - 900)
    middle = seed_item(redis_client, keys, risk=0.5, created_at=now - 300)

    ids, _ = _queue(redis_client, namespace).page(filters=Filters(), order="oldest")
    claimed = _queue(redis_client, namespace).claim(moderator="ana", order="oldest")

    assert ids == [oldest, middle, newest]
    assert claimed == oldest


def test_filters_select_by_post_language_reason_and_age(redis_client: redis.Redis, namespace: str) -> None:
    keys = Keys(namespace)
    now = time.time()
    spam_reason = [{"code": "model_hold", "source": "model", "head": "spam", "params": {}}]
    word_reason = [{"code": "moderation_word", "source": "rule"}]
    a = seed_item(redis_client, keys, post_id="1", language="fr", risk=0.8, created_at=now - 3600)
    b = seed_item(redis_client, keys, post_id="1", language="en", risk=0.7, created_at=now - 60, reasons=spam_reason)
    c = seed_item(redis_client, keys, post_id="2", language="fr", risk=0.6, created_at=now - 30, reasons=word_reason)
    queue = _queue(redis_client, namespace)

    assert queue.page(filters=Filters(post_id="1"))[0] == [a, b]
    assert queue.page(filters=Filters(language="fr"))[0] == [a, c]
    assert queue.page(filters=Filters(reason="spam"))[0] == [b]
    assert queue.page(filters=Filters(reason="moderation_word"))[0] == [c]
    assert queue.page(filters=Filters(reason="model_hold"))[0] == [a, b]
    assert queue.page(filters=Filters(min_age=600))[0] == [a]
    assert queue.page(filters=Filters(max_age=120))[0] == [b, c]
    assert queue.page(filters=Filters(post_id="1", language="en", max_age=120)) == ([b], 1)
    assert queue.page(filters=Filters(post_id="3")) == ([], 0)
    assert queue.page(filters=Filters(language="fr"), order="oldest")[0] == [a, c]
    # The scratch keys of filtered reads never outlive their transaction.
    assert list(redis_client.scan_iter(match=f"{{{namespace}}}:queue:view:*")) == []


def test_pagination_walks_the_queue_without_overlap(redis_client: redis.Redis, namespace: str) -> None:
    keys = Keys(namespace)
    seeded = [seed_item(redis_client, keys, risk=0.5, created_at=1000.0 + i) for i in range(7)]
    queue = _queue(redis_client, namespace)

    pages = [queue.page(filters=Filters(), offset=offset, limit=3)[0] for offset in (0, 3, 6)]

    assert pages == [seeded[0:3], seeded[3:6], seeded[6:7]]


def test_concurrent_claims_in_threads_never_share_an_item(redis_client: redis.Redis, namespace: str) -> None:
    keys = Keys(namespace)
    seeded = {seed_item(redis_client, keys, risk=0.5, created_at=1000.0 + i % 5) for i in range(60)}
    results: dict[str, list[str]] = {}
    start = threading.Barrier(8)

    def work(name: str) -> None:
        start.wait()
        results[name] = claim_until_empty(REDIS_URL, namespace, name)

    threads = [threading.Thread(target=work, args=(f"mod{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    claimed = [cid for ids in results.values() for cid in ids]
    assert Counter(claimed).most_common(1)[0][1] == 1
    assert set(claimed) == seeded
    assert len(results) == 8


def test_concurrent_claims_in_processes_never_share_an_item(redis_client: redis.Redis, namespace: str) -> None:
    keys = Keys(namespace)
    seeded = {seed_item(redis_client, keys, risk=0.4, created_at=2000.0 + i % 3) for i in range(80)}
    context = multiprocessing.get_context("spawn")

    with context.Pool(4) as pool:  # each child imports tests.support.claim_process alone, not this suite
        results = pool.starmap(claim_until_empty, [(REDIS_URL, namespace, f"proc{i}", 4) for i in range(4)])

    claimed = [cid for ids in results for cid in ids]
    assert Counter(claimed).most_common(1)[0][1] == 1
    assert set(claimed) == seeded


def test_expired_lease_returns_the_item_to_the_queue(redis_client: redis.Redis, namespace: str) -> None:
    keys = Keys(namespace)
    held = seed_item(redis_client, keys, risk=0.9)
    expiring = seed_item(redis_client, keys, risk=0.5)
    assert _queue(redis_client, namespace).claim(moderator="ana") == held  # a lease that outlives the test
    assert _queue(redis_client, namespace, lease_seconds=0.1).claim(moderator="ana") == expiring

    # bob gets nothing while both leases live, then the item whose lease ran out, never the one still held
    claimed_by_bob = wait_until(lambda: _queue(redis_client, namespace).claim(moderator="bob"), what="the expiry")

    assert claimed_by_bob == expiring
    leases = _queue(redis_client, namespace).leases([held, expiring])
    assert (leases[held].moderator, leases[expiring].moderator) == ("ana", "bob")


def test_release_gives_the_item_back_but_not_someone_elses(redis_client: redis.Redis, namespace: str) -> None:
    item = seed_item(redis_client, Keys(namespace))
    queue = _queue(redis_client, namespace)
    assert queue.claim(moderator="ana") == item

    assert queue.release(moderator="bob", comment_id=item) is False
    assert queue.claim(moderator="bob") is None
    assert queue.release(moderator="ana", comment_id=item) is True

    assert queue.claim(moderator="bob") == item


def test_claiming_a_given_item_refuses_when_another_moderator_holds_it(
    redis_client: redis.Redis, namespace: str
) -> None:
    item = seed_item(redis_client, Keys(namespace))
    queue = _queue(redis_client, namespace)

    first = queue.claim_item(moderator="ana", comment_id=item)
    renewed = queue.claim_item(moderator="ana", comment_id=item)

    assert first is not None and renewed is not None and renewed.moderator == "ana"
    assert queue.claim_item(moderator="bob", comment_id=item) is None

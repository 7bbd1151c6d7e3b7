"""What a child process of the claim-concurrency test runs: it imports only the queue, not the test suite.

A spawned child imports the module of the function it runs; the test module would pull in the conftest (the whole
app and scikit-learn) in every child, which cost more than the claims themselves.
"""

from __future__ import annotations

from moderation.review.queue import ReviewQueue
from moderation.storage.clients import client_from_url
from moderation.storage.keys import Keys
from tests.support.waiting import wait_until


def claim_until_empty(redis_url: str, namespace: str, moderator: str, together: int = 1) -> list[str]:
    """Claim items for one moderator until none is left; return their ids in claim order.

    With `together` > 1, wait first until that many callers are ready (a counter in the namespace), so that they
    claim at the same time rather than one after another as they happen to start.
    """
    client = client_from_url(redis_url, decode_responses=True)
    try:
        if together > 1:
            ready = f"{{{namespace}}}:test:ready"
            client.incr(ready)
            wait_until(lambda: int(client.get(ready) or 0) >= together, timeout=120, what="every claimer to start")
        queue = ReviewQueue(client=client, keys=Keys(namespace), lease_seconds=300.0)
        claimed = []
        while (comment_id := queue.claim(moderator=moderator)) is not None:
            claimed.append(comment_id)
        return claimed
    finally:
        client.close()

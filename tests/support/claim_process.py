"""What a child process of the claim-concurrency test runs: it imports only the queue, not the test suite.

A spawned child imports the module of the function it runs; the test module would pull in the conftest (the whole
app and scikit-learn) in every child, which cost more than the claims themselves.
"""

from __future__ import annotations

from moderation.review.queue import ReviewQueue
from moderation.storage.clients import client_from_url
from moderation.storage.keys import Keys


def claim_until_empty(redis_url: str, namespace: str, moderator: str, lease_seconds: float = 300.0) -> list[str]:
    """Claim items for one moderator until none is left; return their ids in claim order."""
    client = client_from_url(redis_url, decode_responses=True)
    try:
        queue = ReviewQueue(client=client, keys=Keys(namespace), lease_seconds=lease_seconds)
        claimed = []
        while (comment_id := queue.claim(moderator=moderator)) is not None:
            claimed.append(comment_id)
        return claimed
    finally:
        client.close()

"""Everything the review routes share, built once in the app's lifespan (and by the CLI and benchmark)."""

from __future__ import annotations

from dataclasses import dataclass

import redis

from moderation.config import Settings
from moderation.review.auth import ModeratorStore
from moderation.review.explanations import Explainer
from moderation.review.queue import ReviewQueue
from moderation.review.revert import Reverter
from moderation.review.service import ReviewService
from moderation.scoring.registry import ModelRegistry
from moderation.site.bans import BanList
from moderation.site.settings import SiteSettings
from moderation.storage.keys import Keys
from moderation.webhooks.outbox import Outbox
from moderation.webhooks.worker import DeliveryWorker


@dataclass
class ReviewWorkspace:
    """The queue, decisions and their reverts, moderators, bans, admin settings and the webhook outbox and worker."""

    queue: ReviewQueue
    service: ReviewService
    reverter: Reverter
    moderators: ModeratorStore
    bans: BanList
    site_settings: SiteSettings
    outbox: Outbox
    worker: DeliveryWorker | None = None

    def start(self) -> None:
        """Start the webhook delivery thread, when a webhook URL is configured."""
        if self.worker is not None:
            self.worker.start()

    def stop(self) -> None:
        """Stop the delivery thread (pending events stay in the outbox for the next start)."""
        if self.worker is not None:
            self.worker.stop()


def build_workspace(
    *, settings: Settings, client: redis.Redis, keys: Keys, registry: ModelRegistry | None = None
) -> ReviewWorkspace:
    """Wire the review workspace for one Redis client and namespace; `registry` explains the items opened."""
    queue = ReviewQueue(
        client=client, keys=keys, lease_seconds=settings.review_lease_seconds, order=settings.review_order
    )
    outbox = Outbox(
        client=client,
        keys=keys,
        max_attempts=settings.webhook_max_attempts,
        backoff_seconds=settings.webhook_backoff_seconds,
        max_backoff_seconds=settings.webhook_max_backoff_seconds,
        visibility_seconds=max(settings.webhook_timeout_seconds * 4, 10.0),
    )
    worker = None
    if settings.webhook_url and settings.webhook_secret is not None:
        worker = DeliveryWorker(
            outbox=outbox,
            url=settings.webhook_url,
            secret=settings.webhook_secret.get_secret_value(),
            poll_seconds=settings.webhook_poll_seconds,
            timeout_seconds=settings.webhook_timeout_seconds,
        )
    return ReviewWorkspace(
        queue=queue,
        service=ReviewService(
            client=client,
            keys=keys,
            queue=queue,
            webhooks_enabled=worker is not None,
            explainer=(
                Explainer(
                    client=client, keys=keys, registry=registry, retention_seconds=settings.retention_days * 86_400
                )
                if registry is not None
                else None
            ),
        ),
        reverter=Reverter(
            client=client, keys=keys, lease_seconds=settings.review_lease_seconds, webhooks_enabled=worker is not None
        ),
        moderators=ModeratorStore(client=client, keys=keys),
        bans=BanList(client=client, keys=keys),
        site_settings=SiteSettings(client=client, keys=keys, cache_seconds=settings.review_settings_cache_seconds),
        outbox=outbox,
        worker=worker,
    )

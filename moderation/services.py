"""The composition root: every service the app shares, built once in the lifespan and stopped with it.

`open_services` is the one place that opens Redis, loads the model and wires each service to what it needs;
`main.create_app` stores the result as `app.state.services`, and `dependencies.py` hands its parts to routes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import redis
import redis.asyncio
from fastapi.templating import Jinja2Templates

from moderation.config import Settings
from moderation.credentials import Keyring
from moderation.intake.service import IntakeService
from moderation.privacy import Hasher, load_hash_key
from moderation.readers.retention import RetentionSweeper
from moderation.readers.service import ReaderData
from moderation.review.auth import ModeratorStore
from moderation.review.decisions import Decisions
from moderation.review.explanations import Explainer
from moderation.review.queue import ReviewQueue
from moderation.review.revert import Reverter
from moderation.review.views import ReviewViews
from moderation.scoring.registry import ModelRegistry
from moderation.site.bans import BanList
from moderation.site.layer.service import SiteLearning, build_site_learning
from moderation.site.marks import site_domains
from moderation.site.settings import SiteSettings
from moderation.storage.clients import Store, open_async_client, open_store
from moderation.storage.keys import Keys
from moderation.webhooks.outbox import Outbox
from moderation.webhooks.worker import DeliveryWorker

#: The pages' templates: the comment form's outcome page and the moderators' page.
TEMPLATE_DIRS = (
    Path(__file__).parent / "intake" / "templates",
    Path(__file__).parent / "review" / "templates",
)


@dataclass(frozen=True)
class Services:
    """Everything the routes share: clients, the served model, and the services built on them."""

    settings: Settings
    store: Store  # the sync client (thread-safe pool) and, in embedded mode, its server
    async_client: redis.asyncio.Redis  # the intake's hot path awaits Redis with it
    keys: Keys
    registry: ModelRegistry
    hasher: Hasher
    api_keys: Keyring  # Perspective and Akismet clients' keys
    site_keys: Keyring  # the site's backend (feedback, lookups, Idempotency-Key scope)
    templates: Jinja2Templates
    # site/: the admins' settings, bans, the learning layer
    site_settings: SiteSettings
    bans: BanList
    site_learning: SiteLearning
    # webhooks/: the outbox and, when a webhook URL is configured, its delivery thread
    outbox: Outbox
    deliveries: DeliveryWorker | None
    # review/
    queue: ReviewQueue
    moderators: ModeratorStore
    explainer: Explainer
    views: ReviewViews
    decisions: Decisions
    reverter: Reverter
    # intake/ and readers/
    intake: IntakeService
    readers: ReaderData
    retention: RetentionSweeper

    @property
    def client(self) -> redis.Redis:
        """The shared sync Redis client."""
        return self.store.client

    def start(self) -> None:
        """Start the background threads: webhook deliveries, retention sweeps, the site layer's poll and refits."""
        if self.deliveries is not None:
            self.deliveries.start()
        self.retention.start()
        self.site_learning.start()

    def stop(self) -> None:
        """Stop the background threads (pending webhook events stay in the outbox for the next start)."""
        self.retention.stop()
        self.site_learning.stop()
        if self.deliveries is not None:
            self.deliveries.stop()


def build_outbox(*, settings: Settings, client: redis.Redis, keys: Keys) -> Outbox:
    """The webhook outbox with the configured retry policy."""
    return Outbox(
        client=client,
        keys=keys,
        max_attempts=settings.webhook_max_attempts,
        backoff_seconds=settings.webhook_backoff_seconds,
        max_backoff_seconds=settings.webhook_max_backoff_seconds,
        visibility_seconds=max(settings.webhook_timeout_seconds * 4, 10.0),
    )


def build_deliveries(*, settings: Settings, outbox: Outbox) -> DeliveryWorker | None:
    """The delivery thread, when a webhook URL and its secret are configured; else None (no event is queued)."""
    if not settings.webhook_url or settings.webhook_secret is None:
        return None
    return DeliveryWorker(
        outbox=outbox,
        url=settings.webhook_url,
        secret=settings.webhook_secret.get_secret_value(),
        poll_seconds=settings.webhook_poll_seconds,
        timeout_seconds=settings.webhook_timeout_seconds,
    )


def build_services(
    *, settings: Settings, store: Store, async_client: redis.asyncio.Redis, registry: ModelRegistry
) -> Services:
    """Wire every service on opened clients and a started registry (nothing starts here)."""
    client, keys = store.client, Keys(settings.namespace)
    hasher = Hasher(load_hash_key(settings))
    site_settings = SiteSettings(client=client, keys=keys, cache_seconds=settings.review_settings_cache_seconds)
    bans = BanList(client=client, keys=keys)
    # the site's own domains, as its operator names them: every scoring of its comments counts links to them as sources
    site_hosts = site_domains(settings.allowed_redirect_hosts)
    site_learning = build_site_learning(
        settings=settings, client=client, keys=keys, registry=registry, site_hosts=site_hosts
    )
    outbox = build_outbox(settings=settings, client=client, keys=keys)
    deliveries = build_deliveries(settings=settings, outbox=outbox)
    queue = ReviewQueue(
        client=client, keys=keys, lease_seconds=settings.review_lease_seconds, order=settings.review_order
    )
    explainer = Explainer(
        client=client, keys=keys, registry=registry, retention_seconds=settings.retention_days * 86_400,
        site_hosts=site_hosts,
    )  # fmt: skip
    return Services(
        settings=settings,
        store=store,
        async_client=async_client,
        keys=keys,
        registry=registry,
        hasher=hasher,
        api_keys=Keyring(settings.api_keys),
        site_keys=Keyring(settings.site_keys),
        templates=Jinja2Templates(directory=[str(d) for d in TEMPLATE_DIRS]),
        site_settings=site_settings,
        bans=bans,
        site_learning=site_learning,
        outbox=outbox,
        deliveries=deliveries,
        queue=queue,
        moderators=ModeratorStore(client=client, keys=keys),
        explainer=explainer,
        views=ReviewViews(client=client, keys=keys, queue=queue, explainer=explainer),
        decisions=Decisions(client=client, keys=keys, webhooks_enabled=deliveries is not None),
        reverter=Reverter(
            client=client,
            keys=keys,
            lease_seconds=settings.review_lease_seconds,
            webhooks_enabled=deliveries is not None,
        ),
        intake=IntakeService(
            settings=settings,
            client=client,
            async_client=async_client,
            keys=keys,
            hasher=hasher,
            registry=registry,
            site_settings=site_settings,
            bans=bans,
            layers=site_learning.cache,
            site_hosts=site_hosts,
        ),
        readers=ReaderData(client=client, keys=keys, hasher=hasher),
        retention=RetentionSweeper(client=client, keys=keys, settings=settings),
    )


@asynccontextmanager
async def running_services(settings: Settings) -> AsyncIterator[Services]:
    """Open Redis, load the model, build and start every service; stop and close them all on exit."""
    store = open_store(settings)
    try:
        async_client = await open_async_client(settings, store)
        try:
            registry = ModelRegistry(
                settings.model_dir, reload_seconds=settings.model_reload_seconds, profile=settings.site_profile
            )
            registry.start()
            try:
                services = build_services(settings=settings, store=store, async_client=async_client, registry=registry)
                services.start()
                try:
                    yield services
                finally:
                    services.stop()
            finally:
                registry.stop()
        finally:
            await async_client.aclose()
    finally:
        store.close()

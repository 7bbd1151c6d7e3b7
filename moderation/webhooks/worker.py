"""The background thread that POSTs due webhook events to the site, signed, and records each outcome."""

from __future__ import annotations

import time

import httpx
import structlog
from prometheus_client import Counter

from moderation.background import BackgroundThread
from moderation.webhooks.outbox import (
    EVENT_HEADER,
    SIGNATURE_HEADER,
    TIMESTAMP_HEADER,
    Outbox,
    PendingEvent,
    sign,
)

log = structlog.get_logger(__name__)

ATTEMPTS = Counter("moderation_webhook_attempts_total", "Webhook delivery attempts by outcome.", ["outcome"])


class DeliveryWorker(BackgroundThread):
    """Deliver due events every `poll_seconds` until stopped; started and stopped by the app's lifespan."""

    thread_name = "webhook-delivery"

    def __init__(
        self, *, outbox: Outbox, url: str, secret: str, poll_seconds: float = 0.5, timeout_seconds: float = 5.0
    ) -> None:
        self.outbox = outbox
        self.url = url
        self.secret = secret
        self.poll_seconds = poll_seconds
        self.timeout_seconds = timeout_seconds
        super().__init__()

    def _run(self) -> None:
        with httpx.Client(timeout=self.timeout_seconds, follow_redirects=False) as http:
            while not self._stop.is_set():
                try:
                    delivered = self.run_once(http)
                except Exception:  # keep delivering after a Redis hiccup; the event stays in the outbox
                    log.exception("webhook.worker_error")
                    delivered = 0
                if not delivered:
                    self._stop.wait(self.poll_seconds)

    def run_once(self, http: httpx.Client) -> int:
        """Deliver what is due now; return how many events were attempted."""
        events = self.outbox.take_due()
        for event in events:
            if self._stop.is_set():
                break  # the rest stay reserved and are retried after the visibility timeout
            self.deliver(http, event)
        return len(events)

    def deliver(self, http: httpx.Client, event: PendingEvent) -> None:
        """POST one event and record the outcome."""
        body = event.body.encode()
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            SIGNATURE_HEADER: sign(body, self.secret, timestamp),
            TIMESTAMP_HEADER: timestamp,
            EVENT_HEADER: event.event_id,
            "User-Agent": "moderation-webhook/1",
        }
        started = time.perf_counter()
        status_code: int | None = None
        error = ""
        try:
            response = http.post(self.url, content=body, headers=headers)
            status_code = response.status_code
        except httpx.HTTPError as exc:
            error = type(exc).__name__
        duration_ms = (time.perf_counter() - started) * 1000
        if status_code is not None and 200 <= status_code < 300:
            self.outbox.delivered(event, status_code=status_code, duration_ms=duration_ms)
            ATTEMPTS.labels("delivered").inc()
            log.info("webhook.delivered", event_id=event.event_id, attempt=event.attempts + 1, status=status_code)
            return
        outcome = self.outbox.failed(
            event, status_code=status_code, error=error or f"HTTP {status_code}", duration_ms=duration_ms
        )
        ATTEMPTS.labels(outcome).inc()
        log.warning(
            "webhook.failed", event_id=event.event_id, attempt=event.attempts + 1, status=status_code, outcome=outcome
        )

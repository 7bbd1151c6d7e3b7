"""Outcome delivery: signed webhooks from a Redis-backed outbox, with retries and a delivery log."""

"""Self-hosted comment moderation: intake checks, spam and toxicity scoring, review queue."""

__version__ = "0.1.0"

"""Audit sampling: send a share of auto-approved comments to the review queue to measure missed abuse."""

from __future__ import annotations

import random
from collections.abc import Callable


def should_audit(*, status: str, rate: float, draw: Callable[[], float] = random.random) -> bool:
    """Whether this comment goes to the queue as an audit item (only approved ones are sampled)."""
    # random() is in [0, 1): a rate of 1.0 always samples and 0.0 never does, which keeps tests exact.
    return status == "approved" and rate > 0.0 and draw() < rate

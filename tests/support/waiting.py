"""Wait for a condition with a deadline: the one way tests wait (never a fixed sleep)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def wait_until(
    condition: Callable[[], T],
    *,
    timeout: float = 10.0,
    what: str | Callable[[], object] = "the condition",
    interval: float = 0.05,
) -> T:
    """Return the condition's first truthy value; fail the test when none came within `timeout` seconds.

    Checks at once, then after 5 ms, doubling up to `interval`: a quick condition costs no more than it takes,
    and a long wait does not take the CPU (or the GIL) from the work it waits for. `what` names what was awaited
    in the failure; a callable is called then (e.g. to show the last state seen).
    """
    deadline = time.monotonic() + timeout
    pause = min(0.005, interval)
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() >= deadline:
            described = what() if callable(what) else what
            raise AssertionError(f"timed out after {timeout} s waiting for {described}")
        time.sleep(pause)
        pause = min(pause * 2, interval)

"""Paging newest-first through a Redis stream with a client's `before` cursor (an entry id)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query
from pydantic import AfterValidator

#: Each part of a stream entry id ("<ms>-<seq>") is an unsigned 64-bit integer.
_MAX_PART = 2**64 - 1


def _within_redis_range(value: str | None) -> str | None:
    if value is not None and any(int(part) > _MAX_PART for part in value.split("-")):
        raise ValueError("not a stream entry id: each part is at most 18446744073709551615")
    return value


#: A `before` query parameter: "<ms>-<seq>" as Redis can hold it; anything else is a 422 from validation.
BeforeCursor = Annotated[
    str | None,
    Query(pattern=r"^\d{1,20}-\d{1,20}$", description="an entry id: the page starts just before it"),
    AfterValidator(_within_redis_range),
]


def newest_first_end(before: str | None) -> str | None:
    """The inclusive XREVRANGE `max` for entries strictly older than `before`; None when none can be.

    Redis refuses the exclusive form "(0-0" with an error, so the id just below `before` is computed here.
    """
    if before is None:
        return "+"
    ms, seq = (int(part) for part in before.split("-"))
    if seq > 0:
        return f"{ms}-{seq - 1}"
    if ms > 0:
        return f"{ms - 1}-{_MAX_PART}"
    return None

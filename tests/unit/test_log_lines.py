"""The JSON log line: written with one encoder built once, the line structlog's JSONRenderer writes."""

from __future__ import annotations

from typing import Any

import structlog

from moderation.observability import render_json


class _Custom:
    def __structlog__(self) -> dict[str, int]:
        return {"a": 1}


class _Opaque:
    def __repr__(self) -> str:
        return "<opaque>"


def test_a_log_line_is_the_one_structlogs_json_renderer_writes() -> None:
    event: dict[str, Any] = {
        "event": "comment.accepted",
        "request_id": "req-1",
        "score": 1.5e-05,
        "custom": _Custom(),
        "opaque": _Opaque(),
        "é": "ü\n\u2028",
        "none": None,
        "pair": (1, 2),
        "nested": {"b": [1.0, True]},
    }
    ours = render_json(None, "info", dict(event))
    assert ours == structlog.processors.JSONRenderer()(None, "info", dict(event))
    assert '"custom": {"a": 1}' in ours and '"opaque": "<opaque>"' in ours

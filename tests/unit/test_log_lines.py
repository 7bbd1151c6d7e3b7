"""The JSON log line: written with one encoder built once, the line structlog's JSONRenderer writes; each event
reaches stdout in one write with its newline, so worker processes sharing a log file never interleave."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
import structlog

from moderation.observability import configure_logging, render_json


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


class _Writes(io.StringIO):
    """A stdout that records every write call."""

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def write(self, text: str) -> int:
        self.calls.append(text)
        return super().write(text)


def test_every_event_is_one_write_ending_in_its_newline(monkeypatch: pytest.MonkeyPatch) -> None:
    out = _Writes()
    monkeypatch.setattr("sys.stdout", out)
    configure_logging(level="INFO", json=True)
    log = structlog.get_logger()
    log.info("model.switched", version="v-new", previous="v-old")
    log.warning("comment.accepted", comment_id="c1")
    assert len(out.calls) == 2
    assert all(call.endswith("\n") and call.count("\n") == 1 for call in out.calls)
    assert [json.loads(call)["event"] for call in out.calls] == ["model.switched", "comment.accepted"]

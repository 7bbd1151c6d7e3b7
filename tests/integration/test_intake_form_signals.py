"""A site's form signals (the WordPress plugin's trap and signed render time): the service decides, with reasons."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app

pytestmark = pytest.mark.redis

BROWSER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36"


@pytest.fixture
def app(rules_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(rules_settings.model_copy(update={"flood_seconds": 0}))) as client:
        yield client


def _post(app: TestClient, n: int, **fields: str) -> dict[str, Any]:
    body = {"comment": f"Merci pour cet article sur les vendanges, numéro {n}.", "author": "Claire",
            "email": f"claire{n}@example.fr", "user_agent": BROWSER, **fields}  # fmt: skip
    answer = app.post("/v1/comments", json=body, headers={"Accept-Language": "fr"})
    assert answer.status_code == 201, answer.text
    return answer.json()  # type: ignore[no-any-return]


def _codes(body: dict[str, Any]) -> list[str]:
    return [r["code"] for r in body["reasons"] if r["code"] != "rules_only"]  # no model here: the rules decide


def test_a_reader_who_took_time_to_write_is_published(app: TestClient) -> None:
    body = _post(app, 1, form_seconds="42", form_trap="")
    assert body["status"] == "approved" and _codes(body) == ["clean"]


def test_a_form_sent_faster_than_anyone_types_is_spam_with_the_reason(app: TestClient) -> None:
    body = _post(app, 2, form_seconds="1")
    assert body["status"] == "spam" and _codes(body) == ["too_fast"]
    assert body["reasons"][0]["message"].startswith("Le formulaire a été envoyé 1 s après son affichage")


def test_a_filled_trap_is_spam(app: TestClient) -> None:
    body = _post(app, 3, form_seconds="30", form_trap="http://pills.example")
    assert body["status"] == "spam" and _codes(body) == ["honeypot"]


def test_a_form_without_the_site_s_stamp_is_held(app: TestClient) -> None:
    body = _post(app, 4, form_seconds="-1")
    assert body["status"] == "pending" and _codes(body) == ["form_unsigned"]
    assert _post(app, 5, form_seconds="not-a-number")["status"] == "pending"


@pytest.mark.parametrize("agent", ["curl/8.5.0", "python-requests/2.32.3", "Go-http-client/1.1", ""])
def test_a_script_s_user_agent_on_the_browser_form_is_held(app: TestClient, agent: str) -> None:
    body = _post(app, 6, form_seconds="30", user_agent=agent)
    assert body["status"] == "pending" and _codes(body) == ["script_agent"]


def test_comments_from_other_paths_carry_no_form_signals_and_are_not_judged_by_them(app: TestClient) -> None:
    # The REST API or an import: no form, so no render time, and an HTTP library's agent is expected.
    body = _post(app, 7, user_agent="python-httpx/0.28")
    assert body["status"] == "approved"


def test_the_minimum_time_can_be_lowered_or_turned_off(rules_settings: Settings) -> None:
    settings = rules_settings.model_copy(update={"flood_seconds": 0, "min_form_seconds": 0.0})
    with TestClient(create_app(settings)) as client:
        assert _post(client, 8, form_seconds="0")["status"] == "approved"

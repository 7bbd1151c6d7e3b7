"""The moderators' page in headless Chromium: sign in, decide with the keyboard, check outcomes via the API."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis
import uvicorn

from moderation.config import Settings
from moderation.main import create_app
from moderation.review.auth import ModeratorStore
from moderation.storage.keys import Keys
from tests.conftest import REDIS_URL
from tests.integration.review_support import review_settings_from, seed_item
from tests.support.server import free_port

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
#: Set to a folder to keep screenshots of the page (used while developing it).
_SHOTS = os.environ.get("MODERATION_SCREENSHOT_DIR")
SCREENSHOT_DIR = Path(_SHOTS) if _SHOTS else None


def _require_chromium() -> None:
    if CHROMIUM.exists():
        return
    reason = "headless Chromium is missing: apt-get install chromium chromium-driver (.ci/run does)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass
class Served:
    """The app served by uvicorn on a local port."""

    base: str
    settings: Settings
    token: str
    admin_token: str


@pytest.fixture
def served(rules_settings: Settings) -> Iterator[Served]:
    _require_chromium()
    settings = review_settings_from(rules_settings)
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("uvicorn did not start")
        time.sleep(0.05)
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    store = ModeratorStore(client=client, keys=Keys(settings.namespace))
    _mod, token = store.add("camille")
    _adm, admin_token = store.add("chef", admin=True)
    client.close()
    try:
        yield Served(base=f"http://127.0.0.1:{port}", settings=settings, token=token, admin_token=admin_token)
    finally:
        server.should_exit = True
        thread.join(15)


@pytest.fixture
def browser() -> Iterator[Any]:
    _require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


def _submit(base: str, text: str, author: str) -> str:
    body = {"comment": text, "author": author, "email": f"{author.lower()}@example.fr", "comment_post_ID": "12",
            "lang": "fr"}  # fmt: skip
    response = httpx.post(f"{base}/v1/comments", json=body, timeout=10)
    assert response.status_code == 201 and response.json()["status"] == "pending", response.text
    return str(response.json()["id"])


def _status(base: str, comment_id: str) -> str:
    return str(httpx.get(f"{base}/v1/comments/{comment_id}", timeout=10).json()["status"])


def _wait_for_holder(served: Served, comment_id: str, moderator: str | None) -> None:
    """Wait until the comment's claim is held by `moderator` (None: by nobody), as the API reports it."""
    headers = {"Authorization": f"Bearer {served.admin_token}"}
    deadline = time.monotonic() + 5
    holder: object = "?"
    while time.monotonic() < deadline:
        claim = httpx.get(f"{served.base}/v1/review/items/{comment_id}", headers=headers, timeout=5).json()["claim"]
        holder = claim["moderator"] if claim else None
        if holder == moderator:
            return
        time.sleep(0.05)
    raise AssertionError(f"{comment_id} held by {holder!r}, expected {moderator!r}")


def _selected(page: Any) -> str:
    return str(page.get_attribute("#queue li.item.selected", "data-id"))


def test_moderator_signs_in_and_decides_with_the_keyboard(served: Served, browser: Any) -> None:
    from playwright.sync_api import expect

    first = _submit(served.base, "Premier commentaire, relecture demandée", "Alice")
    second = _submit(served.base, "Deuxième : achetez mes montres, relecture", "Bruno")
    third = _submit(served.base, "Troisième <img src=x onerror=alert(1)> relecture", "Chloe")
    context = browser.new_context(locale="en-GB", extra_http_headers={"Accept-Language": "en"})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))

    response = page.goto(f"{served.base}/moderate")
    assert response is not None
    assert "script-src 'self'" in response.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"
    assert page.inner_text("h1") == "Moderation queue"
    page.fill("#token", served.token)
    page.click("#signin-button")
    page.wait_for_selector("#queue li.item")

    assert page.locator("#queue li.item").count() == 3
    if SCREENSHOT_DIR is not None:
        page.screenshot(path=str(SCREENSHOT_DIR / "moderate-en.png"), full_page=True)
    assert page.inner_text("#who-name") == "camille (moderator)"
    assert served.token not in page.url
    assert page.evaluate("window.sessionStorage.getItem('moderation.token')") == served.token
    # The comment's markup is shown as text, never parsed.
    assert "<img src=x onerror=alert(1)>" in page.inner_text(f"li[data-id='{third}'] .comment")
    assert page.locator("li.item .comment img").count() == 0

    assert _selected(page) == first
    _wait_for_holder(served, first, "camille")  # the page claims the comment being read
    page.keyboard.press("j")
    assert _selected(page) == second
    _wait_for_holder(served, second, "camille")
    _wait_for_holder(served, first, None)  # ...and gives back the one it left
    page.keyboard.press("k")
    assert _selected(page) == first
    _wait_for_holder(served, first, "camille")
    for key in "jkjkjk":  # quick moves leave exactly the selected comment claimed
        page.keyboard.press(key)
    _wait_for_holder(served, first, "camille")
    _wait_for_holder(served, second, None)
    page.keyboard.press("?")
    assert page.is_visible("#help")
    page.keyboard.press("?")
    assert not page.is_visible("#help")

    page.keyboard.press("a")  # approve the first
    expect(page.locator("#queue li.item")).to_have_count(2)
    assert _selected(page) == second
    page.keyboard.press("s")  # the second is spam
    expect(page.locator("#queue li.item")).to_have_count(1)
    page.select_option("#reject-reason", "insult")
    page.locator("#queue li.item").first.click(position={"x": 5, "y": 5})  # focus leaves the select
    page.keyboard.press("r")  # reject the third with the chosen reason
    page.wait_for_selector("#queue-empty", state="visible")
    if SCREENSHOT_DIR is not None:
        page.screenshot(path=str(SCREENSHOT_DIR / "moderate-empty.png"), full_page=True)

    assert (_status(served.base, first), _status(served.base, second), _status(served.base, third)) == (
        "approved", "spam", "rejected",
    )  # fmt: skip
    audit = httpx.get(f"{served.base}/v1/review/audit", headers={"Authorization": f"Bearer {served.admin_token}"})
    assert [(e["comment_id"], e["reason"], e["moderator"]) for e in audit.json()["entries"]] == [
        (third, "insult", "camille"), (second, "spam", "camille"), (first, None, "camille"),
    ]  # fmt: skip
    assert errors == [], errors
    context.close()


def test_page_highlights_spans_speaks_french_and_refuses_a_bad_token(served: Served, browser: Any) -> None:
    client = redis.Redis.from_url(REDIS_URL, decode_responses=True)
    keys = Keys(served.settings.namespace)
    text = "Espèce de crétin, tu n'as rien compris."
    spans = {"insult": [{"start": 10, "end": 16, "text": "crétin", "weight": 0.9}]}
    seeded = seed_item(client, keys, text=text, spans=spans, scores={"insult": 0.81, "spam": 0.02}, risk=0.81)
    client.close()
    context = browser.new_context(locale="fr-FR", extra_http_headers={"Accept-Language": "fr-FR,fr;q=0.9"})
    page = context.new_page()

    page.goto(f"{served.base}/moderate")
    assert page.inner_text("h1") == "File de modération"
    page.fill("#token", "not-a-token")
    page.click("#signin-button")
    page.wait_for_selector("#signin-error", state="visible")
    assert page.evaluate("window.sessionStorage.getItem('moderation.token')") is None
    page.fill("#token", served.token)
    page.click("#signin-button")
    page.wait_for_selector(f"li[data-id='{seeded}'] mark")

    marks = page.locator(f"li[data-id='{seeded}'] mark")
    assert marks.count() == 1
    assert marks.first.inner_text() == "crétin"
    assert marks.first.get_attribute("data-heads") == "insult"
    assert "Approuver" in page.inner_text(f"li[data-id='{seeded}'] .actions")
    if SCREENSHOT_DIR is not None:
        page.screenshot(path=str(SCREENSHOT_DIR / "moderate-fr.png"), full_page=True)

    page.click("#lang-switch")
    page.wait_for_selector(f"li[data-id='{seeded}']")  # still signed in: the token lives in sessionStorage
    assert page.inner_text("h1") == "Moderation queue"
    page.click("#sign-out")
    assert page.is_visible("#signin")
    assert page.evaluate("window.sessionStorage.getItem('moderation.token')") is None
    context.close()


def test_two_moderators_never_see_the_same_comment_at_once(served: Served, browser: Any) -> None:
    from playwright.sync_api import expect

    first = _submit(served.base, "Un avis, relecture", "Denis")
    second = _submit(served.base, "Un autre avis, relecture", "Emma")
    pages = []
    for token in (served.token, served.admin_token):
        page = browser.new_context(extra_http_headers={"Accept-Language": "fr"}).new_page()
        page.goto(f"{served.base}/moderate")
        page.fill("#token", token)
        page.click("#signin-button")
        page.wait_for_selector("#queue li.item")
        _wait_for_holder(served, _selected(page), "camille" if token == served.token else "chef")
        pages.append(page)

    camille, chef = pages
    assert (_selected(camille), _selected(chef)) == (first, second)
    expect(chef.locator("#queue li.item")).to_have_count(1)  # camille's comment is not offered to chef
    chef.keyboard.press("a")
    camille.keyboard.press("s")
    expect(chef.locator("#queue-empty")).to_be_visible()
    expect(camille.locator("#queue li.item")).to_have_count(0)
    assert (_status(served.base, first), _status(served.base, second)) == ("spam", "approved")

"""The moderators' page in headless Chromium: sign in, decide with the keyboard, check outcomes via the API."""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from moderation.config import Settings
from moderation.main import create_app
from moderation.review.auth import ModeratorStore
from moderation.storage.clients import client_from_url
from moderation.storage.keys import Keys
from tests.conftest import REDIS_URL
from tests.integration.review_support import review_settings_from, seed_item
from tests.support.server import free_port
from tests.support.waiting import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.redis]

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
    reason = "headless Chromium is missing: apt-get install chromium chromium-driver (`make test` does)"
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


@contextmanager
def _serve(settings: Settings) -> Iterator[Served]:
    """The app for `settings` served by uvicorn on a free port, with a moderator and an admin."""
    _require_chromium()
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()

    def started() -> bool:
        assert thread.is_alive(), "uvicorn exited"
        return bool(server.started)

    wait_until(started, timeout=60, what="uvicorn to start")
    client = client_from_url(REDIS_URL, decode_responses=True)
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
def served(rules_settings: Settings) -> Iterator[Served]:
    with _serve(review_settings_from(rules_settings, allowed_redirect_hosts=["journal.example"])) as running:
        yield running


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


def _submit(base: str, text: str, author: str, **fields: str) -> str:
    body = {"comment": text, "author": author, "email": f"{author.lower()}@example.fr", "comment_post_ID": "12",
            "lang": "fr", **fields}  # fmt: skip
    response = httpx.post(f"{base}/v1/comments", json=body, timeout=10)
    assert response.status_code == 201 and response.json()["status"] == "pending", response.text
    return str(response.json()["id"])


def _status(base: str, comment_id: str) -> str:
    return str(httpx.get(f"{base}/v1/comments/{comment_id}", timeout=10).json()["status"])


def _wait_for_holder(served: Served, comment_id: str, moderator: str | None) -> None:
    """Wait until the comment's claim is held by `moderator` (None: by nobody), as the API reports it."""
    headers = {"Authorization": f"Bearer {served.admin_token}"}
    holder: list[object] = ["?"]

    def held_as_expected() -> bool:
        claim = httpx.get(f"{served.base}/v1/review/items/{comment_id}", headers=headers, timeout=5).json()["claim"]
        holder[0] = claim["moderator"] if claim else None
        return holder[0] == moderator

    wait_until(held_as_expected, timeout=5, what=lambda: f"{comment_id} held by {moderator!r}, not {holder[0]!r}")


def _sign_in(served: Served, browser: Any, lang: str = "fr", width: int = 1280, height: int = 900) -> Any:
    """A page signed in as camille in a browser set to `lang`, with the queue listed; records script errors."""
    context = browser.new_context(locale=lang, viewport={"width": width, "height": height})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("response", lambda r: errors.append(f"{r.request.method} {r.url} {r.status}") if r.status >= 400 else None)
    page.goto(f"{served.base}/moderate")
    page.fill("#token", served.token)
    page.click("#signin-button")
    page.wait_for_selector("#queue li.item")
    page.script_errors = errors
    return page


def _focused_item(page: Any) -> str | None:
    """The data-id of the comment holding the keyboard focus (None if the focus is outside the list)."""
    value = page.evaluate(
        "() => { const li = document.activeElement && document.activeElement.closest('#queue li.item');"
        " return li ? li.getAttribute('data-id') : null; }"
    )
    return str(value) if value is not None else None


def _selected(page: Any) -> str:
    return str(page.get_attribute("#queue li.item.current", "data-id"))


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
    assert "<img src=x onerror=alert(1)>" in page.inner_text(f"li[data-id='{third}'] .snippet")
    assert page.locator("li.item img").count() == 0

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
    page.keyboard.press("r")  # reject the third: the page asks for the reason, never picks one itself
    expect(page.locator("#picker")).to_be_visible()
    assert page.locator("#picker button[data-reason]").nth(0).inner_text() == "1 insult"
    page.keyboard.press("1")
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
    client = client_from_url(REDIS_URL, decode_responses=True)
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


def test_two_moderators_never_work_on_the_same_comment_and_each_sees_the_others_claim(
    served: Served, browser: Any
) -> None:
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
    # camille's comment is listed for chef, marked as a colleague's, and never made current there
    taken = chef.locator(f"li[data-id='{first}'].taken .badge.claim")
    expect(taken).to_have_text("👁 relu par un collègue (camille)")
    expect(camille.locator(f"li[data-id='{second}'] .badge.claim")).to_contain_text("relu par un collègue (chef)")
    chef.keyboard.press("k")
    assert _selected(chef) == second
    chef.keyboard.press("a")
    camille.keyboard.press("s")
    expect(chef.locator("#queue-empty")).to_be_visible()
    expect(camille.locator("#queue li.item")).to_have_count(0)
    assert (_status(served.base, first), _status(served.base, second)) == ("spam", "approved")


def test_tabbing_to_a_comment_makes_it_current_and_keys_act_on_it_alone(served: Served, browser: Any) -> None:
    from playwright.sync_api import expect

    first = _submit(served.base, "Les journalistes sont des menteurs, relecture", "Alice")
    second = _submit(served.base, "Tous dehors, relecture", "Bruno")
    third = _submit(served.base, "Un troisième avis, relecture", "Chloe")
    page = _sign_in(served, browser)
    assert _selected(page) == first

    # Tab forward until the focus reaches the second comment: it becomes the current one, and `a` decides it.
    for _ in range(30):
        page.keyboard.press("Tab")
        if _focused_item(page) == second:
            break
    assert _focused_item(page) == second
    assert _selected(page) == second
    page.keyboard.press("Tab")  # on to its own buttons (only the current comment has them)
    assert _focused_item(page) == second and _selected(page) == second
    page.keyboard.press("a")
    expect(page.locator("#queue li.item")).to_have_count(2)
    assert (_status(served.base, first), _status(served.base, second)) == ("pending", "approved")

    # The pointer moves the current comment too, and the keyboard focus follows the current comment.
    page.locator(f"li[data-id='{first}'] .snippet").click()
    assert _selected(page) == first and _focused_item(page) == first
    page.keyboard.press("j")
    assert _selected(page) == third and _focused_item(page) == third
    page.locator(f"li[data-id='{third}'] button[data-action='approve']").focus()
    page.keyboard.press("k")
    assert _selected(page) == first and _focused_item(page) == first
    page.keyboard.press("s")
    expect(page.locator("#queue li.item")).to_have_count(1)
    assert _status(served.base, first) == "spam" and _status(served.base, third) == "pending"
    assert _selected(page) == third and _focused_item(page) == third
    assert page.script_errors == []


def test_undo_brings_decisions_back_and_the_label_follows_the_correction(served: Served, browser: Any) -> None:
    from playwright.sync_api import expect

    abuse = _submit(served.base, "Tous les musulmans dehors, relecture", "Denis")
    fine = _submit(served.base, "Merci pour cet article, relecture", "Emma")
    page = _sign_in(served, browser, lang="en")
    assert _selected(page) == abuse

    page.keyboard.press("a")  # the slip: abuse approved
    expect(page.locator("#undo")).to_be_visible()
    assert _status(served.base, abuse) == "approved"
    page.keyboard.press("u")
    expect(page.locator(f"li[data-id='{abuse}']")).to_be_visible()
    assert _selected(page) == abuse and _focused_item(page) == abuse
    assert _status(served.base, abuse) == "pending"
    _wait_for_holder(served, abuse, "camille")
    page.keyboard.press("r")
    page.keyboard.press("3")  # identity attack
    expect(page.locator("#queue li.item")).to_have_count(1)
    assert _status(served.base, abuse) == "rejected" and _status(served.base, fine) == "pending"

    client = client_from_url(REDIS_URL, decode_responses=True)
    keys = Keys(served.settings.namespace)
    entries = client.xrange(keys.labels())
    labels = [(f["comment_id"], json.loads(f["labels"])) for _id, f in entries if f["comment_id"] == abuse]
    client.close()
    assert labels == [
        (abuse, {"spam": 0, "toxicity": 0}), (abuse, {}), (abuse, {"identity_attack": 1, "spam": 0, "toxicity": 1}),
    ]  # fmt: skip
    audit = httpx.get(f"{served.base}/v1/review/audit", headers={"Authorization": f"Bearer {served.admin_token}"})
    assert [e["decision"] for e in audit.json()["entries"]] == ["reject", "revert", "approve"]
    assert page.script_errors == []


def test_bulk_decisions_on_checked_comments_and_their_undo(served: Served, browser: Any) -> None:
    from playwright.sync_api import expect

    ids = [_submit(served.base, f"Achetez mes montres n°{n}, relecture", f"Vendeur{n}") for n in range(3)]
    keep = _submit(served.base, "Un avis sincère, relecture", "Lectrice")
    page = _sign_in(served, browser)
    expect(page.locator("#bulk")).to_be_hidden()

    page.keyboard.press("x")  # check the current comment, then two more with the pointer
    page.locator(f"li[data-id='{ids[1]}'] input.pick").check()
    page.locator(f"li[data-id='{ids[2]}'] input.pick").check()
    expect(page.locator("#bulk-count")).to_have_text("3")
    page.click("#bulk-spam")
    expect(page.locator("#queue li.item")).to_have_count(1)
    assert [_status(served.base, i) for i in ids] == ["spam"] * 3
    assert _selected(page) == keep

    page.click("#undo-button")  # the whole batch comes back
    expect(page.locator("#queue li.item")).to_have_count(4)
    assert [_status(served.base, i) for i in ids] == ["pending"] * 3
    page.check("#select-all")
    page.locator(f"li[data-id='{keep}'] input.pick").uncheck()
    page.click("#bulk-reject")
    expect(page.locator("#picker")).to_be_visible()
    page.click("#picker button[data-reason='other']")
    expect(page.locator("#queue li.item")).to_have_count(1)
    assert [_status(served.base, i) for i in ids] == ["rejected"] * 3 and _status(served.base, keep) == "pending"
    assert page.script_errors == []


def test_compact_list_expands_the_current_comment_with_author_fields_and_article_link(
    served: Served, browser: Any
) -> None:
    long_text = "Très long commentaire, relecture. " + "Bla bla bla. " * 60
    author = {"email": "alice.martin@Example-Mail.fr", "url": "https://blog.alice.example/"}
    first = _submit(served.base, long_text, "Alice", permalink="https://journal.example/2026/11/article-12", **author)
    second = _submit(served.base, "Un autre, relecture", "Bruno")
    page = _sign_in(served, browser, lang="en")

    current, other = page.locator(f"li[data-id='{first}']"), page.locator(f"li[data-id='{second}']")
    assert current.locator(".details").count() == 1 and other.locator(".details").count() == 0
    assert other.locator(".main-reason").inner_text() == "moderation word"  # the reason in words
    assert _height(page, f"li[data-id='{second}']") < 90  # one compact row, not the whole comment
    details = current.locator(".author-fields").inner_text()
    assert "example-mail.fr" in details and "alice.martin" not in page.content()
    assert current.locator("a[href='https://blog.alice.example/']").count() == 1
    article = current.locator("a[href='https://journal.example/2026/11/article-12']")
    assert article.inner_text() == "open the article"
    assert article.get_attribute("rel") == "noopener noreferrer nofollow ugc"

    page.keyboard.press("j")  # the selection expands the next comment and folds the previous one
    assert current.locator(".details").count() == 0 and other.locator(".details").count() == 1
    assert _height(page, f"li[data-id='{first}']") < 90
    assert page.script_errors == []


def _height(page: Any, selector: str) -> float:
    """The element's height, measured in one pass (a poll or a claim's answer may redraw it between two calls)."""
    height = page.evaluate("s => document.querySelector(s)?.getBoundingClientRect().height ?? null", selector)
    assert height is not None, selector
    return float(height)


def _page_text(page: Any) -> str:
    return str(page.evaluate("() => document.body.innerText"))


def test_every_label_is_in_the_pages_language(served: Served, browser: Any) -> None:
    from playwright.sync_api import expect

    client = client_from_url(REDIS_URL, decode_responses=True)
    keys = Keys(served.settings.namespace)
    scores = {"identity_attack": 0.72, "severe_toxicity": 0.41, "toxicity": 0.66, "spam": 0.03}
    reasons = [{"code": "model_hold", "source": "model", "head": "identity_attack", "params": {"score": 0.72}}]
    first = seed_item(client, keys, text="Rentrez chez vous", scores=scores, reasons=reasons, risk=0.72)
    seed_item(client, keys, text="Go home", scores=scores, reasons=reasons, risk=0.71)
    client.close()
    raw = ("identity_attack", "severe_toxicity", "model_hold", "moderation_word", "(moderator)", "approved",
           "pending", "autre")  # fmt: skip

    page = _sign_in(served, browser, lang="fr")
    assert _selected(page) == first
    heads = page.locator("li.item.current .score .head").all_inner_texts()
    assert heads == ["attaque identitaire", "toxicité", "toxicité grave", "spam"]  # the driving head, then by score
    bands = page.locator("li.item.current .score .band")
    assert bands.all_inner_texts() == ["moyen", "moyen", "moyen", "faible"]
    assert bands.first.get_attribute("title") == "score exact : 0.7200"
    assert page.inner_text("#who-name") == "camille (modérateur)"
    assert page.inner_text("li.item.current .main-reason") == "attaque identitaire"
    assert "(score" not in _page_text(page) and "Peut-être" not in _page_text(page)
    page.click("#help-button")
    text = _page_text(page) + " ".join(page.locator("#filter-reason option").all_inner_texts())
    assert [word for word in raw if word in text] == []
    page.keyboard.press("r")  # the reject reasons: French, and none chosen in advance
    picker = page.locator("#picker button[data-reason]").all_inner_texts()
    assert picker == ["1 insulte", "2 menace", "3 attaque identitaire", "4 harcèlement", "5 hors sujet", "6 autre"]
    page.keyboard.press("Escape")
    page.keyboard.press("a")
    expect(page.locator("#queue li.item")).to_have_count(1)
    undo_bar = page.inner_text("#undo")
    assert undo_bar.startswith("Approuvé : « Rentrez chez vous »") and "Défaire (u)" in undo_bar

    english = _sign_in(served, browser, lang="fr")  # a French browser on the English page gets English reasons
    english.goto(f"{served.base}/moderate?lang=en")
    english.wait_for_selector("#queue li.item")
    assert english.inner_text("li.item.current .main-reason") == "identity attack"
    first_reason = english.locator("li.item.current .reasons li").first
    assert first_reason.get_attribute("title") == "Held for review: identity attack."
    assert english.inner_text("#who-name") == "camille (moderator)"
    assert english.locator("li.item.current .score .head").all_inner_texts()[0] == "identity attack"
    assert page.script_errors == [] and english.script_errors == []


@pytest.mark.parametrize("width", [1280, 420, 360])
def test_page_fits_the_screen_from_desktop_to_a_360_px_phone(served: Served, browser: Any, width: int) -> None:
    from playwright.sync_api import expect

    for n in range(4):
        text = f"Commentaire n°{n} avec un lien https://exemple.fr/{'x' * 80}, relecture"
        site = "https://un-site-au-nom-assez-long.example/avec/un/chemin"
        _submit(served.base, text, f"Lecteur{n}", url=site, permalink="https://journal.example/a")
    page = _sign_in(served, browser, lang="fr", width=width, height=800)
    # the list is drawn before its first comment is made current: measure the page a moderator works in
    expect(page.locator("li.item.current button[data-action='spam']")).to_be_visible()
    page.keyboard.press("x")
    expect(page.locator("#bulk")).to_be_visible()  # "x" checked the current comment: the bulk bar is shown

    overflow = page.evaluate(
        "() => [document.documentElement.scrollWidth - window.innerWidth,"
        " ...Array.from(document.querySelectorAll('.bar, .bar *, .filters, .bulk, li.item, li.item *'))"
        "   .filter(e => e.getBoundingClientRect().right > window.innerWidth + 0.5).map(e => e.className || e.tagName)]"
    )
    assert overflow == [0], overflow
    bar = page.locator("header.bar").bounding_box()
    assert bar is not None and bar["height"] < 100  # the header wraps at most once
    # measured in one pass: the claim's answer may replace the current comment's details (and its buttons) at any time
    boxes = page.evaluate(
        "() => ['approve', 'reject', 'spam'].map(a => {"
        "  const b = document.querySelector(`li.item.current button[data-action='${a}']`);"
        "  if (!b) { return null; } const r = b.getBoundingClientRect();"
        "  return {x: r.x, width: r.width, height: r.height}; })"
    )
    for box in boxes:
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width and box["height"] >= 24, boxes
    if SCREENSHOT_DIR is not None:
        page.screenshot(path=str(SCREENSHOT_DIR / f"moderate-{width}.png"), full_page=True)
    page.keyboard.press("r")  # the reason picker fits too
    picker = page.locator("#picker").bounding_box()
    assert picker is not None and picker["x"] >= 0 and picker["x"] + picker["width"] <= width
    if SCREENSHOT_DIR is not None:
        page.screenshot(path=str(SCREENSHOT_DIR / f"moderate-{width}-picker.png"))
    page.keyboard.press("6")
    expect(page.locator("#undo")).to_be_visible()
    if SCREENSHOT_DIR is not None:
        page.screenshot(path=str(SCREENSHOT_DIR / f"moderate-{width}-undo.png"))
    assert page.script_errors == []


def test_the_current_comment_shows_its_explanation_and_flags_the_author_field_behind_a_spam_hold(
    settings: Settings, browser: Any
) -> None:
    """With the bundled model: the list carries no explanation; opening (claiming) the comment brings it."""
    from playwright.sync_api import expect

    strict = {"flood_seconds": 0, "thresholds": {"spam": {"approve": 0.0, "reject": 1.01},
                                                 "toxicity": {"approve": 0.0, "reject": 1.01}}}  # fmt: skip
    with _serve(settings.model_copy(update=strict)) as served:
        body = {"comment": "Thanks for this great post!", "author": "www.casino-bonus.xyz",
                "lang": "en", "email": "promo.4821@casino-bonus.xyz",
                "url": "http://casino-bonus.xyz/promo/free-spins"}  # fmt: skip
        response = httpx.post(f"{served.base}/v1/comments", json=body, timeout=30)
        assert response.json()["status"] == "pending", response.text
        page = _sign_in(served, browser, lang="en")

        name = page.locator("li.item.current .author-fields dd.flagged", has_text="www.casino-bonus.xyz")
        expect(name).to_have_count(1)  # a link for a name drove the spam score: flagged, with the model's words
        assert "name" in str(name.get_attribute("title"))
        # the website the site never approved is named by the site memory's reason
        assert page.locator("li.item.current .reasons li", has_text="casino-bonus.xyz").count() >= 1
        assert "promo.4821" not in page.content()
        assert page.script_errors == []


def _item_top(page: Any, comment_id: str) -> float:
    """Where a comment's row is on the screen (pixels from the top of the viewport)."""
    script = f"() => document.querySelector(\"li[data-id='{comment_id}']\").getBoundingClientRect().top"
    return float(page.evaluate(script))


def test_a_comment_held_while_the_page_is_open_appears_without_moving_the_selection(
    served: Served, browser: Any
) -> None:
    from playwright.sync_api import expect

    _submit(served.base, "Premier avis, relecture", "Alice")
    second = _submit(served.base, "Deuxième avis, relecture", "Bruno")
    page = _sign_in(served, browser)
    page.keyboard.press("j")
    assert _selected(page) == second
    _wait_for_holder(served, second, "camille")
    expect(page.locator("#queue-count")).to_have_text("2")
    top = _item_top(page, second)

    third = _submit(served.base, "Troisième avis, relecture", "Chloé")  # held by the rules, through the API
    client = client_from_url(REDIS_URL, decode_responses=True)
    urgent = seed_item(client, Keys(served.settings.namespace), text="Urgent : menace", risk=0.95)  # ranks first
    client.close()

    expect(page.locator(f"li[data-id='{urgent}']")).to_be_visible(timeout=5_000)
    expect(page.locator(f"li[data-id='{third}']")).to_be_visible(timeout=5_000)
    expect(page.locator("#queue-count")).to_have_text("4")  # the server's count, not a local tally
    order = page.locator("#queue li.item").evaluate_all("items => items.map(li => li.dataset.id)")
    assert order.index(urgent) < order.index(second)  # a row came above the current comment...
    assert _selected(page) == second and _focused_item(page) == second  # ...and the selection stayed
    assert 0 <= _item_top(page, second) < 900  # in view (the page scrolls by the new row's height when it can)
    assert top >= 0
    _wait_for_holder(served, second, "camille")
    page.keyboard.press("a")
    assert _status(served.base, second) == "approved"
    assert page.script_errors == []


def test_in_a_long_list_a_row_added_above_the_current_comment_leaves_it_where_it_is_on_the_screen(
    served: Served, browser: Any
) -> None:
    from playwright.sync_api import expect

    ids = [_submit(served.base, f"Avis n°{n}, relecture", f"Lecteur{n}") for n in range(12)]
    page = _sign_in(served, browser, height=500)
    for _ in range(8):
        page.keyboard.press("j")
    assert _selected(page) == ids[8]
    page.wait_for_function("() => window.scrollY > 0")  # the list scrolled to keep the current comment in view
    _wait_for_holder(served, ids[8], "camille")
    top = _item_top(page, ids[8])

    client = client_from_url(REDIS_URL, decode_responses=True)
    urgent = seed_item(client, Keys(served.settings.namespace), text="Urgent", risk=0.95)  # ranks first
    client.close()
    expect(page.locator(f"li[data-id='{urgent}']")).to_be_attached(timeout=5_000)

    assert _selected(page) == ids[8] and _focused_item(page) == ids[8]
    assert abs(_item_top(page, ids[8]) - top) <= 1, (top, _item_top(page, ids[8]))
    assert page.script_errors == []


def test_a_comment_decided_by_the_site_while_read_is_explained_not_silently_lost(
    rules_settings: Settings, browser: Any
) -> None:
    from playwright.sync_api import expect

    site_key = "site-key-for-the-page-test-0123456789"
    with_key = Settings(**{**rules_settings.model_dump(), "site_keys": site_key, "ip_hash_key": "page-test-key"})
    settings = review_settings_from(with_key)
    with _serve(settings) as served:
        read = _submit(served.base, "Achetez mes montres, relecture", "Vendeur")
        other = _submit(served.base, "Un avis, relecture", "Lectrice")
        page = _sign_in(served, browser)
        assert _selected(page) == read
        _wait_for_holder(served, read, "camille")
        # a colleague marks it spam in wp-admin: the site's verdict decides it, over camille's claim
        verdict = httpx.post(f"{served.base}/v1/comments/{read}/feedback", json={"label": "spam"},
                             headers={"X-Site-Key": site_key}, timeout=10)  # fmt: skip
        assert verdict.status_code == 201, verdict.text
        page.keyboard.press("a")  # too late: whichever comes first, the refused decision or the poll, says why

        expect(page.locator("#status")).to_contain_text("site (spam)")
        expect(page.locator("#queue li.item")).to_have_count(1)
        assert _status(served.base, read) == "spam" and _status(served.base, other) == "pending"
        assert _selected(page) == other
        assert page.script_errors == [] or all(" 409" in e or "409 (Conflict)" in e for e in page.script_errors)


def test_on_a_phone_the_decision_buttons_stay_beside_the_comment_while_it_is_read(served: Served, browser: Any) -> None:
    long_text = "Un long commentaire, relecture. " + "Une phrase de plus pour remplir l'écran du téléphone. " * 40
    first = _submit(served.base, long_text, "Alice")
    _submit(served.base, "Un autre, relecture", "Bruno")
    page = _sign_in(served, browser, lang="fr", width=360, height=640)
    current = page.locator(f"li[data-id='{first}']")
    approve = current.locator("button[data-action='approve']")

    def in_view() -> bool:
        """Whether the approve button is on screen."""
        box = approve.bounding_box()
        return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 640

    # once layout settles (the list renders, the scroll lands): on arrival, under the comment's first lines
    wait_until(in_view, what="the approve button on screen")
    for _ in range(3):  # scrolling through the comment keeps them stuck to the bottom of the screen
        page.mouse.wheel(0, 300)
        page.wait_for_function("() => window.scrollY > 0")
        wait_until(in_view, what="the approve button on screen after scrolling")
        # the comment is still what is on screen (measured in one pass: the claim's answer may redraw the details)
        top = page.evaluate(
            "id => document.querySelector(`li[data-id='${id}'] .comment`)?.getBoundingClientRect().y", first
        )
        assert top is not None and top < 640
    if SCREENSHOT_DIR is not None:
        page.screenshot(path=str(SCREENSHOT_DIR / "moderate-360-scrolled.png"))
    approve.click()
    assert _status(served.base, first) == "approved"
    assert page.script_errors == []


def test_swagger_docs_render_with_no_network_beyond_the_service(served: Served, browser: Any) -> None:
    from playwright.sync_api import expect

    page = browser.new_context().new_page()
    outside: list[str] = []

    def local_only(route: Any) -> None:
        if route.request.url.startswith(served.base):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    page.route("**/*", local_only)
    page.goto(f"{served.base}/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("moderation", timeout=15_000)
    expect(page.locator(".opblock-summary-path", has_text="/v1/comments").first).to_be_visible()
    assert outside == []


# ------------------------------------------------------------------ with the served model


@contextmanager
def _model_served(settings: Settings) -> Iterator[Served]:
    """The served model, with `relecture` holding comments the model would approve, and no flood limit."""
    with _serve(review_settings_from(settings)) as served:
        wait_until(
            lambda: httpx.get(f"{served.base}/readyz", timeout=5).status_code == 200, timeout=60, what="the model"
        )
        yield served


def test_the_reason_shown_first_is_the_head_that_drove_the_hold(settings: Settings, browser: Any) -> None:
    with _model_served(settings) as served:
        body = {"comment": "P*tain mais quel fdp ce ministre, ntm", "author": "Max", "email": "max@example.fr",
                "comment_post_ID": "5"}  # fmt: skip
        held = httpx.post(f"{served.base}/v1/comments", json=body, timeout=30).json()
        assert held["status"] == "pending", held
        page = _sign_in(served, browser, lang="fr")

        current = page.locator(f"li[data-id='{held['id']}'].current")
        assert current.locator(".main-reason").inner_text() == "propos injurieux"  # toxicity 0.95, not threat
        assert current.locator(".score .head").first.inner_text() == "toxicité"
        assert current.locator(".reasons li").first.inner_text().startswith("propos injurieux")
        assert current.locator(".score .band").first.inner_text() == "élevé"
        if SCREENSHOT_DIR is not None:
            page.screenshot(path=str(SCREENSHOT_DIR / "moderate-model-fr-1280.png"), full_page=True)
        english = _sign_in(served, browser, lang="en")
        english.goto(f"{served.base}/moderate?lang=en")
        english.wait_for_selector("#queue li.item.current")
        assert english.inner_text("li.item.current .main-reason") == "abusive language"
        if SCREENSHOT_DIR is not None:
            english.set_viewport_size({"width": 360, "height": 800})
            english.screenshot(path=str(SCREENSHOT_DIR / "moderate-model-en-360.png"), full_page=True)
        assert page.script_errors == [] and english.script_errors == []


def _admin_page(served: Served, browser: Any, lang: str, width: int) -> Any:
    context = browser.new_context(locale=lang, viewport={"width": width, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(f"{served.base}/moderate?lang={lang}")
    page.fill("#token", served.admin_token)
    page.click("#signin-button")
    page.wait_for_selector("#admin-button", state="visible")
    page.script_errors = errors
    return page


@pytest.mark.parametrize(("lang", "width"), [("fr", 1280), ("en", 1280), ("fr", 360), ("en", 360)])
def test_the_admin_view_charts_the_desks_days_from_the_real_stats(
    settings: Settings, browser: Any, lang: str, width: int
) -> None:
    from playwright.sync_api import expect

    with _model_served(settings) as served:
        texts = ["Merci pour cet article, relecture", "Espèce de connard, va te faire foutre, relecture",
                 "Très bon papier sur le budget, relecture", "Article clair et utile.",
                 "P*tain mais quel fdp ce ministre, ntm"]  # fmt: skip
        ids = []
        for n, text in enumerate(texts):
            body = {"comment": text, "author": f"L{n}", "email": f"l{n}@example.fr", "comment_post_ID": "9"}
            ids.append(httpx.post(f"{served.base}/v1/comments", json=body, timeout=30).json()["id"])
        moderator = {"Authorization": f"Bearer {served.token}"}
        for comment_id, decision in ((ids[0], {"decision": "approve"}),
                                     (ids[2], {"decision": "reject", "reason": "other"}),
                                     (ids[4], {"decision": "reject", "reason": "insult"})):  # fmt: skip
            answer = httpx.post(f"{served.base}/v1/review/items/{comment_id}/decision", json=decision,
                                headers=moderator, timeout=10)  # fmt: skip
            assert answer.status_code == 200, answer.text
        admin = {"Authorization": f"Bearer {served.admin_token}"}
        stats = httpx.get(f"{served.base}/v1/review/stats", params={"days": 14}, headers=admin, timeout=10).json()
        page = _admin_page(served, browser, lang, width)
        page.click("#admin-button")
        expect(page.locator("#admin")).to_have_attribute("data-loaded", "true")

        today = time.strftime("%Y-%m-%d", time.gmtime())
        drawn = {
            str(bar.get_attribute("data-series")): float(str(bar.get_attribute("data-value")))
            for bar in page.locator("#chart-outcomes rect.bar").all()
        }
        assert drawn == {k: float(v) for k, v in stats["intake_per_day"][today]["statuses"].items()}
        assert sum(drawn.values()) == 5
        assert page.locator("#chart-held rect.bar").count() == 1
        assert page.locator("#chart-wait rect.bar").count() >= 1
        assert page.locator("#chart-models rect.bar").first.get_attribute("data-value") == "5"
        assert stats["agreement_by_head"]["toxicity"]["rate"] is not None  # it held the insult, rejected
        agreement = page.inner_text("#chart-agreement")
        never = "ne retient jamais" if lang == "fr" else "never holds"
        rates = stats["agreement_by_head"]
        for head, cell in rates.items():
            if head != "no_model" and cell["rate"] is None:
                assert never in agreement  # a head that never held is not drawn as 0%
        assert page.locator("#chart-agreement rect.bar").count() == sum(
            1 for h, c in rates.items() if h != "no_model" and c["rate"] is not None
        )
        assert page.locator("#audit-table tbody tr").count() == 3
        # the site layer's and the site memory's objects are drawn when the stats carry them
        for name, figure in (("site_learning", "#site-learning"), ("site_memory", "#chart-spam-domains")):
            if stats.get(name) is not None:
                expect(page.locator(figure)).to_be_visible()
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
        assert overflow == 0
        if SCREENSHOT_DIR is not None:
            page.screenshot(path=str(SCREENSHOT_DIR / f"admin-{lang}-{width}.png"), full_page=True)

        # settings change only after a confirmation
        page.fill("#settings-form textarea[name='moderation_keys']", "relecture\ncasino")
        page.click("#settings-form button[type='submit']")
        expect(page.locator("#settings-confirm")).to_be_visible()
        current = httpx.get(f"{served.base}/v1/review/settings", headers=admin, timeout=10).json()
        assert "casino" not in current["effective"]["moderation_keys"]
        page.click("#settings-yes")
        expect(page.locator("#admin-status")).to_have_text("Enregistré." if lang == "fr" else "Saved.")
        current = httpx.get(f"{served.base}/v1/review/settings", headers=admin, timeout=10).json()
        assert current["effective"]["moderation_keys"] == ["relecture", "casino"]
        assert page.script_errors == []

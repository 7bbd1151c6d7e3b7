"""The stock Akismet plugin (Debian's WordPress) against the service, through the must-use plugin of docs/drop-in.md.

A moderator enters the key in Settings → Akismet, readers post through the theme's form, the moderator marks
comments in wp-admin: every step is the plugin's own code talking to `moderation serve`.
"""

from __future__ import annotations

import random
import re
import string
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from moderation.labels import LabelledExample, read_labels
from moderation.storage.keys import Keys
from tests.conftest import REPO_ROOT
from tests.wordpress.harness import ModerationService, WordPressSite, running_service, running_wordpress

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.redis]

AKISMET = "akismet/akismet.php"
HELD_ABUSE = "Cette journaliste est une grosse salope."


def documented_mu_plugin(base: str) -> str:
    """The must-use plugin exactly as docs/drop-in.md gives it, aimed at `base`."""
    doc = (REPO_ROOT / "docs" / "drop-in.md").read_text()
    snippet = re.search(r"```php\n(.*?)```", doc, re.S)
    assert snippet, "docs/drop-in.md lost its must-use plugin"
    assert "https://moderation.example.org" in snippet.group(1)
    return snippet.group(1).replace("https://moderation.example.org", base)


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModerationService]:
    with running_service(tmp_path=tmp_path_factory.mktemp("akismet-plugin")) as running:
        yield running


@pytest.fixture(scope="module")
def site(service: ModerationService) -> Iterator[WordPressSite]:
    with running_wordpress(plugins=[AKISMET]) as wordpress:
        wordpress.add_mu_plugin("akismet-to-moderation", documented_mu_plugin(service.base))
        yield wordpress


@pytest.fixture(scope="module")
def admin(site: WordPressSite, chromium: Any) -> Iterator[Any]:
    """The administrator's page, signed in, with the key entered in Settings → Akismet Anti-spam."""
    page = chromium.new_page()
    site.login(page)
    yield page
    page.close()


def labels(service: ModerationService) -> list[LabelledExample]:
    client = service.redis()
    try:
        return [example for _, example in read_labels(client, keys=Keys(service.namespace))]
    finally:
        client.close()


def post_as_reader(site: WordPressSite, chromium: Any, *, text: str, author: str) -> dict[str, str]:
    page = chromium.new_page()  # a context of its own: an anonymous reader, not the signed-in admin
    try:
        email = f"{author.lower()}.{''.join(random.choices(string.ascii_lowercase, k=6))}@example.fr"
        site.leave_a_reply(page, text=text, author=author, email=email)
    finally:
        page.close()
    return site.comment_by_content(text)


def follow_row_action(site: WordPressSite, admin: Any, *, comment_id: int, status: str, action: str) -> None:
    """Follow a row action link ("Spam", "Not Spam") under a comment in Comments, as a moderator does."""
    admin.goto(f"{site.base}/wp-admin/edit-comments.php?comment_status={status}")
    link = admin.locator(f"#comment-{comment_id} .row-actions a[href*='action={action}']").first
    admin.goto(f"{site.base}/wp-admin/{link.get_attribute('href')}")


def test_the_key_entered_in_settings_is_saved(site: WordPressSite, service: ModerationService, admin: Any) -> None:
    admin.goto(f"{site.base}/wp-admin/options-general.php?page=akismet-key-config")
    admin.click("text=Manually enter an API key")
    admin.fill("#key", service.api_key)
    admin.click("#submit")
    admin.wait_for_load_state("load")

    assert site.php("echo get_option( 'wordpress_api_key' );") == service.api_key
    page = admin.content()
    assert "Akismet is now protecting your site" in page or "Spam filtering" in page, page[:2000]
    assert "PHP Fatal" not in site.debug_log()


def test_spam_lands_in_wordpress_spam_folder(site: WordPressSite, service: ModerationService, chromium: Any) -> None:
    row = post_as_reader(site, chromium, text=f"Super offre {uuid.uuid4().hex[:6]}", author="akismet-guaranteed-spam")

    assert row["comment_approved"] == "spam"
    assert site.comment_meta(int(row["comment_ID"])).get("akismet_result") == "true"


def test_held_abuse_is_kept_off_the_page_and_not_spam_is_sent_back_as_ham(
    site: WordPressSite, service: ModerationService, chromium: Any, admin: Any
) -> None:
    row = post_as_reader(site, chromium, text=HELD_ABUSE, author="Marc")
    page = chromium.new_page()
    try:
        page.goto(site.post_url)
        published = page.content()
    finally:
        page.close()

    assert row["comment_approved"] == "spam"  # held by the service: WordPress's spam folder, for review
    assert HELD_ABUSE not in published

    follow_row_action(site, admin, comment_id=int(row["comment_ID"]), status="spam", action="unspamcomment")

    assert site.comment(int(row["comment_ID"]))["comment_approved"] != "spam"
    assert (HELD_ABUSE, {"spam": 0}, "akismet") in [(e.text, e.labels, e.source) for e in labels(service)]


def test_a_comment_marked_spam_in_wp_admin_is_sent_as_submit_spam(
    site: WordPressSite, service: ModerationService, chromium: Any, admin: Any
) -> None:
    text = f"Je ne suis pas d'accord avec la conclusion : le budget a augmenté (réf. {uuid.uuid4().hex[:6]})."
    row = post_as_reader(site, chromium, text=text, author="Julie")
    checked = [line for line in service.served.output.splitlines() if "akismet.checked" in line]
    assert row["comment_approved"] == "1", checked[-1:]

    follow_row_action(site, admin, comment_id=int(row["comment_ID"]), status="all", action="spamcomment")

    assert site.comment(int(row["comment_ID"]))["comment_approved"] == "spam"
    assert (text, {"spam": 1}, "akismet") in [(e.text, e.labels, e.source) for e in labels(service)]
    assert "PHP Fatal" not in site.debug_log()

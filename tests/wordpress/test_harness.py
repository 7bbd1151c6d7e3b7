"""The harness itself: a private WordPress installs, serves the theme's comment form and stores what a reader posts."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from tests.wordpress.harness import WordPressSite, running_wordpress

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def bare_site() -> Iterator[WordPressSite]:
    with running_wordpress() as site:
        yield site


def test_a_reader_comment_posted_through_the_theme_form_is_stored(bare_site: WordPressSite, chromium: Any) -> None:
    text = f"Bel article, merci ({uuid.uuid4().hex[:8]})"
    page = chromium.new_page()
    try:
        bare_site.leave_a_reply(page, text=text, author="Lucie", email="lucie@example.fr")
    finally:
        page.close()
    row = bare_site.comment_by_content(text)
    assert row["comment_author"] == "Lucie"
    assert row["comment_approved"] == "1"  # WordPress's own rules with no plugin: published
    assert "PHP Fatal" not in bare_site.debug_log()


def test_the_site_runs_on_its_own_database_server(bare_site: WordPressSite) -> None:
    port = bare_site.sql("SELECT @@port")[0][0]
    assert int(port) == bare_site.db.port != 3306
    assert bare_site.php("echo get_option( 'home' );") == bare_site.base

"""The plugin beside the stock Akismet plugin (itself pointed at the service, as docs/drop-in.md shows), and an
upgrade in place from version 0.1 (options, meta and events under core's `moderation_` prefix)."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest

from moderation.labels import read_labels
from moderation.storage.keys import Keys
from tests.support.waiting import wait_until
from tests.wordpress.harness import ModerationService, WordPressSite, running_service, running_wordpress
from tests.wordpress.test_akismet_plugin import AKISMET, documented_mu_plugin
from tests.wordpress.test_plugin_e2e import HOLD_WORD, PLUGIN_DIR, PLUGIN_FILE

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.redis]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModerationService]:
    with running_service(tmp_path=tmp_path_factory.mktemp("beside-akismet"),
                         extra_env={"MODERATION_MODERATION_KEYS": HOLD_WORD,
                                    "MODERATION_MIN_FORM_SECONDS": "0"}) as running:  # fmt: skip
        yield running


@pytest.fixture(scope="module")
def site(service: ModerationService) -> Iterator[WordPressSite]:
    with running_wordpress(install_from=[PLUGIN_DIR], plugins=[AKISMET, PLUGIN_FILE]) as wordpress:
        wordpress.add_mu_plugin("akismet-to-moderation", documented_mu_plugin(service.base))
        wordpress.set_options({
            "wordpress_api_key": service.api_key,
            "modserv_settings": {"service_url": service.base, "site_key": service.site_key, "timeout": 10.0,
                                 "webhook_secret": service.webhook_secret},
        })  # fmt: skip
        yield wordpress


def _records_with_text(service: ModerationService, text: str) -> int:
    """How many comments the service stored with this text (each scoring stores one)."""
    client = service.redis()
    try:
        keys = Keys(service.namespace)
        pattern = keys.comment("*")
        return sum(1 for key in client.scan_iter(match=pattern, count=1000) if client.hget(key, "comment") == text)
    finally:
        client.close()


def _labels(service: ModerationService) -> list[tuple[str, str, dict[str, int]]]:
    client = service.redis()
    try:
        return [(e.comment_id or "", e.source, e.labels) for _, e in read_labels(client, keys=Keys(service.namespace))]
    finally:
        client.close()


def test_beside_akismet_a_held_comment_is_scored_once_stays_held_and_a_spam_click_is_one_label(
    site: WordPressSite, service: ModerationService, chromium: Any
) -> None:
    text = f"Une {HOLD_WORD} de la note de bas de page, svp."
    reader = chromium.new_page()
    try:
        site.leave_a_reply(reader, text=text, author="Marc", email=f"marc.{uuid.uuid4().hex[:6]}@example.fr")
    finally:
        reader.close()
    row = site.comment_by_content(text)
    comment_id = int(row["comment_ID"])
    meta = site.comment_meta(comment_id)
    assert row["comment_approved"] == "0"  # held for the desk, not filed in Spam by Akismet
    assert meta["_modserv_status"] == "pending"
    assert not [key for key in meta if key.startswith("akismet")]  # Akismet's check did not run
    assert _records_with_text(service, text) == 1  # scored once (the Akismet route would store a second)

    admin = chromium.new_page()
    try:
        site.login(admin)
        admin.goto(f"{site.base}/wp-admin/edit-comments.php")
        notice = admin.inner_text("#modserv-akismet")
        assert "Akismet" in notice and "turned off" in notice
        row_locator = admin.locator(f"#comment-{comment_id}")
        row_locator.hover()
        row_locator.locator(".row-actions .spam a").click()
        # Akismet's own scripts call admin-ajax.php too: wait for the end of the click's work, the service's
        # answer to our feedback stored on the comment (after every status-change hook, Akismet's included).
        wait_until(
            lambda: site.comment_meta(comment_id).get("_modserv_status") == "spam",
            timeout=30,
            what="the spam click to reach the service",
        )
    finally:
        admin.close()
    assert site.comment(comment_id)["comment_approved"] == "spam"
    assert _labels(service) == [(meta["_modserv_id"], "site_feedback", {"spam": 1})]  # one, with its comment id
    assert "PHP Fatal" not in site.debug_log()


def test_an_upgrade_from_0_1_moves_options_meta_and_events_to_the_plugin_s_prefix(site: WordPressSite) -> None:
    settings = site.php_json("echo wp_json_encode( get_option( 'modserv_settings' ) );")
    comment_id = int(site.php(
        "echo wp_insert_comment( array( 'comment_post_ID' => 1, 'comment_content' => 'Ancien commentaire',"
        " 'comment_approved' => 0 ) );"
    ))  # fmt: skip
    # Version 0.1's state: its option, meta keys and events, and no data version yet.
    site.php(
        "delete_option( 'modserv_settings' ); delete_option( 'modserv_db_version' );"
        " wp_clear_scheduled_hook( 'modserv_sync' );"
        f" update_option( 'moderation_settings', json_decode( {json.dumps(json.dumps(settings))}, true ) );"
        " update_option( 'moderation_last_check', array( 'ok' => true, 'at' => time() ) );"
        f" add_comment_meta( {comment_id}, '_moderation_id', 'abc123' );"
        f" add_comment_meta( {comment_id}, '_moderation_unscored', 'retry' );"
        " wp_schedule_event( time() + 300, 'hourly', 'moderation_sync' );"
        " wp_schedule_single_event( time() + 60, 'moderation_retry' );"
    )
    site.php("echo 'one page load';")  # plugins_loaded: the upgrade runs once
    after = site.php_json(
        "echo wp_json_encode( array( get_option( 'modserv_settings' ), get_option( 'moderation_settings', null ),"
        " get_option( 'moderation_last_check', null ), (int) get_option( 'modserv_db_version' ),"
        " (bool) wp_next_scheduled( 'moderation_sync' ), (bool) wp_next_scheduled( 'moderation_retry' ),"
        " (bool) wp_next_scheduled( 'modserv_sync' ), (bool) wp_next_scheduled( 'modserv_retry' ) ) );"
    )
    assert after == [settings, None, None, 2, False, False, True, True]
    meta = site.comment_meta(comment_id)
    assert meta == {"_modserv_id": "abc123", "_modserv_unscored": "retry"}
    # WordPress core's own options under the old prefix are never touched.
    assert site.php("echo get_option( 'moderation_keys', 'absent' ) === 'absent' ? 'absent' : 'kept';") == "kept"

"""A real WordPress for end-to-end tests: Debian's package, a private MariaDB, `php -S`, and the moderation service.

Reusable by any test of a WordPress plugin against the service (ours, or the stock Akismet plugin):

    from tests.wordpress.harness import running_wordpress

    with running_wordpress(plugins=["akismet/akismet.php"]) as site:
        site.php("update_option('akismet_strictness', '0');")
        ...

or through the fixtures at the end of this module (`wordpress_site`, `moderation_service`, `chromium`), which
tests/wordpress/conftest.py re-exports. Each site gets its own temporary folder (a copy of /usr/share/wordpress
with its own wp-config.php), its own MariaDB server (own datadir, socket and free port, run as user `mysql`; the
machine's MariaDB on 3306 is never touched) and its own `php -S` port, so concurrent runs never collide.

What the site is set up with, and why:
- `DISABLE_WP_CRON`: page loads do not spawn WP-Cron; tests run it when they mean to (`site.run_cron()`), as a
  system cron would call wp-cron.php.
- `WP_HTTP_BLOCK_EXTERNAL`: no calls to wordpress.org (no internet here; admin pages would wait on them), while
  calls to 127.0.0.1 (the service) are allowed.
- a must-use plugin for tests only: no flood limit (WordPress refuses a second comment from one IP within 15 s),
  no mail (there is no sendmail), `wp_safe_remote_*` allowed to reach 127.0.0.1 on any port.
- `WP_DEBUG` on with `WP_DEBUG_DISPLAY` off (PHP 8.2 deprecations would otherwise break headers); notices go to
  `wp-content/debug.log`, which `site.debug_log()` reads.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import tempfile
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest
import redis

from moderation.storage.clients import client_from_url
from tests.conftest import MODEL_DIR, REDIS_URL
from tests.support.server import Served, free_port, serve_process
from tests.support.waiting import wait_until

WORDPRESS_SOURCE = Path("/usr/share/wordpress")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip
REQUIRED = {
    "php": "php-cli",
    "mariadbd": "mariadb-server",
    "mariadb-install-db": "mariadb-server",
    "mariadb": "mariadb-client",
    "msgfmt": "gettext",
}
ADMIN_USER = "admin"
ADMIN_EMAIL = "admin@example.org"

#: Installed before WordPress itself, so the install's own notification mail is silenced too.
TEST_MU_PLUGIN = """<?php
/* Test-only settings of the end-to-end harness (never ship this). */
remove_action( 'check_comment_flood', 'check_comment_flood_db', 10 );
add_filter( 'pre_wp_mail', '__return_false' );
add_filter( 'http_request_host_is_external', '__return_true' );
"""

# Runs PHP code read from stdin inside WordPress (a test tool: the harness's wp-cli).
_RUNNER = """<?php
if ( getenv( 'WP_HARNESS_INSTALLING' ) ) {
	define( 'WP_INSTALLING', true );
}
require __DIR__ . '/wp-load.php';
eval( stream_get_contents( STDIN ) );
"""


def missing_requirements() -> list[str]:
    """The Debian packages missing for a WordPress end-to-end run (empty when everything is installed)."""
    missing = {package for command, package in REQUIRED.items() if shutil.which(command) is None}
    if not (WORDPRESS_SOURCE / "wp-load.php").exists():
        missing.add("wordpress")
    if not (WORDPRESS_SOURCE / "wp-content/themes/twentytwentythree").is_dir():
        missing.add("wordpress-theme-twentytwentythree")
    return sorted(missing)


def require_wordpress() -> None:
    """Skip (or on CI fail) when the Debian packages are missing."""
    missing = missing_requirements()
    if not missing:
        return
    reason = f"missing Debian packages for the WordPress tests: {' '.join(missing)} (`make test` installs them)"
    if os.environ.get("CI"):
        pytest.fail(reason)
    pytest.skip(reason)


@dataclass
class MariaDB:
    """A private MariaDB server: its socket, port and root folder (user root, no password, via the socket)."""

    root: Path
    socket: Path
    port: int

    def sql(self, query: str, *, database: str = "wordpress") -> list[list[str]]:
        """Run one statement with the mariadb client; return the rows (tab-separated cells, no header)."""
        done = subprocess.run(
            ["mariadb", "--no-defaults", "-S", str(self.socket), "-uroot", "-N", "-B", "-e", query, database],
            capture_output=True, text=True, check=False, timeout=60,
        )  # fmt: skip
        if done.returncode != 0:
            raise RuntimeError(f"SQL failed: {query!r}: {done.stderr}")
        return [line.split("\t") for line in done.stdout.splitlines()]


@contextmanager
def running_mariadb(root: Path) -> Iterator[MariaDB]:
    """Initialise a datadir under `root` and run mariadbd there as user `mysql` until the block exits."""
    root.mkdir(parents=True, exist_ok=True)
    shutil.chown(root, "mysql", "mysql")
    datadir = root / "data"
    # each server its own temporary folder: two bootstraps sharing /tmp (two test workers) delete each other's
    # temporary tables ("Unknown table 'mysql.tmp_user_sys'"; 3 of 12 concurrent bootstraps failed, 0 of 36 with it)
    tmpdir = root / "tmp"
    tmpdir.mkdir(exist_ok=True)
    shutil.chown(tmpdir, "mysql", "mysql")
    done = subprocess.run(
        ["mariadb-install-db", "--no-defaults", f"--datadir={datadir}", "--user=mysql",
         "--auth-root-authentication-method=normal", "--skip-test-db", f"--tmpdir={tmpdir}"],
        check=False, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if done.returncode != 0:
        raise RuntimeError(
            f"mariadb-install-db failed ({done.returncode}): {done.stdout[-2000:]} {done.stderr[-2000:]}"
        )
    db = MariaDB(root=root, socket=root / "mysql.sock", port=free_port())
    log = root / "error.log"
    process = subprocess.Popen(
        ["mariadbd", "--no-defaults", f"--datadir={datadir}", "--user=mysql", f"--socket={db.socket}",
         f"--tmpdir={tmpdir}",
         f"--port={db.port}", "--bind-address=127.0.0.1", f"--pid-file={root / 'mysql.pid'}", f"--log-error={log}",
         "--skip-log-bin", "--skip-name-resolve", "--innodb-buffer-pool-size=32M",
         "--innodb-flush-log-at-trx-commit=0", "--max-connections=50"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )  # fmt: skip
    try:

        def ready() -> bool:
            if process.poll() is not None:
                raise RuntimeError(f"mariadbd exited: {log.read_text() if log.exists() else ''}")
            try:
                db.sql("SELECT 1", database="mysql")
            except RuntimeError:
                return False
            return True

        wait_until(ready, timeout=60, what="mariadbd")
        db.sql("CREATE DATABASE wordpress CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci", database="mysql")
        yield db
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass
class WordPressSite:
    """A running WordPress: where it lives, its URL, its database and its admin account."""

    root: Path
    base: str
    db: MariaDB
    admin_password: str
    post_id: int = 1
    admin_user: str = ADMIN_USER
    _server: subprocess.Popen[bytes] | None = field(default=None, repr=False)

    @property
    def post_url(self) -> str:
        """The sample post's page (plain permalinks: `php -S` has no rewrites)."""
        return f"{self.base}/?p={self.post_id}"

    @property
    def plugins_dir(self) -> Path:
        """wp-content/plugins of this site."""
        return self.root / "wp-content" / "plugins"

    def php(self, code: str, *, installing: bool = False) -> str:
        """Run PHP statements inside WordPress (wp-load.php done); return what they print."""
        env = {**os.environ, "WP_HARNESS_INSTALLING": "1" if installing else ""}
        done = subprocess.run(
            ["php", "-d", "display_errors=stderr", "-d", "error_reporting=E_ALL & ~E_DEPRECATED",
             str(self.root / "harness-run.php")],
            input=code, capture_output=True, text=True, check=False, timeout=120, env=env, cwd=self.root,
        )  # fmt: skip
        if done.returncode != 0:
            log = self.debug_log()[-2000:]  # WP_DEBUG_DISPLAY is off: fatal errors are only in debug.log
            raise RuntimeError(f"PHP failed ({done.returncode}): {done.stderr}\n{done.stdout}\ndebug.log: {log}")
        return done.stdout

    def php_json(self, code: str) -> Any:
        """Run PHP statements that `echo wp_json_encode(...)` once; return the decoded value."""
        return json.loads(self.php(code))

    def sql(self, query: str) -> list[list[str]]:
        """Rows of a query on the site's database."""
        return self.db.sql(query)

    def set_options(self, options: dict[str, Any]) -> None:
        """update_option() each name with its value (strings, numbers, booleans, lists and dicts)."""
        payload = json.dumps(options)
        self.php(f"foreach ( json_decode( {_php_string(payload)}, true ) as $k => $v ) {{ update_option( $k, $v ); }}")

    def activate_plugin(self, plugin: str) -> None:
        """Activate a plugin by its file relative to wp-content/plugins (e.g. `akismet/akismet.php`)."""
        out = self.php(
            "require_once ABSPATH . 'wp-admin/includes/plugin.php';"
            f" $r = activate_plugin( {_php_string(plugin)} );"
            " echo is_wp_error( $r ) ? $r->get_error_message() : 'ok';"
        )
        if out.strip() != "ok":
            raise RuntimeError(f"activating {plugin} failed: {out}")

    def install_plugin(self, source: Path, *, slug: str | None = None) -> str:
        """Copy a plugin folder into wp-content/plugins; return its slug."""
        name = slug or source.name
        shutil.copytree(source, self.plugins_dir / name, dirs_exist_ok=True)
        return name

    def add_mu_plugin(self, name: str, code: str) -> None:
        """Write a must-use plugin (loaded on every request from then on)."""
        (self.root / "wp-content" / "mu-plugins" / f"{name}.php").write_text(code)

    def comment(self, comment_id: int) -> dict[str, str]:
        """A row of wp_comments by id, as strings."""
        columns = ["comment_ID", "comment_post_ID", "comment_author", "comment_author_email", "comment_content",
                   "comment_approved", "comment_type", "comment_parent", "user_id"]  # fmt: skip
        rows = self.sql(f"SELECT {', '.join(columns)} FROM wp_comments WHERE comment_ID = {int(comment_id)}")
        if not rows:
            raise KeyError(comment_id)
        return dict(zip(columns, rows[0], strict=True))

    def comment_by_content(self, text: str) -> dict[str, str]:
        """The newest comment whose text contains `text`."""
        rows = self.sql(
            "SELECT comment_ID FROM wp_comments WHERE comment_content LIKE "
            f"{_sql_string('%' + text + '%')} ORDER BY comment_ID DESC LIMIT 1"
        )
        if not rows:
            raise KeyError(text)
        return self.comment(int(rows[0][0]))

    def comment_by_email(self, email: str) -> dict[str, str]:
        """The newest comment by an author's email."""
        rows = self.sql(
            f"SELECT comment_ID FROM wp_comments WHERE comment_author_email = {_sql_string(email)}"
            " ORDER BY comment_ID DESC LIMIT 1"
        )
        if not rows:
            raise KeyError(email)
        return self.comment(int(rows[0][0]))

    def comment_meta(self, comment_id: int) -> dict[str, str]:
        """Every meta key of a comment with its (last) value."""
        rows = self.sql(f"SELECT meta_key, meta_value FROM wp_commentmeta WHERE comment_id = {int(comment_id)}")
        return {row[0]: row[1] if len(row) > 1 else "" for row in rows}

    def run_cron(self, *, make_due: Sequence[str] = ()) -> None:
        """Run due WP-Cron events now, through wp-cron.php as a system cron would.

        `make_due` names hooks whose next event is moved to now first (as if their interval had passed).
        """
        if make_due:
            self.php(
                f"foreach ( json_decode( {_php_string(json.dumps(list(make_due)))} ) as $hook ) {{"
                " $event = wp_get_scheduled_event( $hook ); if ( ! $event ) { continue; }"
                " wp_unschedule_event( $event->timestamp, $hook, $event->args );"
                " if ( $event->schedule ) { wp_schedule_event( time() - 1, $event->schedule, $hook, $event->args ); }"
                " else { wp_schedule_single_event( time() - 1, $hook, $event->args ); } }"
            )
        # No doing_wp_cron parameter: that is for the spawned request holding the lock; without it wp-cron.php
        # takes the lock itself, as when a system cron calls it.
        response = httpx.get(f"{self.base}/wp-cron.php", timeout=60)
        response.raise_for_status()

    def debug_log(self) -> str:
        """PHP notices and errors logged by WordPress so far."""
        path = self.root / "wp-content" / "debug.log"
        return path.read_text() if path.exists() else ""

    def login(self, page: Any) -> None:
        """Sign the admin in on a Playwright page, through wp-login.php as its form does.

        The form's fields are posted by the page's own request context (it shares the browser's cookies: the
        test cookie wp-login.php sets, then the auth cookies it answers with) rather than typed and clicked:
        signing in is not what these tests try, and a click whose navigation never came left a CI run
        waiting 30 s with no trace of why. A refusal says what WordPress answered and what php -S logged.
        """
        page.goto(f"{self.base}/wp-login.php")
        answer = page.request.post(
            f"{self.base}/wp-login.php",
            form={"log": self.admin_user, "pwd": self.admin_password, "wp-submit": "Log In", "testcookie": "1",
                  "redirect_to": f"{self.base}/wp-admin/"},
            max_redirects=0, timeout=60_000,
        )  # fmt: skip
        location = answer.headers.get("location", "")
        if answer.status != 302 or "/wp-admin/" not in location:
            server_log = (self.root.parent / "php-server.log").read_text(errors="replace")[-2000:]
            raise AssertionError(
                f"wp-login.php refused the admin: {answer.status} {location!r}\n{answer.text()[:1000]}\n"
                f"php -S log (tail):\n{server_log}"
            )
        page.goto(location)

    def leave_a_reply(self, page: Any, *, text: str, author: str, email: str, url: str = "") -> None:
        """Fill and send the theme's "Leave a reply" form on the sample post, as a reader does."""
        page.goto(self.post_url)
        page.fill("#comment", text)
        if page.locator("#author").count():
            page.fill("#author", author)
            page.fill("#email", email)
            if url:
                page.fill("#url", url)
        with page.expect_navigation(timeout=60_000):  # the post, its redirect and the page it lands on
            page.click("#commentform [type=submit]")


def _declare_language(site_root: Path, locale: str) -> None:
    """Make WordPress accept `locale` as the site language with no core translation installed.

    WordPress resets WPLANG to English unless wp-content/languages/<locale>.mo exists; a catalogue holding only
    its header is enough (core strings stay English, plugins load their own translations).
    """
    languages = site_root / "wp-content" / "languages"
    languages.mkdir(exist_ok=True)
    header = f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n"Language: {locale}\\n"\n'
    (languages / f"{locale}.po").write_text(header)
    subprocess.run(["msgfmt", "-o", str(languages / f"{locale}.mo"), str(languages / f"{locale}.po")], check=True)


def _php_string(value: str) -> str:
    """A PHP single-quoted literal of `value`."""
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _sql_string(value: str) -> str:
    return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _wp_config(*, db: MariaDB, base: str, extra: str) -> str:
    names = ["AUTH_KEY", "SECURE_AUTH_KEY", "LOGGED_IN_KEY", "NONCE_KEY", "AUTH_SALT", "SECURE_AUTH_SALT",
             "LOGGED_IN_SALT", "NONCE_SALT"]  # fmt: skip
    salts = "\n".join(f"define( '{name}', '{secrets.token_hex(32)}' );" for name in names)
    return f"""<?php
/* Written by tests/wordpress/harness.py for one test run. */
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'root' );
define( 'DB_PASSWORD', '' );
define( 'DB_HOST', 'localhost:{db.socket}' );
define( 'DB_CHARSET', 'utf8mb4' );
define( 'DB_COLLATE', '' );
{salts}
define( 'WP_HOME', '{base}' );
define( 'WP_SITEURL', '{base}' );
define( 'WP_DEBUG', true );
define( 'WP_DEBUG_DISPLAY', false );
define( 'WP_DEBUG_LOG', true );
define( 'DISABLE_WP_CRON', true );
define( 'WP_HTTP_BLOCK_EXTERNAL', true );
define( 'AUTOMATIC_UPDATER_DISABLED', true );
define( 'WP_AUTO_UPDATE_CORE', false );
define( 'FS_METHOD', 'direct' );
define( 'WP_ENVIRONMENT_TYPE', 'local' );
{extra}
$table_prefix = 'wp_';
if ( ! defined( 'ABSPATH' ) ) {{
	define( 'ABSPATH', __DIR__ . '/' );
}}
require_once ABSPATH . 'wp-settings.php';
"""


@contextmanager
def running_wordpress(
    *,
    plugins: Sequence[str] = (),
    install_from: Sequence[Path] = (),
    options: dict[str, Any] | None = None,
    extra_config: str = "",
    locale: str = "",
    keep: bool = False,
) -> Iterator[WordPressSite]:
    """A fresh WordPress on its own MariaDB and `php -S` port, removed afterwards (unless `keep`).

    `install_from` are plugin folders copied into wp-content/plugins; `plugins` are then activated (by their
    file, e.g. `akismet/akismet.php`). `options` are set after activation. The site has one post with
    comments open (`site.post_url`) and an admin (`site.admin_user` / `site.admin_password`).
    """
    require_wordpress()
    # Not pytest's tmp_path: its parents are private to root, and mariadbd runs as `mysql`.
    root = Path(tempfile.mkdtemp(prefix="wp-e2e-"))
    os.chmod(root, 0o755)
    site_root = root / "site"
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server: subprocess.Popen[bytes] | None = None
    try:
        shutil.copytree(WORDPRESS_SOURCE, site_root, symlinks=True)
        (site_root / "wp-content" / "mu-plugins").mkdir(exist_ok=True)
        (site_root / "wp-content" / "upgrade").mkdir(exist_ok=True)
        (site_root / "harness-run.php").write_text(_RUNNER)
        with running_mariadb(root / "mysql") as db:
            (site_root / "wp-config.php").write_text(_wp_config(db=db, base=base, extra=extra_config))
            password = secrets.token_urlsafe(12)
            site = WordPressSite(root=site_root, base=base, db=db, admin_password=password)
            site.add_mu_plugin("harness-test-only", TEST_MU_PLUGIN)
            site.php(
                "require_once ABSPATH . 'wp-admin/includes/upgrade.php';"
                f" wp_install( 'Le Quotidien', '{ADMIN_USER}', '{ADMIN_EMAIL}', true, '', {_php_string(password)} );"
                " update_option( 'permalink_structure', '' );"
                " update_option( 'comment_previously_approved', 0 );",
                installing=True,
            )
            if locale:
                _declare_language(site_root, locale)
                site.set_options({"WPLANG": locale})
            for folder in install_from:
                site.install_plugin(folder)
            for plugin in plugins:
                site.activate_plugin(plugin)
            if options:
                site.set_options(options)
            log = (root / "php-server.log").open("wb")
            server = subprocess.Popen(
                ["php", "-S", f"127.0.0.1:{port}", "-t", str(site_root)],
                cwd=site_root, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env={**os.environ, "PHP_CLI_SERVER_WORKERS": "4"},
            )  # fmt: skip
            site._server = server

            def serving() -> bool:
                assert server is not None and server.poll() is None, "php -S exited"
                try:
                    return httpx.get(f"{base}/wp-login.php", timeout=5).status_code == 200
                except httpx.TransportError:
                    return False

            wait_until(serving, timeout=30, what="php -S")
            yield site
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)  # php -S and its workers: the group started above
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


@dataclass
class ModerationService:
    """The moderation service for a WordPress test: its process, namespace, and the webhook secret it signs with."""

    served: Served
    namespace: str
    webhook_secret: str
    site_key: str
    api_key: str

    @property
    def base(self) -> str:
        """The service's base URL."""
        return self.served.base

    def redis(self) -> redis.Redis:
        """A client of the service's Redis (decoding to str); close it after use."""
        return client_from_url(REDIS_URL, decode_responses=True)


@contextmanager
def running_service(
    *, webhook_url: str | None = None, tmp_path: Path, namespace: str | None = None,
    extra_env: dict[str, str] | None = None, port: int | None = None, webhook_secret: str | None = None,
    site_key: str | None = None, api_key: str | None = None,
) -> Iterator[ModerationService]:  # fmt: skip
    """`moderation serve` with the shipped model, real Redis, a site key, an Akismet key and (optionally) webhooks.

    Its keys live under `namespace` (fresh when not given) and are deleted afterwards unless a namespace was
    given (the caller owns it then: a restarted service keeps the same data, and given the same secrets it
    answers the same clients).
    """
    owned = namespace is None
    name = namespace or f"test-wp-{uuid.uuid4().hex[:10]}"
    secret = webhook_secret or f"whsec-{uuid.uuid4().hex}"
    site_key = site_key or f"site-{uuid.uuid4().hex}"
    api_key = api_key or uuid.uuid4().hex[:12]  # the Akismet plugin wants exactly 12 characters
    env = {
        "MODERATION_SITE_KEYS": site_key,
        "MODERATION_API_KEYS": api_key,
        "MODERATION_FLOOD_SECONDS": "0",  # every test comment comes from 127.0.0.1
        "MODERATION_AUDIT_SAMPLE_RATE": "0",
        "MODERATION_WEBHOOK_BACKOFF_SECONDS": "0.5",
        **(extra_env or {}),
    }
    if webhook_url:
        env |= {"MODERATION_WEBHOOK_URL": webhook_url, "MODERATION_WEBHOOK_SECRET": secret}
    try:
        with serve_process(namespace=name, tmp_path=tmp_path, model_dir=MODEL_DIR, extra_env=env, port=port) as served:
            yield ModerationService(served=served, namespace=name, webhook_secret=secret, site_key=site_key,
                                    api_key=api_key)  # fmt: skip
    finally:
        if owned:
            delete_namespace(name)


def delete_namespace(name: str) -> None:
    """Remove every Redis key of a service namespace."""
    client = client_from_url(REDIS_URL)
    try:
        keys = list(client.scan_iter(match=f"{{{name}}}*", count=1000))
        if keys:
            client.delete(*keys)
    finally:
        client.close()


# Fixtures (re-exported by tests/wordpress/conftest.py). One site per test module: installing takes seconds.


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright (never a downloaded browser)."""
    if not CHROMIUM.exists():
        reason = "headless Chromium is missing: apt-get install chromium (`make test` does)"
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()

"""The plugin's PHPUnit suite, its syntax on the installed PHP, its French catalogue, and the signature it checks."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from moderation.webhooks.outbox import sign
from tests.conftest import REPO_ROOT
from tests.wordpress.harness import require_wordpress

PLUGIN_ROOT = REPO_ROOT / "integrations" / "wordpress"
PLUGIN_DIR = PLUGIN_ROOT / "moderation"
LANGUAGES = PLUGIN_DIR / "languages"


def _require(command: str, package: str) -> None:
    if shutil.which(command) is None:
        require_wordpress()  # skips, or fails on CI, naming the packages `make test` installs
        pytest.skip(f"{command} missing (Debian package {package})")


def test_the_phpunit_suite_passes() -> None:
    _require("phpunit", "phpunit")
    done = subprocess.run(
        ["phpunit", "--do-not-cache-result", "-c", str(PLUGIN_ROOT / "phpunit.xml.dist")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    counted = re.search(r"OK \((\d+) tests?", done.stdout)
    assert counted and int(counted.group(1)) >= 30, done.stdout


def test_every_php_file_parses_on_the_installed_php() -> None:
    _require("php", "php-cli")
    files = sorted(PLUGIN_ROOT.rglob("*.php"))
    assert len(files) >= 12
    for path in files:
        done = subprocess.run(["php", "-l", str(path)], capture_output=True, text=True, timeout=30)
        assert done.returncode == 0, done.stdout + done.stderr


def test_the_committed_french_catalogue_is_compiled_from_the_po(tmp_path: Path) -> None:
    _require("msgfmt", "gettext")
    po = LANGUAGES / "moderation-fr_FR.po"
    compiled = tmp_path / "moderation-fr_FR.mo"
    subprocess.run(["msgfmt", "--check", "-o", str(compiled), str(po)], check=True, timeout=30)
    assert compiled.read_bytes() == (LANGUAGES / "moderation-fr_FR.mo").read_bytes(), "run `make wordpress-plugin`"


def test_every_translatable_string_has_a_french_translation() -> None:
    _require("xgettext", "gettext")
    sources = [str(PLUGIN_DIR / "moderation.php"), *map(str, sorted((PLUGIN_DIR / "includes").glob("*.php")))]
    keywords = ["__", "esc_html__", "esc_attr__", "_e", "esc_html_e", "_n:1,2"]
    done = subprocess.run(
        ["xgettext", "--language=PHP", "--from-code=UTF-8", "--omit-header", "--no-location", "--no-wrap", "-o", "-",
         *[f"--keyword={k}" for k in keywords], *sources],
        capture_output=True, text=True, check=True, timeout=30,
    )  # fmt: skip
    wanted = set(re.findall(r'^msgid "(.+)"$', done.stdout, flags=re.M))
    translated = set(re.findall(r'^msgid "(.+)"$', (LANGUAGES / "moderation-fr_FR.po").read_text(), flags=re.M))
    assert wanted, "no strings found"
    assert wanted <= translated, sorted(wanted - translated)


def test_the_phpunit_signature_vector_is_the_service_s_signature() -> None:
    test = (PLUGIN_ROOT / "tests" / "SignatureTest.php").read_text()

    def constant(name: str) -> str:
        found = re.search(rf"const {name}\s*=\s*'([^']*)'", test)
        assert found, name
        return found.group(1)

    body, secret, timestamp = constant("BODY"), constant("SECRET"), constant("TS")
    assert sign(body.encode(), secret, timestamp) == constant("PYTHON_SIGNATURE")

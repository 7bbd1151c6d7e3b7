"""Settings fail early with clear messages, docs/configuration.md lists them, docker-compose runs what we claim."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from pydantic import ValidationError
from pydantic_settings import SettingsError
from typer.testing import CliRunner

from moderation.cli import app as cli
from moderation.config import Settings

REPO = Path(__file__).resolve().parents[2]

#: The settings of the foundation and the intake; each must have a row in docs/configuration.md.
INTAKE_SETTINGS = (
    "environment",
    "redis_url",
    "redis_timeout_seconds",
    "data_dir",
    "namespace",
    "retention_days",
    "ip_hash_key",
    "model_dir",
    "model_reload_seconds",
    "thresholds",
    "default_language",
    "require_name_email",
    "email_check_deliverability",
    "max_body_bytes",
    "flood_seconds",
    "honeypot_field",
    "min_form_seconds",
    "max_links",
    "moderation_keys",
    "disallowed_keys",
    "reputation_min_approved",
    "manual_approval",
    "require_previously_approved",
    "idempotency_ttl_seconds",
    "allowed_redirect_hosts",
    "bench_echo",
    "log_level",
    "log_json",
)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No MODERATION_* variable from the outer shell leaks into these tests."""
    import os

    for name in list(os.environ):
        if name.startswith("MODERATION_"):
            monkeypatch.delenv(name)


def readme_settings() -> dict[str, str]:
    """Variable name -> its row in docs/configuration.md."""
    rows = {}
    for line in (REPO / "docs" / "configuration.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\|\s*`(MODERATION_[A-Z0-9_]+)`\s*\|", line)
        if match:
            rows[match.group(1)] = line
    return rows


def test_production_without_an_ip_hash_key_refuses_to_start(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODERATION_ENVIRONMENT", "production")
    with pytest.raises(ValidationError, match="MODERATION_IP_HASH_KEY must be set in production"):
        Settings()
    monkeypatch.setenv("MODERATION_IP_HASH_KEY", "")
    with pytest.raises(ValidationError, match="MODERATION_IP_HASH_KEY"):
        Settings()
    monkeypatch.setenv("MODERATION_IP_HASH_KEY", "a-long-random-secret")
    monkeypatch.setenv("MODERATION_ALLOWED_REDIRECT_HOSTS", "www.example.fr")
    assert Settings().environment == "production"


def test_production_requires_the_sites_redirect_hosts(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODERATION_ENVIRONMENT", "production")
    monkeypatch.setenv("MODERATION_IP_HASH_KEY", "a-long-random-secret")
    monkeypatch.setenv("MODERATION_ALLOWED_REDIRECT_HOSTS", " , ")
    with pytest.raises(ValidationError, match="MODERATION_ALLOWED_REDIRECT_HOSTS must list the site's hosts"):
        Settings()


def test_production_refuses_the_benchmark_echo_route(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODERATION_ENVIRONMENT", "production")
    monkeypatch.setenv("MODERATION_IP_HASH_KEY", "secret")
    monkeypatch.setenv("MODERATION_BENCH_ECHO", "true")
    with pytest.raises(ValidationError, match="MODERATION_BENCH_ECHO"):
        Settings()


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("MODERATION_FLOOD_SECONDS", "-1"),
        ("MODERATION_FLOOD_SECONDS", "quinze"),
        ("MODERATION_DEFAULT_LANGUAGE", "de"),
        ("MODERATION_MAX_BODY_BYTES", "10"),
        ("MODERATION_RETENTION_DAYS", "0"),
        ("MODERATION_REQUIRE_NAME_EMAIL", "peut-être"),
        ("MODERATION_THRESHOLDS", "{not json"),
        ("MODERATION_ENVIRONMENT", "staging"),
    ],
)
def test_invalid_values_fail_at_start_naming_the_variable(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises((ValidationError, SettingsError)):
        Settings()
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert "invalid settings" in result.output
    assert name in result.output
    assert "Traceback" not in result.output


def test_defaults_follow_wordpress() -> None:
    settings = Settings()
    assert settings.require_name_email is True
    assert settings.flood_seconds == 15
    assert settings.max_links == 2
    assert settings.retention_days == 90
    assert settings.default_language == "fr"
    assert settings.embedded_redis is True
    assert settings.bench_echo is False


def test_every_setting_has_a_row_in_the_readme_table() -> None:
    documented = readme_settings()
    assert set(INTAKE_SETTINGS) <= set(Settings.model_fields)
    missing = sorted(f"MODERATION_{name.upper()}" for name in Settings.model_fields)
    missing = [name for name in missing if name not in documented]
    assert not missing, f"settings without a row in docs/configuration.md: {missing}"


def test_the_readme_table_names_only_real_settings() -> None:
    fields = {f"MODERATION_{name.upper()}" for name in Settings.model_fields}
    stale = set(readme_settings()) - fields
    assert not stale, f"docs/configuration.md documents settings that do not exist: {sorted(stale)}"


def test_readme_defaults_match_the_code_for_numbers_and_switches() -> None:
    documented = readme_settings()
    defaults = Settings.model_fields
    for name in INTAKE_SETTINGS:
        default = defaults[name].default
        if isinstance(default, bool):
            expected = "true" if default else "false"
        elif isinstance(default, int | float) and not isinstance(default, bool):
            expected = f"{default:g}"
        else:
            continue
        cells = [c.strip() for c in documented[f"MODERATION_{name.upper()}"].split("|")]
        assert cells[2].strip("`") == expected, (
            f"docs/configuration.md default of MODERATION_{name.upper()} is {cells[2]}"
        )


# Deployment -----------------------------------------------------------------------------------------


@pytest.fixture
def compose() -> dict[str, object]:
    """docker-compose.yml, parsed."""
    return yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def test_compose_runs_redis_7_with_aof_on_a_named_volume_and_a_healthcheck(compose: dict) -> None:  # type: ignore[type-arg]
    redis_service = compose["services"]["redis"]
    assert redis_service["image"].startswith("redis:7")
    command = (
        " ".join(redis_service["command"]) if isinstance(redis_service["command"], list) else redis_service["command"]
    )
    assert "--appendonly yes" in command
    volume, _, mount = redis_service["volumes"][0].partition(":")
    assert mount == "/data"
    assert volume in compose["volumes"], "a named volume, declared at the top level"
    assert "ping" in " ".join(redis_service["healthcheck"]["test"])


def test_compose_runs_the_api_in_production_with_workers_redis_and_a_readiness_healthcheck(compose: dict) -> None:  # type: ignore[type-arg]
    api = compose["services"]["api"]
    assert api["build"] == {"context": ".", "target": "api"}
    env = api["environment"]
    assert env["MODERATION_ENVIRONMENT"] == "production"
    assert env["MODERATION_REDIS_URL"] == "redis://redis:6379/0"
    # The secret comes from the operator's environment, never a value written in the file.
    assert re.fullmatch(r"\$\{MODERATION_IP_HASH_KEY(:?\?[^}]*)?\}", env["MODERATION_IP_HASH_KEY"])
    assert env["MODERATION_ALLOWED_REDIRECT_HOSTS"].startswith("${MODERATION_ALLOWED_REDIRECT_HOSTS:?"), "required"
    command = api["command"]
    assert command[:2] == ["moderation", "serve"]
    assert "--workers" in command
    assert "/readyz" in " ".join(api["healthcheck"]["test"])
    assert api["depends_on"]["redis"]["condition"] == "service_healthy"


def test_only_the_proxy_is_published_and_on_loopback_unless_told_otherwise(compose: dict) -> None:  # type: ignore[type-arg]
    published = {name: svc["ports"] for name, svc in compose["services"].items() if svc.get("ports")}
    assert list(published) == ["proxy"], "the API (with /metrics and the admin API) is reached through the proxy"
    (mapping,) = published["proxy"]
    address, _, rest = mapping.partition("}:")
    assert address == "${MODERATION_PUBLISH_ADDRESS:-127.0.0.1", "loopback by default, never every interface"
    assert rest.endswith(":8080")
    proxy = compose["services"]["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert "./deploy/nginx.conf:/etc/nginx/conf.d/default.conf:ro" in proxy["volumes"]
    assert proxy["depends_on"]["api"]["condition"] == "service_healthy"


def test_the_api_and_the_train_job_share_the_models_volume_the_service_reads(compose: dict) -> None:  # type: ignore[type-arg]
    api, train = compose["services"]["api"], compose["services"]["train"]
    assert "models:/app/model" in api["volumes"] and "models:/app/model" in train["volumes"]
    assert api["environment"]["MODERATION_MODEL_DIR"] == train["environment"]["MODERATION_MODEL_DIR"] == "/app/model"
    assert {"models", "training-data", "labels"} <= set(compose["volumes"])
    assert train["build"] == {"context": ".", "target": "train"}
    assert train["profiles"] == ["jobs"], "a one-off job: `docker compose run --rm train ...`, never started by `up`"
    assert "training-data:/shared/data" in train["volumes"], "where `--data`'s default points from /app"
    # what the `train` target runs and installs: tests/unit/test_dockerfile.py


def _nginx_directives() -> dict[str, list[str]]:
    directives: dict[str, list[str]] = {}
    for line in (REPO / "deploy" / "nginx.conf").read_text(encoding="utf-8").splitlines():
        words = line.split("#")[0].strip().rstrip(";").split()
        if words and words[0] != "}":  # a block header (`location = /metrics {`) keeps its arguments
            directives.setdefault(words[0], []).append(" ".join(w for w in words[1:] if w != "{"))
    return directives


def _seconds(value: str) -> float:
    return float(value.removesuffix("s"))


def test_the_proxy_limits_sit_inside_the_apis_own() -> None:
    nginx = _nginx_directives()
    settings = Settings()
    assert nginx["client_max_body_size"] == [f"{settings.max_body_bytes // 1024}k"]
    assert nginx["proxy_pass"] == ["http://moderation_api"] and "api:8000" in nginx["server"]
    # The API closes an idle kept-alive connection after MODERATION_KEEP_ALIVE_SECONDS: the proxy must give up
    # on its upstream connections first, or it reuses a closing one and answers 502.
    upstream, client_side = nginx["keepalive_timeout"]  # in file order: the upstream block comes first
    assert _seconds(upstream) < settings.keep_alive_seconds
    assert _seconds(client_side) <= settings.keep_alive_seconds
    for name in ("client_header_timeout", "client_body_timeout"):
        assert [_seconds(v) for v in nginx[name]] == [settings.read_timeout_seconds], name
    _, size = nginx["large_client_header_buffers"][0].split()
    assert int(size.rstrip("k")) * 1024 < settings.max_header_bytes
    assert nginx["proxy_set_header"].count("X-Forwarded-For $remote_addr") == 1, "replaced, never appended"
    assert nginx["location"].count("= /metrics") == 1 and nginx["return"] == ["404"]


def test_the_site_profile_picks_the_spam_targets_and_explicit_shares_override_it() -> None:
    assert Settings().deployment_profile().name == "news"
    blog = Settings(site_profile="blog").deployment_profile()
    assert blog.name == "blog" and blog.spam_share > 0.5 and blog.max_missed_spam < 0.1
    assert Settings(site_profile="blog", spam_share=0.3).deployment_profile().spam_share == 0.3
    with pytest.raises(ValidationError):
        Settings(site_profile="forum")

"""A reader's rights: export returns everything stored about them, erase leaves no trace of them in Redis."""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

import pytest
import redis
from fastapi.testclient import TestClient
from pydantic import SecretStr
from typer.testing import CliRunner

from moderation.cli import app as cli_app
from moderation.config import Settings
from moderation.main import create_app
from moderation.scoring.registry import RULES_ONLY
from moderation.storage.keys import Keys
from moderation.storage.records import read_record
from tests.conftest import REDIS_URL
from tests.integration.review_support import HOLD_WORD, add_moderator, auth, review_settings_from
from tests.support.redis_dump import Stored, namespace_dump

pytestmark = pytest.mark.redis

AKISMET_KEY = "a1b2c3d4e5f6"
FORM = {"Content-Type": "application/x-www-form-urlencoded; charset=UTF-8"}
READER_EMAIL = "Zoe.Martin1984@Example.fr"
READER_NAME = "Zoé Martin-Quérard"
READER_IP = "203.0.113.7"
READER_AGENT = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0 ZoeBrowser"
READER_REFERRER = "https://www.moteur.example/recherche?q=zoe+martin+querard"
OTHER_EMAIL = "bob@example.org"


@dataclass
class Reader:
    """What the scenario stored for the reader: their comment ids and texts."""

    comment_ids: list[str]
    texts: list[str]


@pytest.fixture
def readers_settings(settings: Settings) -> Settings:
    """The bundled model (so opened items cache explanations), a hold word, webhooks on but not delivering."""
    return review_settings_from(
        settings,
        api_keys=[AKISMET_KEY],
        webhook_url="http://127.0.0.1:9/hook",
        webhook_secret=SecretStr("webhook-secret"),
        webhook_poll_seconds=3600.0,  # the worker looks once at start: events wait in the outbox
    )


@pytest.fixture
def app(readers_settings: Settings) -> Iterator[TestClient]:
    """The app with its lifespan running."""
    with TestClient(create_app(readers_settings)) as test_client:
        yield test_client


def _comment(client: TestClient, text: str, *, email: str, author: str, **extra: Any) -> str:
    headers = extra.pop("headers", {})
    body = {"comment": text, "author": author, "email": email, "comment_post_ID": "42", "lang": "fr", **extra}
    response = client.post("/v1/comments", json=body, headers=headers)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def _story(app: TestClient, readers_settings: Settings) -> Reader:
    """The reader comments (one approved, two held), is decided, labelled, audited, and flagged by Akismet."""
    tag = uuid.uuid4().hex[:6]
    texts = [
        f"Très bon article sur la réforme des retraites, merci {tag}.",
        f"Je voudrais une {HOLD_WORD} de ce passage, Zoé {tag}",
        f"Encore une {HOLD_WORD} svp, ce chiffre me paraît faux {tag}",
        f"Gagnez des bitcoins sur mon site {tag}",
    ]
    reader = dict(email=READER_EMAIL, author=READER_NAME, user_ip=READER_IP, user_agent=READER_AGENT,
                  referrer=READER_REFERRER, url="https://zoe-martin.example")  # fmt: skip
    approved = _comment(app, texts[0], **reader)
    held = _comment(app, texts[1], **reader, headers={"Idempotency-Key": f"zoe-{tag}"})
    second = _comment(app, texts[2], **reader)
    other = _comment(app, f"Article intéressant, {HOLD_WORD} du titre {tag}", email=OTHER_EMAIL, author="Bob",
                     user_ip=READER_IP)  # fmt: skip

    admin = auth(add_moderator(app, f"admin{tag}", admin=True))
    assert app.get(f"/v1/review/items/{held}", headers=admin).status_code == 200  # explanation cached
    reject = {"decision": "reject", "reason": "spam", "note": f"Zoé insiste ({READER_NAME})"}
    assert app.post(f"/v1/review/items/{held}/decision", headers=admin, json=reject).status_code == 200
    approve = {"decision": "approve"}
    assert app.post(f"/v1/review/items/{second}/decision", headers=admin, json=approve).status_code == 200
    assert app.post(f"/v1/review/items/{other}/decision", headers=admin, json=approve).status_code == 200
    # one failed delivery attempt of the first event (logged), the others still pending
    outbox = app.app.state.services.outbox  # type: ignore[attr-defined]
    taken = outbox.take_due(limit=1)
    assert len(taken) == 1
    outbox.failed(taken[0], status_code=500, error="site down", duration_ms=3.0)
    akismet = {"api_key": AKISMET_KEY, "blog": "https://journal.example.fr", "user_ip": READER_IP,
               "comment_author": READER_NAME, "comment_author_email": READER_EMAIL,
               "comment_content": texts[3]}  # fmt: skip
    assert app.post("/1.1/submit-spam", content=urlencode(akismet), headers=FORM).status_code == 200
    # a last comment while the flood check is on: its flood keys live for a minute
    flooded = readers_settings.model_copy(update={"flood_seconds": 60, "webhook_url": None})  # no second worker
    with TestClient(create_app(flooded)) as later:
        last = _comment(later, f"Dernier mot, promis {tag}", **reader)
    return Reader(comment_ids=[approved, held, second, last], texts=[*texts, f"Dernier mot, promis {tag}"])


def _markers(app: TestClient, reader: Reader) -> list[str]:
    email_hash = app.app.state.services.intake.hasher.email(READER_EMAIL)  # type: ignore[attr-defined]
    return [email_hash, READER_EMAIL, READER_EMAIL.lower(), READER_NAME, READER_AGENT, READER_REFERRER,
            *reader.texts, *reader.comment_ids]  # fmt: skip


def _holders(dump: dict[str, Stored], markers: list[str]) -> dict[str, list[str]]:
    """Keys whose value mentions a marker -> the markers found (JSON inside values read as text)."""
    found: dict[str, list[str]] = {}
    for key, stored in dump.items():
        text = key + json.dumps(stored.value, ensure_ascii=False, default=str)
        hits = [m for m in markers if m in text or json.dumps(m)[1:-1] in text]
        if hits:
            found[key] = hits
    return found


def _admin(app: TestClient) -> dict[str, str]:
    return auth(add_moderator(app, f"dpo{uuid.uuid4().hex[:6]}", admin=True))


def test_export_returns_every_key_and_stream_entry_that_mentions_the_reader(
    app: TestClient, readers_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    reader = _story(app, readers_settings)
    keys = Keys(namespace)

    response = app.post("/v1/review/readers/export", headers=_admin(app), json={"email": READER_EMAIL})

    assert response.status_code == 200, response.text
    exported = response.json()
    assert [c["id"] for c in exported["comments"]] == reader.comment_ids
    assert [c["stored"]["comment"] for c in exported["comments"]] == [reader.texts[i] for i in (0, 1, 2, 4)]
    assert {c["stored"]["author"] for c in exported["comments"]} == {READER_NAME}
    assert exported["comments"][1]["explanation"] is not None and exported["comments"][1]["idempotency_answer"]
    approved = sum(c["stored"]["status"] == "approved" for c in exported["comments"])
    assert exported["approved_comments"] == approved >= 2 and exported["banned"] is False
    assert sorted(e["fields"]["source"] for e in exported["labels"]) == ["akismet", "moderator", "moderator"]
    assert [e["fields"]["comment_id"] for e in exported["audit"]] == reader.comment_ids[1:3]
    assert {e["body"]["comment_id"] for e in exported["webhook_events"]} == set(reader.comment_ids[1:3])
    assert [e["fields"]["outcome"] for e in exported["deliveries"]] == ["retry"]
    # Everything in Redis that mentions them (key or value) is in the export: whole keys, or their entries.
    holders = _holders(namespace_dump(redis_client, namespace), _markers(app, reader))
    assert set(holders) - {keys.moderators(), keys.moderator_tokens()} <= set(exported["keys"])
    exported_entries = {e["id"] for part in ("labels", "audit", "deliveries") for e in exported[part]}
    for stream in (keys.labels(), keys.audit(), keys.delivery_log()):
        mentioning = {
            i for i, f in redis_client.xrange(stream) if _holders({i: Stored("", f, False)}, _markers(app, reader))
        }
        assert mentioning <= exported_entries, stream
    assert mentioning  # the delivery log named their comment


def test_erase_leaves_no_trace_of_the_reader_in_any_key_and_keeps_other_readers(
    app: TestClient, readers_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    reader = _story(app, readers_settings)
    keys = Keys(namespace)
    admin = _admin(app)
    others_before = app.post("/v1/review/readers/export", headers=admin, json={"email": OTHER_EMAIL}).json()

    erased = app.post("/v1/review/readers/erase", headers=admin, json={"email": READER_EMAIL.upper()})

    assert erased.status_code == 200, erased.text
    counts = erased.json()
    assert (counts["comments"], counts["labels"], counts["audit_entries"]) == (4, 3, 2)
    assert (counts["webhook_events"], counts["deliveries"], counts["ban_kept"]) == (2, 1, False)
    dump = namespace_dump(redis_client, namespace)
    assert _holders(dump, _markers(app, reader)) == {}
    # Bob, who commented from the same IP address, keeps everything.
    others_after = app.post("/v1/review/readers/export", headers=admin, json={"email": OTHER_EMAIL}).json()
    assert {k: v for k, v in others_after.items() if k != "exported_at"} == {
        k: v for k, v in others_before.items() if k != "exported_at"
    }
    assert len(others_after["labels"]) == 1 and others_after["comments"]
    assert app.get("/v1/review/items", headers=admin).status_code == 200
    assert keys.audit() in dump and keys.labels() in dump  # the streams stay, without their entries


def test_erasing_twice_changes_nothing_the_second_time_and_an_export_then_is_empty(
    app: TestClient, readers_settings: Settings, redis_client: redis.Redis, namespace: str
) -> None:
    _story(app, readers_settings)
    admin = _admin(app)
    assert app.post("/v1/review/readers/erase", headers=admin, json={"email": READER_EMAIL}).status_code == 200
    before = namespace_dump(redis_client, namespace)

    again = app.post("/v1/review/readers/erase", headers=admin, json={"email": READER_EMAIL})

    assert again.status_code == 200
    assert again.json() == {"comments": 0, "labels": 0, "audit_entries": 0, "webhook_events": 0, "deliveries": 0,
                            "keys": 0, "ban_kept": False}  # fmt: skip
    assert namespace_dump(redis_client, namespace) == before
    empty = app.post("/v1/review/readers/export", headers=admin, json={"email": READER_EMAIL}).json()
    assert (empty["comments"], empty["labels"], empty["audit"], empty["keys"]) == ([], [], [], [])


def test_an_erased_reader_s_ban_is_kept_and_reported(
    app: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    admin = _admin(app)
    comment_id = _comment(app, "Bonjour à tous", email=READER_EMAIL, author=READER_NAME)
    assert app.post("/v1/review/bans", headers=admin, json={"email": READER_EMAIL}).status_code == 201

    exported = app.post("/v1/review/readers/export", headers=admin, json={"email": READER_EMAIL}).json()
    erased = app.post("/v1/review/readers/erase", headers=admin, json={"email": READER_EMAIL}).json()

    assert exported["banned"] is True and Keys(namespace).banned_emails() in exported["keys"]
    assert erased["ban_kept"] is True and erased["comments"] == 1
    assert redis_client.exists(Keys(namespace).comment(comment_id)) == 0
    assert app.post("/v1/comments", json={"comment": "Re", "author": "Z", "email": READER_EMAIL}).json()["status"] == (
        "rejected"
    )


def test_reader_routes_are_for_administrators_and_refuse_a_missing_address_changing_nothing(
    app: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    _comment(app, "Bonjour à tous", email=READER_EMAIL, author=READER_NAME)
    moderator = auth(add_moderator(app, "claire"))
    admin = _admin(app)
    before = namespace_dump(redis_client, namespace)

    answers = [
        app.post("/v1/review/readers/erase", json={"email": READER_EMAIL}),
        app.post("/v1/review/readers/erase", headers=moderator, json={"email": READER_EMAIL}),
        app.post("/v1/review/readers/erase", headers=admin, json={"email": "pas-une-adresse"}),
        app.post("/v1/review/readers/erase", headers={**admin, "Accept-Language": "fr"}, json={"email": "   @  "}),
        app.post("/v1/review/readers/export", headers=admin, json={}),
    ]

    assert [a.status_code for a in answers] == [401, 403, 422, 422, 422]
    assert answers[2].json()["errors"][0]["code"] == "reader_email_invalid"
    assert "adresse e-mail du lecteur" in answers[3].json()["errors"][0]["message"]
    assert namespace_dump(redis_client, namespace) == before


def test_cli_exports_to_a_private_file_and_erases_the_reader(
    app: TestClient, readers_settings: Settings, redis_client: redis.Redis, namespace: str, tmp_path: Any
) -> None:
    reader = _story(app, readers_settings)
    env = {
        "MODERATION_REDIS_URL": REDIS_URL,
        "MODERATION_NAMESPACE": namespace,
        "MODERATION_IP_HASH_KEY": "test-hash-key",
        "MODERATION_DATA_DIR": str(tmp_path / "var"),
    }
    runner = CliRunner()
    out = tmp_path / "zoe.json"

    exported = runner.invoke(cli_app, ["readers", "export", "--email", READER_EMAIL, "--out", str(out)], env=env)
    erased = runner.invoke(cli_app, ["readers", "erase", "--email", READER_EMAIL], env=env)
    refused = runner.invoke(cli_app, ["readers", "erase", "--email", "nobody"], env=env)

    assert exported.exit_code == 0, exported.output
    document = json.loads(out.read_text(encoding="utf-8"))
    assert [c["id"] for c in document["comments"]] == reader.comment_ids
    assert out.stat().st_mode & 0o077 == 0
    assert erased.exit_code == 0, erased.output
    assert json.loads(erased.stdout)["comments"] == 4
    assert _holders(namespace_dump(redis_client, namespace), _markers(app, reader)) == {}
    assert refused.exit_code == 2


def test_a_stored_comment_keeps_no_address_user_agent_or_referrer_in_clear(
    app: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    comment_id = _comment(app, "Bonjour à tous", email=READER_EMAIL, author=READER_NAME, user_agent=READER_AGENT,
                          referrer=READER_REFERRER, user_ip=READER_IP)  # fmt: skip
    admin = _admin(app)

    stored = redis_client.hgetall(Keys(namespace).comment(comment_id))
    item = app.get(f"/v1/review/items/{comment_id}", headers=admin).json()

    assert stored["email_masked"] == "•••123@example.fr" and "email" not in stored and "referrer" not in stored
    assert stored["user_agent_hash"] and READER_AGENT not in str(stored) and READER_EMAIL.lower() not in str(stored)
    assert stored["author"] == READER_NAME  # moderators judge spam by names and websites: kept in clear
    assert item["author"]["email_domain"] == "example.fr" and item["author"]["name"] == READER_NAME


def test_an_explanation_made_while_its_reader_is_erased_is_not_cached_after_the_erasure(
    app: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    keys = Keys(namespace)
    comment_id = _comment(app, f"Une {HOLD_WORD} de ce passage, merci", email=READER_EMAIL, author=READER_NAME)
    opened = read_record(redis_client, keys=keys, comment_id=comment_id)  # a moderator opens it...
    assert opened is not None
    assert app.post("/v1/review/readers/erase", headers=_admin(app), json={"email": READER_EMAIL}).status_code == 200

    explainer = app.app.state.services.explainer  # type: ignore[attr-defined]
    explanation = explainer.explain(opened.replace(id=comment_id))  # ...and its explanation is ready after the erasure

    assert explanation.model_version == opened.model_version != RULES_ONLY
    assert redis_client.exists(keys.explanation(comment_id), keys.comment(comment_id)) == 0

"""The hand-made bodies of the hostile drill (issue 22): each is refused or ignored cleanly, never a 5xx, and
nothing reaches Redis that should not (real Redis, the app through TestClient)."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.labels import read_labels
from moderation.main import create_app
from moderation.storage.keys import Keys
from tests.support.comments import comment_fields
from tests.support.redis_dump import namespace_dump

pytestmark = pytest.mark.redis

PERSPECTIVE_KEY = "coral-tenant-key-0001"
AKISMET_KEY = "a1b2c3d4e5f6"
ANALYZE = f"/v1alpha1/comments:analyze?key={PERSPECTIVE_KEY}"
SUGGEST = f"/v1alpha1/comments:suggestscore?key={PERSPECTIVE_KEY}"
JSON_HEADERS = {"content-type": "application/json", "Accept-Language": "en"}


@pytest.fixture
def app(rules_settings: Settings) -> Iterator[TestClient]:
    """The app with Perspective and Akismet keys, no flood check; server errors come back as 500s, not raised."""
    settings = rules_settings.model_copy(
        update={"api_keys": [PERSPECTIVE_KEY, AKISMET_KEY], "flood_seconds": 0, "max_body_bytes": 1_048_576}
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as client:
        yield client


def _comment_json(extra: str) -> str:
    """A valid comment as JSON text, with `extra` (raw JSON) as the value of an unknown field."""
    fields = json.dumps(comment_fields())
    return fields[:-1] + f', "extra": {extra}}}'


def test_an_extra_json_field_nested_900_deep_is_refused_as_too_deep(
    app: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    before = namespace_dump(redis_client, namespace)
    response = app.post("/v1/comments", content=_comment_json("[" * 900 + "]" * 900), headers=JSON_HEADERS)
    assert response.status_code == 400
    assert response.json()["errors"][0]["code"] == "nested_too_deep"
    assert namespace_dump(redis_client, namespace) == before


def test_an_extra_form_field_with_900_levels_of_brackets_is_stored_as_a_plain_field(app: TestClient) -> None:
    body = "&".join(f"{k}={v}" for k, v in comment_fields().items()) + "&extra" + "[a]" * 900 + "=1"
    response = app.post("/v1/comments", content=body, headers={"content-type": "application/x-www-form-urlencoded"})
    assert response.status_code == 201


def test_a_lone_surrogate_in_a_nested_extra_value_is_refused_naming_the_field(
    app: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    before = namespace_dump(redis_client, namespace)
    response = app.post("/v1/comments", content=_comment_json('{"a": {"b": ["\\ud800"]}}'), headers=JSON_HEADERS)
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "field": "extra",
            "code": "invalid_encoding",
            "message": response.json()["errors"][0]["message"],
        }
    ]
    assert namespace_dump(redis_client, namespace) == before


def test_perspective_json_nested_5000_deep_is_an_invalid_payload(app: TestClient) -> None:
    body = '{"comment": {"text": "bonjour"}, "requestedAttributes": {"TOXICITY": {}}, "x": ' + "[" * 5000
    response = app.post(ANALYZE, content=body + "]" * 5000 + "}", headers=JSON_HEADERS)
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Invalid JSON payload received."


@pytest.mark.parametrize("route", ["analyze", "suggestscore"])
def test_a_lone_surrogate_in_perspective_comment_text_is_an_invalid_payload(
    app: TestClient, redis_client: redis.Redis, namespace: str, route: str
) -> None:
    before = namespace_dump(redis_client, namespace)
    body = (
        '{"comment": {"text": "a\\ud800b"}, "requestedAttributes": {"TOXICITY": {}}, '
        '"attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}}}'
    )
    response = app.post(f"/v1alpha1/comments:{route}?key={PERSPECTIVE_KEY}", content=body, headers=JSON_HEADERS)
    assert response.status_code == 400
    assert "Invalid UTF-8" in response.json()["error"]["message"]
    assert namespace_dump(redis_client, namespace) == before


def _suggestion(context_text: str, text: str = "Bravo pour cet article") -> dict[str, object]:
    return {
        "comment": {"text": text},
        "context": {"entries": [{"text": context_text}]},
        "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1}}},
        "clientToken": "comment:c1",
    }


def _labels(redis_client: redis.Redis, namespace: str) -> list[object]:
    return [example for _, example in read_labels(redis_client, keys=Keys(namespace))]


def test_a_context_url_that_cannot_be_parsed_is_ignored_and_the_label_kept(
    app: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    response = app.post(SUGGEST, json=_suggestion(json.dumps({"url": "http://[zz"})))
    assert response.status_code == 200
    (label,) = _labels(redis_client, namespace)
    assert label.url == ""  # type: ignore[attr-defined]


def test_a_context_entry_nested_100000_deep_is_ignored_and_the_label_kept(
    app: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    response = app.post(SUGGEST, json=_suggestion("[" * 100_000 + "]" * 100_000))
    assert response.status_code == 200
    assert len(_labels(redis_client, namespace)) == 1


def test_a_perspective_body_whose_context_entries_nest_100000_deep_is_an_invalid_payload(app: TestClient) -> None:
    body = '{"comment": {"text": "bonjour"}, "context": {"entries": ' + "[" * 100_000 + "]" * 100_000 + "}}"
    response = app.post(SUGGEST, content=body, headers=JSON_HEADERS)
    assert response.status_code == 400


def test_a_nul_character_never_reaches_the_label_stream_through_perspective(
    app: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    before = namespace_dump(redis_client, namespace)
    response = app.post(SUGGEST, json=_suggestion("{}", text="spam\x00cach\u00e9"))
    assert response.status_code == 400
    assert "NUL" in response.json()["error"]["message"]
    assert namespace_dump(redis_client, namespace) == before


@pytest.mark.parametrize("field", ["comment_content", "comment_author_url"])
def test_a_nul_character_never_reaches_the_label_stream_through_akismet(
    app: TestClient, redis_client: redis.Redis, namespace: str, field: str
) -> None:
    before = namespace_dump(redis_client, namespace)
    fields = {
        "api_key": AKISMET_KEY,
        "blog": "https://journal.example.fr",
        "user_ip": "192.0.2.1",
        "comment_content": "Achetez",
        "comment_author_url": "https://a.example",
        field: "spam\x00cache",
    }
    response = app.post("/1.1/submit-spam", data=fields)
    assert response.status_code == 400
    assert "NUL" in response.text
    assert namespace_dump(redis_client, namespace) == before

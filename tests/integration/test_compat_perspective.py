"""Perspective API's routes: keys, Google's refusals and SuggestCommentScore as Coral Talk sends it (real Redis)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import redis
from fastapi.testclient import TestClient

from moderation.compat.perspective.service import MAX_SPAN_ANNOTATIONS, sentence_spans
from moderation.config import Settings
from moderation.labels import read_labels
from moderation.main import create_app
from moderation.storage.keys import Keys
from tests.support.redis_dump import namespace_dump

pytestmark = pytest.mark.redis

KEY = "coral-tenant-key-0001"
ANALYZE = f"/v1alpha1/comments:analyze?key={KEY}"
SUGGEST = f"/v1alpha1/comments:suggestscore?key={KEY}"


def coral_analyze(text: str, language: str = "fr", model: str = "TOXICITY") -> dict[str, Any]:
    """The body Coral's `sendToPerspective` builds for `comments:analyze`."""
    return {
        "comment": {"text": text},
        "doNotStore": True,
        "requestedAttributes": {model: {}},
        "languages": [language],
    }


def coral_suggest(text: str, *, status: str, comment_id: str = "c0ffee", model: str = "TOXICITY") -> dict[str, Any]:
    """The body Coral builds for `comments:suggestscore` when a moderator approves or rejects a comment."""
    return {
        "comment": {"text": text},
        "context": {
            "entries": [
                {
                    "text": json.dumps(
                        {
                            "url": f"https://journal.example.fr/2026/11/article/?commentID={comment_id}",
                            "Coral_comment_id": comment_id,
                        }
                    )
                }
            ]
        },
        "attributeScores": {model: {"summaryScore": {"value": 0 if status == "APPROVED" else 1}}},
        "languages": ["fr"],
        "communityId": "Coral:https://journal.example.fr/",
        "clientToken": f"comment:{comment_id}",
    }


def google_error(response: httpx.Response) -> tuple[int, str, str]:
    """(code, status, message) of Google's error body, checking it matches the HTTP status."""
    error = response.json()["error"]
    assert error["code"] == response.status_code
    return error["code"], error["status"], error["message"]


@pytest.fixture
def perspective(rules_settings: Settings) -> Iterator[TestClient]:
    """The app with one client key and no model: every check that comes before scoring can run."""
    with TestClient(create_app(rules_settings.model_copy(update={"api_keys": [KEY]}))) as test_client:
        yield test_client


def stored_labels(redis_client: redis.Redis, namespace: str) -> list[Any]:
    """The label stream's examples, oldest first."""
    return [example for _, example in read_labels(redis_client, keys=Keys(namespace))]


# Routing and keys ------------------------------------------------------------------------------------
def test_colon_path_routes_literally_and_percent_encoded(perspective: TestClient) -> None:
    body = coral_analyze("Bonjour à tous")

    literal = perspective.post(ANALYZE, json=body)
    encoded = perspective.post(f"/v1alpha1/comments%3Aanalyze?key={KEY}", json=body)
    other = perspective.post(f"/v1alpha1/comments:translate?key={KEY}", json=body)

    # No model in this app: reaching the scorer's check proves the route matched.
    assert google_error(literal) == (503, "UNAVAILABLE", "No model is loaded yet; try again shortly.")
    assert encoded.status_code == 503
    assert other.status_code == 404


def test_missing_key_is_403_and_wrong_key_is_400_in_googles_words(perspective: TestClient) -> None:
    body = coral_analyze("Bonjour")

    missing = perspective.post("/v1alpha1/comments:analyze", json=body)
    wrong = perspective.post("/v1alpha1/comments:analyze?key=not-the-key-at-all", json=body)

    assert google_error(missing) == (403, "PERMISSION_DENIED", "The request is missing a valid API key.")
    assert google_error(wrong) == (400, "INVALID_ARGUMENT", "API key not valid. Please pass a valid API key.")


def test_attribute_with_null_parameters_is_scored_like_an_empty_object(scored: TestClient) -> None:
    body = {"comment": {"text": "Bonjour"}, "requestedAttributes": {"TOXICITY": None}, "languages": ["fr"]}
    empty = {**body, "requestedAttributes": {"TOXICITY": {}}}

    null_answer, empty_answer = scored.post(ANALYZE, json=body), scored.post(ANALYZE, json=empty)

    assert null_answer.status_code == 200
    assert null_answer.json() == empty_answer.json()


def test_key_in_googles_header_is_scored_as_the_query_key(scored: TestClient) -> None:
    header = scored.post("/v1alpha1/comments:analyze", json=coral_analyze("Bonjour"), headers={"X-Goog-Api-Key": KEY})
    query = scored.post(ANALYZE, json=coral_analyze("Bonjour"))

    assert header.status_code == 200
    assert header.json() == query.json()


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (coral_analyze("Hola a todos", language="es"), "Attribute TOXICITY does not support request languages: es"),
        (
            coral_analyze("Hallo", language="de", model="INSULT"),
            "Attribute INSULT does not support request languages: de",
        ),
        (coral_analyze("Bonjour", model="NICENESS"), "Unknown requested attribute: NICENESS"),
        (  # Google served FLIRTATION in English only
            coral_analyze("Bonjour", model="FLIRTATION"),
            "Attribute FLIRTATION does not support request languages: fr",
        ),
        ({"comment": {"text": "Bonjour"}, "languages": ["fr"]}, "Missing requested_attributes."),
        (coral_analyze("   "), "Comment must be non-empty."),
        (coral_analyze("é" * 10_241), "Comment text too long."),
        (
            {"comment": {"text": "<p>Bonjour</p>", "type": "HTML"}, "requestedAttributes": {"TOXICITY": {}}},
            "Currently, only 'PLAIN_TEXT' comments are supported.",
        ),
        (
            {"comment": {"text": "Bonjour"}, "requestedAttributes": {"TOXICITY": {"scoreType": "RAW"}}},
            "Requested score type RAW is not supported by attribute TOXICITY",
        ),
        (
            {"comment": "Bonjour", "requestedAttributes": {"TOXICITY": {}}},
            "Invalid JSON payload received. Invalid value at 'comment'.",
        ),
    ],
)
def test_requests_google_refuses_are_400_invalid_argument(
    perspective: TestClient, body: dict[str, Any], message: str
) -> None:
    response = perspective.post(ANALYZE, json=body)

    assert google_error(response) == (400, "INVALID_ARGUMENT", message)


def test_body_that_is_not_json_is_400(perspective: TestClient) -> None:
    response = perspective.post(ANALYZE, content=b"{not json", headers={"Content-Type": "application/json"})

    assert google_error(response) == (400, "INVALID_ARGUMENT", "Invalid JSON payload received.")


# SuggestCommentScore ---------------------------------------------------------------------------------------
def test_coral_rejection_and_approval_are_stored_as_toxicity_labels(
    perspective: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    rejected = perspective.post(SUGGEST, json=coral_suggest("Espèce de crétin, retourne jouer.", status="DELETED"))
    approved = perspective.post(
        SUGGEST, json=coral_suggest("Merci pour cet éclairage.", status="APPROVED", comment_id="beef")
    )

    assert rejected.status_code == approved.status_code == 200
    assert rejected.json() == {"clientToken": "comment:c0ffee"}
    assert approved.json() == {"clientToken": "comment:beef"}
    stored = stored_labels(redis_client, namespace)
    assert [(e.text, e.labels, e.source, e.comment_id, e.language) for e in stored] == [
        ("Espèce de crétin, retourne jouer.", {"toxicity": 1}, "perspective", "comment:c0ffee", "fr"),
        ("Merci pour cet éclairage.", {"toxicity": 0}, "perspective", "comment:beef", "fr"),
    ]
    assert stored[0].url == "https://journal.example.fr/2026/11/article/?commentID=c0ffee"


def test_suggestion_maps_each_attribute_to_its_head(
    perspective: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    body = {
        "comment": {"text": "Je vais te retrouver."},
        "attributeScores": {
            "THREAT": {"summaryScore": {"value": 0.9, "type": "PROBABILITY"}},
            "INSULT": {"summaryScore": {"value": 0.2}},
            "SPAM": {"spanScores": [{"begin": 0, "end": 5, "score": {"value": 0.7}}]},
        },
    }

    response = perspective.post(SUGGEST, json=body)

    assert response.json() == {}
    assert [e.labels for e in stored_labels(redis_client, namespace)] == [{"threat": 1, "insult": 0, "spam": 1}]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (coral_suggest("Bonjour", status="DELETED", model="NICENESS"), "Unknown requested attribute: NICENESS"),
        ({"comment": {"text": "Bonjour"}, "attributeScores": {}}, "Missing attribute_scores."),
        (
            {"comment": {"text": "Bonjour"}, "attributeScores": {"TOXICITY": {"summaryScore": {"value": 1.5}}}},
            "Score for attribute TOXICITY must be between 0 and 1.",
        ),
        (
            {"comment": {"text": "Bonjour"}, "attributeScores": {"TOXICITY": {}}},
            "Missing summary_score for attribute TOXICITY.",
        ),
        (coral_suggest("", status="DELETED"), "Comment must be non-empty."),
    ],
)
def test_refused_suggestion_stores_nothing(
    perspective: TestClient, redis_client: redis.Redis, namespace: str, body: dict[str, Any], message: str
) -> None:
    before = namespace_dump(redis_client, namespace)

    response = perspective.post(SUGGEST, json=body)

    assert google_error(response) == (400, "INVALID_ARGUMENT", message)
    assert stored_labels(redis_client, namespace) == []
    assert namespace_dump(redis_client, namespace) == before


def test_suggestion_of_an_attribute_no_head_measures_is_answered_and_stores_nothing(
    perspective: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    before = namespace_dump(redis_client, namespace)

    response = perspective.post(SUGGEST, json=coral_suggest("Bonjour", status="DELETED", model="FLIRTATION"))

    assert response.status_code == 200
    assert response.json() == {"clientToken": "comment:c0ffee"}
    assert namespace_dump(redis_client, namespace) == before


def test_suggestion_with_a_wrong_key_stores_nothing(
    perspective: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    before = namespace_dump(redis_client, namespace)

    response = perspective.post(
        "/v1alpha1/comments:suggestscore?key=wrong-key-wrong-key", json=coral_suggest("Idiot", status="DELETED")
    )

    assert google_error(response)[:2] == (400, "INVALID_ARGUMENT")
    assert stored_labels(redis_client, namespace) == []
    assert namespace_dump(redis_client, namespace) == before


# Sentences for spanAnnotations -------------------------------------------------------------------------------
def test_sentences_are_split_as_in_googles_example() -> None:
    text = "What kind of idiot name is foo? Sorry, I like your name."

    assert sentence_spans(text) == [(0, 31), (32, 56)]
    assert sentence_spans("  Un seul, sans point  ") == [(2, 21)]
    assert sentence_spans("Ligne un\nLigne deux… Et trois!") == [(0, 8), (9, 20), (21, 30)]
    assert sentence_spans("Version 2.5 est sortie.") == [(0, 23)]


def test_a_text_of_thousands_of_sentences_is_scored_as_at_most_a_hundred_spans() -> None:
    text = "Non. " * 20_000
    spans = sentence_spans(text)
    assert len(spans) == MAX_SPAN_ANNOTATIONS == 100
    assert spans[:2] == [(0, 4), (5, 9)]
    assert spans[-1] == (99 * 5, len(text) - 1)  # the tail, up to the last mark, is the last span


# Documentation ----------------------------------------------------------------------------------------------
def test_openapi_documents_both_apis_with_resolvable_request_schemas(perspective: TestClient) -> None:
    spec = perspective.get("/openapi.json").json()
    schemas = spec["components"]["schemas"]
    paths = {p: spec["paths"][p] for p in spec["paths"] if p.startswith(("/v1alpha1/", "/1.1/", "/1.2/", "/$disc"))}

    refs = set(re.findall(r'"#/components/schemas/([^"]+)"', json.dumps(paths)))

    assert set(paths) == {
        "/v1alpha1/comments:analyze",
        "/v1alpha1/comments:suggestscore",
        "/1.1/comment-check",
        "/1.1/submit-spam",
        "/1.1/submit-ham",
        "/1.1/verify-key",
        "/1.1/test",
        "/1.1/get-subscription",
        "/1.1/get-stats",
        "/1.1/deactivate",
        "/1.1/verify-wpcom-key",
        "/1.2/key-sites",
        "/1.2/usage-limit",
        "/$discovery/rest",
    }
    assert {"AnalyzeCommentRequest", "SuggestCommentScoreRequest", "AkismetComment"} <= refs
    assert refs <= set(schemas)
    assert "requestedAttributes" in schemas["AnalyzeCommentRequest"]["properties"]


# Google's error shape everywhere under /v1alpha1 ----------------------------------------------------------------
def test_errors_carry_googles_details_with_an_error_info_reason(perspective: TestClient) -> None:
    wrong_key = perspective.post("/v1alpha1/comments:analyze?key=nope", json=coral_analyze("Bonjour"))
    no_key = perspective.post("/v1alpha1/comments:analyze", json=coral_analyze("Bonjour"))
    spanish = perspective.post(ANALYZE, json=coral_analyze("Hola a todos", language="es"))
    bad_field = perspective.post(ANALYZE, json={"comment": {"text": 5}, "requestedAttributes": {"TOXICITY": {}}})

    def details(response: httpx.Response) -> list[dict[str, Any]]:
        google_error(response)
        return list(response.json()["error"]["details"])

    for response, reason in ((wrong_key, "API_KEY_INVALID"), (no_key, "API_KEY_MISSING")):
        info = details(response)[0]
        assert info["@type"] == "type.googleapis.com/google.rpc.ErrorInfo"
        assert info["reason"] == reason
    language = details(spanish)[1]
    assert language["errorType"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"
    assert language["languageNotSupportedByAttributeError"]["attribute"] == "TOXICITY"
    assert language["languageNotSupportedByAttributeError"]["requestedLanguages"] == ["es"]
    violation = details(bad_field)[1]
    assert violation["@type"] == "type.googleapis.com/google.rpc.BadRequest"
    assert violation["fieldViolations"][0]["field"] == "comment.text"


def test_unknown_path_is_404_and_wrong_method_405_in_googles_shape(perspective: TestClient) -> None:
    missing = perspective.post(f"/v1alpha1/comments:translate?key={KEY}", json={})
    wrong_method = perspective.get(ANALYZE)
    deep = perspective.delete("/v1alpha1/a/b/c")

    assert google_error(missing)[:2] == (404, "NOT_FOUND")
    assert google_error(deep)[:2] == (404, "NOT_FOUND")
    assert google_error(wrong_method)[:2] == (405, "METHOD_NOT_ALLOWED")
    assert wrong_method.headers["allow"] == "POST"
    assert "detail" not in missing.json()


def test_discovery_document_describes_both_methods_rooted_at_this_service(perspective: TestClient) -> None:
    document = perspective.get("/$discovery/rest?version=v1alpha1").json()
    legacy = perspective.get("/discovery/v1/apis/commentanalyzer/v1alpha1/rest").json()
    other_version = perspective.get("/$discovery/rest?version=v1")

    methods = document["resources"]["comments"]["methods"]
    assert document == legacy
    assert (document["name"], document["version"], document["rootUrl"]) == (
        "commentanalyzer",
        "v1alpha1",
        "http://testserver/",
    )
    assert {name: (m["httpMethod"], m["path"]) for name, m in methods.items()} == {
        "analyze": ("POST", "v1alpha1/comments:analyze"),
        "suggestscore": ("POST", "v1alpha1/comments:suggestscore"),
    }
    schemas = document["schemas"]
    refs = set(re.findall(r'"\$ref": "([^"]+)"', json.dumps(document)))
    assert refs <= set(schemas)
    assert schemas["AnalyzeCommentRequest"]["properties"]["requestedAttributes"]["additionalProperties"] == {
        "$ref": "AttributeParameters"
    }
    assert schemas["SpanScore"]["properties"]["begin"] == {"type": "integer", "format": "int32"}
    assert google_error(other_version)[:2] == (404, "NOT_FOUND")


# One label per comment: the latest suggestion wins ----------------------------------------------------------
def test_repeated_suggestions_for_one_comment_keep_only_the_latest_label(
    perspective: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    text = "Vous êtes tous des imbéciles."
    first = perspective.post(SUGGEST, json=coral_suggest(text, status="REJECTED", comment_id="c1"))
    other = perspective.post(SUGGEST, json=coral_suggest("Autre commentaire", status="APPROVED", comment_id="c2"))
    second = perspective.post(SUGGEST, json=coral_suggest(text, status="APPROVED", comment_id="c1"))
    third = perspective.post(SUGGEST, json=coral_suggest(text, status="REJECTED", comment_id="c1"))

    assert [r.status_code for r in (first, other, second, third)] == [200, 200, 200, 200]
    stored = stored_labels(redis_client, namespace)
    assert [(e.comment_id, e.labels) for e in stored] == [
        ("comment:c2", {"toxicity": 0}),
        ("comment:c1", {"toxicity": 1}),
    ]


def test_suggestions_without_client_token_are_each_kept(
    perspective: TestClient, redis_client: redis.Redis, namespace: str
) -> None:
    body = coral_suggest("Texte sans jeton", status="REJECTED")
    del body["clientToken"]

    perspective.post(SUGGEST, json=body)
    perspective.post(SUGGEST, json=body)

    assert len(stored_labels(redis_client, namespace)) == 2


# Answered by the shipped model: spans, attribute names, Redis down --------------------------------------------
@pytest.fixture
def scored(settings: Settings) -> Iterator[TestClient]:
    """The app with the shipped model (model/CURRENT) and one client key."""
    with TestClient(create_app(settings.model_copy(update={"api_keys": [KEY]}))) as test_client:
        yield test_client


def analyze(
    text: str, attributes: tuple[str, ...], *, languages: tuple[str, ...] = ("en",), **extra: Any
) -> dict[str, Any]:
    """An AnalyzeComment body with empty parameters for each attribute."""
    body = {"comment": {"text": text}, "requestedAttributes": {name: {} for name in attributes}, **extra}
    return {**body, "languages": list(languages)} if languages else body


def test_each_attribute_has_one_whole_text_span_by_default_and_one_a_sentence_with_span_annotations(
    scored: TestClient,
) -> None:
    text = "Merci pour l'article. Espèce de crétin, tais-toi !"

    plain = scored.post(ANALYZE, json=analyze(text, ("TOXICITY", "INSULT"), languages=("fr",))).json()
    spans = scored.post(ANALYZE, json=analyze(text, ("TOXICITY",), languages=("fr",), spanAnnotations=True)).json()

    for name in ("TOXICITY", "INSULT"):
        scores = plain["attributeScores"][name]
        assert scores["spanScores"] == [{"begin": 0, "end": len(text), "score": scores["summaryScore"]}]
    sentences = spans["attributeScores"]["TOXICITY"]["spanScores"]
    assert [(s["begin"], s["end"]) for s in sentences] == [(0, 21), (22, len(text))]
    assert sentences[1]["score"]["value"] > sentences[0]["score"]["value"]


def test_experimental_names_of_the_six_attributes_are_answered_by_the_same_heads(scored: TestClient) -> None:
    text = "Espèce de crétin, je vais te retrouver."
    names = ("INSULT", "THREAT", "PROFANITY", "IDENTITY_ATTACK", "TOXICITY", "SEVERE_TOXICITY")
    experimental = tuple(f"{name}_EXPERIMENTAL" for name in names)

    answer = scored.post(ANALYZE, json=analyze(text, names + experimental, languages=("fr",))).json()

    summary = {name: value["summaryScore"]["value"] for name, value in answer["attributeScores"].items()}
    assert set(summary) == set(names + experimental)
    assert all(summary[f"{name}_EXPERIMENTAL"] == summary[name] for name in names)


def test_attributes_google_served_only_in_english_are_left_out_in_english_and_refused_in_french(
    scored: TestClient,
) -> None:
    pyspective = ("TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT")
    unbacked = ("SEXUALLY_EXPLICIT", "FLIRTATION")

    english = scored.post(ANALYZE, json=analyze("hi", pyspective + unbacked))
    only_unbacked = scored.post(ANALYZE, json=analyze("You look lovely tonight.", unbacked))
    french = scored.post(ANALYZE, json=analyze("Salut", ("TOXICITY", "FLIRTATION"), languages=("fr",)))
    detected_french = scored.post(
        ANALYZE, json=analyze("Merci pour cet article très clair.", ("FLIRTATION",), languages=())
    )

    assert english.status_code == 200
    assert set(english.json()["attributeScores"]) == set(pyspective)
    assert only_unbacked.json()["attributeScores"] == {}
    for refused in (french, detected_french):
        assert google_error(refused) == (
            400,
            "INVALID_ARGUMENT",
            "Attribute FLIRTATION does not support request languages: fr",
        )
        assert refused.json()["error"]["details"][0]["reason"] == "LANGUAGE_NOT_SUPPORTED_BY_ATTRIBUTE"


@pytest.fixture
def down(settings: Settings) -> Iterator[TestClient]:
    """The app with the shipped model and a Redis URL where nothing listens."""
    update = {"api_keys": [KEY], "redis_url": "redis://127.0.0.1:1/0", "redis_timeout_seconds": 0.5}
    with TestClient(create_app(settings.model_copy(update=update)), raise_server_exceptions=False) as test_client:
        yield test_client


def test_with_redis_down_suggestscore_is_googles_503_and_analyze_still_scores(down: TestClient) -> None:
    suggested = down.post(SUGGEST, json=coral_suggest("Idiot", status="REJECTED"))
    analyzed = down.post(ANALYZE, json=coral_analyze("Espèce de crétin"))

    assert google_error(suggested) == (
        503,
        "UNAVAILABLE",
        "The service is briefly unavailable; please try again in a few seconds.",
    )
    assert suggested.json()["error"]["details"][0]["reason"] == "STORE_UNAVAILABLE"
    assert int(suggested.headers["retry-after"]) > 0
    assert analyzed.status_code == 200  # scoring needs no Redis
    assert analyzed.json()["attributeScores"]["TOXICITY"]["summaryScore"]["value"] > 0.5

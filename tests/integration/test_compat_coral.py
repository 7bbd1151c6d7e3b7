"""Coral Talk's exact Perspective calls, and Akismet checks, answered by the bundled model (real Redis)."""

from __future__ import annotations

import posixpath
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode, urlsplit

import pytest
import redis
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from moderation.scoring.policy import effective_thresholds
from tests.support.redis_dump import namespace_dump

pytestmark = pytest.mark.redis

KEY = "coral-tenant-key-0001"
AKISMET_KEY = "a1b2c3d4e5f6"
ENDPOINT = "http://testserver/v1alpha1"  # what an admin types in Coral's "API endpoint" field
ATTRIBUTES = ("TOXICITY", "SEVERE_TOXICITY", "IDENTITY_ATTACK", "INSULT", "PROFANITY", "THREAT", "SPAM")

FRIENDLY = {
    "fr": "Merci pour cet article très clair, j'ai appris beaucoup de choses sur le sujet.",
    "en": "Thank you for this very clear article, I learned a lot about the topic.",
}
INSULTING = {
    "fr": "Ferme ta gueule, espèce de connard, t'es qu'un sale con et un abruti.",
    "en": "Shut up, you stupid idiot, you are a worthless moron and a pathetic loser.",
}

CRYPTO_SPAM = "Hello, I am a crypto trader, contact me on WhatsApp +1 555 0100 to double your bitcoin investment fast"


def coral_url(operation: str, key: str = KEY) -> str:
    """The URL Coral's `sendToPerspective` builds: endpoint path joined with the operation, `?key=` set."""
    parts = urlsplit(ENDPOINT)
    path = posixpath.join(parts.path, operation)
    return f"{path}?{urlencode({'key': key})}"


def coral_analyze(text: str, language: str, model: str = "TOXICITY") -> dict[str, Any]:
    """Coral's `formatBody` for `comments:analyze` (doNotStore defaults to true in Coral)."""
    return {"comment": {"text": text}, "doNotStore": True, "requestedAttributes": {model: {}}, "languages": [language]}


def coral_reads(response_json: dict[str, Any], model: str = "TOXICITY") -> float:
    """What Coral's toxic phase reads: `result.data.attributeScores[model].summaryScore.value`."""
    return response_json["attributeScores"][model]["summaryScore"]["value"]  # type: ignore[no-any-return]


@pytest.fixture
def coral(settings: Settings) -> Iterator[TestClient]:
    """The app with the bundled model (model/CURRENT) and client keys for Coral and Akismet."""
    updated = settings.model_copy(update={"api_keys": [KEY, AKISMET_KEY], "flood_seconds": 0})
    with TestClient(create_app(updated)) as test_client:
        assert test_client.app.state.services.registry.current.version != "rules-only", (
            "model/CURRENT must name a model"
        )
        yield test_client


# Perspective, as Coral calls it --------------------------------------------------------------------------
@pytest.mark.parametrize("language", ["fr", "en"])
def test_coral_analyze_answers_a_probability_coral_can_read(coral: TestClient, language: str) -> None:
    response = coral.post(coral_url("comments:analyze"), json=coral_analyze(FRIENDLY[language], language))

    assert response.status_code == 200
    body = response.json()
    value = coral_reads(body)
    assert isinstance(value, float)
    assert 0.0 <= value <= 1.0
    assert body["attributeScores"]["TOXICITY"]["summaryScore"]["type"] == "PROBABILITY"
    text, toxicity = FRIENDLY[language], body["attributeScores"]["TOXICITY"]
    # As Google without spanAnnotations: one span over the whole text, scored as the summary
    assert toxicity["spanScores"] == [{"begin": 0, "end": len(text), "score": toxicity["summaryScore"]}]
    assert body["languages"] == [language]
    assert body["detectedLanguages"] == [language]
    assert "clientToken" not in body


@pytest.mark.parametrize("language", ["fr", "en"])
def test_insulting_comment_scores_above_coral_default_threshold_and_friendly_below(
    coral: TestClient, language: str
) -> None:
    insulting = coral_reads(
        coral.post(coral_url("comments:analyze"), json=coral_analyze(INSULTING[language], language)).json()
    )
    friendly = coral_reads(
        coral.post(coral_url("comments:analyze"), json=coral_analyze(FRIENDLY[language], language)).json()
    )

    # Coral withholds a comment when score > threshold; its default threshold is 0.8.
    assert friendly < 0.5 < insulting
    assert insulting > friendly


def test_every_attribute_and_our_spam_extension_are_scored(coral: TestClient) -> None:
    body = {
        "comment": {"text": INSULTING["en"]},
        "requestedAttributes": {name: {} for name in ATTRIBUTES},
        "clientToken": "req-42",
    }

    answer = coral.post(coral_url("comments:analyze"), json=body).json()

    assert set(answer["attributeScores"]) == set(ATTRIBUTES)
    assert all(0.0 <= coral_reads(answer, name) <= 1.0 for name in ATTRIBUTES)
    assert answer["clientToken"] == "req-42"
    assert answer["languages"] == answer["detectedLanguages"] == ["en"]  # none asked: the detected one


def test_undetectable_language_is_scored_but_reported_as_no_language(coral: TestClient) -> None:
    body = {"comment": {"text": "$$$ 5000€ !!! xqzt vbnm http://x.example"}, "requestedAttributes": {"SPAM": {}}}

    response = coral.post(coral_url("comments:analyze"), json=body)

    assert response.status_code == 200
    assert response.json()["languages"] == []  # not "fr": nothing was asked and nothing detected
    assert response.json()["detectedLanguages"] == []
    assert 0.0 <= coral_reads(response.json(), "SPAM") <= 1.0


def test_do_not_store_leaves_no_trace_in_redis_or_logs(
    coral: TestClient, redis_client: redis.Redis, namespace: str, capfd: pytest.CaptureFixture[str]
) -> None:
    marker = f"zorglub{uuid.uuid4().hex[:10]}"
    before = namespace_dump(redis_client, namespace)
    capfd.readouterr()

    response = coral.post(
        coral_url("comments:analyze"), json=coral_analyze(f"Espèce de crétin {marker}, tais-toi.", "fr")
    )

    assert response.status_code == 200
    assert namespace_dump(redis_client, namespace) == before  # no key added, none rewritten with the text
    logs = capfd.readouterr()
    assert "perspective.analyzed" in logs.out  # the request was logged...
    assert marker not in logs.out + logs.err  # ...without its text
    assert KEY not in logs.out + logs.err  # nor the key


def test_span_annotations_score_each_sentence(coral: TestClient) -> None:
    text = f"{FRIENDLY['en']} {INSULTING['en']}"
    body = {"comment": {"text": text}, "requestedAttributes": {"TOXICITY": {}}, "spanAnnotations": True}

    spans = coral.post(coral_url("comments:analyze"), json=body).json()["attributeScores"]["TOXICITY"]["spanScores"]

    assert [(s["begin"], s["end"]) for s in spans] == [
        (0, len(FRIENDLY["en"])),
        (len(FRIENDLY["en"]) + 1, len(text)),
    ]
    assert all(s["score"]["type"] == "PROBABILITY" for s in spans)
    assert spans[1]["score"]["value"] > spans[0]["score"]["value"]


def test_score_threshold_leaves_out_attributes_below_it(coral: TestClient) -> None:
    request = coral_analyze(FRIENDLY["fr"], "fr")
    value = coral_reads(coral.post(coral_url("comments:analyze"), json=request).json())

    request["requestedAttributes"] = {"TOXICITY": {"scoreThreshold": min(1.0, value + 0.01)}}
    above = coral.post(coral_url("comments:analyze"), json=request).json()
    request["requestedAttributes"] = {"TOXICITY": {"scoreThreshold": max(0.0, value - 0.01)}}
    below = coral.post(coral_url("comments:analyze"), json=request).json()

    assert above["attributeScores"] == {}
    assert coral_reads(below) == value


# Akismet, on the same model --------------------------------------------------------------------------------
def test_akismet_verdict_matches_our_api_and_discards_only_blatant_spam(coral: TestClient) -> None:
    texts = [
        FRIENDLY["fr"],
        INSULTING["fr"],
        INSULTING["en"],
        "Gagnez 5000€ par semaine depuis chez vous !!! Cliquez ici http://gain-facile.example/promo",
        "Buy cheap viagra and cialis online, best prices, no prescription http://pills.example",
        CRYPTO_SPAM,
    ]
    model = coral.app.state.services.registry.current
    cut = effective_thresholds(model.thresholds, coral.app.state.services.settings.thresholds).get("spam")
    verdicts: list[tuple[str, str | None]] = []  # (our status, Akismet's pro tip)
    for i, text in enumerate(texts):
        email = f"reader{i}@example.org"
        ours = coral.post(
            "/v1/comments",
            json={"comment": text, "author": "Reader", "email": email, "comment_post_ID": str(i), "lang": "fr"},
        ).json()
        form = {
            "api_key": AKISMET_KEY,
            "blog": "https://journal.example.fr",
            "user_ip": "198.51.100.9",
            "comment_type": "comment",
            "comment_author": "Reader",
            "comment_author_email": email,
            "comment_content": text,
            "blog_lang": "fr_FR",
        }

        answer = coral.post("/1.1/comment-check", data=form)

        assert answer.headers["x-moderation-status"] == ours["status"], text
        assert answer.text == ("true" if ours["status"] != "approved" else "false")  # held: spam folder
        blatant = cut is not None and ours["scores"].get("spam", 0.0) >= cut.reject + (1 - cut.reject) / 2
        expected_tip = "discard" if answer.text == "true" and blatant else None
        assert answer.headers.get("x-akismet-pro-tip") == expected_tip
        verdicts.append((ours["status"], answer.headers.get("x-akismet-pro-tip")))
    # Beyond agreeing with our API: the friendly comment is approved; insults and spam are not published.
    assert verdicts[0] == ("approved", None)
    assert all(status != "approved" for status, _tip in verdicts[1:]), verdicts
    assert ("spam", "discard") in verdicts[3:], "at least one blatant spam is discarded"


def test_blatant_spam_gets_the_discard_tip_and_a_friendly_comment_passes(settings: Settings) -> None:
    # Spam rejects from 0.5 here, so the discard tip starts halfway to certainty, at 0.75.
    tuned = settings.model_copy(update={"api_keys": [AKISMET_KEY], "thresholds": {"spam": {"reject": 0.5}}})
    form = {"api_key": AKISMET_KEY, "blog": "https://journal.example.fr", "user_ip": "198.51.100.9"}
    with TestClient(create_app(tuned)) as app_client:
        blatant = app_client.post("/1.1/comment-check", data={**form, "comment_content": CRYPTO_SPAM})
        friendly = app_client.post("/1.1/comment-check", data={**form, "comment_content": FRIENDLY["en"]})

    assert (blatant.text, blatant.headers["x-moderation-status"]) == ("true", "spam")
    assert blatant.headers["x-akismet-pro-tip"] == "discard"
    assert friendly.text == "false"
    assert "x-akismet-pro-tip" not in friendly.headers

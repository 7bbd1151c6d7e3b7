"""Pure parts of the review workspace: highlight segments, model leans, agreement matrix, webhook backoff."""

from __future__ import annotations

import json

from moderation.review.decisions import new_status
from moderation.review.queue import priority, reason_tokens
from moderation.review.stats import agreement_matrix
from moderation.review.tally import model_leans
from moderation.review.views import highlights
from moderation.storage.records import CommentRecord
from moderation.webhooks.outbox import encode, sign, verify


def test_highlights_merge_overlapping_spans_and_keep_every_character() -> None:
    text = "Pauvre crétin d'abruti !"
    spans = {
        "insult": [{"start": 7, "end": 13}, {"start": 14, "end": 22}],
        "toxicity": [{"start": 0, "end": 13}],
    }

    segments = highlights(text, spans)

    assert "".join(s["text"] for s in segments) == text
    assert segments == [
        {"text": "Pauvre ", "heads": ["toxicity"]},
        {"text": "crétin", "heads": ["insult", "toxicity"]},
        {"text": " ", "heads": []},
        {"text": "d'abruti", "heads": ["insult"]},
        {"text": " !", "heads": []},
    ]


def test_highlights_ignore_spans_outside_the_text() -> None:
    segments = highlights("court", {"spam": [{"start": 3, "end": 99}, {"start": -1, "end": 2}, {"start": 2, "end": 2}]})

    assert segments == [{"text": "court", "heads": []}]


def test_highlights_count_code_points_not_utf16_units() -> None:
    text = "😀 idiot"

    assert highlights(text, {"insult": [{"start": 2, "end": 7}]})[1] == {"text": "idiot", "heads": ["insult"]}


def test_model_leans_come_from_the_reasons_stored_at_intake() -> None:
    record = CommentRecord.from_redis({
        "model_version": "2026.01.01-1",
        "scores": json.dumps({"spam": 0.05, "toxicity": 0.7, "threat": 0.97}),
        "reasons": json.dumps([
            {"code": "model_hold", "source": "model", "head": "toxicity"},
            {"code": "model_reject", "source": "model", "head": "threat"},
        ]),
    })  # fmt: skip

    assert model_leans(record) == [("spam", "approve"), ("threat", "reject"), ("toxicity", "hold")]
    rules_only = CommentRecord.from_redis({"model_version": "rules-only", "scores": "{}", "reasons": "[]"})
    assert model_leans(rules_only) == [("no_model", "none")]


def test_agreement_matrix_counts_and_rates() -> None:
    raw = {
        "toxicity|fr|hold|rejected": "3",
        "toxicity|fr|hold|approved": "1",
        "toxicity|fr|approve|approved": "4",
        "no_model|en|none|spam": "2",
        "insult|fr|approve|rejected": "3",
        "insult|fr|approve|approved": "1",
        "garbage": "9",
    }

    matrix = agreement_matrix(raw)

    assert matrix["toxicity"]["fr"] == {
        "matrix": {"hold": {"rejected": 3, "approved": 1}, "approve": {"approved": 4}},
        "total": 8,
        "agreed": 7,
        "rate": 0.875,
        "held": True,
    }
    assert matrix["no_model"]["en"]["rate"] is None
    # a head that never held (approve cut 1.01) made no call: no rate, not 25% (the share approved)
    assert (matrix["insult"]["fr"]["held"], matrix["insult"]["fr"]["rate"]) == (False, None)


def test_status_after_a_decision() -> None:
    assert new_status("approve", None) == "approved"
    assert new_status("reject", "spam") == "spam"
    assert new_status("reject", "threat") == "rejected"


def test_priority_orders_by_risk_bucket_then_age() -> None:
    assert priority(risk=0.9, created_at=2000.0) < priority(risk=0.5, created_at=1000.0)
    assert priority(risk=0.901, created_at=1000.0) < priority(risk=0.899, created_at=2000.0)  # same 0.01 bucket


def test_reason_tokens_name_codes_and_heads_once() -> None:
    reasons = [
        {"code": "model_hold", "head": "spam"},
        {"code": "model_hold", "head": "insult"},
        {"code": "moderation_word"},
    ]

    assert reason_tokens(reasons) == ["model_hold", "spam", "insult", "moderation_word"]


def test_signature_covers_the_timestamp_and_the_exact_body() -> None:
    body = encode({"b": 1, "a": "é"}).encode()

    header = sign(body, "secret", "1795600000")

    assert body == '{"a":"é","b":1}'.encode()
    assert header.startswith("sha256=") and len(header) == 7 + 64
    assert verify(body, "secret", header, "1795600000")
    assert not verify(body, "other", header, "1795600000")
    assert not verify(body, "secret", header, "1795603600"), "the timestamp is signed: no replay later"


def test_comment_record_reads_back_what_it_writes_and_leaves_unset_fields_out() -> None:
    record = CommentRecord(
        id="c1", status="pending", created_at=1764500000.123456, updated_at=1764500000.123456, comment="Bonjour",
        scores={"spam": 0.125}, risk=0.3333333333333333, reasons=[{"code": "clean", "source": "system"}],
        spans={"insult": [{"start": 0, "end": 3, "text": "Bon", "weight": 0.5}]},
    )  # fmt: skip
    stored = record.to_redis()

    assert CommentRecord.from_redis(stored) == record
    assert stored["risk"] == "0.3333333333333333" and stored["scores"] == '{"spam": 0.125}'
    assert "audit" not in stored and "decided_by" not in stored and "feedback_at" not in stored
    decided = record.replace(decided_by="alice", decided_at=1764500001.5, audit=True)
    assert decided.to_redis("decided_by", "decided_at", "audit") == {
        "decided_by": "alice", "decided_at": "1764500001.5", "audit": "1",
    }  # fmt: skip
    assert CommentRecord.from_redis(decided.to_redis()) == decided


def test_reasons_are_listed_with_the_one_that_drove_the_status_first_each_in_a_few_words() -> None:
    from moderation.reasons import localized_reasons

    stored = [
        {"code": "model_hold", "source": "model", "head": "threat", "params": {"score": 0.02}},
        {"code": "moderation_word", "source": "rule", "params": {}},
        {"code": "model_hold", "source": "model", "head": "toxicity", "params": {"score": 0.95}},
        {"code": "known_spam_link", "source": "site", "params": {"domain": "promo.example"}},
        {"code": "rules_only", "source": "system", "params": {}},
    ]
    shown = localized_reasons(stored, "fr", labelled=True)
    assert [r["label"] for r in shown] == [
        "spam : lien déjà signalé (promo.example)", "propos injurieux", "menace", "mot de modération",
        "Aucun modèle n’est chargé : seules les règles ont décidé.",
    ]  # fmt: skip
    assert shown[1]["message"] == "En attente de relecture : propos injurieux." and shown[1]["score"] == 0.95
    assert "label" not in localized_reasons(stored, "en")[0]  # the intake's answer keeps its shape

"""The intake's answer is encoded once, by hand: the same bytes FastAPI made of it through `response_model`."""

from __future__ import annotations

import pytest
from pydantic import TypeAdapter

from moderation.api.comments import comment_json
from moderation.intake.accepted import Accepted, public_view
from moderation.intake.schemas import CommentOut
from moderation.storage.records import CommentRecord

_MODEL = TypeAdapter(CommentOut)


def _through_the_model(body: dict[str, object]) -> bytes:
    """What FastAPI answered for a returned dict: validated against CommentOut, dumped without unset fields."""
    return _MODEL.dump_json(_MODEL.validate_python(body), exclude_unset=True)


def _record(**changes: object) -> CommentRecord:
    base = CommentRecord(
        id="0f" * 16,
        status="pending",
        created_at=1765000000.123456,
        updated_at=1765000000.123456,
        language="fr",
        model_version="2026.12.06-4",
        scores={"spam": 3.2e-05, "toxicity": 0.8125, "threat": 1e-07, "insult": 0.0, "profanity": 1.0},
        reasons=[
            {"code": "model_hold", "source": "model", "head": "toxicity", "params": {"score": 0.8125}},
            {"code": "unseen_link", "source": "site", "head": None, "params": {"domain": "é.fr", "score": 2e-6}},
            {"code": "campaign", "source": "site", "params": {"count": 3}},
        ],
        spans={"toxicity": [{"start": 0, "end": 7, "text": 'Connard "€" \u2028\x1f😀', "weight": 0.1234}]},
    )
    return base.replace(**changes)


@pytest.mark.parametrize(
    "record",
    [
        _record(),
        _record(status="approved", scores={}, reasons=[{"code": "clean", "source": "system"}], spans={}),
        _record(scores={"spam": 1e-300, "toxicity": 5e-324}, created_at=0.1, updated_at=1e16),
    ],
)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_fresh_answer_is_the_bytes_the_response_model_gave(record: CommentRecord, lang: str) -> None:
    body = public_view(record, lang=lang)  # type: ignore[arg-type]
    assert comment_json(Accepted(body=body)) == _through_the_model(body)


def test_a_replayed_answer_from_an_older_release_is_read_through_the_model() -> None:
    # an answer remembered with fields CommentOut does not have, an int score and a reason's stray params
    remembered = {
        "id": "ab" * 16,
        "status": "approved",
        "scores": {"spam": 0},
        "reasons": [{"code": "clean", "source": "system", "message": "ok", "params": {}}],
        "language": "en",
        "created_at": 1,
        "updated_at": 1,
        "extra": "dropped",
    }
    out = comment_json(Accepted(body=remembered, replayed=True))
    assert out == _through_the_model(remembered)
    assert b"extra" not in out and b'"spam":0.0' in out

"""Batch scoring (`moderation score`): worker processes and chunking change nothing in the output."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

import pytest

from moderation.batch import score_file
from moderation.config import Settings
from moderation.intake.decision import assess
from moderation.scoring.base import Submission
from moderation.scoring.model import LinearScorer

pytestmark = pytest.mark.redis

_TEXTS = (
    "Très bon article, merci pour ces précisions sur le budget.",
    "T'es qu'un c0nn4rd, retourne lire tes fiches.",
    "Visitez mon site https://casino-bonus.example pour 200€ de bonus gratuit !",
    "I think the minister is wrong about defence spending, but the piece is fair.",
    "Shut up, you stupid bitch.",
    "Check out my channel and subscribe!!! http://bit.ly/xyz",
    "",
    "La guerre en Ukraine dure depuis trop longtemps, il faut relancer les négociations.",
)


@pytest.fixture(scope="module")
def scorer(shipped_scorer: LinearScorer) -> LinearScorer:
    """The shipped model."""
    return shipped_scorer


@pytest.fixture
def comments_file(tmp_path: Path) -> Path:
    """A JSONL file of 240 mixed comments, some with ids, authors and urls."""
    rng = random.Random(7)
    path = tmp_path / "comments.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for i in range(240):
            row: dict[str, object] = {"comment": " ".join(rng.sample(_TEXTS, k=rng.randint(1, 3)))}
            if i % 3 == 0:
                row["id"] = f"c{i}"
            if i % 5 == 0:
                row["author"], row["url"] = "Meilleur Casino En Ligne", "https://promo.example/bonus?ref=1"
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    return path


def _run(path: Path, scorer: LinearScorer, settings: Settings, *, workers: int, chunk_rows: int) -> str:
    out = io.StringIO()
    count = score_file(
        input_path=path, output=out, scorer=scorer, settings=settings, workers=workers, chunk_rows=chunk_rows
    )
    assert count == 240
    return out.getvalue()


def test_two_workers_write_the_same_jsonl_as_one(scorer: LinearScorer, settings: Settings, comments_file: Path) -> None:
    one = _run(comments_file, scorer, settings, workers=1, chunk_rows=1000)
    two = _run(comments_file, scorer, settings, workers=2, chunk_rows=17)
    assert two == one
    ids = [json.loads(line)["id"] for line in one.splitlines()]
    assert ids == [f"c{i}" if i % 3 == 0 else str(i + 1) for i in range(240)]


def test_batch_decisions_match_the_api_path_comment_by_comment(
    scorer: LinearScorer, settings: Settings, comments_file: Path
) -> None:
    lines = [json.loads(line) for line in _run(comments_file, scorer, settings, workers=1, chunk_rows=50).splitlines()]
    rows = [json.loads(line) for line in comments_file.read_text(encoding="utf-8").splitlines()]
    statuses = {line["status"] for line in lines}
    assert {"approved", "spam"} <= statuses
    for row, line in zip(rows, lines, strict=True):
        submission = Submission(text=row["comment"], author=row.get("author", ""), url=row.get("url", ""))
        single = assess(submission=submission, scorer=scorer, settings=settings, explain=False)
        assert line["status"] == single.status
        assert [r["code"] for r in line["reasons"]] == [r.code for r in single.reasons]
        assert line["scores"] == pytest.approx(single.scores, abs=1e-5)

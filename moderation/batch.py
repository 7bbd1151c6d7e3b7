"""Batch scoring of a CSV or JSONL file of comments, through the API's decision path (no flood checks)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from moderation.config import Settings
from moderation.i18n import Lang
from moderation.intake.decision import assess
from moderation.scoring.base import Scorer, Submission


class BatchInputError(ValueError):
    """Raised when a batch input file has no `comment` column or an unknown format."""


def read_rows(path: Path) -> Iterator[dict[str, Any]]:
    """Yield input rows from a .csv or .jsonl/.ndjson file (column `comment` required)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames is None or "comment" not in reader.fieldnames:
                raise BatchInputError(f"{path}: a CSV needs a `comment` column")
            yield from reader
    elif suffix in (".jsonl", ".ndjson", ".json"):
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                row = json.loads(line)
                if not isinstance(row, dict) or "comment" not in row:
                    raise BatchInputError(f"{path}:{number}: each JSON line needs a `comment` field")
                yield row
    else:
        raise BatchInputError(f"{path}: use a .csv or .jsonl file")


def _count_rows(path: Path) -> int | None:
    if path.suffix.lower() == ".csv":
        return None  # quoted newlines make a line count wrong
    with path.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def score_file(*, input_path: Path, output: TextIO, scorer: Scorer, settings: Settings, lang: Lang = "fr") -> int:
    """Score every row of `input_path` and write one JSON line per row, in order; return the count."""
    written = 0
    rows = read_rows(input_path)
    for number, row in enumerate(
        tqdm(rows, total=_count_rows(input_path), desc="scoring", unit="comment", file=sys.stderr), start=1
    ):
        submission = Submission(
            text=str(row.get("comment") or ""),
            author=str(row.get("author") or ""),
            email=str(row.get("email") or ""),
            url=str(row.get("url") or ""),
        )
        outcome = assess(submission=submission, scorer=scorer, settings=settings, explain=False)
        record = {
            "id": row.get("id") if row.get("id") not in (None, "") else str(number),
            "status": outcome.status,
            "scores": {head: round(score, 6) for head, score in outcome.scores.items()},
            "reasons": [reason.to_dict(lang) for reason in outcome.reasons],
            "language": outcome.language,
            "model_version": outcome.model_version,
        }
        output.write(json.dumps(record, ensure_ascii=False) + "\n")
        written += 1
    return written

"""Batch scoring of a CSV or JSONL file of comments, through the API's decision path (no flood checks)."""

from __future__ import annotations

import csv
import itertools
import json
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, TextIO

from tqdm import tqdm

from moderation.config import Settings
from moderation.i18n import Lang
from moderation.intake.decision import assess
from moderation.scoring.base import Scorer, Submission

#: Rows scored together: one vectorised `score_many` call, and the unit of work of a worker process.
CHUNK_ROWS = 1000


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


Numbered = tuple[int, dict[str, Any]]

#: What each worker process scores with; set once per process by `_init_worker`.
_WORKER: tuple[Scorer, Settings, Lang] | None = None


def _score_chunk(chunk: list[Numbered], scorer: Scorer, settings: Settings, lang: Lang) -> list[str]:
    """Score numbered rows in one `score_many` call and return their JSON lines, in order."""
    submissions = [
        Submission(
            text=str(row.get("comment") or ""),
            author=str(row.get("author") or ""),
            email=str(row.get("email") or ""),
            url=str(row.get("url") or ""),
        )
        for _, row in chunk
    ]
    lines: list[str] = []
    for (number, row), submission, scored in zip(chunk, submissions, scorer.score_many(submissions), strict=True):
        outcome = assess(submission=submission, scorer=scorer, settings=settings, explain=False, scored=scored)
        record = {
            "id": row.get("id") if row.get("id") not in (None, "") else str(number),
            "status": outcome.status,
            "scores": {head: round(score, 6) for head, score in outcome.scores.items()},
            "reasons": [reason.to_dict(lang) for reason in outcome.reasons],
            "language": outcome.language,
            "model_version": outcome.model_version,
        }
        lines.append(json.dumps(record, ensure_ascii=False) + "\n")
    return lines


def _init_worker(scorer: Scorer, settings: Settings, lang: Lang) -> None:
    global _WORKER
    if hasattr(os, "sched_setaffinity"):  # a parent pinned to one core (the benchmark) must not pin its workers
        os.sched_setaffinity(0, range(os.cpu_count() or 1))
    _WORKER = (scorer, settings, lang)


def _worker_chunk(chunk: list[Numbered]) -> list[str]:
    if _WORKER is None:  # pragma: no cover - the pool initializer always runs first
        raise RuntimeError("batch worker used before its initializer ran")
    return _score_chunk(chunk, *_WORKER)


def _chunks(rows: Iterable[dict[str, Any]], size: int) -> Iterator[list[Numbered]]:
    numbered = enumerate(rows, start=1)
    while chunk := list(itertools.islice(numbered, size)):
        yield chunk


def score_lines(
    *,
    rows: Iterable[dict[str, Any]],
    scorer: Scorer,
    settings: Settings,
    lang: Lang = "fr",
    workers: int = 1,
    chunk_rows: int = CHUNK_ROWS,
) -> Iterator[list[str]]:
    """Yield the JSON lines of `rows` chunk by chunk, in input order, scored by `workers` processes."""
    chunks = _chunks(rows, chunk_rows)
    if workers <= 1:
        for chunk in chunks:
            yield _score_chunk(chunk, scorer, settings, lang)
        return
    # fork shares the loaded model with the workers for free; elsewhere it is pickled once per worker
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context(method),
        initializer=_init_worker,
        initargs=(scorer, settings, lang),
    ) as pool:
        pending: deque[Future[list[str]]] = deque()
        for chunk in chunks:  # a bounded window: a huge input is never read into memory at once
            pending.append(pool.submit(_worker_chunk, chunk))
            if len(pending) >= 2 * workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()


def score_file(
    *,
    input_path: Path,
    output: TextIO,
    scorer: Scorer,
    settings: Settings,
    lang: Lang = "fr",
    workers: int = 1,
    chunk_rows: int = CHUNK_ROWS,
) -> int:
    """Score every row of `input_path` and write one JSON line per row, in order; return the count.

    With `workers` > 1, chunks of rows are scored in that many processes; the output is the same.
    """
    written = 0
    with tqdm(total=_count_rows(input_path), desc="scoring", unit="comment", file=sys.stderr) as progress:
        for lines in score_lines(
            rows=read_rows(input_path),
            scorer=scorer,
            settings=settings,
            lang=lang,
            workers=workers,
            chunk_rows=chunk_rows,
        ):
            output.writelines(lines)
            written += len(lines)
            progress.update(len(lines))
    return written

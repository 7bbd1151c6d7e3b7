"""The `moderation` command: serve the API, and the operators' tools."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from pydantic import ValidationError
from pydantic_settings import SettingsError

from moderation.config import Settings
from moderation.readers.commands import readers
from moderation.review.commands import moderators

app = typer.Typer(help="Self-hosted comment moderation.", no_args_is_help=True)
app.add_typer(moderators, name="moderators")
app.add_typer(readers, name="readers")


@app.callback()
def main() -> None:
    """Self-hosted comment moderation (a callback keeps `serve` a subcommand while it is the only one)."""


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(1, help="Worker processes (with the embedded Redis, they share one server)."),
) -> None:
    """Start the API (settings from MODERATION_* environment variables)."""
    settings = _settings_or_exit()
    from moderation.server import run

    base = f"http://{_reachable(host)}:{port}"
    typer.echo(f"moderation: serving the API on {base} (documentation: {base}/docs)")
    typer.echo(f"moderation: moderators' page: {base}/moderate")
    if workers > 1 and settings.embedded_redis:
        from moderation.storage.clients import shared_embedded_server

        # One embedded server for every worker, started here: each worker reads its socket from the variable.
        with shared_embedded_server(settings) as url:
            os.environ["MODERATION_REDIS_URL"] = url
            run(settings=settings, host=host, port=port, workers=workers)
        return
    run(settings=settings, host=host, port=port, workers=workers)


def _reachable(host: str) -> str:
    """The host to type in a browser: the loopback address for a wildcard, brackets around IPv6."""
    if host in ("", "0.0.0.0"):  # noqa: S104  # comparing, not binding: a wildcard is not a browser address
        return "127.0.0.1"
    if host == "::":
        return "[::1]"
    return f"[{host}]" if ":" in host else host


def _settings_or_exit() -> Settings:
    """Read the settings now, so a bad value stops the start with one clear line, not a traceback."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(
            f"MODERATION_{'_'.join(str(p) for p in e['loc']).upper() or '?'}: {e['msg']}" if e["loc"] else e["msg"]
            for e in exc.errors()
        )
        _fail(f"invalid settings: {problems}")
    except SettingsError as exc:  # a value that is not even parseable, e.g. malformed JSON
        field = re.search(r'field "(\w+)"', str(exc))
        _fail(f"invalid settings: MODERATION_{field.group(1).upper() if field else '?'}: {exc.__cause__ or exc}")


def _fail(message: str) -> NoReturn:
    typer.echo(f"moderation: {message}", err=True)
    raise typer.Exit(code=2)


@app.command()
def score(
    input_path: Annotated[
        Path, typer.Argument(metavar="INPUT", help="CSV or JSONL with `comment` (optional id, author, email, url).")
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="JSONL file written, one line per input row.")],
    model_dir: Annotated[Path | None, typer.Option(help="Model folder (default: MODERATION_MODEL_DIR).")] = None,
    version: Annotated[str | None, typer.Option(help="Model version (default: the one named in CURRENT).")] = None,
    workers: Annotated[
        int, typer.Option(min=1, help="Processes scoring chunks of rows in parallel (output unchanged).")
    ] = 1,
) -> None:
    """Score a file of comments with the API's decision path (no flood or duplicate checks)."""
    from moderation.batch import BatchInputError, score_file
    from moderation.errors import ModerationError
    from moderation.scoring.artifact import load_current, load_version

    settings = _settings_or_exit()
    folder = model_dir or settings.model_dir
    try:
        profile = settings.site_profile
        scorer = load_version(folder, version, profile=profile) if version else load_current(folder, profile=profile)
        with output.open("w", encoding="utf-8") as handle:
            count = score_file(input_path=input_path, output=handle, scorer=scorer, settings=settings, workers=workers)
    except (ModerationError, BatchInputError, OSError) as exc:
        _fail(str(exc))
    typer.echo(f"scored {count} comments with model {scorer.version} -> {output}", err=True)

"""The `moderation` command: serve the API, and the operators' tools."""

from __future__ import annotations

from typing import NoReturn

import typer
import uvicorn
from pydantic import ValidationError

from moderation.config import Settings

app = typer.Typer(help="Self-hosted comment moderation.", no_args_is_help=True)


@app.callback()
def main() -> None:
    """Self-hosted comment moderation (a callback keeps `serve` a subcommand while it is the only one)."""


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(1, help="Worker processes (an external Redis is needed for more than one)."),
) -> None:
    """Start the API (settings from MODERATION_* environment variables)."""
    settings = _settings_or_exit()
    if workers > 1 and settings.embedded_redis:
        _fail("--workers > 1 needs MODERATION_REDIS_URL: each worker would start its own embedded Redis.")
    uvicorn.run(
        "moderation.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
    )


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


def _fail(message: str) -> NoReturn:
    typer.echo(f"moderation: {message}", err=True)
    raise typer.Exit(code=2)

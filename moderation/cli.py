"""The `moderation` command: serve the API, and the operators' tools."""

from __future__ import annotations

import typer
import uvicorn

app = typer.Typer(help="Self-hosted comment moderation.", no_args_is_help=True)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="TCP port."),
    workers: int = typer.Option(1, help="Worker processes (an external Redis is needed for more than one)."),
) -> None:
    """Start the API (settings from MODERATION_* environment variables)."""
    uvicorn.run(
        "moderation.main:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        access_log=False,
        log_level="warning",
    )

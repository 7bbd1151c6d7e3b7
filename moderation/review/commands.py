"""`moderation moderators add|list|revoke`: manage moderators in the Redis the service uses."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from moderation.config import Settings
from moderation.errors import ModerationError
from moderation.observability import configure_logging
from moderation.review.auth import ModeratorStore
from moderation.storage.clients import operator_store
from moderation.storage.keys import Keys

moderators = typer.Typer(help="Create, list and revoke moderators (tokens are shown once).", no_args_is_help=True)


@contextmanager
def _store() -> Iterator[ModeratorStore]:
    """The moderator store on MODERATION_REDIS_URL, or on the embedded server under MODERATION_DATA_DIR."""
    settings = Settings()
    configure_logging(level="WARNING", json=settings.log_json)  # the output is for the operator: no info logs
    with operator_store(settings) as store:
        yield ModeratorStore(client=store.client, keys=Keys(settings.namespace))


def _fail(message: str) -> None:
    typer.echo(f"moderation: {message}", err=True)
    raise typer.Exit(code=2)


@moderators.command("add")
def add(
    name: str = typer.Argument(..., help="Letters, digits and _.@- (64 at most)."),
    admin: bool = typer.Option(False, "--admin", help="May read the audit log, stats, deliveries; edit settings."),
) -> None:
    """Create a moderator and print its token (the last word of the output; it is not stored in clear)."""
    with _store() as store:
        try:
            moderator, token = store.add(name, admin=admin)
        except ModerationError as exc:
            _fail(f"cannot add {name!r}: {type(exc).__name__}")
            return
    typer.echo(f"created {moderator.role} {moderator.name}; keep this token, it is shown only once: {token}")


@moderators.command("list")
def list_() -> None:
    """Print every moderator with its role."""
    with _store() as store:
        for moderator in store.list():
            typer.echo(f"{moderator.name}\t{moderator.role}")


@moderators.command("revoke")
def revoke(name: str = typer.Argument(..., help="The moderator to remove; its token stops working at once.")) -> None:
    """Delete a moderator and invalidate its token."""
    with _store() as store:
        try:
            store.revoke(name)
        except ModerationError:
            _fail(f"no moderator named {name!r}")
            return
    typer.echo(f"revoked {name}")

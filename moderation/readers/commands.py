"""`moderation readers export|erase|trim`: answer a reader's request, or apply the retention now, from a shell."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from moderation.config import Settings
from moderation.observability import configure_logging
from moderation.privacy import Hasher, load_hash_key
from moderation.readers.retention import trim_expired
from moderation.readers.service import ReaderBusyError, ReaderData, ReaderEmailInvalidError
from moderation.storage.clients import Store, operator_store
from moderation.storage.keys import Keys

readers = typer.Typer(help="A reader's data: export it, erase it; trim expired labels and audit.", no_args_is_help=True)

EmailOption = Annotated[str, typer.Option("--email", help="The e-mail address the reader commented with.")]


@contextmanager
def _service() -> Iterator[tuple[Settings, Store, ReaderData]]:
    settings = Settings()
    configure_logging(level="WARNING", json=settings.log_json)  # the output is for the operator: no info logs
    with operator_store(settings) as store:
        keys = Keys(settings.namespace)
        yield settings, store, ReaderData(client=store.client, keys=keys, hasher=Hasher(load_hash_key(settings)))


def _fail(message: str) -> None:
    typer.echo(f"moderation: {message}", err=True)
    raise typer.Exit(code=2)


@readers.command("export")
def export(
    email: EmailOption,
    out: Annotated[
        Path | None, typer.Option("--out", help="JSON file to write (it must not exist); default: standard output.")
    ] = None,
) -> None:
    """Print (or write) everything stored about a reader, as JSON."""
    if out is not None and out.exists():
        _fail(f"{out} exists: choose a new file name")
    with _service() as (_settings, _store, service):
        try:
            document = service.export(email=email)
        except ReaderEmailInvalidError:
            _fail("--email must be the reader's e-mail address")
            return
    text = json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True)
    if out is None:
        typer.echo(text)
        return
    out.write_text(text + "\n", encoding="utf-8")
    out.chmod(0o600)  # it holds the reader's comments: readable by the operator only
    typer.echo(f"wrote {len(document['comments'])} comments, {len(document['labels'])} labels to {out}", err=True)


@readers.command("erase")
def erase(email: EmailOption) -> None:
    """Erase everything stored about a reader, at once (a ban of their address is kept); repeating it is harmless."""
    with _service() as (_settings, _store, service):
        try:
            erasure = service.erase(email=email)
        except ReaderEmailInvalidError:
            _fail("--email must be the reader's e-mail address")
            return
        except ReaderBusyError:
            _fail("the reader's data kept changing during the erasure; nothing was erased: run it again")
            return
    typer.echo(json.dumps(asdict(erasure), sort_keys=True))


@readers.command("trim")
def trim() -> None:
    """Remove label and audit entries past their retention now (the running service does it hourly)."""
    with _service() as (settings, store, _readers):
        trimmed = trim_expired(store.client, keys=Keys(settings.namespace), settings=settings)
    typer.echo(json.dumps(asdict(trimmed), sort_keys=True))

"""Put a model version in service (`promote`) or go back to the one before it (`rollback`).

`model/CURRENT` names the served version; every worker of the running service polls it and switches
without a restart. It is replaced atomically (temporary file, fsync, `os.replace`), so a worker reads
either the old name or the new one, never half a name. `model/HISTORY` lists the versions put in
service, oldest first; its last line is the served one and `rollback` removes it.

A candidate is promoted only when `evaluate` wrote a passing `comparison.json` beside it and it loads
(sha256 and library versions checked), unless `force` is given for the gate; a version that does not
load is never promoted.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import structlog
import typer

from moderation.scoring.registry import InvalidVersionNameError, read_current

log = structlog.get_logger(__name__)

COMPARISON_FILE = "comparison.json"


class PromotionError(Exception):
    """Raised when a version cannot be put in service (missing, failed its gate, does not load)."""


@dataclass(frozen=True, slots=True)
class Switch:
    """The outcome of a promotion or a rollback."""

    previous: str | None
    current: str
    changed: bool


def read_history(model_dir: Path) -> list[str]:
    """The versions put in service, oldest first, reconciled with CURRENT (its last entry is CURRENT)."""
    path = model_dir / "HISTORY"
    try:
        history = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except FileNotFoundError:
        history = []
    current = read_current(model_dir)
    # CURRENT is written first: if a crash came before HISTORY was, CURRENT is still the truth.
    if current and (not history or history[-1] != current):
        history.append(current)
    return history


def gate_status(model_dir: Path, version: str) -> tuple[bool, str]:
    """Whether the version passed its comparison gate, and why not when it did not."""
    path = model_dir / version / COMPARISON_FILE
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False, f"no {COMPARISON_FILE}: run `python -m training evaluate --candidate {version}` first"
    except (OSError, ValueError) as exc:
        return False, f"unreadable {COMPARISON_FILE}: {exc}"
    if report.get("passed") is True:
        return True, ""
    failures = ", ".join(str(f) for f in report.get("failures", [])) or "see comparison.md"
    return False, f"the candidate is worse than {report.get('baseline', 'the baseline')} on: {failures}"


def verify_loads(model_dir: Path, version: str) -> str:
    """Load and score with the version as the service would (sha256, library versions); return its name."""
    from moderation.scoring.artifact import load_version  # heavy: numpy, scikit-learn
    from moderation.scoring.registry import smoke_test

    try:
        scorer = load_version(model_dir, version)
        smoke_test(scorer)
    except Exception as exc:  # any failure to load or score means the service could not serve it
        raise PromotionError(f"version {version} cannot serve: {type(exc).__name__}: {exc}") from exc
    return str(scorer.version)


def promote(model_dir: Path, version: str, *, force: bool = False) -> Switch:
    """Serve `version`: check its gate (unless `force`) and that it loads, then switch CURRENT atomically."""
    _check_name(version)
    if not (model_dir / version).is_dir():
        raise PromotionError(f"no version {version} under {model_dir}")
    passed, why = gate_status(model_dir, version)
    if not passed and not force:
        raise PromotionError(f"refusing to promote {version}: {why} (use --force to override)")
    verify_loads(model_dir, version)
    with _locked(model_dir):
        history = read_history(model_dir)
        previous = history[-1] if history else None
        if previous == version:
            return Switch(previous=previous, current=version, changed=False)
        _write_atomically(model_dir / "CURRENT", version + "\n")
        _write_atomically(model_dir / "HISTORY", "".join(f"{v}\n" for v in [*history, version]))
    log.info("model.promoted", version=version, previous=previous, forced=force and not passed)
    return Switch(previous=previous, current=version, changed=True)


def rollback(model_dir: Path) -> Switch:
    """Serve the version that was in service before the current one."""
    with _locked(model_dir):
        history = read_history(model_dir)
        if len(history) < 2:
            raise PromotionError("nothing to roll back to: model/HISTORY holds no earlier version")
        current, target = history[-1], history[-2]
        verify_loads(model_dir, target)
        _write_atomically(model_dir / "CURRENT", target + "\n")
        _write_atomically(model_dir / "HISTORY", "".join(f"{v}\n" for v in history[:-1]))
    log.info("model.rolled_back", version=target, previous=current)
    return Switch(previous=current, current=target, changed=True)


def _check_name(version: str) -> None:
    if not version or version.startswith(".") or "/" in version or "\\" in version or version != version.strip():
        raise PromotionError(f"{version!r} is not a version folder name")


def _write_atomically(path: Path, text: str) -> None:
    """Replace `path` in one step: readers see the old content or the new one, never a mix."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with tmp.open("w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)  # make the rename itself durable
    finally:
        os.close(directory)


@contextmanager
def _locked(model_dir: Path) -> Iterator[None]:
    """Serialise promotions and rollbacks of one model directory (two operators at once)."""
    model_dir.mkdir(parents=True, exist_ok=True)
    with (model_dir / ".promote.lock").open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        except InvalidVersionNameError as exc:
            raise PromotionError(str(exc)) from exc
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


ModelDirOpt = Annotated[Path | None, typer.Option(help="Versions and CURRENT (default: MODERATION_MODEL_DIR).")]


def promote_command(
    version: Annotated[str, typer.Argument(help="Version folder under the model directory.")],
    model_dir: ModelDirOpt = None,
    force: Annotated[bool, typer.Option("--force", help="Promote even without a passing comparison.")] = False,
) -> None:
    """Serve VERSION: the running service switches within MODERATION_MODEL_RELOAD_SECONDS."""
    folder = served_model_dir(model_dir)
    try:
        switch = promote(folder, version, force=force)
    except PromotionError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    done = f"serving {switch.current} (was {switch.previous})" if switch.changed else f"{version} already served"
    typer.echo(f"{folder}: {done}")


def rollback_command(model_dir: ModelDirOpt = None) -> None:
    """Serve the version that was in service before the current one."""
    folder = served_model_dir(model_dir)
    try:
        switch = rollback(folder)
    except PromotionError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc
    typer.echo(f"{folder}: serving {switch.current} (was {switch.previous})")


def served_model_dir(given: Path | None) -> Path:
    """The folder given, else the one the service reads (MODERATION_MODEL_DIR), so CURRENT lands where it looks."""
    from moderation.config import Settings

    return given if given is not None else Settings().model_dir

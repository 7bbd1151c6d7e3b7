"""Put a model version in service (`promote`) or go back to the one before it (`rollback`).

`moderation.scoring.served` owns `model/CURRENT` and `model/HISTORY` (atomic writes under a lock); this
module decides whether a version may serve. A candidate is promoted only when `evaluate` wrote a passing
`comparison.json` beside it, made against the version served now, and it loads (sha256 and library versions
checked); `force` overrides the gate (and is written to HISTORY), never the loading check.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated

import structlog
import typer

from moderation.scoring.served import (
    CurrentChangedError,
    InvalidVersionNameError,
    Switch,
    check_version_name,
    read_current,
    read_history,
    serve,
    step_back,
)

__all__ = ["PromotionError", "Switch", "gate_status", "promote", "read_history", "rollback", "verify_loads"]

log = structlog.get_logger(__name__)

COMPARISON_FILE = "comparison.json"


class PromotionError(Exception):
    """Raised when a version cannot be put in service (missing, failed its gate, does not load)."""


def gate_status(model_dir: Path, version: str, *, served: str | None = None) -> tuple[bool, str]:
    """Whether the version passed its comparison gate against `served` (the version in service), and why not.

    A comparison made against another version than the one served now proves nothing about replacing it:
    `-5` gated against `-3` says nothing about `-5` against today's `-13`.
    """
    path = model_dir / version / COMPARISON_FILE
    rerun = f"run `python -m training evaluate --candidate {version} --data DIR` again"
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return False, f"no {COMPARISON_FILE}: run `python -m training evaluate --candidate {version} --data DIR` first"
    except (OSError, ValueError) as exc:
        return False, f"unreadable {COMPARISON_FILE}: {exc}"
    if not isinstance(report, dict):
        return False, f"unreadable {COMPARISON_FILE}: not an object"
    baseline = report.get("baseline")
    if baseline != served:
        return False, (
            f"its comparison was made against {baseline or 'no model'}, but {served or 'no model'} is served now: "
            f"{rerun}"
        )
    if report.get("passed") is True:
        return True, ""
    failures = ", ".join(str(f) for f in report.get("failures", [])) or "see comparison.md"
    return False, f"the candidate is worse than {baseline or 'the baseline'} on: {failures}"


def verify_loads(model_dir: Path, version: str) -> str:
    """Load and score with the version as the service would (format, sha256, declared arrays); return its name."""
    from moderation.scoring.artifact import load_version  # numpy and the scorer
    from moderation.scoring.registry import smoke_test

    try:
        scorer = load_version(model_dir, version)
        smoke_test(scorer)
    except Exception as exc:  # any failure to load or score means the service could not serve it
        raise PromotionError(f"version {version} cannot serve: {type(exc).__name__}: {exc}") from exc
    return str(scorer.version)


def promote(model_dir: Path, version: str, *, force: bool = False) -> Switch:
    """Serve `version`: check its gate against the served version (unless `force`) and that it loads.

    A forced promotion is written to HISTORY with the time and the reason the gate gave, so the audit trail
    shows which versions went in without a valid comparison.
    """
    try:
        check_version_name(version)
        served = read_current(model_dir)
    except InvalidVersionNameError as exc:
        raise PromotionError(str(exc)) from exc
    if not (model_dir / version).is_dir():
        raise PromotionError(f"no version {version} under {model_dir}")
    passed, why = gate_status(model_dir, version, served=served)
    if not passed and not force:
        raise PromotionError(f"refusing to promote {version}: {why} (use --force to override)")
    verify_loads(model_dir, version)
    forced = not passed and served != version
    note = ""
    if forced:
        when = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        note = "forced " + when + " over " + (served or "no model") + ": " + " ".join(why.split())
    try:
        switch = serve(model_dir, version, note=note, expect_current=served)
    except (InvalidVersionNameError, CurrentChangedError) as exc:
        raise PromotionError(str(exc)) from exc
    if switch.changed:
        log.info("model.promoted", version=version, previous=switch.previous, forced=forced, gate=why or "passed")
    return switch


def rollback(model_dir: Path) -> Switch:
    """Serve the version that was in service before the current one."""
    try:
        switch = step_back(model_dir, check=lambda target: verify_loads(model_dir, target))
    except (LookupError, InvalidVersionNameError) as exc:
        raise PromotionError(str(exc)) from exc
    log.info("model.rolled_back", version=switch.current, previous=switch.previous)
    return switch


ModelDirOpt = Annotated[Path | None, typer.Option(help="Versions and CURRENT (default: MODERATION_MODEL_DIR).")]


def promote_command(
    version: Annotated[str, typer.Argument(help="Version folder under the model directory.")],
    model_dir: ModelDirOpt = None,
    force: Annotated[
        bool,
        typer.Option("--force", help="Promote without a passing gate against the served version (noted in HISTORY)."),
    ] = False,
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

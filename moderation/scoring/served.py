"""Which model version is served: the one reader and writer of `model/CURRENT` and `model/HISTORY`.

`CURRENT` names the served version; every worker of the running service polls it and switches without a
restart. It is replaced atomically (temporary file, fsync, `os.replace`), so a worker reads either the old
name or the new one, never half a name. `HISTORY` lists the versions put in service, oldest first, one a
line; its last line is the served one. A line may carry a note after the name (`2026.11.25-5 forced ...`):
only the first word is the version. Writers hold a lock on the model directory, so two operators (or a
retraining job and an operator) never interleave.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

CURRENT = "CURRENT"
HISTORY = "HISTORY"
LOCK = ".promote.lock"


class InvalidVersionNameError(ValueError):
    """Raised when `CURRENT`, or a version asked for, is not a folder name under the model directory."""


class CurrentChangedError(RuntimeError):
    """Raised when CURRENT changed between a promotion's checks and its switch (another operator promoted)."""


#: `serve`'s default for `expect_current`: no expectation.
_ANY = object()


@dataclass(frozen=True, slots=True)
class Switch:
    """The outcome of putting a version in service or rolling back."""

    previous: str | None
    current: str
    changed: bool


def check_version_name(name: str) -> str:
    """Return `name` when it can only be a folder directly under the model directory, else raise."""
    if not name or name.startswith(".") or "/" in name or "\\" in name or name != name.strip() or " " in name:
        raise InvalidVersionNameError(f"{name!r} is not a version folder name")
    return name


def read_current(model_dir: Path) -> str | None:
    """Return the version named in `model_dir/CURRENT`, or None when there is none."""
    try:
        name = (model_dir / CURRENT).read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if name and (name.startswith(".") or "/" in name or "\\" in name):
        raise InvalidVersionNameError(f"CURRENT names {name!r}, which is not a version folder")
    return name or None


def _history_lines(model_dir: Path) -> list[str]:
    try:
        text = (model_dir / HISTORY).read_text(encoding="utf-8")
    except FileNotFoundError:
        return []
    return [line.strip() for line in text.splitlines() if line.strip()]


def read_history(model_dir: Path) -> list[str]:
    """The versions put in service, oldest first, reconciled with CURRENT (its last entry is CURRENT)."""
    history = [line.split()[0] for line in _history_lines(model_dir)]
    current = read_current(model_dir)
    # CURRENT is written first: if a crash came before HISTORY was, CURRENT is still the truth.
    if current and (not history or history[-1] != current):
        history.append(current)
    return history


def serve(model_dir: Path, version: str, *, note: str = "", expect_current: object = _ANY) -> Switch:
    """Name `version` in CURRENT and append it to HISTORY (with `note`), atomically and under the lock.

    The caller checks that the version may serve (gate, loading); this only records the switch. With
    `expect_current`, the switch happens only if CURRENT still names that version (None: none), so checks
    made against the served version cannot be overtaken by another promotion.
    """
    check_version_name(version)
    with locked(model_dir):
        if expect_current is not _ANY and read_current(model_dir) != expect_current:
            raise CurrentChangedError(
                f"{model_dir / CURRENT} changed to {read_current(model_dir)} while {version} was being checked; "
                "run the command again"
            )
        lines = _history_lines(model_dir)
        history = read_history(model_dir)
        previous = history[-1] if history else None
        if previous == version:
            return Switch(previous=previous, current=version, changed=False)
        if history and (not lines or lines[-1].split()[0] != history[-1]):
            lines.append(history[-1])  # CURRENT had been switched without HISTORY: record it first
        lines.append(f"{version} {note}".strip())
        _write_atomically(model_dir / CURRENT, version + "\n")
        _write_atomically(model_dir / HISTORY, "".join(f"{line}\n" for line in lines))
    return Switch(previous=previous, current=version, changed=True)


def step_back(model_dir: Path, *, check: Callable[[str], object] | None = None) -> Switch:
    """Serve the version in service before the current one (after `check(it)`, under the lock).

    Raises LookupError when HISTORY holds no earlier version.
    """
    with locked(model_dir):
        history = read_history(model_dir)
        if len(history) < 2:
            raise LookupError("nothing to roll back to: model/HISTORY holds no earlier version")
        lines = _history_lines(model_dir)
        if lines and lines[-1].split()[0] == history[-1]:
            lines = lines[:-1]
        current, target = history[-1], history[-2]
        if check is not None:
            check(target)
        _write_atomically(model_dir / CURRENT, target + "\n")
        _write_atomically(model_dir / HISTORY, "".join(f"{line}\n" for line in lines))
    return Switch(previous=current, current=target, changed=True)


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
def locked(model_dir: Path) -> Iterator[None]:
    """Serialise the writers of one model directory (two operators, or a job and an operator, at once)."""
    model_dir.mkdir(parents=True, exist_ok=True)
    with (model_dir / LOCK).open("a") as handle:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

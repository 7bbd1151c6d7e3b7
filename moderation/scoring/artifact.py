"""Load a model version from `model/<version>/`: check its manifest and sha256, then read its arrays (no pickle).

Serving needs numpy only: the model file is an `.npz` of plain arrays (`moderation.scoring.serialize`), so
neither scikit-learn nor joblib is imported here, and nothing in a model file can run code.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

from moderation.errors import ArtifactIntegrityError, ArtifactNotFoundError
from moderation.scoring.base import Scorer, Thresholds
from moderation.scoring.served import CURRENT, InvalidVersionNameError, read_current

MANIFEST = "manifest.json"


def sha256_file(path: Path) -> str:
    """Return the hex sha256 of a file, read in chunks."""
    with path.open("rb") as handle:
        return hashlib.file_digest(handle, "sha256").hexdigest()


def read_manifest(model_dir: Path, version: str) -> dict[str, Any]:
    """Return the manifest of `version`, or raise ArtifactNotFoundError."""
    if not version or "/" in version or "\\" in version or version.startswith("."):
        raise ArtifactNotFoundError(f"invalid model version name {version!r}")
    path = model_dir / version / MANIFEST
    try:
        manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ArtifactNotFoundError(f"no manifest for model version {version!r} at {path}") from exc
    except json.JSONDecodeError as exc:
        raise ArtifactIntegrityError(f"manifest {path} is not valid JSON: {exc}") from exc
    return manifest


def load_version(model_dir: Path, version: str, *, profile: str | None = None) -> Scorer:
    """Verify and load `model_dir/version`: format, sha256, then the declared arrays, before building a scorer.

    With `profile` (MODERATION_SITE_PROFILE), the thresholds are those the manifest derived for that site
    profile, when it records them (versions before 2026-12 have one set, used for every profile).
    """
    from moderation.scoring import serialize  # numpy and the scorer's modules: loaded with the first model

    manifest = read_manifest(model_dir, version)
    try:
        artifact = manifest["artifact"]
        serialize.check_format(artifact, version)
        expected = str(artifact["sha256"])
        file_name = str(artifact["file"])
        heads = [str(h) for h in manifest["heads"]]
    except (KeyError, TypeError) as exc:
        raise ArtifactIntegrityError(f"manifest of {version!r} lacks {exc}") from exc
    path = model_dir / version / Path(file_name).name
    if not path.is_file():
        raise ArtifactNotFoundError(f"model file {path} named by the manifest of {version!r} is missing")
    actual = sha256_file(path)
    if actual != expected:
        raise ArtifactIntegrityError(
            f"{path} has sha256 {actual[:16]}…, the manifest says {expected[:16]}…: refusing to read it"
        )
    thresholds = manifest.get("thresholds", {})
    profiles = manifest.get("profiles")
    if profile is not None and isinstance(profiles, dict) and isinstance(profiles.get(profile), dict):
        thresholds = profiles[profile]
    try:
        cuts = {h: Thresholds(approve=float(t["approve"]), reject=float(t["reject"])) for h, t in thresholds.items()}
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ArtifactIntegrityError(f"the thresholds in the manifest of {version!r} are malformed: {exc}") from exc
    return serialize.load_scorer(path, artifact, version=version, heads=heads, thresholds=cuts)


def load_current(model_dir: Path, *, profile: str | None = None) -> Scorer:
    """Load the version named in `model_dir/CURRENT` (with the thresholds of `profile`, as `load_version`)."""
    try:
        version = read_current(model_dir)
    except InvalidVersionNameError as exc:
        raise ArtifactNotFoundError(str(exc)) from exc
    if version is None:
        raise ArtifactNotFoundError(f"{model_dir / CURRENT} is missing or empty: no model version is selected")
    return load_version(model_dir, version, profile=profile)

"""Convert a model version saved as a pickle (`model.joblib`, before 2026-12-06) to the `.npz` format, in place.

The one place that still unpickles a model file, and only for trusted files: a version this project trained
and committed, whose sha256 matches its manifest. Unpickling can run code, so never migrate a file of unknown
origin. The migration writes `model.npz` beside the joblib, proves the two load to the same scorer (identical
arrays; identical scores, languages and explanations on a fixed sample of comments), and only then points the
manifest at the new file (`artifact.migrated_from` records the old one). The joblib is kept unless asked.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from moderation.errors import ArtifactIntegrityError
from moderation.scoring.artifact import MANIFEST, load_version, read_manifest, sha256_file
from moderation.scoring.base import Scorer, Submission, Thresholds
from moderation.scoring.model import LinearScorer
from moderation.scoring.serialize import ARRAYS_FILE, FORMAT, load_scorer, save_scorer, scorer_arrays

#: Comments every migrated version must score identically before and after: French and English, clean and
#: abusive, spam with links and author fields, masked words, leetspeak, empty and very long text.
SAMPLE: tuple[Submission, ...] = (
    Submission(text="Merci pour cet article, très clair et bien documenté.", lang="fr"),
    Submission(text="Je ne suis pas d'accord avec cette analyse du budget, le gouvernement oublie les retraités."),
    Submission(text="I think the minister is wrong about defence spending, but the piece is fair."),
    Submission(text="T'es qu'un c0nn4rd, retourne lire tes fiches.", author="Kevin"),
    Submission(text="Ferme ta gueule espèce de sale fdp, on sait où tu habites."),
    Submission(text="You are a stupid idiot and everyone hates you, go kill yourself."),
    Submission(text="Quel b*tard ce m*rde de journaliste, P*tain."),
    Submission(text="These lib*rals are all f**king id**ts."),
    Submission(
        text="Visitez mon site https://casino-bonus.example pour 200€ de bonus gratuit !",
        author="Best Casino Bonus 2026", email="promo123@casino-bonus.example", url="https://casino-bonus.example/win",
    ),
    Submission(
        text="Buy cheap viagra online without prescription, best price: http://pills.example.ru/buy",
        author="cheap-pills-online", email="seo.expert99@gmail.com", url="http://pills.example.ru",
    ),
    Submission(
        text="Great post! I have bookmarked your blog, check out my page on payday loans too.",
        author="Payday Loans", email="x@payday.example", url="https://payday.example",
    ),
    Submission(
        text="Merci pour cet article, très clair. Thanks for the article: https://example.org", author="Claire",
        email="claire@example.fr", url="https://example.org", lang="fr",
    ),
    Submission(text="Les immigrés sont tous des voleurs, il faut les renvoyer chez eux."),
    Submission(text="Women should not be allowed to vote, they are inferior."),
    Submission(text="Je vais te retrouver et te faire la peau."),
    Submission(text="Franchement, ce débat à l'Assemblée était consternant, aucun argument sérieux."),
    Submission(text=""),
    Submission(text="!!!!!!!!!!!!!!!!"),
    Submission(text="ＷＩＮ ＦＲＥＥ ＭＯＮＥＹ ｎｏｗ ｃｌｉｃｋ ｈｅｒｅ"),
    Submission(text="L'article est intéressant mais il manque les chiffres de l'INSEE sur le chômage. " * 120),
)  # fmt: skip


class MigrationError(RuntimeError):
    """Raised when a version cannot be migrated, or its `.npz` would not score exactly as its joblib."""


@dataclass(frozen=True, slots=True)
class Migration:
    """The outcome of migrating one version."""

    version: str
    migrated: bool  # False: the version was already in the .npz format
    comments: int = 0  # how many sample comments scored identically
    max_difference: float = 0.0  # largest |score before - score after| over them
    removed_joblib: bool = False


def load_trusted_joblib(model_dir: Path, version: str) -> tuple[LinearScorer, dict[str, Any]]:
    """Unpickle the joblib of `version` after checking its sha256; for this project's own old files only."""
    import joblib  # the `train` extra: serving never imports it

    manifest = read_manifest(model_dir, version)
    artifact = manifest.get("artifact", {})
    name = Path(str(artifact.get("file", ""))).name
    if not name.endswith(".joblib"):
        raise MigrationError(f"the manifest of {version} names {name or 'no file'}, not a joblib file")
    path = model_dir / version / name
    if not path.is_file():
        raise MigrationError(f"{path} is missing")
    actual = sha256_file(path)
    if actual != artifact.get("sha256"):
        raise ArtifactIntegrityError(f"{path} has sha256 {actual[:16]}…, its manifest says otherwise: not unpickling")
    scorer = joblib.load(path)  # trusted: hash-checked against the manifest committed with it
    if not isinstance(scorer, LinearScorer):
        raise MigrationError(f"{path} holds a {type(scorer).__name__}, not a LinearScorer")
    scorer = scorer.with_version(version)
    cuts = manifest["thresholds"].items()
    scorer.set_thresholds({h: Thresholds(approve=float(t["approve"]), reject=float(t["reject"])) for h, t in cuts})
    return scorer, manifest


def assert_same_scorer(before: Scorer, after: Scorer, sample: Sequence[Submission] = SAMPLE) -> tuple[int, float]:
    """Raise MigrationError unless both score, detect and explain `sample` alike; return (comments, max diff).

    Scores must agree to 1e-12 (the arrays are the same numbers, so they are equal in practice); languages,
    heads and explanation spans exactly.
    """
    worst = 0.0
    batch_before, batch_after = before.score_many(sample), after.score_many(sample)
    for submission, many_a, many_b in zip(sample, batch_before, batch_after, strict=True):
        one_a, one_b = before.score(submission, explain=True), after.score(submission, explain=True)
        for a, b in ((many_a, many_b), (one_a, one_b)):
            if list(a.scores) != list(b.scores) or a.language != b.language:
                raise MigrationError(f"heads or language differ on {submission.text[:40]!r}")
            x = np.array(list(a.scores.values()), dtype=np.float64)
            y = np.array(list(b.scores.values()), dtype=np.float64)
            if not np.allclose(x, y, rtol=0.0, atol=1e-12):
                raise MigrationError(f"scores differ on {submission.text[:40]!r}: {a.scores} vs {b.scores}")
            worst = max(worst, float(np.max(np.abs(x - y), initial=0.0)))
        if one_a.spans != one_b.spans:
            raise MigrationError(f"explanations differ on {submission.text[:40]!r}")
    return len(sample), worst


def migrate_version(model_dir: Path, version: str, *, remove_joblib: bool = False) -> Migration:
    """Convert `version` from joblib to `.npz`; prove the scorer unchanged; point the manifest at the new file."""
    folder = model_dir / version
    manifest = read_manifest(model_dir, version)
    if manifest.get("artifact", {}).get("format") == FORMAT:
        return Migration(version=version, migrated=False)
    old, manifest = load_trusted_joblib(model_dir, version)
    heads = [str(h) for h in manifest["heads"]]
    if list(old.heads) != heads:
        raise MigrationError(f"the joblib of {version} has heads {list(old.heads)}, its manifest {heads}")
    with tempfile.TemporaryDirectory(prefix=f".{version}.migrate-", dir=model_dir) as staging:
        entry = save_scorer(old, Path(staging))
        new = load_scorer(Path(staging) / ARRAYS_FILE, entry, version=version, heads=heads, thresholds=old.thresholds)
        for name, array in scorer_arrays(old).items():
            if not np.array_equal(array, scorer_arrays(new)[name]):
                raise MigrationError(f"array {name} of {version} changed on the way through .npz")
        assert_same_scorer(old, new)
        os.replace(Path(staging) / ARRAYS_FILE, folder / ARRAYS_FILE)
    old_entry = dict(manifest["artifact"])
    entry["migrated_from"] = {"file": old_entry["file"], "sha256": old_entry["sha256"]}
    updated = {**manifest, "artifact": entry}
    _write_manifest(folder, updated)
    try:  # end to end through the service's loader: manifest, sha256, declaration, headers
        comments, worst = assert_same_scorer(old, load_version(model_dir, version))
    except Exception:
        _write_manifest(folder, manifest)
        (folder / ARRAYS_FILE).unlink(missing_ok=True)
        raise
    if remove_joblib:
        (folder / Path(str(old_entry["file"])).name).unlink()
    return Migration(version, migrated=True, comments=comments, max_difference=worst, removed_joblib=remove_joblib)


def _write_manifest(folder: Path, manifest: dict[str, Any]) -> None:
    """Replace `folder/manifest.json` atomically (a reader sees the old manifest or the new one)."""
    tmp = folder / f".{MANIFEST}.tmp-{os.getpid()}"
    tmp.write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
    shutil.copymode(folder / MANIFEST, tmp)
    os.replace(tmp, folder / MANIFEST)


def versions_to_migrate(model_dir: Path) -> list[str]:
    """Return the versions under `model_dir` whose manifest still names a joblib file, oldest name first."""
    out = []
    for manifest in sorted(model_dir.glob(f"*/{MANIFEST}")):
        version = manifest.parent.name
        if version.startswith("."):
            continue
        artifact = read_manifest(model_dir, version).get("artifact", {})
        if artifact.get("format") is None and str(artifact.get("file", "")).endswith(".joblib"):
            out.append(version)
    return out

"""The public data sets the models learn from: their manifest, and fetching or verifying a data folder.

`data_manifest.json` (beside this module) names, for every file of every set, the public repository, the
commit and the path it comes from, the licence stated upstream and its sha256. A data folder holds one
sub-folder per set (`<folder>/olid_en/olid-training-v1.0.tsv`...); it is complete when every file of the
manifest is there with the recorded sha256. Files beside them (a set's SOURCE.md) are ignored.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from tqdm import tqdm

from moderation.scoring.artifact import sha256_file

MANIFEST_FILE = Path(__file__).with_name("data_manifest.json")
#: Where `fetch` downloads from; a mirror laid out as <base>/<owner>/<repo>/<commit>/<path> works too.
DEFAULT_BASE_URL = "https://raw.githubusercontent.com"
FETCH_HINT = "get it with `python -m training data fetch --to DIR` (docs/models.md, 'Training data')"


class DataFolderError(Exception):
    """Raised when a data folder is missing, or lacks a file of the manifest, or a file's sha256 differs."""


class FetchError(Exception):
    """Raised when a file cannot be downloaded or copied, or what arrived does not match the manifest."""


@dataclass(frozen=True, slots=True)
class DataFile:
    """One file of one public set: where it lands in a data folder and where it comes from."""

    set: str
    path: str
    repository: str
    commit: str
    source: str
    sha256: str
    size: int
    #: The member to extract when `source` is a zip archive.
    member: str | None = None

    @property
    def relative(self) -> str:
        """The file's path inside a data folder."""
        return f"{self.set}/{self.path}"

    def url(self, base_url: str) -> str:
        """The URL of the file (or of the archive holding it) under `base_url`."""
        return f"{base_url.rstrip('/')}/{self.repository}/{self.commit}/{self.source}"


def load_manifest(path: Path = MANIFEST_FILE) -> dict[str, Any]:
    """Return the data manifest."""
    manifest: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return manifest


def data_files(manifest: dict[str, Any], sets: Sequence[str] = ()) -> list[DataFile]:
    """Return the files of the named sets (every set when none is named); raise KeyError for an unknown set."""
    unknown = sorted(set(sets) - set(manifest["sets"]))
    if unknown:
        raise KeyError(f"unknown data set(s): {', '.join(unknown)}; known: {', '.join(sorted(manifest['sets']))}")
    files: list[DataFile] = []
    for name, entry in sorted(manifest["sets"].items()):
        if sets and name not in sets:
            continue
        for f in entry["files"]:
            files.append(
                DataFile(
                    set=name,
                    path=f["path"],
                    repository=entry["repository"],
                    commit=f.get("commit") or entry["commit"],
                    source=f["source"],
                    sha256=f["sha256"],
                    size=int(f["bytes"]),
                    member=f.get("member"),
                )
            )
    return files


def problems(data_dir: Path, files: Iterable[DataFile]) -> list[str]:
    """Return one line per file that is missing or differs from the manifest (empty when all match)."""
    found: list[str] = []
    for f in files:
        path = data_dir / f.relative
        if not path.is_file():
            found.append(f"{f.relative} is missing")
        elif path.stat().st_size != f.size or sha256_file(path) != f.sha256:
            found.append(f"{f.relative} differs from the manifest (sha256)")
    return found


def require_data(data_dir: Path, manifest: dict[str, Any] | None = None) -> None:
    """Raise DataFolderError, with one line saying what is wrong and how to fix it, unless the folder is complete."""
    if not data_dir.is_dir():
        raise DataFolderError(f"no training data folder at {data_dir}: {FETCH_HINT}")
    files = data_files(manifest or load_manifest())
    found = problems(data_dir, files)
    if found:
        more = f" (and {len(found) - 1} more)" if len(found) > 1 else ""
        raise DataFolderError(
            f"training data folder {data_dir} is incomplete or corrupt: {found[0]}{more}; {FETCH_HINT}"
        )


def fetch(
    *,
    dest: Path,
    files: Sequence[DataFile],
    mirror: Path | None = None,
    base_url: str = DEFAULT_BASE_URL,
    timeout: float = 60.0,
) -> tuple[int, int]:
    """Put every file in `dest`, verified, from the local `mirror` or by download; return (written, kept).

    A file already in `dest` with the right sha256 is kept. Each file is written beside its place and renamed
    once verified, so an interrupted fetch leaves no half file under its real name and can simply be re-run.
    """
    written = kept = 0
    archives: dict[str, bytes] = {}
    with httpx.Client(timeout=timeout, follow_redirects=True) as client:
        for f in tqdm(files, desc="data", unit="file"):
            target = dest / f.relative
            if target.is_file() and not problems(dest, [f]):
                kept += 1
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            part = target.with_name(f".{target.name}.part")
            try:
                if mirror is not None:
                    _copy(mirror / f.relative, part)
                else:
                    part.write_bytes(_download(client, f, base_url, archives))
                actual = sha256_file(part)
                if actual != f.sha256:
                    raise FetchError(f"{f.relative}: sha256 {actual[:16]}… where the manifest says {f.sha256[:16]}…")
                os.replace(part, target)
            finally:
                part.unlink(missing_ok=True)
            written += 1
    return written, kept


def _copy(source: Path, part: Path) -> None:
    if not source.is_file():
        raise FetchError(f"{source} is missing from the mirror")
    shutil.copyfile(source, part)


def _download(client: httpx.Client, f: DataFile, base_url: str, archives: dict[str, bytes]) -> bytes:
    url = f.url(base_url)
    if f.member is None or url not in archives:
        try:
            response = client.get(url)
        except httpx.HTTPError as exc:
            raise FetchError(f"{f.relative}: cannot download {url}: {type(exc).__name__}: {exc}") from exc
        if response.status_code != 200:
            raise FetchError(f"{f.relative}: {url} answered HTTP {response.status_code}")
        if f.member is None:
            return response.content
        archives[url] = response.content
    try:
        with zipfile.ZipFile(io.BytesIO(archives[url])) as archive:
            return archive.read(f.member)
    except (zipfile.BadZipFile, KeyError) as exc:
        raise FetchError(f"{f.relative}: {url} has no member {f.member}: {exc}") from exc

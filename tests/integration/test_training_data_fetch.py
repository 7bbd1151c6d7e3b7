"""The data manifest describes ../shared/data exactly; `data fetch` copies or downloads it verified; train and
evaluate refuse a missing or corrupt data folder with one line."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
import threading
import zipfile
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR, REPO_ROOT, needs_data
from training.sources import data_files, load_manifest, require_data

pytestmark = needs_data

SMALL_SETS = ("sms_spam", "mlma_fr", "youtube_spam_2014")  # plain files, a zip member, per-file commits


def _cli(*args: str, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "training", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=120, check=False)  # fmt: skip


def test_the_manifest_names_every_shared_data_file_with_its_source_licence_and_sha256() -> None:
    manifest = load_manifest()
    listed = {f.relative for f in data_files(manifest)}
    on_disk = {str(p.relative_to(DATA_DIR)) for p in DATA_DIR.rglob("*") if p.is_file()}
    # SOURCE.md and SHA256SUMS.local are written beside a set when it is copied here, not fetched from upstream
    on_disk -= {p for p in on_disk if p.endswith(("SOURCE.md", "SHA256SUMS.local"))} | {"README.md"}
    assert listed == on_disk
    for name, entry in manifest["sets"].items():
        assert "/" in entry["repository"] and entry["licence"] and entry["use"], name
        assert all(len(f["sha256"]) == 64 and (f.get("commit") or entry["commit"]) for f in entry["files"]), name
    require_data(DATA_DIR)  # every sha256 matches


def test_fetch_from_a_local_mirror_copies_and_verifies_and_a_rerun_keeps_what_is_there(tmp_path: Path) -> None:
    dest = tmp_path / "data"
    sets = [a for s in SMALL_SETS for a in ("--set", s)]
    first = _cli("data", "fetch", "--from", str(DATA_DIR), "--to", str(dest), *sets)
    assert first.returncode == 0, first.stderr
    files = data_files(load_manifest(), SMALL_SETS)
    assert all((dest / f.relative).read_bytes() == (DATA_DIR / f.relative).read_bytes() for f in files)
    again = _cli("data", "fetch", "--from", str(DATA_DIR), "--to", str(dest), *sets)
    assert again.returncode == 0 and f"0 files written, {len(files)} already there" in again.stdout


def test_fetch_refuses_a_mirror_file_that_differs_and_leaves_nothing_under_its_name(tmp_path: Path) -> None:
    mirror = tmp_path / "mirror"
    shutil.copytree(DATA_DIR / "sms_spam", mirror / "sms_spam")
    (mirror / "sms_spam" / "SMSSpamCollection").chmod(0o644)
    with (mirror / "sms_spam" / "SMSSpamCollection").open("a") as handle:
        handle.write("spam\tWIN A PRIZE\n")
    result = _cli("data", "fetch", "--from", str(mirror), "--to", str(tmp_path / "data"), "--set", "sms_spam")
    assert result.returncode == 1
    assert "sms_spam/SMSSpamCollection: sha256" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "data" / "sms_spam" / "SMSSpamCollection").exists()
    assert not list((tmp_path / "data").rglob("*.part"))


def _github_like_mirror(root: Path, sets: tuple[str, ...]) -> None:
    """Lay files out as raw.githubusercontent.com does: <owner>/<repo>/<commit>/<path>; zips rebuilt."""
    archives: dict[Path, dict[str, bytes]] = {}
    for f in data_files(load_manifest(), sets):
        target = root / f.repository / f.commit / f.source
        data = (DATA_DIR / f.relative).read_bytes()
        if f.member:
            archives.setdefault(target, {})[f.member] = data
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    for target, members in archives.items():
        target.parent.mkdir(parents=True, exist_ok=True)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        target.write_bytes(buffer.getvalue())


@pytest.fixture
def http_mirror(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """A local HTTP server serving a GitHub-raw-like mirror of the small sets (never the internet)."""
    root = tmp_path / "www"
    _github_like_mirror(root, SMALL_SETS)
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}", root
    server.shutdown()
    server.server_close()


def test_fetch_downloads_every_file_and_verifies_it(http_mirror: tuple[str, Path], tmp_path: Path) -> None:
    base, _ = http_mirror
    dest = tmp_path / "data"
    sets = [a for s in SMALL_SETS for a in ("--set", s)]
    result = _cli("data", "fetch", "--base-url", base, "--to", str(dest), *sets)
    assert result.returncode == 0, result.stderr
    for f in data_files(load_manifest(), SMALL_SETS):
        assert (dest / f.relative).read_bytes() == (DATA_DIR / f.relative).read_bytes(), f.relative


def test_fetch_refuses_a_download_that_differs_or_is_missing(http_mirror: tuple[str, Path], tmp_path: Path) -> None:
    base, root = http_mirror
    sms = next(f for f in data_files(load_manifest(), ["sms_spam"]) if f.path == "SMSSpamCollection")
    (root / sms.repository / sms.commit / sms.source).write_text("tampered")
    result = _cli("data", "fetch", "--base-url", base, "--to", str(tmp_path / "data"), "--set", "sms_spam")
    assert result.returncode == 1 and "sha256" in result.stderr and "Traceback" not in result.stderr
    (root / sms.repository / sms.commit / sms.source).unlink()
    result = _cli("data", "fetch", "--base-url", base, "--to", str(tmp_path / "data"), "--set", "sms_spam")
    assert result.returncode == 1 and "HTTP 404" in result.stderr
    assert not (tmp_path / "data" / "sms_spam" / "SMSSpamCollection").exists()


def test_train_and_evaluate_refuse_a_missing_data_folder_with_one_line(tmp_path: Path) -> None:
    for args in (["train", "--fast", "--out", str(tmp_path / "model")], ["evaluate", "--model-dir", "model"]):
        result = _cli(*args, "--data", str(tmp_path / "nowhere"))
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and "no training data folder" in result.stderr
        assert "data fetch --to" in result.stderr
    assert not (tmp_path / "model").exists()


def test_train_refuses_a_corrupt_data_folder_naming_the_file(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _cli("data", "fetch", "--from", str(DATA_DIR), "--to", str(data)).returncode == 0
    olid = data / "olid_en" / "testset-levela.tsv"
    olid.write_text(olid.read_text()[:-200])  # a truncated copy
    result = _cli("train", "--fast", "--data", str(data), "--out", str(tmp_path / "model"))
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert "olid_en/testset-levela.tsv differs from the manifest" in result.stderr
    assert not (tmp_path / "model").exists() and "Traceback" not in result.stderr

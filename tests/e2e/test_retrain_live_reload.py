"""Promoting a version while `moderation serve --workers 2` takes traffic: no request fails, all switch."""

from __future__ import annotations

import json
import threading
import time
import uuid
from datetime import datetime
from pathlib import Path

import httpx
import pytest

from tests.e2e.retrain_support import fast_version, model_dir_with
from tests.support.server import serve_process
from tests.support.waiting import wait_until
from training.promote import promote, read_history, rollback

pytestmark = [pytest.mark.slow, pytest.mark.redis]


def _traffic(base: str, stop: threading.Event, seen: list[tuple[float, int, str]]) -> None:
    """Post comments until told to stop, recording (time, HTTP status, model_version or error)."""
    with httpx.Client(base_url=base, timeout=10) as http:
        while not stop.is_set():
            tag = uuid.uuid4().hex[:10]
            try:
                response = http.post(
                    "/v1/comments",
                    json={"comment": f"Merci pour cet article ({tag})", "author": "Léa", "email": f"{tag}@exemple.fr"},
                )
                version = response.json().get("model_version", "") if response.status_code == 201 else response.text
                seen.append((time.time(), response.status_code, version))  # wall clock, as the log's
            except httpx.HTTPError as exc:  # a dropped connection is a failed request too
                seen.append((time.time(), 0, repr(exc)))


def test_promotion_under_traffic_switches_every_worker_without_a_failed_request(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path, namespace: str
) -> None:
    trained = fast_version(tmp_path_factory)
    model_dir = model_dir_with(tmp_path, {"v-old": trained, "v-new": trained}, current="v-old")
    reload_seconds = 0.3
    with serve_process(
        namespace=namespace,
        tmp_path=tmp_path,
        model_dir=model_dir,
        workers=2,
        extra_env={
            "MODERATION_MODEL_RELOAD_SECONDS": str(reload_seconds),
            "MODERATION_FLOOD_SECONDS": "0",
            "MODERATION_AUDIT_SAMPLE_RATE": "0",
        },
    ) as server:
        base = server.base
        stop = threading.Event()
        seen: list[tuple[float, int, str]] = []
        senders = [threading.Thread(target=_traffic, args=(base, stop, seen)) for _ in range(3)]
        for sender in senders:
            sender.start()
        wait_until(lambda: len(seen) >= 30, timeout=30, what="answers before the promotion")
        promote(model_dir, "v-new", force=True)  # the gate has its own tests; here only the switch matters
        promoted_at = time.time()

        def answered_after_both_switches() -> int:
            """How many requests were answered since both workers logged their switch (0 before that)."""
            switched = _switch_times(server.log_path.read_text())
            return sum(1 for t, _, _ in list(seen) if t > max(switched) + 0.2) if len(switched) >= 2 else 0

        # Loading a version takes a moment more on a busy machine: keep the traffic going until both workers
        # switched and more requests than either could answer alone came after.
        wait_until(
            lambda: answered_after_both_switches() > 50,
            timeout=60,
            what=lambda: f"50 answers after both switches; the server's log ends: {server.output[-2000:]}",
        )
        stop.set()
        for sender in senders:
            sender.join(timeout=15)

    log = (tmp_path / "serve.log").read_text()
    switches = _switch_times(log)
    assert len(switches) == 2, log[-2000:]  # one per worker process
    both_switched_at = max(switches)
    failures = [s for s in seen if s[1] != 201]
    assert failures == [], failures[:5]
    before = [v for t, _, v in seen if t < promoted_at]
    settled = [v for t, _, v in seen if t > both_switched_at + 0.2]
    assert before and set(before) == {"v-old"}
    assert len(settled) > 50, len(settled)  # enough requests that both workers answered some
    assert set(settled) == {"v-new"}
    assert read_history(model_dir) == ["v-old", "v-new"]


def _switch_times(log: str) -> list[float]:
    """When each worker logged its switch to v-new (epoch seconds)."""
    lines = [json.loads(line) for line in log.splitlines() if '"model.switched"' in line and '"v-new"' in line]
    return [datetime.fromisoformat(e["timestamp"]).timestamp() for e in lines]


def test_rollback_returns_to_the_previous_version_and_forgets_the_bad_one(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    trained = fast_version(tmp_path_factory)
    model_dir = model_dir_with(tmp_path, {"v1": trained, "v2": trained}, current="v1")
    promote(model_dir, "v2", force=True)
    assert (model_dir / "CURRENT").read_text() == "v2\n"
    switch = rollback(model_dir)
    assert (switch.previous, switch.current) == ("v2", "v1")
    assert (model_dir / "CURRENT").read_text() == "v1\n"
    assert read_history(model_dir) == ["v1"]
    assert list(model_dir.glob(".*.tmp")) == []


def test_a_corrupt_new_version_leaves_the_served_model_in_place_and_the_worker_ready(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from moderation.scoring.registry import ModelRegistry

    trained = fast_version(tmp_path_factory)
    model_dir = model_dir_with(tmp_path, {"v1": trained, "v-bad": trained}, current="v1")
    with (model_dir / "v-bad" / "model.npz").open("ab") as handle:
        handle.write(b"\0")  # a byte more than the manifest's sha256 covers
    registry = ModelRegistry(model_dir, reload_seconds=0.05)
    registry.start()
    try:
        assert registry.current.version == "v1"
        (model_dir / "CURRENT").write_text("v-bad\n")  # as a careless manual edit would
        load_error = wait_until(lambda: registry.load_error, timeout=5, what="the bad version to be tried")
        assert "sha256" in load_error
        assert registry.current.version == "v1"
        assert registry.ready  # still serving a good model: no reason to take the worker out
        (model_dir / "CURRENT").write_text("v1\n")
        wait_until(lambda: registry.load_error is None, timeout=5, what="the error to clear once CURRENT is fixed")
        assert registry.current.version == "v1"
    finally:
        registry.stop()


def _newer_build_copy(model_dir: Path, source: str, name: str) -> None:
    """A version with a valid sha256 and declaration from a newer build: more dense features than this code computes."""
    import hashlib
    import json
    import shutil

    import numpy as np

    shutil.copytree(model_dir / source, model_dir / name)
    path = model_dir / name / "model.npz"
    with np.load(path, allow_pickle=False) as archive:
        arrays = {key: archive[key] for key in archive.files}
    # three dense features more than this code computes (older builds, with fewer, are scored on the leading ones)
    arrays["meta_weights"] = np.vstack((arrays["meta_weights"], arrays["meta_weights"][-3:]))
    np.savez(path, **arrays)
    manifest = json.loads((model_dir / name / "manifest.json").read_text())
    manifest["artifact"]["arrays"]["meta_weights"]["shape"] = list(arrays["meta_weights"].shape)
    manifest["artifact"]["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    (model_dir / name / "manifest.json").write_text(json.dumps(manifest))


def test_a_version_from_a_newer_build_is_neither_served_nor_promoted(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from moderation.errors import ArtifactIntegrityError
    from moderation.scoring.artifact import load_version
    from moderation.scoring.registry import ModelRegistry
    from training.promote import PromotionError

    model_dir = model_dir_with(tmp_path, {"v1": fast_version(tmp_path_factory)}, current="v1")
    _newer_build_copy(model_dir, "v1", "v-old-build")
    with pytest.raises(ArtifactIntegrityError, match="dense weights"):
        load_version(model_dir, "v-old-build")  # refused when loading, before it could fail a request
    with pytest.raises(PromotionError, match="cannot serve"):
        promote(model_dir, "v-old-build", force=True)
    assert (model_dir / "CURRENT").read_text() == "v1\n"

    registry = ModelRegistry(model_dir, reload_seconds=0.05)
    registry.start()
    try:
        (model_dir / "CURRENT").write_text("v-old-build\n")  # written by hand, bypassing promote
        wait_until(lambda: registry.load_error, timeout=5, what="the bad version to be tried")
        assert registry.current.version == "v1" and registry.ready
    finally:
        registry.stop()


def test_a_current_caught_half_written_keeps_the_served_model_and_a_removed_one_goes_rules_only(
    tmp_path_factory: pytest.TempPathFactory, tmp_path: Path
) -> None:
    from moderation.scoring.registry import RULES_ONLY, ModelRegistry

    model_dir = model_dir_with(tmp_path, {"v1": fast_version(tmp_path_factory)}, current="v1")
    registry = ModelRegistry(model_dir)  # no poller: each refresh is the poll under test
    registry.refresh()
    assert registry.current.version == "v1"
    # an editor saving CURRENT truncates it, then writes: a poll in between read an empty file and served rules only
    # (CI, 2026-12-07: the worker answered with no model until the next poll)
    (model_dir / "CURRENT").write_text("")
    assert not registry.refresh()
    assert registry.current.version == "v1" and registry.ready
    (model_dir / "CURRENT").write_text("v1\n")
    assert not registry.refresh()  # the same version: nothing to reload
    (model_dir / "CURRENT").unlink()  # how an operator goes back to the rules alone
    assert registry.refresh()
    assert registry.current.version == RULES_ONLY

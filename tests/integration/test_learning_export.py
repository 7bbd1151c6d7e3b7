"""Label export: incremental by cursor, pseudonymised rows, nothing lost when writing fails."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import redis

from moderation.labels import LabelledExample, add_label
from moderation.storage import scripts
from moderation.storage.keys import Keys
from training.data import load_moderator_labels
from training.export import ExportTargetExistsError, export_labels, is_held_out

pytestmark = pytest.mark.redis


def _label(client: redis.Redis, keys: Keys, text: str, labels: dict[str, int], comment_id: str = "") -> None:
    example = LabelledExample(
        text=text,
        labels=labels,
        source="moderator",
        language="fr",
        author_hash="a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6",
        url="https://exemple.fr/",
        comment_id=comment_id,
    )
    add_label(client, keys=keys, example=example)


def _rows(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_writes_only_labels_added_since_the_last_export(
    redis_client: redis.Redis, namespace: str, tmp_path: Path
) -> None:
    keys = Keys(namespace)
    _label(redis_client, keys, "Gagnez au casino ici", {"spam": 1}, "c1")
    _label(redis_client, keys, "Très bon article", {"spam": 0, "toxicity": 0}, "c2")
    first = export_labels(client=redis_client, keys=keys, out=tmp_path / "w1.jsonl", progress=False)
    _label(redis_client, keys, "Espèce de crétin", {"spam": 0, "toxicity": 1, "insult": 1}, "c3")
    second = export_labels(client=redis_client, keys=keys, out=tmp_path / "w2.jsonl", progress=False)
    third = export_labels(client=redis_client, keys=keys, out=tmp_path / "w3.jsonl", progress=False)
    everything = export_labels(
        client=redis_client, keys=keys, out=tmp_path / "all.jsonl", everything=True, progress=False
    )

    assert [r["text"] for r in _rows(first.path)] == ["Gagnez au casino ici", "Très bon article"]
    assert [r["text"] for r in _rows(second.path)] == ["Espèce de crétin"]
    assert (third.rows, _rows(third.path)) == (0, [])
    assert everything.rows == 3


def test_exported_rows_are_pseudonymised_and_readable_by_the_training_loader(
    redis_client: redis.Redis, namespace: str, tmp_path: Path
) -> None:
    keys = Keys(namespace)
    _label(redis_client, keys, "Espèce de crétin", {"spam": 0, "toxicity": 1, "insult": 1}, "c3")
    result = export_labels(client=redis_client, keys=keys, out=tmp_path / "labels.jsonl", progress=False)
    (row,) = _rows(result.path)
    assert set(row) == {"text", "labels", "language", "author_hash", "url", "source", "created_at", "comment_id"}
    assert row["author_hash"] == "a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6"
    assert row["labels"] == {"insult": 1, "spam": 0, "toxicity": 1}
    (record,) = load_moderator_labels(result.path, weight=3.0)
    assert record.text == "Espèce de crétin" and record.language == "fr" and record.weight == 3.0
    assert record.author == "" and record.email == ""  # the hash never feeds the author-name features
    assert record.labels["insult"] == 1.0 and record.labels["toxicity"] == 1.0


def test_a_later_label_for_the_same_comment_replaces_the_earlier_one_in_an_export(
    redis_client: redis.Redis, namespace: str, tmp_path: Path
) -> None:
    keys = Keys(namespace)
    _label(redis_client, keys, "Lien vers mon site", {"spam": 0, "toxicity": 0}, "c9")
    _label(redis_client, keys, "Lien vers mon site", {"spam": 1}, "c9")
    result = export_labels(client=redis_client, keys=keys, out=tmp_path / "labels.jsonl", progress=False)
    assert [r["labels"] for r in _rows(result.path)] == [{"spam": 1}]
    assert result.entries == 2


def test_a_failed_export_leaves_the_cursor_so_the_next_one_still_gets_every_label(
    redis_client: redis.Redis, namespace: str, tmp_path: Path
) -> None:
    keys = Keys(namespace)
    _label(redis_client, keys, "Gagnez au casino ici", {"spam": 1}, "c1")
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    with pytest.raises(OSError):
        export_labels(client=redis_client, keys=keys, out=blocker / "labels.jsonl", progress=False)
    assert redis_client.get(keys.labels_export_cursor()) is None
    retry = export_labels(client=redis_client, keys=keys, out=tmp_path / "labels.jsonl", progress=False)
    assert retry.rows == 1
    assert list(tmp_path.glob(".*.tmp")) == []


def test_export_refuses_to_overwrite_an_earlier_file(redis_client: redis.Redis, namespace: str, tmp_path: Path) -> None:
    keys = Keys(namespace)
    _label(redis_client, keys, "Gagnez au casino ici", {"spam": 1}, "c1")
    out = tmp_path / "labels.jsonl"
    out.write_text("earlier export\n")
    with pytest.raises(ExportTargetExistsError):
        export_labels(client=redis_client, keys=keys, out=out, progress=False)
    assert out.read_text() == "earlier export\n"
    assert redis_client.get(keys.labels_export_cursor()) is None


def test_held_out_slice_is_fixed_by_text_and_about_a_fifth() -> None:
    texts = [f"commentaire numéro {i} sur la réforme" for i in range(2000)]
    held = [t for t in texts if is_held_out(t)]
    assert 300 < len(held) < 500
    # Pinned: the slice must not move between runs, processes or releases (no salted hash()).
    assert [i for i, t in enumerate(texts[:40]) if is_held_out(t)] == [3, 11, 12, 15, 16, 18, 22, 26, 31, 37]
    assert is_held_out("Très BIEN dit") == is_held_out("très bien dit")


def test_export_beside_a_running_embedded_service_leaves_its_redis_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from moderation.config import Settings
    from moderation.storage.clients import open_store
    from training.export import run_export

    service_store = open_store(Settings(data_dir=tmp_path / "var"))  # as `make run` starts it
    try:
        _label(service_store.client, Keys("mod"), "Gagnez au casino ici", {"spam": 1}, "c1")
        monkeypatch.delenv("MODERATION_REDIS_URL", raising=False)
        monkeypatch.setenv("MODERATION_DATA_DIR", str(tmp_path / "var"))
        monkeypatch.setenv("MODERATION_NAMESPACE", "mod")
        result = run_export(out=tmp_path / "labels.jsonl", progress=False)
        assert result.rows == 1
        assert service_store.client.ping()  # the service's Redis still answers
        assert service_store.client.get(Keys("mod").labels_export_cursor()) == result.cursor
    finally:
        service_store.close()


def test_the_export_cursor_only_moves_forward_in_stream_id_order(redis_client: redis.Redis, namespace: str) -> None:
    """A slower export finishing after a newer one (it read fewer entries) must not move the cursor back."""
    cursor = Keys(namespace).labels_export_cursor()
    advance = scripts.register(redis_client, "advance_export_cursor")
    assert advance(keys=[cursor], args=["1700000000000-5"]) == 1
    for older in ("1700000000000-4", "999999999999-9", "1700000000000-5"):  # by number, not as text
        assert advance(keys=[cursor], args=[older]) == 0
    assert redis_client.get(cursor) == "1700000000000-5"
    assert advance(keys=[cursor], args=["1700000000000-10"]) == 1
    assert advance(keys=[cursor], args=["1700000000001-0"]) == 1
    assert redis_client.get(cursor) == "1700000000001-0"

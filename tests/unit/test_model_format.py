"""A model file is data: the loader reads only the declared arrays, with their declared dtypes and shapes, no pickle."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from moderation.errors import ArtifactFormatError, ArtifactIntegrityError
from moderation.scoring.artifact import load_version
from moderation.scoring.base import Submission, Thresholds
from moderation.scoring.model import DENSE_GENERATIONS, LinearScorer
from moderation.scoring.serialize import save_scorer, scorer_arrays
from tests.support.small_model import HEADS, SAMPLE, small_scorer

VERSION = "2026.01.01-1"


@pytest.fixture
def model_dir(tmp_path: Path) -> Path:
    """A model directory holding one version saved as training saves it."""
    folder = tmp_path / VERSION
    folder.mkdir()
    artifact = save_scorer(small_scorer(), folder)
    manifest = {
        "version": VERSION,
        "artifact": artifact,
        "heads": list(HEADS),
        "thresholds": {h: {"approve": 0.3, "reject": 0.9} for h in HEADS},
    }
    (folder / "manifest.json").write_text(json.dumps(manifest))
    return tmp_path


def _rewrite(
    model_dir: Path,
    edit: Callable[[dict[str, np.ndarray]], None],
    *,
    declare: bool = False,
    save: Callable[..., None] = np.savez,
) -> None:
    """Rewrite the version's arrays through `edit`, with a matching sha256 (a swap by someone who can edit both).

    With `declare`, the manifest's declaration is updated to the new arrays too.
    """
    folder = model_dir / VERSION
    with np.load(folder / "model.npz", allow_pickle=False) as archive:
        arrays = {name: archive[name] for name in archive.files}
    edit(arrays)
    save(folder / "model.npz", allow_pickle=True, **arrays)
    manifest = json.loads((folder / "manifest.json").read_text())
    manifest["artifact"]["sha256"] = hashlib.sha256((folder / "model.npz").read_bytes()).hexdigest()
    if declare:
        manifest["artifact"]["arrays"] = {
            name: {"dtype": a.dtype.str, "shape": list(a.shape)} for name, a in arrays.items()
        }
    (folder / "manifest.json").write_text(json.dumps(manifest))


def _edit_manifest(model_dir: Path, edit: Callable[[dict[str, Any]], None]) -> None:
    path = model_dir / VERSION / "manifest.json"
    manifest = json.loads(path.read_text())
    edit(manifest)
    path.write_text(json.dumps(manifest))


def test_a_saved_scorer_loads_back_scoring_and_explaining_exactly_alike(model_dir: Path) -> None:
    original = small_scorer()
    loaded = load_version(model_dir, VERSION)
    assert isinstance(loaded, LinearScorer)
    assert loaded.version == VERSION  # the folder's name
    assert loaded.thresholds == {h: Thresholds(approve=0.3, reject=0.9) for h in HEADS}
    for name, array in scorer_arrays(original).items():
        assert np.array_equal(array, scorer_arrays(loaded)[name]), name
    for submission in SAMPLE:
        a, b = original.score(submission, explain=False), loaded.score(submission, explain=False)
        assert a.scores == b.scores and a.language == b.language
        assert original.explain(submission, HEADS) == loaded.explain(submission, HEADS)
    assert [s.scores for s in original.score_many(SAMPLE)] == [s.scores for s in loaded.score_many(SAMPLE)]


def test_a_version_from_before_the_spam_signals_round_trips_too(tmp_path: Path) -> None:
    """Versions up to 2026.11.30-1: no phrase table, weights for the leading dense columns only."""
    full = small_scorer()
    older = LinearScorer(
        version=VERSION,
        heads=HEADS,
        vocabulary=full.vocabulary,
        text_weights=full.text_weights,
        meta_weights=full.meta_weights[: DENSE_GENERATIONS[0]],
        bias=full.bias,
        platt_a=full.platt_a,
        platt_b=full.platt_b,
        thresholds={},
    )
    (tmp_path / VERSION).mkdir()
    artifact = save_scorer(older, tmp_path / VERSION)
    assert not any(name.startswith("phrases_") for name in artifact["arrays"])
    manifest = {"artifact": artifact, "heads": list(HEADS), "thresholds": {}}
    (tmp_path / VERSION / "manifest.json").write_text(json.dumps(manifest))
    loaded = load_version(tmp_path, VERSION)
    assert [s.scores for s in loaded.score_many(SAMPLE)] == [s.scores for s in older.score_many(SAMPLE)]


def test_the_model_file_holds_plain_arrays_only(model_dir: Path) -> None:
    with np.load(model_dir / VERSION / "model.npz", allow_pickle=False) as archive:
        dtypes = {archive[name].dtype.kind for name in archive.files}
    assert dtypes <= {"u", "i", "f"}


def test_a_file_whose_sha256_differs_from_the_manifest_is_refused(model_dir: Path) -> None:
    path = model_dir / VERSION / "model.npz"
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(ArtifactIntegrityError, match="sha256"):
        load_version(model_dir, VERSION)


def test_an_array_of_another_shape_than_declared_is_refused(model_dir: Path) -> None:
    _rewrite(model_dir, lambda a: a.update(bias=np.zeros(3, dtype=np.float32)))
    with pytest.raises(ArtifactIntegrityError, match=r"bias is <f4 \[3\]; the manifest .* declares <f4 \[2\]"):
        load_version(model_dir, VERSION)


def test_an_array_of_another_dtype_than_declared_is_refused(model_dir: Path) -> None:
    _rewrite(model_dir, lambda a: a.update(text_weights=a["text_weights"].astype(np.float64)))
    with pytest.raises(ArtifactIntegrityError, match="text_weights is <f8"):
        load_version(model_dir, VERSION)


def test_an_undeclared_extra_array_is_refused(model_dir: Path) -> None:
    _rewrite(model_dir, lambda a: a.update(payload=np.zeros(4, dtype=np.uint8)))
    with pytest.raises(ArtifactIntegrityError, match=r"undeclared: \['payload'\]"):
        load_version(model_dir, VERSION)


def test_a_declared_array_missing_from_the_file_is_refused(model_dir: Path) -> None:
    _rewrite(model_dir, lambda a: a.pop("platt_b"))
    with pytest.raises(ArtifactIntegrityError, match=r"missing: \['platt_b'\]"):
        load_version(model_dir, VERSION)


def test_arrays_compressed_or_sized_otherwise_than_the_format_stores_them_are_refused(model_dir: Path) -> None:
    _rewrite(model_dir, lambda a: None, save=np.savez_compressed)  # same arrays, deflated
    with pytest.raises(ArtifactIntegrityError, match="uncompressed"):
        load_version(model_dir, VERSION)


class _RunsCode:
    """An object whose unpickling would create a file: proof that code in a model file ran."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[Any, tuple[str, str]]:
        return (Path.write_text, (str(self.marker), "code ran"))  # type: ignore[return-value]


def test_a_pickled_object_array_is_refused_without_running_its_code(model_dir: Path, tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    payload = np.array([_RunsCode(marker), 1.0], dtype=object)
    _rewrite(model_dir, lambda a: a.update(bias=payload))  # declared <f4, stored as a pickle
    with pytest.raises(ArtifactIntegrityError, match=r"bias is \|O"):
        load_version(model_dir, VERSION)
    assert not marker.exists()


def test_a_manifest_declaring_an_object_array_is_refused_before_the_file_is_opened(
    model_dir: Path, tmp_path: Path
) -> None:
    marker = tmp_path / "ran"
    payload = np.array([_RunsCode(marker), 1.0], dtype=object)
    _rewrite(model_dir, lambda a: a.update(bias=payload), declare=True)  # file and manifest agree: both hostile
    with pytest.raises(ArtifactIntegrityError, match=r"bias as \|O; the format says <f4"):
        load_version(model_dir, VERSION)
    assert not marker.exists()


def test_a_declaration_of_unknown_arrays_or_inconsistent_shapes_is_refused(model_dir: Path) -> None:
    def unknown(manifest: dict[str, Any]) -> None:
        manifest["artifact"]["arrays"]["payload"] = {"dtype": "<f4", "shape": [1]}

    _edit_manifest(model_dir, unknown)
    with pytest.raises(ArtifactIntegrityError, match=r"arrays this format has not: \['payload'\]"):
        load_version(model_dir, VERSION)

    def heads(manifest: dict[str, Any]) -> None:
        del manifest["artifact"]["arrays"]["payload"]
        manifest["heads"] = ["spam"]  # one head named, arrays for two

    _edit_manifest(model_dir, heads)
    with pytest.raises(ArtifactIntegrityError, match="heads = 2, elsewhere 1"):
        load_version(model_dir, VERSION)


def test_an_unknown_format_or_format_version_is_refused_with_a_clear_error(model_dir: Path) -> None:
    _edit_manifest(model_dir, lambda m: m["artifact"].update(format_version=2))
    with pytest.raises(ArtifactFormatError, match="version 2; this code reads version 1"):
        load_version(model_dir, VERSION)
    _edit_manifest(model_dir, lambda m: m["artifact"].update(format="safetensors", format_version=1))
    with pytest.raises(ArtifactFormatError, match="artifact format 'safetensors'"):
        load_version(model_dir, VERSION)


def test_an_old_pickled_version_is_refused_with_the_command_that_converts_it(model_dir: Path) -> None:
    def old(manifest: dict[str, Any]) -> None:
        manifest["artifact"] = {"file": "model.joblib", "sha256": "0" * 64, "class": "LinearScorer"}

    _edit_manifest(model_dir, old)
    with pytest.raises(ArtifactFormatError, match=f"python -m training migrate-model --version {VERSION}"):
        load_version(model_dir, VERSION)


@pytest.mark.parametrize("columns", DENSE_GENERATIONS[:-1])
def test_a_version_from_before_the_last_columns_scores_as_it_did(columns: int) -> None:
    """Each generation of versions (up to 2026.11.30-1, to 2026.12.06-17, to 2026.12.07-4, 2026.12.07-5 and -6, -10,
    -15) has weights for the leading dense blocks only: their scores are those of the same weights with a zero for the
    columns they never read."""
    full = small_scorer()
    weights = full.meta_weights.copy()
    weights[columns:] = 0.0

    def scorer(meta_weights: np.ndarray) -> LinearScorer:
        return LinearScorer(
            version=VERSION, heads=HEADS, vocabulary=full.vocabulary, text_weights=full.text_weights,
            meta_weights=meta_weights, bias=full.bias, platt_a=full.platt_a, platt_b=full.platt_b, thresholds={},
        )  # fmt: skip

    older, zeroed = scorer(weights[:columns]), scorer(weights)
    texts = [
        *SAMPLE, Submission(text="Les migrants sont des parasites, tous sans exception."),
        Submission(text="http://shhort.com/a?r=Jt2ufxHxc"), Submission(text="-30 % avec le code PAIX30, lien en bio !"),
        Submission(text="Check out my channel and subscribe to me, I subscribe back!"),
        Submission(text="Nous proposons des articles sponsorisés à des sites comme le vôtre, quels sont vos tarifs ?"),
        Submission(text="Je revends ma console et trois jeux, faites-moi une offre."),
    ]  # fmt: skip
    assert [s.scores for s in older.score_many(texts)] == [s.scores for s in zeroed.score_many(texts)]
    assert older.score_many(texts) != full.score_many(texts)  # the columns it lacks do move scores

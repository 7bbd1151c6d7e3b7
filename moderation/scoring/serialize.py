"""A `LinearScorer` as data: named numpy arrays in one `.npz`, declared in the manifest, read without pickle.

The file holds plain numeric arrays only (`np.savez`, read back with `allow_pickle=False`); everything else a
scorer needs (its head names, thresholds) is in `manifest.json`. The manifest's `artifact` entry declares the
format, the file, its sha256 and every array's dtype and shape. Before a byte of array data is read, the loader
checks that the declaration is one this code understands (known names, the dtype each must have, shapes that
agree with one another and with the heads), then that the file holds exactly those arrays with exactly those
headers. A scorer is built only from arrays that passed both checks.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from moderation.errors import ArtifactFormatError, ArtifactIntegrityError
from moderation.scoring.artifact import sha256_file
from moderation.scoring.base import Thresholds
from moderation.scoring.features import Vocabulary
from moderation.scoring.model import LinearScorer
from moderation.scoring.phrases import PhraseTable

#: The `artifact.format` of a scorer saved by `save_scorer`; the only one `load_scorer` reads.
FORMAT = "linear-scorer-npz"
#: Versions of FORMAT this code reads; a file of a later version names a change this code does not know.
FORMAT_VERSION = 1
#: The file name training and the migration give the arrays.
ARRAYS_FILE = "model.npz"


@dataclass(frozen=True, slots=True)
class _Slot:
    """What one array must be: its dtype (as numpy spells it) and its dimensions, by name."""

    dtype: str
    dims: tuple[str, ...]


#: Every array the format knows. `columns`: vocabulary size; `heads`: len(manifest heads); `dense`: dense
#: feature columns; `phrase_keys` / `phrases`: distinct 8-character prefixes / entries of the spam phrase table.
SCHEMA: dict[str, _Slot] = {
    "vocabulary_hashes": _Slot("<u8", ("columns",)),
    "vocabulary_idf": _Slot("<f4", ("columns",)),
    "vocabulary_block": _Slot("|i1", ("columns",)),
    "text_weights": _Slot("<f4", ("columns", "heads")),
    "meta_weights": _Slot("<f4", ("dense", "heads")),
    "bias": _Slot("<f4", ("heads",)),
    "platt_a": _Slot("<f8", ("heads",)),
    "platt_b": _Slot("<f8", ("heads",)),
    "phrases_keys": _Slot("<u8", ("phrase_keys",)),
    "phrases_counts": _Slot("<i8", ("phrase_keys",)),
    "phrases_full": _Slot("<u8", ("phrases",)),
    "phrases_lengths": _Slot("<i2", ("phrases",)),
}
#: The spam phrase table's arrays: all present (versions from 2026.12) or none (earlier versions).
PHRASE_ARRAYS = frozenset(name for name in SCHEMA if name.startswith("phrases_"))
REQUIRED_ARRAYS = frozenset(SCHEMA) - PHRASE_ARRAYS

Arrays = dict[str, npt.NDArray[Any]]


def scorer_arrays(scorer: LinearScorer) -> Arrays:
    """Return the arrays that make up `scorer` (shared, not copied), under their SCHEMA names."""
    vocabulary = scorer.vocabulary
    arrays: Arrays = {
        "vocabulary_hashes": vocabulary.hashes,
        "vocabulary_idf": vocabulary.idf,
        "vocabulary_block": vocabulary.block,
        "text_weights": scorer.text_weights,
        "meta_weights": scorer.meta_weights,
        "bias": scorer.bias,
        "platt_a": scorer.platt_a,
        "platt_b": scorer.platt_b,
    }
    phrases = scorer.phrases
    if phrases is not None:
        arrays["phrases_keys"] = phrases.keys
        arrays["phrases_counts"] = phrases.counts
        arrays["phrases_full"] = phrases.full
        arrays["phrases_lengths"] = phrases.lengths
    # the dtypes the schema declares, whatever an older build kept (a no-op for every version so far)
    return {name: np.ascontiguousarray(a, dtype=np.dtype(SCHEMA[name].dtype)) for name, a in arrays.items()}


def scorer_from_arrays(
    arrays: Mapping[str, npt.NDArray[Any]],
    *,
    version: str,
    heads: Sequence[str],
    thresholds: dict[str, Thresholds],
) -> LinearScorer:
    """Build a scorer from arrays that passed `check_declaration` (through the classes' own constructors)."""
    vocabulary = Vocabulary(arrays["vocabulary_hashes"], arrays["vocabulary_idf"], arrays["vocabulary_block"])
    phrases = None
    if "phrases_keys" in arrays:
        # the table keeps one key per distinct prefix and how many entries share it; its constructor takes
        # one key per entry
        keys = np.repeat(arrays["phrases_keys"], arrays["phrases_counts"])
        phrases = PhraseTable(keys, arrays["phrases_full"], arrays["phrases_lengths"])
    return LinearScorer(
        version=version,
        heads=heads,
        vocabulary=vocabulary,
        text_weights=arrays["text_weights"],
        meta_weights=arrays["meta_weights"],
        bias=arrays["bias"],
        platt_a=arrays["platt_a"],
        platt_b=arrays["platt_b"],
        thresholds=thresholds,
        phrases=phrases,
    )


def declare(arrays: Mapping[str, npt.NDArray[Any]]) -> dict[str, dict[str, Any]]:
    """Return the manifest's declaration of `arrays`: name -> {"dtype", "shape"}."""
    return {name: {"dtype": a.dtype.str, "shape": list(a.shape)} for name, a in sorted(arrays.items())}


def save_scorer(scorer: LinearScorer, folder: Path) -> dict[str, Any]:
    """Write `scorer`'s arrays to `folder/model.npz`; return the manifest's `artifact` entry (sha256 included).

    The thresholds and head names are not in the file: the manifest records them (`thresholds`, `heads`).
    """
    arrays = scorer_arrays(scorer)
    path = folder / ARRAYS_FILE
    with path.open("wb") as handle:  # stored, not deflated: read in ~10 ms instead of ~110 ms at worker start
        np.savez(handle, allow_pickle=False, **arrays)
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "file": ARRAYS_FILE,
        "sha256": sha256_file(path),
        "class": "moderation.scoring.model.LinearScorer",
        "arrays": declare(arrays),
    }


def check_format(artifact: Mapping[str, Any], version: str) -> None:
    """Raise ArtifactFormatError unless the manifest's artifact entry is a format (and version) this code reads."""
    if not isinstance(artifact, Mapping):
        raise ArtifactIntegrityError(f"the manifest of {version!r} has no artifact entry")
    fmt = artifact.get("format")
    if fmt is None and str(artifact.get("file", "")).endswith(".joblib"):
        raise ArtifactFormatError(
            f"model {version!r} is a pickled joblib file, which the service no longer loads: convert it once with "
            f"`python -m training migrate-model --version {version}` (needs the `train` extra)"
        )
    if fmt != FORMAT:
        raise ArtifactFormatError(f"model {version!r} has artifact format {fmt!r}; this code reads only {FORMAT!r}")
    got = artifact.get("format_version")
    if type(got) is not int or got != FORMAT_VERSION:
        raise ArtifactFormatError(
            f"model {version!r} is {FORMAT} version {got!r}; this code reads version {FORMAT_VERSION}: "
            "update the service or retrain the model"
        )


Declared = dict[str, tuple[np.dtype[Any], tuple[int, ...]]]


def check_declaration(declared: Any, heads: Sequence[str], version: str) -> Declared:
    """Return the declared arrays as name -> (dtype, shape), or raise ArtifactIntegrityError.

    Accepts only SCHEMA's names (the required ones, and the phrase table's all or none), each with its
    schema dtype, and shapes whose named dimensions agree (`columns` is one number everywhere, `heads` is the
    number of heads the manifest names).
    """
    if not isinstance(declared, dict) or not declared:
        raise ArtifactIntegrityError(f"the manifest of {version!r} declares no arrays (artifact.arrays)")
    names = set(declared)
    unknown = sorted(names - set(SCHEMA))
    if unknown:
        raise ArtifactIntegrityError(f"the manifest of {version!r} declares arrays this format has not: {unknown}")
    missing = sorted(REQUIRED_ARRAYS - names)
    if missing:
        raise ArtifactIntegrityError(f"the manifest of {version!r} lacks the arrays {missing}")
    if names & PHRASE_ARRAYS and not names >= PHRASE_ARRAYS:
        raise ArtifactIntegrityError(
            f"the manifest of {version!r} declares part of the phrase table: {sorted(names & PHRASE_ARRAYS)}"
        )
    sizes: dict[str, int] = {"heads": len(heads)}
    out: Declared = {}
    for name in sorted(names):
        slot = SCHEMA[name]
        entry = declared[name]
        try:
            dtype = np.dtype(str(entry["dtype"]))
            shape = tuple(entry["shape"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ArtifactIntegrityError(f"the manifest of {version!r} declares {name} badly: {exc}") from exc
        if dtype != np.dtype(slot.dtype):
            raise ArtifactIntegrityError(
                f"the manifest of {version!r} declares {name} as {dtype.str}; the format says {slot.dtype}"
            )
        if len(shape) != len(slot.dims) or not all(type(n) is int and n >= 0 for n in shape):
            raise ArtifactIntegrityError(
                f"the manifest of {version!r} declares {name} with shape {list(shape)}; the format says "
                f"{len(slot.dims)} non-negative dimensions ({', '.join(slot.dims)})"
            )
        for dim, n in zip(slot.dims, shape, strict=True):
            if sizes.setdefault(dim, n) != n:
                raise ArtifactIntegrityError(
                    f"the manifest of {version!r} declares {name} with {dim} = {n}, elsewhere {sizes[dim]}"
                )
        out[name] = (dtype, shape)
    return out


def read_arrays(path: Path, expected: Declared, version: str) -> Arrays:
    """Read the arrays of `path` (an `.npz` whose sha256 was checked), refusing any that differs from `expected`.

    Every member's `.npy` header is read and compared before its data: the file must hold exactly the expected
    names, each with the expected dtype and shape. Data is then read with `allow_pickle=False`.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.namelist()
            found = {m.removesuffix(".npy") for m in members}
            if len(found) != len(members) or any(not m.endswith(".npy") for m in members) or found != set(expected):
                extra, absent = sorted(found - set(expected)), sorted(set(expected) - found)
                raise ArtifactIntegrityError(
                    f"{path} holds other arrays than the manifest of {version!r} declares "
                    f"(undeclared: {extra or 'none'}, missing: {absent or 'none'})"
                )
            for name, (dtype, shape) in expected.items():
                info = archive.getinfo(f"{name}.npy")
                with archive.open(info) as member:
                    got_shape, got_dtype = _npy_header(member)
                    header_bytes = member.tell()
                if got_dtype != dtype or got_shape != shape:
                    raise ArtifactIntegrityError(
                        f"{path}: array {name} is {got_dtype.str} {list(got_shape)}; the manifest of {version!r} "
                        f"declares {dtype.str} {list(shape)}"
                    )
                # stored, not deflated, and exactly as long as its header says: an array is never allocated
                # larger than the bytes the file really holds for it
                nbytes = math.prod(shape) * dtype.itemsize
                if info.compress_type != zipfile.ZIP_STORED or info.file_size != header_bytes + nbytes:
                    raise ArtifactIntegrityError(
                        f"{path}: array {name} is not stored as {FORMAT} stores it ({nbytes} bytes, uncompressed)"
                    )
            if sum(archive.getinfo(m).compress_size for m in members) > path.stat().st_size:
                raise ArtifactIntegrityError(f"{path}: its members claim more bytes than the file holds")
    except zipfile.BadZipFile as exc:
        raise ArtifactIntegrityError(f"{path} is not an .npz archive: {exc}") from exc
    try:
        with np.load(path, allow_pickle=False) as archive:
            return {name: archive[name] for name in expected}
    except ValueError as exc:  # e.g. an object array, which only pickle could read
        raise ArtifactIntegrityError(f"{path} holds an array numpy cannot read without pickle: {exc}") from exc


def _npy_header(member: Any) -> tuple[tuple[int, ...], np.dtype[Any]]:
    """Return (shape, dtype) from an `.npy` stream's header, without reading its data."""
    try:
        major, minor = np.lib.format.read_magic(member)
        if (major, minor) == (1, 0):
            shape, _fortran, dtype = np.lib.format.read_array_header_1_0(member)
        elif (major, minor) == (2, 0):
            shape, _fortran, dtype = np.lib.format.read_array_header_2_0(member)
        else:
            raise ValueError(f".npy format version {major}.{minor}")
    except ValueError as exc:
        raise ArtifactIntegrityError(f"an array header is unreadable: {exc}") from exc
    return tuple(int(n) for n in shape), np.dtype(dtype)


def load_scorer(
    path: Path,
    artifact: Mapping[str, Any],
    *,
    version: str,
    heads: Sequence[str],
    thresholds: dict[str, Thresholds],
) -> LinearScorer:
    """Read a scorer whose file's sha256 was checked: declaration, then headers, then data, then the scorer."""
    check_format(artifact, version)
    expected = check_declaration(artifact.get("arrays"), heads, version)
    arrays = read_arrays(path, expected, version)
    try:
        return scorer_from_arrays(arrays, version=version, heads=heads, thresholds=thresholds)
    except ValueError as exc:  # e.g. dense weights for a number of dense features no build computes
        raise ArtifactIntegrityError(f"the arrays of {version!r} do not make a scorer: {exc}") from exc

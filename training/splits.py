"""De-duplication across sources and fixed-seed stratified train / validation / test splits."""

from __future__ import annotations

import math
import random
from collections import Counter, defaultdict
from collections.abc import Iterable

from sklearn.model_selection import train_test_split

from moderation.scoring.characters import fold_accents
from moderation.scoring.normalize import normalize_text
from training.data import Record

SEED = 20261125
SPLITS: tuple[str, ...] = ("train", "validation", "test")

# Kept first when two sources share a text: eval-only sets are never trained on, official test files stay
# test, native text beats machine translation.
_PRIORITY = {"eval": 0, "test": 1, "train": 2, "train_mt": 3}


def dedup_key(text: str) -> str:
    """Return the key two texts must share to count as duplicates (normalised, accent-folded)."""
    return fold_accents(normalize_text(text))


def deduplicate(records: Iterable[Record]) -> list[Record]:
    """Drop empty texts and later copies of a normalised text, keeping eval and test copies first."""
    ordered = sorted(
        enumerate(records),
        key=lambda item: (_PRIORITY["test" if item[1].fixed_split == "test" else item[1].use], item[0]),
    )
    seen: set[str] = set()
    kept: list[tuple[int, Record]] = []
    for index, record in ordered:
        key = dedup_key(record.text)
        if not key:
            continue
        # eval-only suites keep their own near-duplicates (HateCheck's spelling variants normalise to
        # the plain case on purpose); every other copy of an evaluated text is dropped
        if key in seen and record.use != "eval":
            continue
        seen.add(key)
        kept.append((index, record))
    kept.sort(key=lambda item: item[0])
    return [record for _, record in kept]


def _stratum(record: Record) -> str:
    values = []
    for head in ("spam", "toxicity", "identity_attack"):
        value = record.labels[head]
        values.append("-" if math.isnan(value) else str(int(value)))
    return "".join(values)


def _split_groups(records: list[Record], seed: int) -> dict[int, str]:
    """Split one source 80/10/10 by group (a row without a group is its own), seeded, not stratified."""
    keys = sorted({r.group or f"row:{i}" for i, r in enumerate(records)})
    train, rest = train_test_split(keys, test_size=0.2, random_state=seed)
    validation, _ = train_test_split(rest, test_size=0.5, random_state=seed)
    side = dict.fromkeys(keys, "test") | dict.fromkeys(train, "train") | dict.fromkeys(validation, "validation")
    return {i: side[r.group or f"row:{i}"] for i, r in enumerate(records)}


def _split_source(records: list[Record], seed: int) -> dict[int, str]:
    """Split one source 80/10/10, stratified on its labels when every stratum allows it."""
    indices = list(range(len(records)))
    if len(records) < 10:
        return dict.fromkeys(indices, "train")
    groups = Counter(r.group for r in records if r.group)
    if groups and max(groups.values()) > 1:  # rows of one author (stormfront's users) stay on one side
        return _split_groups(records, seed)
    strata = [_stratum(r) for r in records]
    counts = Counter(strata)
    stratify = strata if min(counts.values()) >= 4 else None
    train, rest = train_test_split(indices, test_size=0.2, random_state=seed, stratify=stratify)
    rest_strata = [strata[i] for i in rest] if stratify else None
    if rest_strata and min(Counter(rest_strata).values()) < 2:
        rest_strata = None
    validation, test = train_test_split(rest, test_size=0.5, random_state=seed, stratify=rest_strata)
    result = dict.fromkeys(train, "train")
    result.update(dict.fromkeys(validation, "validation"))
    result.update(dict.fromkeys(test, "test"))
    return result


def assign_splits(records: list[Record], *, seed: int = SEED) -> dict[str, list[Record]]:
    """Return {"train", "validation", "test"} record lists, honouring every split rule.

    Eval-only sets go to test and never to train; official test files stay test; the rest of each source
    is split 80/10/10 (stratified, fixed seed); machine-translated rows only go to train, and only when the
    native message they translate is itself in train (or absent), so versions never straddle a split.
    """
    out: dict[str, list[Record]] = {name: [] for name in SPLITS}
    by_source: dict[str, list[Record]] = defaultdict(list)
    mt: list[Record] = []
    for record in records:
        if record.use == "eval" or record.fixed_split == "test":
            out["test"].append(record)
        elif record.fixed_split == "train":  # synthetic and hand-authored rows: training only
            out["train"].append(record)
        elif record.use == "train_mt":
            mt.append(record)
        else:
            by_source[record.source].append(record)
    for source in sorted(by_source):
        group = by_source[source]
        for index, split in _split_source(group, seed).items():
            out[split].append(group[index])
    group_split: dict[str, str] = {}
    for split in SPLITS:
        for record in out[split]:
            key = record.group or " ".join(record.text.lower().split())
            if group_split.get(key) != "test":  # the strictest side wins
                group_split[key] = split if group_split.get(key) != "validation" else "validation"
    for record in mt:
        if record.group and group_split.get(record.group, "train") != "train":
            continue
        out["train"].append(record)
    return out


def subsample(records: list[Record], *, per_source: int, seed: int = SEED) -> list[Record]:
    """Keep at most `per_source` records of each source (for the fast mode), chosen with a fixed seed."""
    rng = random.Random(seed)
    by_source: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        by_source[record.source].append(record)
    kept: list[Record] = []
    for source in sorted(by_source):
        group = by_source[source]
        kept.extend(group if len(group) <= per_source else rng.sample(group, per_source))
    return kept

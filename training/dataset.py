"""Assemble the training, validation and test records (public sets, synthetic, contrastive, site labels).

The layer between the loaders (`training.data`) and what uses the splits: training (`training.train`), the
metrics (`training.evaluate`) and the gate (`training.compare`), none of which import each other's internals.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import random
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from moderation.scoring.base import Submission
from moderation.scoring.policy import DeploymentProfile
from training import contrastive, references, synthetic, tech_jargon, threats, written
from training.data import Record, SpamLexicon, load_all, load_contact_form_lexicon, load_moderator_labels
from training.export import is_held_out
from training.obfuscate import obfuscate
from training.splits import SEED, assign_splits, deduplicate, subsample

F64 = npt.NDArray[np.float64]


@dataclass
class Dataset:
    """The split records and their feature matrices."""

    splits: dict[str, list[Record]]
    text_x: dict[str, sp.csr_matrix] = field(default_factory=dict)
    meta_x: dict[str, npt.NDArray[np.float32]] = field(default_factory=dict)


@dataclass(frozen=True)
class TrainConfig:
    """What `train` was asked to do."""

    data_dir: Path
    out_dir: Path
    fast: bool = False
    labels_file: Path | None = None
    label_weight: float = 5.0
    version: str | None = None
    seed: int = SEED
    profile: DeploymentProfile = field(default_factory=DeploymentProfile)
    #: Data sets (folder names) kept out of training whole and reported as unseen sources.
    hold_out: tuple[str, ...] = ()


def authored_records(*, fast: bool = False, lexicon: SpamLexicon | None = None) -> list[Record]:
    """Every row written for this project that training adds to the public sets (the check sets of
    training/check_comments/ must share no text with them: the tests compare against this list)."""
    return [
        *synthetic.generate(n_spam=150 if fast else 2500, n_ham=150 if fast else 2500, lexicon=lexicon),
        *contrastive.contrastive_records(),
        *contrastive.identity_records(),
        *contrastive.abuse_records(n=150 if fast else 2000),
        *threats.threat_and_hate_records(),
        *synthetic.casual_records(n=50 if fast else 400),
        *synthetic.product_records(n=20 if fast else 200),
        *synthetic.money_records(n=20 if fast else 200),
        *synthetic.offer_records(n=20 if fast else 200),
        *synthetic.promotion_records(n=20 if fast else 200),
        *synthetic.outreach_records(n=20 if fast else 200),
        *synthetic.support_records(n=20 if fast else 200),
        *synthetic.private_sale_records(n=20 if fast else 200),
        *written.written_records(fast=fast),
        *references.reference_records(n=30 if fast else 200),
        *references.own_work_records(n=20 if fast else 150),
        *tech_jargon.jargon_records(n=30 if fast else 300),
        *tech_jargon.question_records(n=30 if fast else 300),
    ]


def build_records(config: TrainConfig) -> tuple[dict[str, list[Record]], dict[str, int]]:
    """Load, de-duplicate and split every source; add synthetic, contrastive and moderator rows to train."""
    records = load_all(config.data_dir, hold_out=config.hold_out)
    lexicon = load_contact_form_lexicon(config.data_dir)
    if config.fast:
        records = subsample(records, per_source=150, seed=config.seed)
    extra = authored_records(fast=config.fast, lexicon=lexicon)
    if config.labels_file is not None:
        # The held-out fifth of the site's labels is what `evaluate --candidate` scores: never train on it.
        site = load_moderator_labels(config.labels_file, weight=config.label_weight)
        extra += [r for r in site if not is_held_out(r.text)]
    all_records = deduplicate([*records, *extra])
    splits = assign_splits(all_records, seed=config.seed)
    splits["train"] += _obfuscated_copies(splits["train"], seed=config.seed)
    for split in ("train", "validation"):
        splits[split] = [_with_reader_email(r) for r in splits[split]]
    counts = Counter(f"{split}:{r.source}" for split, rs in splits.items() for r in rs)
    return splits, dict(sorted(counts.items()))


def _with_reader_email(record: Record) -> Record:
    """Give a public-data row with no identity a commenter's name, e-mail and website, whatever its label.

    In service every comment comes with the form's fields; in the public sets only authored rows have them.
    Public rows draw from the same distribution as authored spam and ham (seeded by the text), so that
    filling in the form never reads as a label.
    """
    if record.email or record.author or record.url:
        return record
    rng = random.Random(int(hashlib.sha256(record.text.encode()).hexdigest()[:12], 16))
    identity = synthetic.reader_identity(rng)
    return dataclasses.replace(record, author=identity["author"], email=identity["email"], url=identity["url"])


def _obfuscated_copies(train: list[Record], *, seed: int, share: float = 0.15) -> list[Record]:
    """Return obfuscated copies of a share of the abusive training rows (same labels)."""
    rng = random.Random(seed)
    copies: list[Record] = []
    for r in train:
        if r.labels["toxicity"] == 1.0 and r.use != "train_mt" and rng.random() < share:
            text = obfuscate(r.text, rng, rate=0.5)
            copies.append(Record.authored(text, r.language, f"{r.source}+obf", dict(r.labels), weight=r.weight))
    return copies


def submission_of(record: Record, *, text: str | None = None) -> Submission:
    """Return the submission a record stands for (with `text` in place of its own when given)."""
    return Submission(text=record.text if text is None else text, author=record.author, email=record.email,
                      url=record.url)  # fmt: skip


def labels_of(records: list[Record], head: str) -> F64:
    """Return each record's label for `head` (NaN where the record has none)."""
    return np.asarray([r.labels[head] for r in records], dtype=np.float64)


def training_rows(records: list[Record], head: str, *, seed: int) -> tuple[npt.NDArray[np.int64], F64, F64]:
    """Return row indices, labels and weights a head trains on (masked rows skipped).

    Documented assumption, used for training only: rows of the other task whose label for this head is
    unknown are treated as negatives with a low weight (toxicity-set texts are not spam; spam-set texts
    are rarely toxic). That keeps "French" or "long" from meaning "spam".
    """
    rng = np.random.default_rng(seed)
    y = labels_of(records, head)
    rows: list[int] = []
    labels: list[float] = []
    weights: list[float] = []
    for i, r in enumerate(records):
        if not math.isnan(y[i]):
            rows.append(i)
            labels.append(y[i])
            weights.append(r.weight * (0.5 if r.use == "train_mt" else 1.0))
        elif head == "spam" and not math.isnan(r.labels["toxicity"]):
            keep = r.language == "fr" or rng.random() < 0.25
            if keep:
                rows.append(i)
                labels.append(0.0)
                weights.append(0.5)
        elif head == "toxicity" and not math.isnan(r.labels["spam"]) and rng.random() < 0.5:
            rows.append(i)
            labels.append(0.0)
            weights.append(0.3)
    return np.asarray(rows, dtype=np.int64), np.asarray(labels), np.asarray(weights)

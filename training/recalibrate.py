"""Thresholds that learn from the site: recalibrate a model on the site's own labels and re-derive its cuts.

Once the site's moderators have labelled enough comments (decisions, site feedback, audit samples, exported
by `python -m training export`), `python -m training recalibrate` refits each head's Platt calibration
(sigmoid of the head's linear score, two numbers per head) on the labels outside the held-out fifth
(`training.export.is_held_out`), then derives the head's thresholds on them for the site's deployment
profile with the same function training uses (`moderation.scoring.policy.derive_thresholds`). The weights and
vocabulary are the base version's: ranking is unchanged, only what a score means on this site and where the
cuts fall. The result is a new version, gated and promoted like any other (`evaluate --candidate`, `promote`).

With a review budget (the share of traffic the site's desk can review), the cuts are relaxed until the
expected review share fits, and the report says what that costs in missed abuse and spam.

Platt (scikit-learn's `CalibratedClassifierCV(method="sigmoid")` on the frozen linear score) rather than
isotonic: two parameters per head are stable on a few hundred labels, where an isotonic map would follow
their noise, and the artifact keeps its format (`LinearScorer.platt_a`, `platt_b`).
Exported rows carry no e-mail or name (pseudonymised), so the spam head is recalibrated on text and website.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.frozen import FrozenEstimator

from moderation.scoring.artifact import load_version, read_manifest
from moderation.scoring.base import Thresholds
from moderation.scoring.model import LinearScorer, platt
from moderation.scoring.policy import DeploymentProfile, Derivation, derive_thresholds, expected_figures
from training.data import Record, load_moderator_labels
from training.evaluate import as_submissions
from training.export import is_held_out
from training.train import dump_artifact, library_versions, next_version, staged_version

F64 = npt.NDArray[np.float64]

#: Heads recalibrated on the site's labels: the two a moderator's decision always says something about.
CALIBRATED_HEADS: tuple[str, ...] = ("toxicity", "spam")
#: Fewest positive and negative labels a head needs (outside the held-out fifth) to be recalibrated.
MIN_LABELS_PER_CLASS = 30
#: Highest share of abuse in what is approved that a review budget may relax the cuts to.
MAX_RELAXED_APPROVED_ABUSE = 0.5


class NotEnoughLabelsError(Exception):
    """Raised when no head has MIN_LABELS_PER_CLASS positive and negative site labels to recalibrate on."""


class NotALinearScorerError(Exception):
    """Raised when the base version is not a LinearScorer (only its calibration can be refitted)."""


@dataclass(frozen=True, slots=True)
class HeadCalibration:
    """One head's calibration before and after, and the labels it was fitted on."""

    head: str
    platt_a: float
    platt_b: float
    before_a: float
    before_b: float
    positives: int
    negatives: int
    derivation: Derivation


@dataclass(frozen=True, slots=True)
class Budget:
    """What fitting a review budget did: the figures as derived and within the budget."""

    review_share: float
    met: bool
    max_approved_abuse: float  # the relaxed tolerance that fits the budget
    derived: dict[str, float]
    within: dict[str, float]

    def as_dict(self) -> dict[str, Any]:
        """The manifest's `review_budget` entry, with the cost of the budget in missed abuse and spam."""
        return {
            "review_share": self.review_share,
            "met": self.met,
            "max_approved_abuse": round(self.max_approved_abuse, 4),
            "as_derived": self.derived,
            "within_budget": self.within,
            "cost": {
                "missed_abuse": round(self.within["expected_missed_abuse"] - self.derived["expected_missed_abuse"], 4),
                "missed_spam": round(self.within["expected_missed_spam"] - self.derived["expected_missed_spam"], 4),
            },
        }


@dataclass
class Recalibration:
    """A recalibrated scorer and what was done to it."""

    scorer: LinearScorer
    heads: dict[str, HeadCalibration]
    calibration_rows: int
    held_out_rows: int
    policy: dict[str, Any]
    budget: Budget | None = None
    skipped: dict[str, str] = field(default_factory=dict)


def site_rows(records: Sequence[Record]) -> tuple[list[Record], int]:
    """The labels calibration may use (outside the held-out fifth the gate scores), and how many were held out."""
    kept = [r for r in records if not is_held_out(r.text)]
    return kept, len(records) - len(kept)


def recalibrate(
    base: LinearScorer,
    records: Sequence[Record],
    *,
    profile: DeploymentProfile,
    review_budget: float | None = None,
    min_per_class: int = MIN_LABELS_PER_CLASS,
) -> Recalibration:
    """Refit the calibration of each head with enough site labels and derive its cuts for the profile."""
    rows, held_out = site_rows(records)
    z, _languages = base.decision_values(as_submissions(rows)) if rows else (np.zeros((0, len(base.heads))), [])
    platt_a = np.array(base.platt_a, dtype=np.float64)
    platt_b = np.array(base.platt_b, dtype=np.float64)
    thresholds = dict(base.thresholds)
    heads: dict[str, HeadCalibration] = {}
    skipped: dict[str, str] = {}
    labelled: dict[str, tuple[F64, F64]] = {}
    guards: dict[str, float] = {}
    for head in CALIBRATED_HEADS:
        h = base.heads.index(head)
        y = np.asarray([r.labels.get(head, np.nan) for r in rows], dtype=np.float64)
        known = ~np.isnan(y)
        positives, negatives = int((y[known] == 1).sum()), int((y[known] == 0).sum())
        if min(positives, negatives) < min_per_class:
            skipped[head] = f"{positives} positive and {negatives} negative labels (needs {min_per_class} of each)"
            continue
        a, b = fit_site_platt(z[known, h], y[known])
        p = platt(z[known, h], a, b)
        # Training's benign-French guard bounds the toxicity reject cut from below on validation rows the site's
        # labels do not have: carry it over, moved to the new calibration, so no comment the base would not
        # reject is rejected now (the site's labels may still raise the cut or move the approve cut).
        guard = _moved_cut(base.thresholds[head].reject, (platt_a[h], platt_b[h]), (a, b)) if head != "spam" else 0.0
        derivation = derive_thresholds(profile, p, y[known], head=head, min_reject=guard)
        guards[head] = guard
        heads[head] = HeadCalibration(
            head=head, platt_a=a, platt_b=b, before_a=float(platt_a[h]), before_b=float(platt_b[h]),
            positives=positives, negatives=negatives, derivation=derivation,
        )  # fmt: skip
        platt_a[h], platt_b[h] = a, b
        thresholds[head] = derivation.thresholds
        labelled[head] = (p, y[known])
    if not heads:
        raise NotEnoughLabelsError("; ".join(f"{h}: {why}" for h, why in skipped.items()))
    budget = None
    if review_budget is not None:
        budget, relaxed = fit_review_budget(profile, labelled, thresholds, review_budget, guards=guards)
        thresholds.update(relaxed)
    scorer = LinearScorer(
        version=base.version, heads=base.heads, vocabulary=base.vocabulary, text_weights=base.text_weights,
        meta_weights=base.meta_weights, bias=base.bias, platt_a=platt_a, platt_b=platt_b, thresholds=thresholds,
        phrases=base.phrases,
    )  # fmt: skip
    policy = site_policy(profile, labelled, thresholds)
    return Recalibration(
        scorer=scorer, heads=heads, calibration_rows=len(rows), held_out_rows=held_out, policy=policy,
        budget=budget, skipped=skipped,
    )  # fmt: skip


class _LinearScore(ClassifierMixin, BaseEstimator):  # type: ignore[misc]  # scikit-learn ships no stubs
    """A head's linear score, already computed, as the estimator CalibratedClassifierCV calibrates."""

    def fit(self, x: F64, y: F64) -> _LinearScore:
        self.classes_ = np.array([0.0, 1.0])
        return self

    def decision_function(self, x: F64) -> F64:
        return np.asarray(x, dtype=np.float64)[:, 0]

    def predict(self, x: F64) -> F64:
        return (self.decision_function(x) > 0).astype(np.float64)


def fit_site_platt(z: F64, y: F64) -> tuple[float, float]:
    """Fit Platt scaling p = sigmoid(a z + b) on the site's labels with scikit-learn's sigmoid calibration.

    Unlike a plain logistic regression, Platt's method smooths the targets (a prior of one example per
    class), so labels a few templates separate perfectly do not send the slope to infinity.
    """
    x = z.reshape(-1, 1)
    calibrated = CalibratedClassifierCV(FrozenEstimator(_LinearScore().fit(x, y)), method="sigmoid").fit(x, y)
    sigmoid = calibrated.calibrated_classifiers_[0].calibrators[0]  # p = 1 / (1 + exp(a_ f + b_))
    return -float(sigmoid.a_), -float(sigmoid.b_)


def _moved_cut(cut: float, before: tuple[float, float], after: tuple[float, float]) -> float:
    """The probability the new calibration gives the linear score the old one mapped to `cut`."""
    if cut <= 0.0 or cut >= 1.0 or before[0] <= 0 or after[0] <= 0:
        return cut
    z = (np.log(cut / (1.0 - cut)) - before[1]) / before[0]
    return float(platt(z, after[0], after[1]))


def site_policy(
    profile: DeploymentProfile, labelled: dict[str, tuple[F64, F64]], thresholds: dict[str, Thresholds]
) -> dict[str, Any]:
    """The policy figures of these cuts on the site's labels, in the shape training's `derive_policy` writes.

    A comment is approved only when both heads approve; as in training, the heads are taken as independent.
    A head without enough labels counts as approving everything and rejecting nothing.
    """
    figures = {head: expected_figures(profile, p, y, thresholds[head], head=head) for head, (p, y) in labelled.items()}
    approve = reject_keep = 1.0
    for d in figures.values():
        approve *= d.approve_share
        reject_keep *= 1.0 - d.reject_share
    tox, spam = figures.get("toxicity"), figures.get("spam")
    return {
        "profile": profile.as_dict(),
        "heads": {head: d.as_dict() for head, d in figures.items()},
        "by_language": {},
        "expected_review_share": round(max(0.0, 1.0 - approve - (1.0 - reject_keep)), 4),
        "expected_missed_abuse": round(tox.missed_share, 4) if tox else None,
        "expected_missed_spam": round(spam.missed_share, 4) if spam else None,
        "derived_on": "site labels",
    }


def fit_review_budget(
    profile: DeploymentProfile,
    labelled: dict[str, tuple[F64, F64]],
    thresholds: dict[str, Thresholds],
    budget: float,
    *,
    guards: dict[str, float] | None = None,
) -> tuple[Budget, dict[str, Thresholds]]:
    """Relax the approve cuts until the expected review share fits `budget`; say what it costs in missed abuse.

    The relaxation is the profile's tolerated share of abuse in what is approved, raised (bisection) until the
    cuts derived with it hold at most `budget` of the traffic for review; reject cuts stay as derived.
    """
    if not 0.0 < budget < 1.0:
        raise ValueError(f"a review budget is a share of traffic strictly between 0 and 1, got {budget}")

    def cuts(tolerance: float) -> dict[str, Thresholds]:
        relaxed = dataclasses.replace(profile, max_approved_abuse=tolerance)
        out = {}
        for head, (p, y) in labelled.items():
            derived = derive_thresholds(relaxed, p, y, head=head, min_reject=(guards or {}).get(head, 0.0)).thresholds
            reject = thresholds[head].reject  # a budget relaxes holds, never rejects
            out[head] = Thresholds(approve=min(max(derived.approve, thresholds[head].approve), reject), reject=reject)
        return out

    def review(candidate: dict[str, Thresholds]) -> float:
        return float(site_policy(profile, labelled, {**thresholds, **candidate})["expected_review_share"])

    derived = _headline(site_policy(profile, labelled, thresholds))
    low, high = profile.max_approved_abuse, MAX_RELAXED_APPROVED_ABUSE
    if derived["expected_review_share"] <= budget:
        best, tolerance = {h: thresholds[h] for h in labelled}, low
    elif review(cuts(high)) > budget:
        best, tolerance = cuts(high), high  # even this lax a policy holds more than the desk can review
    else:
        for _ in range(30):
            middle = (low + high) / 2
            if review(cuts(middle)) <= budget:
                high = middle
            else:
                low = middle
        best, tolerance = cuts(high), high
    within = _headline(site_policy(profile, labelled, {**thresholds, **best}))
    met = within["expected_review_share"] <= budget
    return Budget(review_share=budget, met=met, max_approved_abuse=tolerance, derived=derived, within=within), best


def _headline(policy: dict[str, Any]) -> dict[str, float]:
    return {
        name: float(policy[name] or 0.0)
        for name in ("expected_review_share", "expected_missed_abuse", "expected_missed_spam")
    }


def labels_digest(paths: Sequence[Path]) -> list[dict[str, str]]:
    """Name and sha256 of each label file (the manifest's record of what the calibration saw)."""
    out = []
    for path in paths:
        out.append({"file": path.name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
    return out


def write_recalibrated(
    model_dir: Path,
    base_version: str,
    result: Recalibration,
    *,
    label_files: Sequence[Path],
    out_dir: Path | None = None,
    version: str | None = None,
) -> Path:
    """Write the recalibrated scorer as a new version beside the others; return its folder."""
    out_dir = out_dir or model_dir
    name = version or next_version(out_dir)
    base_manifest = read_manifest(model_dir, base_version)
    scorer = result.scorer.with_version(name)
    with staged_version(out_dir / name) as folder:
        artifact = dump_artifact(scorer, folder)
        manifest = {
            **{k: v for k, v in base_manifest.items() if k not in ("metrics", "policy", "thresholds")},
            "version": name,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "artifact": artifact,
            "libraries": library_versions(),
            "thresholds": {h: {"approve": t.approve, "reject": t.reject} for h, t in result.scorer.thresholds.items()},
            "policy": result.policy,
            "metrics": {},  # the gate (`evaluate --candidate`) measures this version against the served one
            "recalibration": recalibration_record(base_version, result, label_files),
        }
        (folder / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True), encoding="utf-8")
        (folder / "recalibration.md").write_text(report_markdown(name, manifest["recalibration"]), encoding="utf-8")
    return out_dir / name


def recalibration_record(base_version: str, result: Recalibration, label_files: Sequence[Path]) -> dict[str, Any]:
    """The manifest's `recalibration` entry: base version, labels, per-head calibration, budget."""
    return {
        "base_version": base_version,
        "method": "platt",
        "labels": labels_digest(label_files),
        "rows": {"calibration": result.calibration_rows, "held_out": result.held_out_rows},
        "heads": {
            head: {
                "platt_a": round(c.platt_a, 6),
                "platt_b": round(c.platt_b, 6),
                "platt_a_before": round(c.before_a, 6),
                "platt_b_before": round(c.before_b, 6),
                "positives": c.positives,
                "negatives": c.negatives,
                "derived": c.derivation.as_dict(),
            }
            for head, c in result.heads.items()
        },
        "skipped": result.skipped,
        "review_budget": result.budget.as_dict() if result.budget else None,
    }


def report_markdown(version: str, record: dict[str, Any]) -> str:
    """A short human-readable account of the recalibration, written beside the version."""
    lines = [
        f"# {version}: recalibrated on the site's labels",
        "",
        f"Base version {record['base_version']}, Platt calibration refitted on {record['rows']['calibration']} "
        f"site labels ({record['rows']['held_out']} held out for the gate).",
        "",
        "| head | labels (+/-) | approve | reject | expected review share | expected missed |",
        "|---|---|---|---|---|---|",
    ]
    for head, h in record["heads"].items():
        d = h["derived"]
        lines.append(
            f"| {head} | {h['positives']}/{h['negatives']} | {d['approve']:.4f} | {d['reject']:.4f} | "
            f"{d['expected_review_share']:.4f} | {d['expected_missed_share']:.4f} |"
        )
    for head, why in record["skipped"].items():
        lines.append(f"| {head} | not recalibrated: {why} | | | | |")
    budget = record["review_budget"]
    if budget:
        lines += [
            "",
            f"Review budget {budget['review_share']:.2%} ({'met' if budget['met'] else 'NOT met'}): expected review "
            f"share {budget['as_derived']['expected_review_share']:.2%} as derived, "
            f"{budget['within_budget']['expected_review_share']:.2%} within the budget; it costs "
            f"{budget['cost']['missed_abuse']:+.2%} of abuse and {budget['cost']['missed_spam']:+.2%} of spam missed.",
        ]
    lines += ["", "Gate it: `python -m training evaluate --candidate VERSION --labels LABELS`, then `promote`.", ""]
    return "\n".join(lines)


def load_base(model_dir: Path, version: str) -> LinearScorer:
    """Load the version to recalibrate (verified like any served version)."""
    scorer = load_version(model_dir, version)
    if not isinstance(scorer, LinearScorer):
        raise NotALinearScorerError(f"{version} is not a LinearScorer: its calibration cannot be refitted")
    return scorer


def load_site_labels(paths: Sequence[Path]) -> list[Record]:
    """Every row of the label exports (weights are irrelevant here: each label counts once)."""
    return [r for path in paths for r in load_moderator_labels(path, weight=1.0)]

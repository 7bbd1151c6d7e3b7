"""The retraining gate: score a candidate and its baseline on the same test sets and site labels, compare.

Guarded metrics (a candidate fails when it is worse than the baseline by more than the tolerance):

- ROC-AUC of every named evaluation set of `training.evaluate.EVAL_SETS` (same seeded test splits);
- the benign-French false-positive rate at the toxicity reject threshold (`training.evaluate`'s groups);
- ROC-AUC per head (spam, toxicity) on the held-out slice of the site's own labels
  (`training.export.is_held_out`: a fixed fifth of the label file, never trained on).

A metric is guarded only when it rests on enough rows (`GUARD_MIN_ROWS`, and `GUARD_MIN_CLASS` of each class
for a ROC-AUC); thinner ones are reported, not guarded. A rate never fails on a one-row change (one comment
crossing a cut is noise, not a regression): it fails when worse by more than the tolerance and by more than
one row's worth (1/n). The report lands beside the candidate:
`comparison.md` (table), `comparison.png` (plot) and `comparison.json` (read by `promote`).
"""

from __future__ import annotations

import json
import math
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from tqdm import tqdm

from moderation.scoring.artifact import load_version
from moderation.scoring.model import LinearScorer
from moderation.scoring.registry import smoke_test
from moderation.scoring.served import read_current
from training.data import Record, load_moderator_labels
from training.dataset import TrainConfig, build_records
from training.evaluate import EVAL_SETS, as_submissions, auc, benign_french
from training.export import is_held_out

GUARD_MIN_ROWS = 30
GUARD_MIN_CLASS = 5
#: Figures are compared as reported, to 4 decimals: half a unit of the last one is rounding, not a loss.
ROUNDING = 5e-5
SITE_HEADS: tuple[str, ...] = ("spam", "toxicity")


class ComparisonError(Exception):
    """Raised when a comparison cannot run (unknown version, artifact not loadable as a linear scorer)."""


@dataclass(frozen=True, slots=True)
class Metric:
    """One figure of one model: its value, the rows it rests on, and which direction is better."""

    value: float | None
    n: int
    higher_is_better: bool
    guardable: bool
    #: A share of rows (a false-positive rate), which one row crossing a cut moves by 1/n.
    rate: bool = False


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the comparison table."""

    metric: str
    n: int
    baseline: float | None
    candidate: float | None
    delta: float | None
    guarded: bool
    failed: bool


@dataclass
class Comparison:
    """The gate's verdict for a candidate against a baseline (None when nothing is served yet)."""

    candidate: str
    baseline: str | None
    tolerance: float
    rows: list[Row] = field(default_factory=list)
    site_labels: int = 0

    @property
    def failures(self) -> list[str]:
        """Names of the guarded metrics on which the candidate is worse beyond the tolerance."""
        return [row.metric for row in self.rows if row.failed]

    @property
    def passed(self) -> bool:
        """Whether the candidate may be promoted."""
        return not self.failures

    def to_json(self) -> dict[str, Any]:
        """The JSON form written to comparison.json."""
        return {
            "candidate": self.candidate,
            "baseline": self.baseline,
            "tolerance": self.tolerance,
            "passed": self.passed,
            "failures": self.failures,
            "site_labels_held_out": self.site_labels,
            "rows": [asdict(row) for row in self.rows],
        }


def site_holdout(label_files: Sequence[Path]) -> list[Record]:
    """The held-out slice of the site's labels in the given export files."""
    records: list[Record] = []
    for path in label_files:
        records.extend(r for r in load_moderator_labels(path, weight=1.0) if is_held_out(r.text))
    return records


def guarded_metrics(scorer: LinearScorer, test: Sequence[Record], site: Sequence[Record]) -> dict[str, Metric]:
    """Every figure the gate compares, for one scorer."""
    test, site = list(test), list(site)
    probabilities = _probabilities(scorer, [*test, *site])  # every row scored once, for every head
    test_p, site_p = probabilities[: len(test)], probabilities[len(test) :]
    out: dict[str, Metric] = {}
    for name, (head, keep) in EVAL_SETS.items():
        rows = [i for i, r in enumerate(test) if keep(r) and not math.isnan(r.labels[head])]
        if rows:
            out[f"{name}.roc_auc"] = roc_metric(test, rows, test_p[:, scorer.heads.index(head)], head)
    for group, entry in benign_french(scorer, test).items():
        n = int(entry["n"])
        out[f"benign_french.{group}.fp_rate_at_reject"] = Metric(
            value=entry["fp_rate_at_reject"],
            n=n,
            higher_is_better=False,
            guardable=n >= GUARD_MIN_ROWS,
            rate=True,
        )
    for head in SITE_HEADS:
        rows = [i for i, r in enumerate(site) if not math.isnan(r.labels[head])]
        if rows:
            p = site_p[:, scorer.heads.index(head)]
            out[f"site_labels.{head}.roc_auc"] = roc_metric(site, rows, p, head)
    return out


def _probabilities(scorer: LinearScorer, records: Sequence[Record]) -> npt.NDArray[np.float64]:
    """Calibrated probabilities of every head for every record (rows in order), as the service computes them."""
    submissions = as_submissions(records)
    out = np.empty((len(submissions), len(scorer.heads)))
    for start in range(0, len(submissions), 2000):
        z, _ = scorer.decision_values(submissions[start : start + 2000])
        out[start : start + 2000] = scorer.calibrate(z)
    return out


def roc_metric(records: Sequence[Record], rows: list[int], p: npt.NDArray[np.float64], head: str) -> Metric:
    """Return the ROC-AUC of `head` over `rows` of `records`, guardable when both classes are well represented."""
    y = np.asarray([records[i].labels[head] for i in rows])
    positives = int(y.sum())
    value = auc(y, p[rows])
    guardable = len(rows) >= GUARD_MIN_ROWS and min(positives, len(rows) - positives) >= GUARD_MIN_CLASS
    return Metric(value=value, n=len(rows), higher_is_better=True, guardable=guardable and value is not None)


def compare_metrics(candidate: dict[str, Metric], baseline: dict[str, Metric] | None, *, tolerance: float) -> list[Row]:
    """Line up the two models' figures and flag each guarded one the candidate loses by more than `tolerance`."""
    rows: list[Row] = []
    for name in sorted(set(candidate) | set(baseline or {})):
        cand = candidate.get(name)
        base = (baseline or {}).get(name)
        c_value = cand.value if cand else None
        b_value = base.value if base else None
        guarded = bool(cand and base and cand.guardable and base.guardable)
        delta = None if c_value is None or b_value is None else round(c_value - b_value, 4)
        failed = False
        if guarded and delta is not None and cand is not None:
            worse_by = -delta if cand.higher_is_better else delta
            one_row = 1 / cand.n if cand.rate and cand.n else 0.0
            failed = worse_by > max(tolerance, one_row) + ROUNDING
        n = (cand or base).n if (cand or base) else 0  # type: ignore[union-attr]  # one of them exists
        rows.append(Row(name, n, b_value, c_value, delta, guarded, failed))
    return rows


def compare(
    *,
    model_dir: Path,
    candidate: str,
    baseline: str | None,
    data_dir: Path,
    label_files: Sequence[Path] = (),
    tolerance: float = 0.01,
    fast: bool | None = None,
) -> Comparison:
    """Score `candidate` and `baseline` (default: CURRENT) on the same test sets and site labels."""
    cand_scorer = _load(model_dir, candidate)
    baseline = baseline or read_current(model_dir)
    base_scorer = _load(model_dir, baseline) if baseline else None
    if fast is None:  # evaluate on the splits the candidate was built with
        manifest = json.loads((model_dir / candidate / "manifest.json").read_text(encoding="utf-8"))
        fast = bool(manifest.get("fast", False))
    splits, _ = build_records(TrainConfig(data_dir=data_dir, out_dir=model_dir, fast=fast))
    test = splits["test"]
    site = site_holdout(label_files)
    result = Comparison(candidate=candidate, baseline=baseline, tolerance=tolerance, site_labels=len(site))
    scored = {}
    for name, scorer in tqdm([("candidate", cand_scorer), ("baseline", base_scorer)], desc="compare"):
        if scorer is not None:
            scored[name] = guarded_metrics(scorer, test, site)
    result.rows = compare_metrics(scored["candidate"], scored.get("baseline"), tolerance=tolerance)
    return result


def _load(model_dir: Path, version: str) -> LinearScorer:
    try:
        scorer = load_version(model_dir, version)
        smoke_test(scorer)
    except Exception as exc:  # the operator gets one clear message whatever the artifact's fault
        raise ComparisonError(f"cannot load version {version}: {type(exc).__name__}: {exc}") from exc
    if not isinstance(scorer, LinearScorer):
        raise ComparisonError(f"version {version} is not a LinearScorer artifact")
    return scorer


def write_comparison(folder: Path, comparison: Comparison) -> None:
    """Write comparison.json, comparison.md and comparison.png into the candidate's folder."""
    plotted = _plot(folder / "comparison.png", comparison)
    (folder / "comparison.md").write_text(_markdown(comparison, plotted), encoding="utf-8")
    # Written last: promote trusts comparison.json, so it must never describe a half-written report.
    tmp = folder / ".comparison.json.tmp"
    tmp.write_text(json.dumps(comparison.to_json(), indent=2, sort_keys=True), encoding="utf-8")
    tmp.replace(folder / "comparison.json")


def _fmt(value: float | None) -> str:
    return "–" if value is None else f"{value:.4f}"


def _markdown(comparison: Comparison, plotted: bool) -> str:
    verdict = "**PASSED**" if comparison.passed else "**FAILED** on " + ", ".join(comparison.failures)
    lines = [
        f"# Comparison: {comparison.candidate} against {comparison.baseline or 'nothing (no model served yet)'}",
        "",
        f"Verdict: {verdict}. Tolerance {comparison.tolerance}: a guarded metric may be worse by at most that much.",
        f"Held-out site labels scored: {comparison.site_labels}. Guarded rows rest on at least {GUARD_MIN_ROWS} "
        f"rows (ROC-AUC: at least {GUARD_MIN_CLASS} of each class); the others are shown, not guarded.",
        "",
        "| metric | n | baseline | candidate | change | guarded | verdict |",
        "|---|---:|---:|---:|---:|:---:|---|",
    ]
    for row in comparison.rows:
        delta = "–" if row.delta is None else f"{row.delta:+.4f}"
        verdict_cell = "worse beyond tolerance" if row.failed else ("ok" if row.guarded else "")
        lines.append(
            f"| {row.metric} | {row.n} | {_fmt(row.baseline)} | {_fmt(row.candidate)} | {delta} | "
            f"{'yes' if row.guarded else 'no'} | {verdict_cell} |"
        )
    lines += ["", "ROC-AUC: higher is better. fp_rate_at_reject: lower is better."]
    if plotted:
        lines += ["", "![baseline and candidate per metric](comparison.png)"]
    return "\n".join(lines) + "\n"


def _plot(path: Path, comparison: Comparison) -> bool:
    """Draw baseline and candidate side by side per metric; return whether a plot was written."""
    try:
        import matplotlib
    except ImportError:  # matplotlib is in the `train` extra; the table alone still tells the verdict
        return False
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    rows = [r for r in comparison.rows if r.candidate is not None or r.baseline is not None]
    if not rows:
        return False
    positions = np.arange(len(rows))
    fig, ax = plt.subplots(figsize=(8, 0.32 * len(rows) + 1.5))
    ax.barh(positions - 0.2, [r.baseline or 0.0 for r in rows], height=0.4, label=comparison.baseline or "baseline")
    ax.barh(positions + 0.2, [r.candidate or 0.0 for r in rows], height=0.4, label=comparison.candidate)
    for position, row in zip(positions, rows, strict=True):
        if row.failed:
            ax.annotate("worse", (max(row.candidate or 0.0, row.baseline or 0.0), position), color="red", fontsize=7)
    ax.set_yticks(positions, [r.metric for r in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1.05)
    ax.set_title("Candidate against baseline (ROC-AUC higher is better; FP rates lower is better)", fontsize=9)
    ax.legend(fontsize=8, loc="lower right")
    fig.tight_layout()
    fig.savefig(path, dpi=80)
    plt.close(fig)
    return True


def run_gate(
    *,
    model_dir: Path,
    candidate: str,
    baseline: str | None,
    data_dir: Path,
    label_files: Sequence[Path],
    tolerance: float | None,
    fast: bool,
) -> int:
    """Compare, write the report beside the candidate, print it; return the exit status (1: worse, 2: error)."""
    from moderation.config import Settings

    tolerance = Settings().gate_tolerance if tolerance is None else tolerance
    try:
        result = compare(
            model_dir=model_dir, candidate=candidate, baseline=baseline, data_dir=data_dir,
            label_files=label_files, tolerance=tolerance, fast=True if fast else None,
        )  # fmt: skip
    except ComparisonError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    write_comparison(model_dir / candidate, result)
    print((model_dir / candidate / "comparison.md").read_text(encoding="utf-8"))
    if not result.passed:
        print(f"{candidate} is worse than {result.baseline} on: {', '.join(result.failures)}", file=sys.stderr)
        return 1
    return 0

"""Fit and guard a new version of a site's layer from its resolved labels (background work: scipy, no sklearn).

Per head: the site's labelled comments are split by a hash of their id into a training slice (four in five)
and a held-out slice (one in five, always the same comments). A logistic regression is fitted on the training
slice by L-BFGS, on the global logit and the hashed n-grams, with an L2 penalty pulling it towards "global logit
weight 1, bias 0, n-gram weights 0": with few labels it stays the global model. The n-gram penalty is chosen by
3-fold cross-validation on the training slice; the out-of-fold scores re-derive the head's cuts, and a head
without them (a fold short of either class) is not served: its scores, calibrated to the site's own mix, under the
global cuts held up to 60% of a French site's civil comments after 50 labels. The held-out slice then decides:
the head is kept only if its ROC-AUC is not lower, its log loss not higher and its decisions not more often wrong
there than the global model's.
"""

from __future__ import annotations

import dataclasses
import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from moderation.scoring.base import Scorer, Submission, Thresholds
from moderation.scoring.policy import NEVER, DeploymentProfile, floored
from moderation.site.layer.cuts import HATE_HEAD, approval_cut, hate_cut, site_thresholds
from moderation.site.layer.evaluation import enough_of_each, held_out, held_out_figures, not_worse
from moderation.site.layer.model import Featurizer, HeadFigures, HeadLayer, SiteLayer, global_logit
from moderation.site.layer.regression import FitPolicy, fit_head
from moderation.site.layer.votes import ResolvedLabel

F64 = npt.NDArray[np.float64]

#: Comments scored by the global model per batch while fitting.
SCORE_BATCH = 256


@dataclass(frozen=True, slots=True)
class FitOutcome:
    """A refit's result: the new layer (None when no head passed the guard), and why heads were left out."""

    layer: SiteLayer | None
    figures: dict[str, HeadFigures]
    refused: dict[str, str] = field(default_factory=dict)  # head -> "too_few_labels" or "worse_on_held_out"
    seconds: float = 0.0


def _fold(key: str) -> int:
    return int.from_bytes(hashlib.sha256(f"fold:{key}".encode()).digest()[:4], "big") % 3


def fit_layer(
    labels: Sequence[ResolvedLabel],
    *,
    scorer: Scorer,
    profile: DeploymentProfile,
    version: int,
    base_thresholds: Mapping[str, Thresholds] | None = None,
    policy: FitPolicy | None = None,
    featurizer: Featurizer | None = None,
    site_hosts: tuple[str, ...] = (),
) -> FitOutcome:
    """Fit every head the site labelled; keep those the held-out slice does not find worse than the global model.

    `site_hosts`: the site's own domains, so the labelled comments are scored as the intake scored them.
    """
    started = time.perf_counter()
    policy = policy or FitPolicy()
    featurizer = featurizer or Featurizer()
    cuts = dict(scorer.thresholds if base_thresholds is None else base_thresholds)
    heads = sorted({h for item in labels for h in item.labels})
    global_scores = _global_scores(labels, scorer, site_hosts)
    matrix = _rows(labels, featurizer)
    test = np.fromiter((held_out(item.key) for item in labels), dtype=np.bool_, count=len(labels))
    folds = np.fromiter((_fold(item.key) for item in labels), dtype=np.int64, count=len(labels))
    kept: dict[str, HeadLayer] = {}
    figures: dict[str, HeadFigures] = {}
    refused: dict[str, str] = {}
    for head in heads:
        if head not in global_scores:
            continue  # the served model has no such head
        y = np.asarray([item.labels.get(head, -1) for item in labels], dtype=np.int64)
        known = y >= 0
        train, hold = known & ~test, known & test
        # the cut the site is served today: the manifest's with the hold floor (policy.effective_thresholds)
        base_cut = floored(cuts.get(head, Thresholds(approve=0.5, reject=NEVER)))
        fitted: HeadLayer | None
        if enough_of_each(y[train], policy.min_train_each) and enough_of_each(y[hold], policy.min_held_out_each):
            fitted = _two_class(
                head, y, train, hold, matrix=matrix, global_scores=global_scores[head], folds=folds,
                base_cut=base_cut, profile=profile, policy=policy,
            )  # fmt: skip
            if fitted is None:
                refused[head] = "too_few_labels"  # no out-of-fold scores to place its cuts on
                continue
        elif _approvals_only(y, train, hold, policy):
            fitted = approval_cut(head, y, train, hold, global_scores=global_scores[head], base_cut=base_cut)
        else:
            refused[head] = "too_few_labels"
            continue
        if fitted is None:
            refused[head] = "nothing_to_learn"  # the global cut already approves what the site approves
            continue
        figures[head] = fitted.figures
        # a cut moved by approvals alone is kept unless the held-out slice finds it worse (a comment labelled
        # positive now approved). Until 2026-12-06 it also had to be shown better there (held-out approvals the global
        # cut held, now approved): on a dev blog after 100 and 300 labels the held-out slice's few approvals often
        # held none the global cut held, and the site kept that cut by the draw (site_layer_dev.py, docs/models.md)
        if not not_worse(fitted.figures):
            refused[head] = "worse_on_held_out"
            continue
        kept[head] = fitted
    toxicity = kept.get("toxicity")
    if toxicity is not None and HATE_HEAD in global_scores and HATE_HEAD not in kept:
        # approvals alone raised toxicity's cut: group hate without slurs, which only that cut held, is held by the
        # identity-attack head at the site's approvals' level instead (cuts.hate_cut)
        y = np.asarray([item.labels.get(HATE_HEAD, -1) for item in labels], dtype=np.int64)
        base_cut = floored(cuts.get(HATE_HEAD, Thresholds(approve=0.5, reject=NEVER)))
        handed = hate_cut(y, y >= 0, global_scores=global_scores[HATE_HEAD], base_cut=base_cut)
        if handed is not None:
            kept[HATE_HEAD], figures[HATE_HEAD] = handed, handed.figures
            refused.pop(HATE_HEAD, None)
    layer = None
    if kept:
        layer = SiteLayer(
            version=version,
            model_version=scorer.version,
            heads=kept,
            labels=len(labels),
            created_at=time.time(),
            dimension=featurizer.dimension,
        )
    return FitOutcome(layer=layer, figures=figures, refused=refused, seconds=time.perf_counter() - started)


def keeping_served_heads(outcome: FitOutcome, served: SiteLayer | None) -> FitOutcome:
    """The refit's layer with the heads it refused as worse on held-out carried over from the served layer.

    A refit never takes away what the guard passed before: when it refuses every head the served layer stays
    (nothing is published), and when it refuses some, the new layer keeps the served layer's version of those
    heads instead of dropping them. `served` must be fitted on the same global model and features.
    """
    layer = outcome.layer
    if layer is None or served is None or served.dimension != layer.dimension:
        return outcome
    carried = {
        head: served.heads[head]
        for head, why in outcome.refused.items()
        if why == "worse_on_held_out" and head in served.heads and head not in layer.heads
    }
    if "toxicity" in carried and HATE_HEAD in served.heads and HATE_HEAD not in layer.heads:
        carried[HATE_HEAD] = served.heads[HATE_HEAD]  # a toxicity cut raised by approvals keeps its hate handover
    if not carried:
        return outcome
    return dataclasses.replace(outcome, layer=dataclasses.replace(layer, heads={**layer.heads, **carried}))


def _two_class(
    head: str,
    y: npt.NDArray[np.int64],
    train: npt.NDArray[np.bool_],
    hold: npt.NDArray[np.bool_],
    *,
    matrix: sp.csr_matrix,
    global_scores: F64,
    folds: npt.NDArray[np.int64],
    base_cut: Thresholds,
    profile: DeploymentProfile,
    policy: FitPolicy,
) -> HeadLayer | None:
    """Fit the head's regression on the training slice, re-derive its cuts, and measure both on the held-out one.

    None when the training slice gives no out-of-fold scores (a fold short of either class): without them the
    cuts cannot be placed on the layer's scores, and the global ones do not fit them.
    """
    g = global_logit(global_scores)
    rows = matrix[np.flatnonzero(train)]
    head_fit = fit_head(rows, g[train], y[train].astype(np.float64), folds[train], policy=policy)
    if head_fit.out_of_fold is None:
        return None
    thresholds = site_thresholds(
        profile, head=head, scores=head_fit.out_of_fold, labels=y[train], global_scores=global_scores[train],
        base=base_cut,
    )  # fmt: skip
    p_layer = head_fit.predict(matrix[np.flatnonzero(hold)], g[hold])
    figures = held_out_figures(
        y, hold, p_global=global_scores[hold], p_layer=p_layer, cut_global=base_cut, cut_layer=thresholds
    )
    return head_fit.head_layer(figures, thresholds)


def _approvals_only(
    y: npt.NDArray[np.int64], train: npt.NDArray[np.bool_], hold: npt.NDArray[np.bool_], policy: FitPolicy
) -> bool:
    """Whether a head lacking positives has enough of the site's negatives (approvals) to move its cut."""
    return int((y[train] == 0).sum()) >= policy.min_approvals and int((y[hold] == 0).sum()) >= (
        policy.min_held_out_each
    )


def _global_scores(labels: Sequence[ResolvedLabel], scorer: Scorer, site_hosts: tuple[str, ...]) -> dict[str, F64]:
    """Every head's global probability for each labelled comment (scored again: the stream keeps no scores)."""
    columns: dict[str, list[float]] = {}
    for start in range(0, len(labels), SCORE_BATCH):
        batch = labels[start : start + SCORE_BATCH]
        subs = [
            Submission(text=item.text, url=item.url, lang=item.language or None, own_hosts=site_hosts) for item in batch
        ]
        for scored in scorer.score_many(subs):
            for head, value in scored.scores.items():
                columns.setdefault(head, []).append(value)
    return {
        head: np.asarray(values, dtype=np.float64) for head, values in columns.items() if len(values) == len(labels)
    }


def _rows(labels: Sequence[ResolvedLabel], featurizer: Featurizer) -> sp.csr_matrix:
    """The labelled comments' hashed n-gram rows, as one sparse matrix (comments x hashed columns)."""
    indptr = [0]
    cols: list[npt.NDArray[np.int64]] = []
    values: list[npt.NDArray[np.float32]] = []
    for item in labels:
        c, v = featurizer.row(item.text)
        cols.append(c)
        values.append(v)
        indptr.append(indptr[-1] + c.shape[0])
    return sp.csr_matrix(
        (
            np.concatenate(values).astype(np.float64) if values else np.zeros(0),
            np.concatenate(cols) if cols else np.zeros(0, dtype=np.int64),
            np.asarray(indptr, dtype=np.int64),
        ),
        shape=(len(labels), featurizer.dimension),
    )

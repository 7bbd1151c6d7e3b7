"""The layer's guard: which labelled comments are held out, and whether a head does no worse on them than before."""

from __future__ import annotations

import hashlib

import numpy as np
import numpy.typing as npt

from moderation.scoring.base import Thresholds
from moderation.site.layer.model import HeadFigures

#: One labelled comment in this many is held out (by a hash of its id) to judge the layer.
HELD_OUT_ONE_IN = 5


def held_out(key: str) -> bool:
    """Whether a labelled comment belongs to the held-out slice (deterministic, by its id)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % HELD_OUT_ONE_IN == 0


def not_worse(figures: HeadFigures) -> bool:
    """The guard: on the held-out slice, ROC-AUC not lower, log loss not higher, decisions not more often wrong.

    With one class only in the held-out slice there is no ROC-AUC: log loss and decisions judge.
    """
    if (figures.auc_global is None) != (figures.auc_layer is None):
        return False
    if figures.auc_global is not None and figures.auc_layer is not None and figures.auc_layer < figures.auc_global:
        return False
    return figures.log_loss_layer <= figures.log_loss_global and figures.errors_layer <= figures.errors_global


def enough_of_each(y: npt.NDArray[np.int64], each: int) -> bool:
    return int((y == 1).sum()) >= each and int((y == 0).sum()) >= each


def roc_auc(y: npt.ArrayLike, p: npt.ArrayLike) -> float | None:
    """ROC-AUC by ranks (ties averaged); None without both classes."""
    labels = np.asarray(y) == 1
    positives, negatives = int(labels.sum()), int((~labels).sum())
    if not positives or not negatives:
        return None
    from scipy.stats import rankdata  # ~1 s to import: paid by the first refit, not by every worker's start

    ranks = rankdata(np.asarray(p, dtype=np.float64))
    return float((ranks[labels].sum() - positives * (positives + 1) / 2) / (positives * negatives))


def log_loss(y: npt.ArrayLike, p: npt.ArrayLike) -> float:
    """Mean log loss, probabilities clipped to [1e-7, 1 - 1e-7]."""
    truth = np.asarray(y, dtype=np.float64)
    q = np.clip(np.asarray(p, dtype=np.float64), 1e-7, 1 - 1e-7)
    return float(-np.mean(truth * np.log(q) + (1 - truth) * np.log(1 - q)))


def decision_errors(y: npt.ArrayLike, p: npt.ArrayLike, cut: Thresholds) -> int:
    """Comments decided wrongly at these cuts: positives approved (below `approve`) and negatives not approved."""
    truth = np.asarray(y) == 1
    approved = np.asarray(p, dtype=np.float64) < cut.approve
    return int((truth & approved).sum() + (~truth & ~approved).sum())


def held_out_figures(
    y: npt.NDArray[np.int64],
    hold: npt.NDArray[np.bool_],
    *,
    p_global: npt.NDArray[np.float64],
    p_layer: npt.NDArray[np.float64],
    cut_global: Thresholds,
    cut_layer: Thresholds,
) -> HeadFigures:
    """A head's figures for the guard: the site's label counts, and both models' metrics on the held-out slice.

    `p_global` and `p_layer` are the held-out comments' probabilities (in `y[hold]`'s order).
    """
    truth = y[hold]
    return HeadFigures(
        labels=int((y >= 0).sum()),
        positives=int((y == 1).sum()),
        held_out=int(hold.sum()),
        auc_global=roc_auc(truth, p_global),
        auc_layer=roc_auc(truth, p_layer),
        log_loss_global=log_loss(truth, p_global),
        log_loss_layer=log_loss(truth, p_layer),
        errors_global=decision_errors(truth, p_global, cut_global),
        errors_layer=decision_errors(truth, p_layer, cut_layer),
    )

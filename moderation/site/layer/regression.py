"""One head's regression: L2-penalised logistic regression on the global logit and hashed n-grams, by Newton-CG."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.special import expit

from moderation.scoring.base import Thresholds
from moderation.site.layer.evaluation import enough_of_each, log_loss
from moderation.site.layer.model import HeadFigures, HeadLayer

F64 = npt.NDArray[np.float64]

#: An n-gram column is learned only when at least this many labelled comments of the training slice have it.
MIN_COMMENTS_PER_COLUMN = 2
#: Most n-gram columns one head's fit learns (the most common ones).
MAX_COLUMNS = 20_000


@dataclass(frozen=True, slots=True)
class FitPolicy:
    """How much evidence a head needs, and how strongly the layer is held to the global model."""

    min_train_each: int = 5  # labelled positives and negatives in the training slice before a head is fitted
    # ... and in the held-out slice before it can be judged (and used): with 3, after 50 labels, the guard passed
    # layers that held 17.5% of a dev site's civil comments (global: 11.4%) or caught 15% of its abuse (37%)
    min_held_out_each: int = 4
    min_approvals: int = 30  # labelled negatives in the training slice before approvals alone move a head's cut
    penalties: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0)  # n-gram L2 penalties tried by cross-validation
    global_penalty: float = 1.0  # L2 pull of (global weight, bias) towards (1, 0)
    max_iterations: int = 50  # Newton steps


@dataclass(frozen=True, slots=True)
class HeadFit:
    """A fitted head on the used columns only, with its out-of-fold training scores."""

    global_weight: float
    bias: float
    columns: npt.NDArray[np.int64]
    weights: F64
    out_of_fold: F64 | None

    def predict(self, rows: sp.csr_matrix, g: F64) -> F64:
        z = self.global_weight * g + self.bias + rows[:, self.columns] @ self.weights
        return np.asarray(expit(z), dtype=np.float64)

    def head_layer(self, figures: HeadFigures, thresholds: Thresholds | None) -> HeadLayer:
        nonzero = self.weights != 0
        return HeadLayer(
            global_weight=self.global_weight,
            bias=self.bias,
            columns=self.columns[nonzero].astype(np.int32),
            weights=self.weights[nonzero].astype(np.float32),
            figures=figures,
            thresholds=thresholds,
        )


def fit_head(rows: sp.csr_matrix, g: F64, y: F64, folds: npt.NDArray[np.int64], *, policy: FitPolicy) -> HeadFit:
    """Choose the n-gram penalty by 3-fold log loss (when every fold has both classes), then fit on all rows."""
    # n-grams of one labelled comment only cannot generalise, and would make the fit many times slower
    used, counts = np.unique(rows.indices, return_counts=True)
    frequent = np.flatnonzero(counts >= MIN_COMMENTS_PER_COLUMN)
    if frequent.shape[0] > MAX_COLUMNS:  # the most common n-grams: bounds the fit's time and memory
        frequent = frequent[np.argsort(-counts[frequent], kind="stable")[:MAX_COLUMNS]]
    columns = np.sort(used[frequent]).astype(np.int64)
    x = rows[:, columns].tocsr()
    penalty = policy.penalties[len(policy.penalties) // 2]
    out_of_fold = None
    if all(enough_of_each(y[folds == k].astype(np.int64), 2) for k in range(3)):
        best = np.inf
        for candidate in policy.penalties:
            oof = np.zeros_like(y)
            for k in range(3):
                inside = folds != k
                a, b, w = _minimise(x[np.flatnonzero(inside)], g[inside], y[inside], candidate, policy)
                oof[~inside] = expit(a * g[~inside] + b + x[np.flatnonzero(~inside)] @ w)
            loss = log_loss(y, oof)
            if loss < best:
                best, penalty, out_of_fold = loss, candidate, oof
    a, b, w = _minimise(x, g, y, penalty, policy)
    return HeadFit(global_weight=a, bias=b, columns=columns, weights=w, out_of_fold=out_of_fold)


def _minimise(x: sp.csr_matrix, g: F64, y: F64, penalty: float, policy: FitPolicy) -> tuple[float, float, F64]:
    """Newton-CG on the penalised log loss; starts (and, without evidence, stays) at the global model.

    The columns are [global logit, 1, n-grams]: Hessian-vector products are two sparse products, so a fit
    of a few thousand comments takes milliseconds (scipy's L-BFGS-B spent seconds in its own bookkeeping).
    """
    from scipy.optimize import minimize  # ~0.75 s to import: paid by the first refit, not by every worker's start

    design = sp.hstack([sp.csr_matrix(np.column_stack((g, np.ones_like(g)))), x], format="csr")
    design_t = design.T.tocsr()
    prior = np.zeros(design.shape[1])
    prior[0] = 1.0
    scale = np.full(design.shape[1], penalty)
    scale[:2] = policy.global_penalty
    curvature = np.zeros_like(y)

    def objective(theta: F64) -> tuple[float, F64]:
        z = design @ theta
        p = expit(z)
        curvature[:] = p * (1.0 - p)
        shift = theta - prior
        loss = float(np.sum(np.logaddexp(0.0, z) - y * z)) + 0.5 * float(shift @ (scale * shift))
        return loss, design_t @ (p - y) + scale * shift

    def hessp(theta: F64, vector: F64) -> F64:
        return np.asarray(design_t @ (curvature * (design @ vector)) + scale * vector, dtype=np.float64)

    result = minimize(
        objective, prior.copy(), jac=True, hessp=hessp, method="Newton-CG",
        options={"maxiter": policy.max_iterations, "xtol": 1e-6},
    )  # fmt: skip
    theta = np.asarray(result.x, dtype=np.float64)
    return float(theta[0]), float(theta[1]), theta[2:]

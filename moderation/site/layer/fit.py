"""Fit and guard a new version of a site's layer from its resolved labels (background work: scipy, no sklearn).

Per head: the site's labelled comments are split by a hash of their id into a training slice (four in five)
and a held-out slice (one in five, always the same comments). A logistic regression is fitted on the training
slice by L-BFGS, on the global logit and the hashed n-grams, with an L2 penalty pulling it towards "global logit
weight 1, bias 0, n-gram weights 0": with few labels it stays the global model. The n-gram penalty is chosen by
3-fold cross-validation on the training slice; the out-of-fold scores re-derive the head's cuts when there are
enough of each class. The held-out slice then decides: the head is kept only if its ROC-AUC is not lower, its
log loss not higher and its decisions not more often wrong there than the global model's.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp
from scipy.special import expit

from moderation.scoring.base import Scorer, Submission, Thresholds
from moderation.scoring.policy import (
    NEVER,
    SPAM_HEADS,
    DeploymentProfile,
    derive_spam_thresholds,
    derive_thresholds,
    floored,
)
from moderation.site.layer.model import Featurizer, HeadFigures, HeadLayer, SiteLayer, global_logit
from moderation.site.layer.votes import ResolvedLabel

F64 = npt.NDArray[np.float64]

#: One labelled comment in this many is held out (by a hash of its id) to judge the layer.
HELD_OUT_ONE_IN = 5
#: An n-gram column is learned only when at least this many labelled comments of the training slice have it.
MIN_COMMENTS_PER_COLUMN = 2
#: Most n-gram columns one head's fit learns (the most common ones).
MAX_COLUMNS = 20_000
#: Share of the site's labelled negatives a head may hold at least (its global cuts may hold fewer).
MIN_HOLD_BUDGET = 0.02
#: Comments scored by the global model per batch while fitting.
SCORE_BATCH = 256


@dataclass(frozen=True, slots=True)
class FitPolicy:
    """How much evidence a head needs, and how strongly the layer is held to the global model."""

    min_train_each: int = 5  # labelled positives and negatives in the training slice before a head is fitted
    min_held_out_each: int = 3  # ... and in the held-out slice before it can be judged (and used)
    min_thresholds_each: int = 30  # ... out-of-fold, before the head's cuts are re-derived from them
    penalties: tuple[float, ...] = (0.01, 0.03, 0.1, 0.3, 1.0)  # n-gram L2 penalties tried by cross-validation
    global_penalty: float = 1.0  # L2 pull of (global weight, bias) towards (1, 0)
    max_iterations: int = 50  # Newton steps


@dataclass(frozen=True, slots=True)
class FitOutcome:
    """A refit's result: the new layer (None when no head passed the guard), and why heads were left out."""

    layer: SiteLayer | None
    figures: dict[str, HeadFigures]
    refused: dict[str, str] = field(default_factory=dict)  # head -> "too_few_labels" or "worse_on_held_out"
    seconds: float = 0.0


def held_out(key: str) -> bool:
    """Whether a labelled comment belongs to the held-out slice (deterministic, by its id)."""
    return int.from_bytes(hashlib.sha256(key.encode()).digest()[:4], "big") % HELD_OUT_ONE_IN == 0


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
) -> FitOutcome:
    """Fit every head the site labelled; keep those the held-out slice does not find worse than the global model."""
    started = time.perf_counter()
    policy = policy or FitPolicy()
    featurizer = featurizer or Featurizer()
    cuts = dict(scorer.thresholds if base_thresholds is None else base_thresholds)
    heads = sorted({h for item in labels for h in item.labels})
    global_scores = _global_scores(labels, scorer)
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
        approvals = False
        fitted: HeadLayer | None
        if _enough(y[train], policy.min_train_each) and _enough(y[hold], policy.min_held_out_each):
            fitted = _two_class(
                head, y, train, hold, matrix=matrix, global_scores=global_scores[head], folds=folds,
                base_cut=base_cut, profile=profile, policy=policy,
            )  # fmt: skip
        elif approvals := _approvals_only(y, train, hold, policy):
            fitted = _approval_cut(head, y, train, hold, global_scores=global_scores[head], base_cut=base_cut)
        else:
            refused[head] = "too_few_labels"
            continue
        if fitted is None:
            refused[head] = "nothing_to_learn"  # the global cut already approves what the site approves
            continue
        figures[head] = fitted.figures
        # a cut moved by approvals alone must be confirmed: held-out approvals the global cut held, now approved
        if not not_worse(fitted.figures, strict=approvals):
            refused[head] = "worse_on_held_out"
            continue
        kept[head] = fitted
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
) -> HeadLayer:
    """Fit the head's regression on the training slice, re-derive its cuts, and measure both on the held-out one."""
    g = global_logit(global_scores)
    rows = matrix[np.flatnonzero(train)]
    head_fit = _fit_head(rows, g[train], y[train].astype(np.float64), folds[train], policy=policy)
    thresholds = None
    if head_fit.out_of_fold is not None and _enough(y[train], policy.min_thresholds_each):
        thresholds = site_thresholds(
            profile, head=head, scores=head_fit.out_of_fold, labels=y[train], global_scores=global_scores[train],
            base=base_cut,
        )  # fmt: skip
    p_global = global_scores[hold]
    p_layer = head_fit.predict(matrix[np.flatnonzero(hold)], g[hold])
    known = y >= 0
    figures = HeadFigures(
        labels=int(known.sum()),
        positives=int((y == 1).sum()),
        held_out=int(hold.sum()),
        auc_global=roc_auc(y[hold], p_global),
        auc_layer=roc_auc(y[hold], p_layer),
        log_loss_global=log_loss(y[hold], p_global),
        log_loss_layer=log_loss(y[hold], p_layer),
        errors_global=decision_errors(y[hold], p_global, base_cut),
        errors_layer=decision_errors(y[hold], p_layer, thresholds or base_cut),
    )
    return head_fit.head_layer(figures, thresholds)


def _approvals_only(
    y: npt.NDArray[np.int64], train: npt.NDArray[np.bool_], hold: npt.NDArray[np.bool_], policy: FitPolicy
) -> bool:
    """Whether a head lacking positives has enough of the site's negatives (approvals) to move its cut."""
    return int((y[train] == 0).sum()) >= policy.min_thresholds_each and int((y[hold] == 0).sum()) >= (
        policy.min_held_out_each
    )


def _approval_cut(
    head: str,
    y: npt.NDArray[np.int64],
    train: npt.NDArray[np.bool_],
    hold: npt.NDArray[np.bool_],
    *,
    global_scores: F64,
    base_cut: Thresholds,
) -> HeadLayer | None:
    """A head the site labels (almost) only negative: keep the global ranking, raise the approve cut to the site's.

    The site's approvals of comments this head held say its cut is too low for the site (YouTube chatter is
    profane; a sports desk's "kill" is a match). Without positives there is nothing to re-rank with, but the cut
    can move: to the lowest one that holds at most MIN_HOLD_BUDGET of the training slice's negatives, never above
    the reject cut nor above a comment the site labelled positive. None when that is no higher than the global cut.
    """
    negatives = np.sort(global_scores[train & (y == 0)])[::-1]  # highest first
    allowed = int(np.floor(MIN_HOLD_BUDGET * negatives.shape[0]))
    approve = float(np.nextafter(negatives[allowed], np.inf)) if allowed < negatives.shape[0] else base_cut.approve
    ceiling = base_cut.reject
    positives = global_scores[train & (y == 1)]
    positives = positives[positives >= base_cut.approve]
    if positives.shape[0]:  # what the site called positive and the global cut holds stays held
        ceiling = min(ceiling, float(positives.min()))
    approve = round(min(approve, ceiling), 6)
    if approve <= base_cut.approve:
        return None
    cut = Thresholds(approve=approve, reject=base_cut.reject)
    p = global_scores[hold]
    figures = HeadFigures(
        labels=int((y >= 0).sum()),
        positives=int((y == 1).sum()),
        held_out=int(hold.sum()),
        auc_global=roc_auc(y[hold], p),
        auc_layer=roc_auc(y[hold], p),
        log_loss_global=log_loss(y[hold], p),
        log_loss_layer=log_loss(y[hold], p),
        errors_global=decision_errors(y[hold], p, base_cut),
        errors_layer=decision_errors(y[hold], p, cut),
    )
    empty = np.zeros(0, dtype=np.int32)
    return HeadLayer(
        global_weight=1.0, bias=0.0, columns=empty, weights=np.zeros(0, dtype=np.float32), figures=figures,
        thresholds=cut,
    )  # fmt: skip


def site_thresholds(
    profile: DeploymentProfile,
    *,
    head: str,
    scores: F64,
    labels: npt.NDArray[np.int64],
    global_scores: F64,
    base: Thresholds,
) -> Thresholds:
    """Re-derive a head's cuts from the site's labelled comments (out-of-fold layer scores).

    Approve: the lowest cut that holds no larger share of the site's labelled negatives than the global cuts
    hold of them (or MIN_HOLD_BUDGET): the same civil comments reach the review queue, and the layer's better
    ranking catches more of the rest. Reject: the profile's rule (the lowest cut at and above which the
    comments are at least `min_reject_precision` positive), else the global reject cut; never below approve.
    The spam head's cuts come from the profile's own targets (missed spam, genuine held and marked), measured on
    the site's labels instead of validation: how the global spam cuts are chosen, on the site's own comments.
    """
    if head in SPAM_HEADS:
        derived_spam = derive_spam_thresholds(profile, scores, labels)
        reject = derived_spam.thresholds.reject if derived_spam.thresholds.reject < NEVER else base.reject
        approve = derived_spam.thresholds.approve  # the highest cut that meets both targets (or genuine readers')
        if derived_spam.targets_met:
            # every cut from the lowest that holds at most `max_ham_held` of genuine comments up to this one meets
            # both targets on the site's labels; a few hundred labels place both ends roughly: take the middle
            lowest = _hold_budget_cut(scores[labels == 0], profile.max_ham_held)
            approve = float(expit((global_logit(lowest) + global_logit(approve)) / 2)) if lowest < approve else approve
        return Thresholds(approve=round(min(approve, reject), 6), reject=round(reject, 6))
    negatives = np.sort(scores[labels == 0])[::-1]  # highest first
    global_held = float(np.mean(global_scores[labels == 0] >= base.approve))
    budget = max(global_held, MIN_HOLD_BUDGET)
    allowed = int(np.floor(budget * negatives.shape[0]))  # negatives that may score at or above the cut
    approve = float(np.nextafter(negatives[allowed], np.inf)) if allowed < negatives.shape[0] else 0.0
    derived = derive_thresholds(profile, scores, labels, head=head).thresholds.reject
    reject = derived if derived < NEVER else base.reject
    approve = min(approve, reject)
    return Thresholds(approve=round(approve, 6), reject=round(max(reject, approve), 6))


def _hold_budget_cut(negative_scores: F64, budget: float) -> float:
    """The lowest cut at or above which at most `budget` of these negatives score."""
    negatives = np.sort(negative_scores)[::-1]  # highest first
    allowed = int(np.floor(budget * negatives.shape[0]))
    return float(np.nextafter(negatives[allowed], np.inf)) if allowed < negatives.shape[0] else 0.0


def not_worse(figures: HeadFigures, *, strict: bool = False) -> bool:
    """The guard: on the held-out slice, ROC-AUC not lower, log loss not higher, decisions not more often wrong.

    With one class only in the held-out slice there is no ROC-AUC: log loss and decisions judge. `strict`: the
    decisions must be right more often (a change the held-out slice cannot show is not kept).
    """
    if (figures.auc_global is None) != (figures.auc_layer is None):
        return False
    if figures.auc_global is not None and figures.auc_layer is not None and figures.auc_layer < figures.auc_global:
        return False
    if strict and figures.errors_layer >= figures.errors_global:
        return False
    return figures.log_loss_layer <= figures.log_loss_global and figures.errors_layer <= figures.errors_global


def _enough(y: npt.NDArray[np.int64], each: int) -> bool:
    return int((y == 1).sum()) >= each and int((y == 0).sum()) >= each


def _global_scores(labels: Sequence[ResolvedLabel], scorer: Scorer) -> dict[str, F64]:
    """Every head's global probability for each labelled comment (scored again: the stream keeps no scores)."""
    columns: dict[str, list[float]] = {}
    for start in range(0, len(labels), SCORE_BATCH):
        batch = labels[start : start + SCORE_BATCH]
        subs = [Submission(text=item.text, url=item.url, lang=item.language or None) for item in batch]
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


@dataclass(frozen=True, slots=True)
class _HeadFit:
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


def _fit_head(rows: sp.csr_matrix, g: F64, y: F64, folds: npt.NDArray[np.int64], *, policy: FitPolicy) -> _HeadFit:
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
    if all(_enough(y[folds == k].astype(np.int64), 2) for k in range(3)):
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
    return _HeadFit(global_weight=a, bias=b, columns=columns, weights=w, out_of_fold=out_of_fold)


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

"""A head's cuts on a site: re-derived from its labelled comments, or raised by its approvals alone."""

from __future__ import annotations

import math

import numpy as np
import numpy.typing as npt
from scipy.special import betaincinv, expit

from moderation.scoring.base import Thresholds
from moderation.scoring.policy import (
    HOLD_FLOOR,
    MIN_REJECTED_POSITIVES,
    NEVER,
    SPAM_HEADS,
    DeploymentProfile,
    derive_spam_thresholds,
    derive_thresholds,
)
from moderation.site.layer.evaluation import held_out_figures
from moderation.site.layer.model import HeadLayer, global_logit

F64 = npt.NDArray[np.float64]

#: Share of the site's labelled negatives a head may hold at least (its global cuts may hold fewer).
MIN_HOLD_BUDGET = 0.02
#: Confidence with which a reject cut re-derived from the site's labels must keep the profile's promises on the
#: comments it never saw: "no labelled civil comment scores that high" is no proof of 99% precision on 60 of them.
REJECT_CONFIDENCE = 0.95
#: Confidence with which a cut the site's approvals alone raise holds at most MIN_HOLD_BUDGET of the comments like
#: them it never saw (`approval_cut`). Placed at 2% of ~200 approvals (a blog after 300 labels) it held 3-4% of the
#: unseen genuine comments, and with the spam cut's 5% the blog held 6-11% of them (docs/models.md).
HOLD_CONFIDENCE = 0.8


def approval_cut(
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
    can move: to the lowest one above which, with HOLD_CONFIDENCE, at most MIN_HOLD_BUDGET of the comments like the
    site's labelled negatives score (`capped_count`: 1 of 200 approvals, 5 of 400, not 4 and 8), never above the
    reject cut nor above a comment of the training slice the site labelled positive. None when that is no
    higher than the global cut. The held-out slice's negatives count too: the guard judges such a cut by the
    held-out positives it would approve (a higher cut only approves more negatives), and with the training
    slice's alone the cut moved with the draw of that slice (a blog after 300 labels: 1 or 7 unseen genuine
    comments held for toxicity, by the comments' random ids).
    """
    negatives = np.sort(global_scores[(train | hold) & (y == 0)])[::-1]  # highest first
    allowed = capped_count(negatives.shape[0], MIN_HOLD_BUDGET, HOLD_CONFIDENCE)
    approve = float(np.nextafter(negatives[allowed], np.inf)) if allowed < negatives.shape[0] else base_cut.approve
    ceiling = base_cut.reject
    positives = global_scores[train & (y == 1)]
    positives = positives[positives >= base_cut.approve]
    if positives.shape[0]:  # what the site called positive and the global cut holds stays held
        ceiling = min(ceiling, float(positives.min()))
    # cuts are kept to 6 decimals: rounded up above the approvals (to the nearest, the highest one allowed was held
    # again about half the time), down below the ceiling (a comment at the cut is held)
    approve = min(math.ceil(approve * 1e6), math.floor(ceiling * 1e6)) / 1e6
    if approve <= base_cut.approve:
        return None
    cut = Thresholds(approve=approve, reject=base_cut.reject)
    p = global_scores[hold]  # the ranking stays the global one: only the cut differs
    figures = held_out_figures(y, hold, p_global=p, p_layer=p, cut_global=base_cut, cut_layer=cut)
    empty = np.zeros(0, dtype=np.int32)
    return HeadLayer(
        global_weight=1.0, bias=0.0, columns=empty, weights=np.zeros(0, dtype=np.float32), figures=figures,
        thresholds=cut,
    )  # fmt: skip


#: When the site's approvals alone raise the toxicity head's cut, group hate said without slurs (which only the
#: toxicity head held) is handed to this head, at the site's own approvals' level (`hate_cut`).
HATE_HEAD = "identity_attack"


def hate_cut(
    y: npt.NDArray[np.int64], known: npt.NDArray[np.bool_], *, global_scores: F64, base_cut: Thresholds
) -> HeadLayer | None:
    """The identity-attack cut lowered to the site's approvals, for a site whose approvals raised toxicity's.

    A blog's desk that approves profane chatter raises the toxicity cut to ~0.99 (`approval_cut`), and with it
    releases "Muslims are a disease, get them out of our country." (toxicity 0.74), which no other head held
    (identity_attack 0.71 against its cut of 0.83, set to hold almost no civil validation comment). The site's
    approvals say where its own comments sit on identity_attack too: the cut moves down to the lowest one that
    holds at most MIN_HOLD_BUDGET of them (YouTube chatter: about 0.11), never below the hold floor. None when
    that is no lower than the global cut, or the site labelled no approval for this head. The share is the labelled
    one, not bounded with HOLD_CONFIDENCE as toxicity's is: bounded, the cut sat higher and let 5 of 23 group-hate
    comments through after a blog's 300 labels (`benchmarks/site_after_learning.py`).
    """
    negatives = np.sort(global_scores[known & (y == 0)])[::-1]  # highest first
    if not negatives.shape[0]:
        return None
    allowed = int(np.floor(MIN_HOLD_BUDGET * negatives.shape[0]))
    cut = float(np.nextafter(negatives[allowed], np.inf)) if allowed < negatives.shape[0] else 0.0
    approve = max(math.ceil(cut * 1e6) / 1e6, HOLD_FLOOR)
    if approve >= base_cut.approve:
        return None
    p = global_scores[known]
    figures = held_out_figures(
        y, known, p_global=p, p_layer=p, cut_global=base_cut, cut_layer=Thresholds(approve, base_cut.reject)
    )
    empty = np.zeros(0, dtype=np.int32)
    return HeadLayer(
        global_weight=1.0, bias=0.0, columns=empty, weights=np.zeros(0, dtype=np.float32), figures=figures,
        thresholds=Thresholds(approve=approve, reject=base_cut.reject),
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
    hold of them (or MIN_HOLD_BUDGET), and at most the profile's `max_civil_held`: the same civil comments
    reach the review queue (fewer when the global cuts hold more than the desk's budget), and the layer's
    better ranking catches more of the rest. Reject: the profile's rule (the lowest cut at and above which the
    comments are at least `min_reject_precision` positive) where the labels prove it (`evidenced_reject`), else
    NEVER: the layer's scores, which lean to the site's mix, reject nothing, and the decision rejects by the global
    model's score and cut (intake/decision.py); never below approve. Spam keeps the global reject cut instead.
    The spam head's cuts come from the profile's own targets (missed spam, genuine held and marked), measured on
    the site's labels instead of validation: how the global spam cuts are chosen, on the site's own comments.
    """
    if head in SPAM_HEADS:
        derived_spam = derive_spam_thresholds(profile, scores, labels)
        reject = evidenced_reject(profile, head, scores, labels, derived_spam.thresholds.reject)
        # unproven, the global cut stays on the layer's spam score: on a dev blog after 300 labels it marked 0.6% of
        # genuine comments (the profile allows 1%) and filed 72% of spam, where the global model's own decision
        # filed 7% and left the rest to the review queue, most of a blog's traffic (docs/models.md)
        reject = reject if reject < NEVER else base.reject
        approve = derived_spam.thresholds.approve  # the highest cut that meets both targets (or genuine readers')
        if derived_spam.targets_met:
            # every cut from the lowest that holds at most `max_ham_held` of genuine comments up to this one meets
            # both targets on the site's labels; a few hundred labels place both ends roughly: take the middle
            lowest = _hold_budget_cut(scores[labels == 0], profile.max_ham_held)
            approve = float(expit((global_logit(lowest) + global_logit(approve)) / 2)) if lowest < approve else approve
        return Thresholds(approve=round(min(approve, reject), 6), reject=round(reject, 6))
    negatives = np.sort(scores[labels == 0])[::-1]  # highest first
    global_held = float(np.mean(global_scores[labels == 0] >= base.approve))
    # the queue's civil share stays what the global cuts give, within the desk's budget (`max_civil_held`)
    budget = min(max(global_held, MIN_HOLD_BUDGET), profile.max_civil_held)
    allowed = int(np.floor(budget * negatives.shape[0]))  # negatives that may score at or above the cut
    approve = float(np.nextafter(negatives[allowed], np.inf)) if allowed < negatives.shape[0] else 0.0
    derived = derive_thresholds(profile, scores, labels, head=head).thresholds.reject
    reject = evidenced_reject(profile, head, scores, labels, derived)
    approve = min(approve, reject)
    return Thresholds(approve=round(approve, 6), reject=round(max(reject, approve), 6))


def evidenced_reject(
    profile: DeploymentProfile, head: str, scores: F64, labels: npt.NDArray[np.int64], reject: float
) -> float:
    """The lowest cut at or above `reject` that the site's labelled comments support, or NEVER.

    A cut is supported when, with `REJECT_CONFIDENCE`, what it rejects is at least `min_reject_precision` positive
    at the profile's prevalence and (spam) it marks at most `max_ham_marked` of genuine comments: the share of
    labelled negatives at or above it is replaced by its one-sided upper confidence bound (Clopper-Pearson), and
    at least MIN_REJECTED_POSITIVES labelled positives must reach it. On a few hundred labels the toxicity heads
    cannot prove 99% precision at 8% abuse (about 7,000 civil labels would be needed); the global model's reject
    decision stands then. Linear in the labels after one sort.
    """
    if reject >= NEVER:
        return NEVER
    positives, negatives = np.sort(scores[labels == 1]), np.sort(scores[labels == 0])
    if not positives.shape[0] or not negatives.shape[0]:
        return NEVER
    cuts = np.unique(scores[scores >= reject])
    above_positive = positives.shape[0] - np.searchsorted(positives, cuts, side="left")
    above_negative = negatives.shape[0] - np.searchsorted(negatives, cuts, side="left")
    below_negative = negatives.shape[0] - above_negative
    fpr_high = np.ones(cuts.shape[0])
    some_below = below_negative > 0
    fpr_high[some_below] = betaincinv(above_negative[some_below] + 1, below_negative[some_below], REJECT_CONFIDENCE)
    prevalence = profile.prevalence(head)
    tpr = above_positive / positives.shape[0]
    rejected = prevalence * tpr + (1 - prevalence) * fpr_high
    precision_low = np.divide(prevalence * tpr, rejected, out=np.zeros_like(tpr), where=rejected > 0)
    ok = (precision_low >= profile.min_reject_precision) & (above_positive >= MIN_REJECTED_POSITIVES)
    if head in SPAM_HEADS:
        ok &= fpr_high <= profile.max_ham_marked
    return float(cuts[ok].min()) if ok.any() else NEVER


def capped_count(n: int, share: float, confidence: float) -> int:
    """The most of `n` labelled comments that may score at or above a cut while, with `confidence`, the share of
    unseen comments at or above it stays within `share` (the one-sided Clopper-Pearson upper bound); at least 0."""
    if n <= 0:
        return 0
    held = np.arange(n, dtype=np.float64)
    upper = betaincinv(held + 1, n - held, confidence)  # increasing with the count held
    return max(int(np.count_nonzero(upper <= share)) - 1, 0)


def _hold_budget_cut(negative_scores: F64, budget: float) -> float:
    """The lowest cut at or above which at most `budget` of these negatives score."""
    negatives = np.sort(negative_scores)[::-1]  # highest first
    allowed = int(np.floor(budget * negatives.shape[0]))
    return float(np.nextafter(negatives[allowed], np.inf)) if allowed < negatives.shape[0] else 0.0

"""Turn model scores and thresholds into a lean per head: approve, hold or reject."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from moderation.scoring.base import Thresholds

Lean = Literal["approve", "hold", "reject"]

#: Heads whose reject means "spam" rather than "rejected" (abusive).
SPAM_HEADS = frozenset({"spam"})


@dataclass(frozen=True, slots=True)
class HeadVerdict:
    """One head's score and where it falls against its thresholds."""

    head: str
    score: float
    lean: Lean
    thresholds: Thresholds


#: The lowest calibrated probability on which a head may hold a comment. Under it the head's own calibration
#: says fewer than one such comment in twenty is abusive: "near zero", not a reason to make a reader wait.
#: Derived approve cuts can fall far below it for a head tuned to catch a rare class (threat: 0.0148 on
#: 2026.11.30-1, which held war news at 0.04); a site's explicit override is taken as given.
HOLD_FLOOR = 0.05


def floored(cut: Thresholds) -> Thresholds:
    """Raise an approve cut under HOLD_FLOOR to it (never above the head's reject cut)."""
    if cut.approve >= HOLD_FLOOR:
        return cut
    return Thresholds(approve=min(HOLD_FLOOR, cut.reject), reject=cut.reject)


def effective_thresholds(
    model: Mapping[str, Thresholds], overrides: Mapping[str, Mapping[str, float]]
) -> dict[str, Thresholds]:
    """The manifest's cuts with the hold floor, then settings' per-head overrides (`{"spam": {"reject": 0.9}}`)."""
    merged = {head: floored(cut) for head, cut in model.items()}
    for head, values in overrides.items():
        base = merged.get(head, Thresholds(approve=0.5, reject=1.01))
        merged[head] = Thresholds(
            approve=float(values.get("approve", base.approve)),
            reject=float(values.get("reject", base.reject)),
        )
    return merged


def judge(scores: Mapping[str, float], thresholds: Mapping[str, Thresholds]) -> list[HeadVerdict]:
    """Place each thresholded head's score: reject at or above `reject`, approve below `approve`."""
    verdicts = []
    for head, cut in thresholds.items():
        if head not in scores:
            continue
        score = scores[head]
        lean: Lean = "reject" if score >= cut.reject else "approve" if score < cut.approve else "hold"
        verdicts.append(HeadVerdict(head=head, score=score, lean=lean, thresholds=cut))
    return verdicts


# ------------------------------------------------------------------------------ deployment profile


@dataclass(frozen=True, slots=True)
class DeploymentProfile:
    """What the site's traffic looks like and what its desk accepts; thresholds are derived for this.

    Validation sets are ~40% abusive tweets; a news site's comments are mostly civil. Cut-offs chosen on
    the raw validation mix send the civil majority to review, so rows are reweighted to these shares.
    """

    abuse_share: float = 0.08  # share of the site's comments that are abusive (toxicity head positives)
    spam_share: float = 0.05  # share of the comments reaching the model that are spam
    max_approved_abuse: float = 0.01  # at most this share of what is auto-approved may be abusive (or spam)
    min_reject_precision: float = 0.99  # what is auto-rejected is at least this precise
    # The spam head's targets (issue 19): what a site reasons about is spam let through and genuine comments
    # held or marked, not only the share of spam among the approved.
    max_missed_spam: float = 0.10  # at most this share of spam approved
    max_ham_held: float = 0.02  # at most this share of genuine comments held (or marked) by the spam head
    max_ham_marked: float = 0.002  # at most this share of genuine comments marked spam
    # ... and, with validation sources, at most this share of each source's genuine comments held (None: pooled
    # only). A blog's commenters are any kind of reader; a news desk's are the civil majority (checked apart).
    max_source_ham_held: float | None = None
    # The toxicity heads' budget on a site whose labels say where its civil comments score (the site layer's
    # cuts, issue 20): at most this share of the site's civil comments held for review.
    max_civil_held: float = 0.10
    name: str = "news"

    def __post_init__(self) -> None:
        for name in ("abuse_share", "spam_share", "max_approved_abuse", "min_reject_precision", "max_missed_spam",
                     "max_ham_held", "max_ham_marked", "max_civil_held"):  # fmt: skip
            value = getattr(self, name)
            if not 0.0 < value < 1.0:
                raise ValueError(f"{name} must be strictly between 0 and 1, got {value}")
        if self.max_source_ham_held is not None and not 0.0 < self.max_source_ham_held < 1.0:
            raise ValueError(f"max_source_ham_held must be strictly between 0 and 1, got {self.max_source_ham_held}")

    def prevalence(self, head: str) -> float:
        """Return the expected share of positives of `head` in the site's traffic."""
        return self.spam_share if head in SPAM_HEADS else self.abuse_share

    def as_dict(self) -> dict[str, float | str]:
        """Return the profile as recorded in a manifest."""
        return asdict(self)


#: The site profiles a deployment picks with MODERATION_SITE_PROFILE; training derives thresholds for each.
#: A news desk: few spam comments, genuine readers must not wait. A blog: spam is most of what the form gets
#: (Akismet's world), so the spam cut may hold more, and marks spam more readily; but no kind of genuine
#: commenter (social-media chatter, a tutorial's readers) is held more than the 5% a blog accepts. It marks at
#: most half of the 1% of genuine comments a blog accepts in its spam folder: at 1%, the cut sat where the worst
#: validation source already marked 0.97%, so a new site's readers went past 1% about as often as not (docs/models.md).
SITE_PROFILES: dict[str, DeploymentProfile] = {
    "news": DeploymentProfile(),
    "blog": DeploymentProfile(
        name="blog", spam_share=0.6, max_missed_spam=0.05, max_ham_held=0.05, max_ham_marked=0.005,
        min_reject_precision=0.98, max_source_ham_held=0.05,
    ),
}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Derivation:
    """Thresholds of one head derived for a profile, with what they are expected to cost on the site."""

    thresholds: Thresholds
    prevalence: float  # the profile's share of positives the rows were reweighted to
    approve_share: float  # expected share of traffic this head approves (below `approve`)
    review_share: float  # expected share of traffic this head holds for review
    reject_share: float  # expected share of traffic this head rejects
    approved_positive_share: float  # expected share of the approved traffic that is abusive (or spam)
    missed_share: float  # expected share of abusive (or spam) comments approved: the missed abuse
    reject_precision: float | None  # expected precision of the auto-rejected comments (None: rejects none)
    positives: int  # validation rows behind the figures
    negatives: int
    negative_held_share: float = 0.0  # share of negatives (genuine comments) at or above approve
    negative_rejected_share: float = 0.0  # share of negatives at or above reject
    targets_met: bool | None = None  # spam head: both the missed-spam and the ham targets hold (None: no targets)

    def as_dict(self) -> dict[str, float | int | None]:
        """Return the figures as recorded in a manifest (rounded)."""
        return {
            "approve": self.thresholds.approve,
            "reject": self.thresholds.reject,
            "prevalence": self.prevalence,
            "expected_approve_share": round(self.approve_share, 4),
            "expected_review_share": round(self.review_share, 4),
            "expected_reject_share": round(self.reject_share, 4),
            "expected_approved_positive_share": round(self.approved_positive_share, 4),
            "expected_missed_share": round(self.missed_share, 4),
            "expected_reject_precision": None if self.reject_precision is None else round(self.reject_precision, 4),
            "expected_negative_held_share": round(self.negative_held_share, 4),
            "expected_negative_rejected_share": round(self.negative_rejected_share, 4),
            "targets_met": self.targets_met,
            "positives": self.positives,
            "negatives": self.negatives,
        }


#: Fewest positive validation rows at or above a reject cut: precision on fewer is noise.
MIN_REJECTED_POSITIVES = 10
NEVER = 1.01  # a cut no calibrated probability reaches


def derive_thresholds(
    profile: DeploymentProfile,
    scores: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    head: str = "toxicity",
    weights: npt.ArrayLike | None = None,
    min_reject: float = 0.0,
    max_approve: float = NEVER,
) -> Derivation:
    """Derive one head's cut-offs from labelled rows reweighted to the profile's prevalence.

    Each class keeps its own relative row weights and is scaled so positives weigh `prevalence` and
    negatives `1 - prevalence` in total. Approve is the highest cut below which at most
    `max_approved_abuse` of the (reweighted) traffic is positive; reject the lowest cut at and above which
    the traffic is at least `min_reject_precision` positive (and holds >= 10 positive rows). `min_reject`
    and `max_approve` are extra guards from the caller (e.g. the benign-French guard).
    """
    p, pos, _, mass = _reweighted(profile, head, scores, labels, weights)
    positive_mass = np.where(pos, mass, 0.0)
    order = np.argsort(p, kind="stable")
    ps, ms, pms = p[order], mass[order], positive_mass[order]
    # the cut t approves every row scoring below t; candidate cuts are the distinct scores (and NEVER)
    cuts = np.append(np.unique(ps), NEVER)
    below = np.searchsorted(ps, cuts, side="left")  # rows strictly below each cut
    cum_mass = np.concatenate(([0.0], np.cumsum(ms)))
    cum_pos = np.concatenate(([0.0], np.cumsum(pms)))
    cum_pos_rows = np.concatenate(([0], np.cumsum(pos[order].astype(np.int64))))
    approved_mass, approved_pos = cum_mass[below], cum_pos[below]
    share = np.divide(approved_pos, approved_mass, out=np.zeros_like(approved_pos), where=approved_mass > 0)
    # reject: rows at or above the cut
    above_mass, above_pos = cum_mass[-1] - approved_mass, cum_pos[-1] - approved_pos
    above_pos_rows = cum_pos_rows[-1] - cum_pos_rows[below]
    precision = np.divide(above_pos, above_mass, out=np.zeros_like(above_pos), where=above_mass > 0)
    ok_reject = (precision >= profile.min_reject_precision) & (above_pos_rows >= MIN_REJECTED_POSITIVES)
    ok_reject &= cuts >= min_reject
    reject = float(cuts[np.flatnonzero(ok_reject)].min()) if ok_reject.any() else NEVER
    ok_approve = (share <= profile.max_approved_abuse) & (cuts <= min(reject, max_approve))
    approve = float(cuts[np.flatnonzero(ok_approve)].max()) if ok_approve.any() else float(cuts[0])
    return _figures(profile, head, p, pos, mass, approve=approve, reject=reject)


def _figures(
    profile: DeploymentProfile,
    head: str,
    p: npt.NDArray[np.float64],
    pos: npt.NDArray[np.bool_],
    mass: npt.NDArray[np.float64],
    *,
    approve: float,
    reject: float,
) -> Derivation:
    prevalence = profile.prevalence(head)
    approved, rejected = p < approve, p >= reject
    approve_mass, reject_mass = float(mass[approved].sum()), float(mass[rejected].sum())
    neg_mass = float(mass[~pos].sum())
    return Derivation(
        thresholds=Thresholds(approve=round(approve, 6), reject=round(reject, 6)),
        prevalence=prevalence,
        approve_share=approve_mass,
        review_share=max(0.0, 1.0 - approve_mass - reject_mass),
        reject_share=reject_mass,
        approved_positive_share=float(mass[approved & pos].sum()) / approve_mass if approve_mass else 0.0,
        missed_share=float(mass[approved & pos].sum()) / prevalence,
        reject_precision=float(mass[rejected & pos].sum()) / reject_mass if reject_mass else None,
        positives=int(pos.sum()),
        negatives=int((~pos).sum()),
        negative_held_share=float(mass[~pos & ~approved].sum()) / neg_mass if neg_mass else 0.0,
        negative_rejected_share=float(mass[~pos & rejected].sum()) / neg_mass if neg_mass else 0.0,
    )


def derive_spam_thresholds(
    profile: DeploymentProfile,
    scores: npt.ArrayLike,
    labels: npt.ArrayLike,
    *,
    weights: npt.ArrayLike | None = None,
    sources: npt.ArrayLike | None = None,
) -> Derivation:
    """Derive the spam head's cut-offs from targets on missed spam and on genuine comments held and marked.

    Approve: the highest cut that approves at most `max_missed_spam` of spam; but never so low that more than
    `max_ham_held` of genuine comments are held: when the targets conflict, genuine readers win and the
    expected missed spam says what it costs (`targets_met` false). Reject: the lowest cut at which what is
    marked is `min_reject_precision` spam (on >= 10 spam rows) and at most `max_ham_marked` of genuine
    comments are marked, pooled and, with `sources` (one name per row), within each source whose genuine rows
    are enough to measure that share (at least 1 / `max_ham_marked`): a pool of mostly civil French text must
    not hide the one kind of genuine comment (social-media chatter) the cut would send to the spam folder.
    With `sources` and a profile's `max_source_ham_held`, the genuine-held target holds within each such source
    too (a blog profile's approve cut of 0.136, pooled, held 12-16% of three sources' genuine comments).
    """
    p, pos, _, mass = _reweighted(profile, "spam", scores, labels, weights)
    neg = ~pos
    order = np.argsort(p, kind="stable")
    ps = p[order]
    cuts = np.append(np.unique(ps), NEVER)
    below = np.searchsorted(ps, cuts, side="left")
    pos_w = np.concatenate(([0.0], np.cumsum(np.where(pos[order], mass[order], 0.0))))
    neg_w = np.concatenate(([0.0], np.cumsum(np.where(neg[order], mass[order], 0.0))))
    pos_rows = np.concatenate(([0], np.cumsum(pos[order].astype(np.int64))))
    total_pos, total_neg = pos_w[-1], neg_w[-1]
    missed = pos_w[below] / total_pos  # spam approved below each cut
    ham_held = (total_neg - neg_w[below]) / total_neg  # genuine at or above each cut
    approved = pos_w[below] + neg_w[below]
    above_pos, above = total_pos - pos_w[below], (total_pos + total_neg) - approved
    precision = np.divide(above_pos, above, out=np.zeros_like(above), where=above > 0)
    ok_reject = (precision >= profile.min_reject_precision) & (pos_rows[-1] - pos_rows[below] >= MIN_REJECTED_POSITIVES)
    ok_reject &= ham_held <= profile.max_ham_marked
    if sources is not None:
        per_source = _share_per_source(p, neg, np.asarray(sources).ravel(), cuts, share=profile.max_ham_marked)
        ok_reject &= per_source <= profile.max_ham_marked
    reject = float(cuts[np.flatnonzero(ok_reject)].min()) if ok_reject.any() else NEVER
    catch = (missed <= profile.max_missed_spam) & (cuts <= reject)
    gentle = (ham_held <= profile.max_ham_held) & (cuts <= reject)
    if sources is not None and profile.max_source_ham_held is not None:
        share = profile.max_source_ham_held
        gentle &= _share_per_source(p, neg, np.asarray(sources).ravel(), cuts, share=share) <= share
    floor = float(cuts[np.flatnonzero(gentle)].min()) if gentle.any() else reject
    approve = float(cuts[np.flatnonzero(catch)].max()) if catch.any() else floor
    met = catch.any() and approve >= floor
    approve = max(approve, floor)
    figures = _figures(profile, "spam", p, pos, mass, approve=approve, reject=reject)
    return dataclasses.replace(figures, targets_met=bool(met))


def _share_per_source(
    p: npt.NDArray[np.float64],
    neg: npt.NDArray[np.bool_],
    sources: npt.NDArray[np.generic],
    cuts: npt.NDArray[np.float64],
    *,
    share: float,
) -> npt.NDArray[np.float64]:
    """At each cut, the highest share of one source's genuine rows at or above it (marked, or held).

    Only sources with enough genuine rows to measure `share` count (at least 1 / `share`: one row of 230 is
    not 0.2%).
    """
    if sources.shape != p.shape:
        raise ValueError("sources must have one value per row")
    worst = np.zeros(cuts.shape[0])
    for source in np.unique(sources[neg]):
        genuine = np.sort(p[neg & (sources == source)])
        if genuine.shape[0] * share < 1:
            continue
        marked = 1.0 - np.searchsorted(genuine, cuts, side="left") / genuine.shape[0]
        np.maximum(worst, marked, out=worst)
    return worst


def expected_figures(
    profile: DeploymentProfile,
    scores: npt.ArrayLike,
    labels: npt.ArrayLike,
    thresholds: Thresholds,
    *,
    head: str = "toxicity",
    weights: npt.ArrayLike | None = None,
) -> Derivation:
    """Return what given cut-offs are expected to cost at the profile's prevalence (e.g. a site override)."""
    p, pos, neg, mass = _reweighted(profile, head, scores, labels, weights)
    keep = pos | neg
    return _figures(profile, head, p[keep], pos[keep], mass[keep], approve=thresholds.approve, reject=thresholds.reject)


def _reweighted(
    profile: DeploymentProfile,
    head: str,
    scores: npt.ArrayLike,
    labels: npt.ArrayLike,
    weights: npt.ArrayLike | None,
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """Return scores, positive and negative masks, and each row's share of traffic at the profile's prevalence.

    Each class keeps its own relative row weights and is scaled so positives weigh `prevalence` and negatives
    `1 - prevalence` in total; rows labelled neither 0 nor 1 weigh nothing.
    """
    p = np.asarray(scores, dtype=np.float64).ravel()
    y = np.asarray(labels, dtype=np.float64).ravel()
    w = np.ones_like(p) if weights is None else np.asarray(weights, dtype=np.float64).ravel()
    if p.shape != y.shape or p.shape != w.shape:
        raise ValueError("scores, labels and weights must have one value per row")
    pos, neg = y == 1.0, y == 0.0
    if not pos.any() or not neg.any():
        raise ValueError(f"the {head} figures need both positive and negative rows")
    prevalence = profile.prevalence(head)
    mass = np.where(pos, w * prevalence / w[pos].sum(), np.where(neg, w * (1 - prevalence) / w[neg].sum(), 0.0))
    return p, pos, neg, mass

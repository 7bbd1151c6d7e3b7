"""Thresholds derived for a site's traffic profile (moderation/scoring/policy.py)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from moderation.scoring.base import Thresholds
from moderation.scoring.policy import (
    HOLD_FLOOR,
    SITE_PROFILES,
    DeploymentProfile,
    derive_spam_thresholds,
    derive_thresholds,
    effective_thresholds,
    expected_figures,
    judge,
)


def _rows(n_pos: int = 2000, n_neg: int = 3000, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    p = np.clip(np.r_[rng.beta(6, 2, n_pos), rng.beta(1.5, 8, n_neg)], 0, 1)
    return p, np.r_[np.ones(n_pos), np.zeros(n_neg)]


def _reweighted(p: np.ndarray, y: np.ndarray, prevalence: float) -> np.ndarray:
    return np.where(y == 1, prevalence / (y == 1).sum(), (1 - prevalence) / (y == 0).sum())


def test_derived_cuts_keep_approved_abuse_under_the_bound_and_rejects_precise_at_the_site_prevalence() -> None:
    p, y = _rows()
    profile = DeploymentProfile(abuse_share=0.05)
    d = derive_thresholds(profile, p, y)
    mass = _reweighted(p, y, 0.05)
    approved, rejected = p < d.thresholds.approve, p >= d.thresholds.reject
    assert mass[approved & (y == 1)].sum() / mass[approved].sum() <= 0.01
    assert mass[rejected & (y == 1)].sum() / mass[rejected].sum() >= 0.99
    assert d.thresholds.approve <= d.thresholds.reject
    assert d.missed_share == pytest.approx(mass[approved & (y == 1)].sum() / 0.05)
    assert d.approve_share + d.review_share + d.reject_share == pytest.approx(1.0)


def test_a_mostly_civil_site_approves_more_than_the_validation_mix_would() -> None:
    p, y = _rows()
    news = derive_thresholds(DeploymentProfile(abuse_share=0.05), p, y)
    forum = derive_thresholds(DeploymentProfile(abuse_share=0.4), p, y)
    assert news.thresholds.approve > forum.thresholds.approve
    assert news.review_share < forum.review_share


def test_the_spam_head_uses_the_spam_share() -> None:
    p, y = _rows()
    rare = derive_thresholds(DeploymentProfile(spam_share=0.01, abuse_share=0.5), p, y, head="spam")
    assert rare.prevalence == 0.01
    assert rare.thresholds == derive_thresholds(DeploymentProfile(abuse_share=0.01), p, y).thresholds


def test_a_guard_raises_the_reject_cut_and_caps_the_approve_cut() -> None:
    p, y = _rows()
    guarded = derive_thresholds(DeploymentProfile(), p, y, min_reject=0.999, max_approve=0.1)
    assert guarded.thresholds.reject >= 0.999
    assert guarded.thresholds.approve <= 0.1


def test_without_a_precise_enough_region_nothing_is_rejected() -> None:
    rng = np.random.default_rng(1)
    p = rng.random(2000)
    y = (rng.random(2000) < 0.5).astype(float)  # scores carry no signal
    d = derive_thresholds(DeploymentProfile(), p, y)
    assert d.thresholds.reject == 1.01 and d.reject_precision is None


def test_expected_figures_of_given_cuts_match_the_derivation() -> None:
    p, y = _rows()
    profile = DeploymentProfile(abuse_share=0.08)
    d = derive_thresholds(profile, p, y)
    again = expected_figures(profile, p, y, d.thresholds)
    assert again.review_share == pytest.approx(d.review_share)
    looser = expected_figures(profile, p, y, Thresholds(approve=0.9, reject=1.01))
    assert looser.missed_share > d.missed_share


def test_a_profile_refuses_shares_outside_zero_one() -> None:
    with pytest.raises(ValueError, match="abuse_share"):
        DeploymentProfile(abuse_share=0.0)
    with pytest.raises(ValueError, match="scores, labels"):
        derive_thresholds(DeploymentProfile(), [0.1, 0.2], [1.0])


def test_no_head_holds_on_a_score_its_calibration_calls_near_zero_but_a_sites_override_is_kept() -> None:
    model = {"threat": Thresholds(approve=0.0148, reject=1.01), "spam": Thresholds(approve=0.77, reject=0.99),
             "odd": Thresholds(approve=0.01, reject=0.03)}  # fmt: skip
    merged = effective_thresholds(model, {})
    assert merged["threat"] == Thresholds(approve=HOLD_FLOOR, reject=1.01)
    assert merged["spam"] == model["spam"]
    assert merged["odd"] == Thresholds(approve=0.03, reject=0.03)  # never above the head's own reject cut
    assert [v.lean for v in judge({"threat": 0.04}, merged)] == ["approve"]
    assert [v.lean for v in judge({"threat": 0.3}, merged)] == ["hold"]
    assert effective_thresholds(model, {"threat": {"approve": 0.01}})["threat"].approve == 0.01


def test_spam_cuts_meet_the_missed_spam_target_while_holding_few_genuine_comments() -> None:
    p, y = _rows()
    news = SITE_PROFILES["news"]
    d = derive_spam_thresholds(news, p, y)
    assert d.targets_met and d.missed_share <= news.max_missed_spam
    assert d.negative_held_share <= news.max_ham_held and d.negative_rejected_share <= news.max_ham_marked
    # the highest such cut: one step lower would hold more genuine comments for no target
    assert d.thresholds.approve == pytest.approx(float(np.quantile(p[y == 1], news.max_missed_spam)), abs=0.02)


def test_when_the_targets_conflict_genuine_readers_win_and_the_miss_is_stated() -> None:
    rng = np.random.default_rng(1)
    p = np.r_[rng.uniform(0, 1, 1000), rng.uniform(0, 1, 1000)]  # no ranking at all
    y = np.r_[np.ones(1000), np.zeros(1000)]
    d = derive_spam_thresholds(SITE_PROFILES["news"], p, y)
    assert not d.targets_met
    assert d.negative_held_share <= SITE_PROFILES["news"].max_ham_held
    assert d.missed_share > 0.9  # letting spam through is what holding few readers costs here, and it says so


def test_no_source_of_genuine_comments_has_more_than_the_target_marked_spam_when_sources_are_given() -> None:
    rng = np.random.default_rng(3)
    spam = rng.uniform(0.6, 1.0, 600)
    civil = rng.uniform(0.0, 0.3, 5000)  # most genuine validation rows: civil text far from any spam
    chatter = np.r_[rng.uniform(0.0, 0.5, 180), rng.uniform(0.7, 0.95, 20)]  # 10% of one source look like spam
    p = np.r_[spam, civil, chatter]
    y = np.r_[np.ones(600), np.zeros(5200)]
    sources = np.asarray(["spam"] * 600 + ["civil"] * 5000 + ["chatter"] * 200)
    # the marked bound alone (the blog profile also bounds each source's held share: the test above)
    blog = dataclasses.replace(SITE_PROFILES["blog"], max_source_ham_held=None)
    pooled = derive_spam_thresholds(blog, p, y)
    per_source = derive_spam_thresholds(blog, p, y, sources=sources)
    chatter_marked = [float(np.mean(chatter >= d.thresholds.reject)) for d in (pooled, per_source)]
    # pooled, the civil mass hides it: a tenth of the chatter goes to the spam folder
    assert chatter_marked[0] > blog.max_ham_marked
    assert chatter_marked[1] <= blog.max_ham_marked
    # the reject cut moves up: what it no longer marks is held for review, and the missed-spam target still holds
    assert per_source.thresholds.reject > pooled.thresholds.reject
    assert per_source.targets_met and per_source.missed_share <= blog.max_missed_spam + 1e-9
    # a source too small to measure the target (50 rows cannot show 1%) does not count alone
    small = np.asarray(["spam"] * 600 + ["civil"] * 5150 + ["chatter"] * 50)
    assert derive_spam_thresholds(blog, p, y, sources=small).thresholds == pooled.thresholds


def test_a_blog_holds_no_kind_of_genuine_comment_more_than_its_target_and_says_what_that_costs() -> None:
    rng = np.random.default_rng(4)
    spam = rng.uniform(0.1, 1.0, 600)
    civil = rng.uniform(0.0, 0.1, 5000)  # most genuine validation rows: civil text far from any spam
    praise = rng.uniform(0.0, 0.5, 200)  # a tutorial's readers: "Great post! One question..." scores like spam
    p, y = np.r_[spam, civil, praise], np.r_[np.ones(600), np.zeros(5200)]
    sources = np.asarray(["spam"] * 600 + ["civil"] * 5000 + ["praise"] * 200)
    blog = SITE_PROFILES["blog"]
    pooled, per_source = derive_spam_thresholds(blog, p, y), derive_spam_thresholds(blog, p, y, sources=sources)
    # pooled, the civil mass hides it: the approve cut that misses 5% of spam holds most of the readers' praise
    assert float(np.mean(praise >= pooled.thresholds.approve)) > 0.5
    assert float(np.mean(praise >= per_source.thresholds.approve)) <= blog.max_source_ham_held  # type: ignore[operator]
    # the spam it lets through is stated: the targets conflict and genuine readers win
    assert not per_source.targets_met and per_source.missed_share > blog.max_missed_spam
    # a news desk's cut is unchanged by sources: its readers are checked apart (training/news_readers.py)
    news = SITE_PROFILES["news"]
    assert derive_spam_thresholds(news, p, y, sources=sources).thresholds.approve == (
        derive_spam_thresholds(news, p, y).thresholds.approve
    )


def test_a_blog_profile_catches_more_spam_and_marks_more_than_a_news_desk() -> None:
    p, y = _rows()
    news, blog = (derive_spam_thresholds(SITE_PROFILES[name], p, y) for name in ("news", "blog"))
    assert blog.missed_share < news.missed_share
    assert blog.thresholds.approve <= news.thresholds.approve and blog.thresholds.reject <= news.thresholds.reject
    assert blog.as_dict()["expected_negative_held_share"] <= SITE_PROFILES["blog"].max_ham_held

"""The site layer's fit on a synthetic site: the cuts it derives hold on comments it never saw what they promise."""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

import numpy as np
import numpy.typing as npt
from scipy.special import expit

from moderation.scoring.base import Scorer, Scores, Submission, Thresholds
from moderation.scoring.policy import DeploymentProfile
from moderation.site.layer.fit import fit_layer
from moderation.site.layer.votes import ResolvedLabel

#: The global model's toxicity cuts on the synthetic site (its approve cut holds about a quarter of the civil).
GLOBAL_CUT = Thresholds(approve=0.5, reject=0.999)


class _FixedScorer:
    """A global model that gives each synthetic comment the toxicity score drawn for it."""

    def __init__(self, scores: dict[str, float]) -> None:
        self.version = "m1"
        self.thresholds = {"toxicity": GLOBAL_CUT}
        self._scores = scores

    def score_many(self, submissions: Sequence[Submission]) -> list[Scores]:
        return [self._scores_of(s.text) for s in submissions]

    def _scores_of(self, text: str) -> Scores:
        return Scores(scores={"toxicity": self._scores[text]}, language="fr", model_version=self.version)


def _synthetic_site(n: int, seed: int) -> tuple[list[str], npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """`n` comments of 200 words that each lean a little towards abuse or civility, 40% abusive; the global
    model's score sees the truth through noise (ROC-AUC about 0.8), the words add what the site can learn."""
    rng = np.random.default_rng(seed)
    lean = rng.normal(0.0, 0.4, 200)
    abusive = rng.random(n) < 0.4
    texts = []
    for i in range(n):
        rates = expit(lean * (1.0 if abusive[i] else -1.0) - 2.5)
        words = np.flatnonzero(rng.random(200) < rates)
        texts.append(" ".join(f"mot{j}" for j in rng.permutation(words)) + f" n{i}")
    global_scores = expit(rng.normal(np.where(abusive, 1.0, -1.0), 1.5))
    return texts, abusive, global_scores


def test_the_served_head_holds_about_the_desks_budget_of_the_sites_unseen_civil_comments() -> None:
    # the cut is chosen on the out-of-fold scores of the labelled comments; the head served must score the
    # comments it never saw as those scores said, or the budget is met on the labels and missed on the site
    texts, abusive, global_scores = _synthetic_site(3000, seed=20)
    labelled = 1000
    labels = [
        ResolvedLabel(key=f"c{i}", text=texts[i], url="", language="fr", labels={"toxicity": int(abusive[i])})
        for i in range(labelled)
    ]
    scorer = _FixedScorer(dict(zip(texts, global_scores.tolist(), strict=True)))
    budget = 0.10
    assert np.mean(global_scores[:labelled][~abusive[:labelled]] >= GLOBAL_CUT.approve) > 0.2  # above the budget

    profile = DeploymentProfile(max_civil_held=budget)
    outcome = fit_layer(labels, scorer=cast(Scorer, scorer), profile=profile, version=1)  # scores only, as a refit

    layer = outcome.layer
    assert layer is not None and layer.heads["toxicity"].thresholds is not None
    cut = layer.heads["toxicity"].thresholds.approve
    unseen = range(labelled, len(texts))
    scores = np.asarray([layer.apply(scorer._scores_of(texts[i]), texts[i]).scores["toxicity"] for i in unseen])
    civil = ~abusive[labelled:]
    assert abs(float(np.mean(scores[civil] >= cut)) - budget) <= 0.02
    assert float(np.mean(scores[~civil] >= cut)) > 0.8  # and the layer catches most of the abuse

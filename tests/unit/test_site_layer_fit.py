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


def _labelled_first(
    labelled: int, seed: int, profile: DeploymentProfile
) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.bool_], npt.NDArray[np.float64]]:
    """A synthetic site of 3,000 comments whose first `labelled` are labelled through a refit: (abusive and held by
    the served layer's cut, of the unseen comments; their global scores)."""
    texts, abusive, global_scores = _synthetic_site(3000, seed=seed)
    labels = [
        ResolvedLabel(key=f"c{i}", text=texts[i], url="", language="fr", labels={"toxicity": int(abusive[i])})
        for i in range(labelled)
    ]
    scorer = _FixedScorer(dict(zip(texts, global_scores.tolist(), strict=True)))
    outcome = fit_layer(labels, scorer=cast(Scorer, scorer), profile=profile, version=1)  # scores only, as a refit
    layer = outcome.layer
    assert layer is not None and layer.heads["toxicity"].thresholds is not None
    cut = layer.heads["toxicity"].thresholds.approve
    unseen = range(labelled, len(texts))
    scores = np.asarray([layer.apply(scorer._scores_of(texts[i]), texts[i]).scores["toxicity"] for i in unseen])
    return abusive[labelled:], scores >= cut, global_scores[labelled:]


def test_the_served_head_holds_about_the_desks_budget_of_the_sites_unseen_civil_comments() -> None:
    # the cut is chosen on the out-of-fold scores of the labelled comments; the head served must score the
    # comments it never saw as those scores said, or the budget is met on the labels and missed on the site
    budget = 0.10
    abusive, held, global_scores = _labelled_first(1000, 20, DeploymentProfile(max_civil_held=budget))
    assert np.mean(global_scores[~abusive] >= GLOBAL_CUT.approve) > 0.2  # the global cut holds above the budget

    assert abs(float(np.mean(held[~abusive])) - budget) <= 0.02
    assert float(np.mean(held[abusive])) > 0.8  # and the layer catches most of the abuse


def test_a_head_whose_labels_cannot_place_its_cuts_is_not_served() -> None:
    # a fold of the training slice without two abusive comments gives no out-of-fold scores: the layer's scores,
    # calibrated to the site's own mix, would meet the global cuts, which were set for another scale
    from moderation.site.layer.evaluation import held_out
    from moderation.site.layer.fit import _fold

    texts, abusive, global_scores = _synthetic_site(400, seed=21)
    keys = [f"c{i}" for i in range(400)]
    chosen = []
    positives_in_training = {0: 0, 1: 0, 2: 0}
    for i, key in enumerate(keys):
        if abusive[i] and not held_out(key):
            if _fold(key) == 2 or positives_in_training[_fold(key)] >= 6:
                continue  # fold 2 gets no abusive comment
            positives_in_training[_fold(key)] += 1
        chosen.append(i)
    labels = [
        ResolvedLabel(key=keys[i], text=texts[i], url="", language="fr", labels={"toxicity": int(abusive[i])})
        for i in chosen
    ]
    scorer = _FixedScorer(dict(zip(texts, global_scores.tolist(), strict=True)))

    outcome = fit_layer(labels, scorer=cast(Scorer, scorer), profile=DeploymentProfile(), version=1)

    assert outcome.layer is None
    assert outcome.refused == {"toxicity": "too_few_labels"}


def test_after_a_few_dozen_labels_the_layer_holds_about_what_the_global_model_held_of_unseen_civil_comments() -> None:
    # the site labels 40% abuse, the profile expects 8%: the layer's scores lean towards the site's mix, so the cuts
    # are placed on them (out of fold), not taken from the global model
    abusive, held, global_scores = _labelled_first(60, 22, DeploymentProfile())

    global_held = float(np.mean(global_scores[~abusive] >= GLOBAL_CUT.approve))
    assert float(np.mean(held[~abusive])) <= min(global_held, 0.10) + 0.05


class _TwoHeadScorer:
    """A global model with fixed toxicity and identity-attack scores per text."""

    def __init__(self, scores: dict[str, tuple[float, float]]) -> None:
        self.version = "m1"
        self.thresholds = {
            "toxicity": Thresholds(approve=0.39, reject=0.9995),
            "identity_attack": Thresholds(approve=0.83, reject=0.9995),
        }
        self._scores = scores

    def score_many(self, submissions: Sequence[Submission]) -> list[Scores]:
        return [self.scores_of(s.text) for s in submissions]

    def scores_of(self, text: str) -> Scores:
        toxicity, identity = self._scores[text]
        return Scores(scores={"toxicity": toxicity, "identity_attack": identity}, language="en", model_version="m1")


def test_approvals_of_profane_chatter_raise_toxicity_s_cut_but_group_hate_stays_held_by_identity_attack() -> None:
    # a blog's desk approves 200 comments of profane chatter (toxicity up to 0.99, identity attack under 0.12)
    rng = np.random.default_rng(7)
    chatter = {f"lol this shit {i}": (float(t), float(a)) for i, (t, a) in
               enumerate(zip(rng.uniform(0.0, 0.99, 200), rng.uniform(0.0, 0.12, 200), strict=True))}  # fmt: skip
    hate = {
        "Muslims are a disease, get them out of our country.": (0.74, 0.71),
        "It's the Jews, as always.": (0.44, 0.54),
    }
    scorer = _TwoHeadScorer({**chatter, **hate})
    approvals = [
        ResolvedLabel(key=f"c{i}", text=text, url="", language="en", labels={"toxicity": 0, "identity_attack": 0})
        for i, text in enumerate(chatter)
    ]
    outcome = fit_layer(approvals, scorer=cast(Scorer, scorer), profile=DeploymentProfile(name="blog"), version=1)
    layer = outcome.layer
    assert layer is not None
    cuts = layer.thresholds(scorer.thresholds)
    assert cuts["toxicity"].approve > 0.9  # the desk's chatter is approved now...
    for text in hate:  # ...and the group hate that only toxicity's cut held is still held
        scored = layer.apply(scorer.scores_of(text), text)
        assert scored.scores["identity_attack"] >= cuts["identity_attack"].approve, (text, cuts)
    held_chatter = sum(
        scorer.scores_of(t).scores["identity_attack"] >= cuts["identity_attack"].approve for t in chatter
    )
    assert held_chatter <= 0.02 * len(chatter)  # at most the budget of the site's own approvals

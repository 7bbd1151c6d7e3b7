"""The site layer's pure parts: one label per comment from the votes, the stored format, and the global prior."""

from __future__ import annotations

import numpy as np
import pytest

from moderation.labels import LabelledExample
from moderation.scoring.base import Scores, Thresholds
from moderation.scoring.policy import NEVER, DeploymentProfile
from moderation.site.layer.cuts import approval_cut, capped_count, site_thresholds
from moderation.site.layer.evaluation import not_worse
from moderation.site.layer.fit import FitOutcome, keeping_served_heads
from moderation.site.layer.model import Featurizer, HeadFigures, HeadLayer, SiteLayer
from moderation.site.layer.store import FORMAT, LayerFormatError, decode, encode
from moderation.site.layer.votes import resolve


def vote(comment_id: str, labels: dict[str, int], actor: str, source: str = "moderator") -> LabelledExample:
    return LabelledExample(
        text=f"text of {comment_id}", labels=labels, source=source, comment_id=comment_id, actor=actor
    )  # type: ignore[arg-type]


def resolved(*examples: LabelledExample) -> dict[str, dict[str, int]]:
    return {item.key: item.labels for item in resolve((f"{i}-0", e) for i, e in enumerate(examples))}


def test_a_later_decision_by_the_same_moderator_replaces_the_earlier_one() -> None:
    assert resolved(vote("a", {"spam": 0}, "alice"), vote("a", {"spam": 1}, "alice")) == {"a": {"spam": 1}}


def test_an_approved_comment_is_a_negative_of_every_toxicity_head() -> None:
    labels = resolved(vote("a", {"spam": 0, "toxicity": 0}, "alice"), vote("b", {"toxicity": 1, "insult": 1}, "bob"))
    assert labels["a"] == {"spam": 0, "toxicity": 0, "severe_toxicity": 0, "insult": 0, "threat": 0,
                           "identity_attack": 0, "profanity": 0}  # fmt: skip
    assert labels["b"] == {"toxicity": 1, "insult": 1}


def test_between_two_labellers_who_disagree_the_latest_wins() -> None:
    assert resolved(vote("a", {"spam": 1}, "alice"), vote("a", {"spam": 0}, "site", "site_feedback")) == {
        "a": {"spam": 0}
    }


def test_one_moderator_is_outvoted_when_two_other_labellers_agree_against_them() -> None:
    labels = resolved(
        vote("a", {"spam": 0}, "bob"), vote("a", {"spam": 0}, "site", "site_feedback"), vote("a", {"spam": 1}, "alice")
    )
    assert labels == {"a": {"spam": 0}}


def test_a_revert_removes_the_comments_labels_and_a_new_decision_counts_again() -> None:
    assert resolved(vote("a", {"spam": 1}, "alice"), vote("a", {}, "bob")) == {}
    assert resolved(vote("a", {"spam": 1}, "alice"), vote("a", {}, "bob"), vote("a", {"spam": 0}, "bob")) == {
        "a": {"spam": 0}
    }


def test_labels_without_a_comment_id_each_count_once() -> None:
    first = LabelledExample(text="buy now", labels={"spam": 1}, source="akismet")
    second = LabelledExample(text="buy now", labels={"spam": 1}, source="akismet")
    assert len(resolve([("1-0", first), ("2-0", second)])) == 2


def _layer(weights: list[float], *, global_weight: float = 1.0, bias: float = 0.0) -> SiteLayer:
    figures = HeadFigures(
        labels=100, positives=40, held_out=20, auc_global=0.7, auc_layer=0.9, log_loss_global=0.6,
        log_loss_layer=0.4, errors_global=6, errors_layer=3,
    )  # fmt: skip
    head = HeadLayer(
        global_weight=global_weight,
        bias=bias,
        columns=np.arange(len(weights), dtype=np.int32),
        weights=np.asarray(weights, dtype=np.float32),
        figures=figures,
        thresholds=Thresholds(approve=0.3, reject=0.97),
    )
    return SiteLayer(version=3, model_version="m1", heads={"spam": head}, labels=100, created_at=1.0)


def test_a_layer_at_its_prior_gives_the_global_scores_back() -> None:
    scored = Scores(scores={"spam": 0.2, "toxicity": 0.7}, language="fr", model_version="m1")
    again = _layer([0.0, 0.0, 0.0]).apply(scored, "Merci pour cet article")
    assert again.scores["toxicity"] == 0.7
    assert again.scores["spam"] == pytest.approx(0.2, abs=1e-9)


def test_a_stored_version_reads_back_identically_and_another_format_is_refused() -> None:
    layer = _layer([0.5, -1.25, 3.0], global_weight=0.8, bias=-0.1)
    back = decode(encode(layer))
    assert (back.version, back.model_version, back.labels) == (3, "m1", 100)
    head = back.heads["spam"]
    assert (head.global_weight, head.bias, head.thresholds, head.figures) == (
        0.8, -0.1, Thresholds(approve=0.3, reject=0.97), layer.heads["spam"].figures
    )  # fmt: skip
    assert head.weights.tolist() == [0.5, -1.25, 3.0] and head.columns.tolist() == [0, 1, 2]
    fields = encode(layer)
    with pytest.raises(LayerFormatError):
        decode({**fields, "meta": fields["meta"].replace(f'"format": {FORMAT}', f'"format": {FORMAT + 1}')})
    with pytest.raises(LayerFormatError):
        decode({**fields, "weights:spam": fields["columns:spam"][:4]})


def _approvals_head(errors_global: int, errors_layer: int) -> HeadLayer:
    figures = HeadFigures(
        labels=80, positives=0, held_out=16, auc_global=None, auc_layer=None, log_loss_global=0.3,
        log_loss_layer=0.3, errors_global=errors_global, errors_layer=errors_layer,
    )  # fmt: skip
    empty = np.zeros(0, dtype=np.int32)
    return HeadLayer(
        global_weight=1.0, bias=0.0, columns=empty, weights=np.zeros(0, dtype=np.float32), figures=figures,
        thresholds=Thresholds(approve=0.8, reject=0.99),
    )  # fmt: skip


def test_a_head_learned_from_approvals_alone_moves_its_cut_and_leaves_every_score_as_it_was() -> None:
    layer = SiteLayer(
        version=4, model_version="m1", heads={"toxicity": _approvals_head(5, 1)}, labels=80, created_at=1.0
    )
    scored = Scores(scores={"spam": 0.2, "toxicity": 0.999_999_9}, language="fr", model_version="m1")
    assert layer.apply(scored, "Putain, quel match !") == scored  # not even the logit's clip touches it
    base = {"toxicity": Thresholds(approve=0.39, reject=0.9995), "spam": Thresholds(approve=0.4, reject=0.99)}
    assert layer.thresholds(base) == {**base, "toxicity": Thresholds(approve=0.8, reject=0.99)}
    back = decode(encode(layer))
    assert back.heads["toxicity"].thresholds == Thresholds(approve=0.8, reject=0.99)
    assert back.apply(scored, "Putain, quel match !") == scored


def test_the_guard_keeps_a_cut_moved_by_approvals_unless_the_held_out_slice_finds_it_worse() -> None:
    assert not_worse(_approvals_head(5, 1).figures)
    # no held-out approval was held by the global cut: the change cannot show there, and the training slice's
    # approvals placed it (before 2026-12-06 evening such a cut was refused, and a blog kept its cut by the draw)
    assert not_worse(_approvals_head(0, 0).figures)
    assert not not_worse(_approvals_head(2, 3).figures)  # a held-out comment labelled positive now approved


def test_approvals_place_a_heads_cut_on_every_labelled_negative_whichever_slice_holds_them() -> None:
    # 40 comments the desk approved, toxicity 0.10 to 0.90 by the global model (cut 0.4): the cut rises above them
    # all, wherever the one-in-five held-out draw (by random comment ids) puts the highest. Placed on the training
    # slice alone, it fell below 0.90 whenever that comment was held out: a blog kept 1 or 7 of its genuine
    # comments held by the draw.
    scores = np.linspace(0.1, 0.9, 40)
    approved = np.zeros(40, dtype=np.int64)
    base = Thresholds(approve=0.4, reject=0.999)
    cuts = set()
    for first in range(5):
        hold = np.zeros(40, dtype=np.bool_)
        hold[first::5] = True
        head = approval_cut("toxicity", approved, ~hold, hold, global_scores=scores, base_cut=base)
        assert head is not None and head.thresholds is not None
        cuts.add(head.thresholds.approve)
    assert len(cuts) == 1 and 0.9 < cuts.pop() < base.reject


def test_a_cut_raised_by_a_few_hundred_approvals_holds_at_most_two_percent_of_the_unseen_ones_most_of_the_time() -> (
    None
):
    # 200 approvals (a blog after 300 labels) and the comments like them the site has not labelled yet, drawn from
    # the same toxicity scores: placed at 2% of the labelled ones, the cut held more than 2% of the unseen ones in
    # about two sites of three (a blog held 3-4% of its genuine comments for toxicity after 300 labels)
    rng = np.random.default_rng(7)
    base = Thresholds(approve=0.3, reject=0.999)
    over = 0
    for _ in range(200):
        labelled, unseen = rng.beta(1.0, 8.0, 200), rng.beta(1.0, 8.0, 20_000)
        hold = np.zeros(200, dtype=np.bool_)
        hold[::5] = True
        head = approval_cut("toxicity", np.zeros(200, dtype=np.int64), ~hold, hold, global_scores=labelled,
                            base_cut=base)  # fmt: skip
        assert head is not None and head.thresholds is not None
        over += float(np.mean(unseen >= head.thresholds.approve)) > 0.02
    assert over <= 0.2 * 200  # kept with 80% confidence (HOLD_CONFIDENCE): 17 of 200 over; 121 before


def test_capped_count_keeps_the_share_s_upper_bound_within_the_budget() -> None:
    assert [capped_count(n, 0.02, 0.8) for n in (0, 60, 200, 400)] == [0, 0, 1, 5]
    assert capped_count(45, 0.10, 0.8) == 2 and capped_count(1_000, 0.10, 0.8) == 91


def test_a_cut_moved_by_approvals_stays_below_a_comment_the_site_labelled_positive() -> None:
    scores = np.linspace(0.1, 0.9, 41)
    labels = np.zeros(41, dtype=np.int64)
    labels[30] = 1  # the desk called this one abusive (0.70): the cut never approves it
    hold = np.zeros(41, dtype=np.bool_)
    hold[1::5] = True
    head = approval_cut("toxicity", labels, ~hold, hold, global_scores=scores, base_cut=Thresholds(0.4, 0.999))
    assert head is not None and head.thresholds is not None
    assert scores[29] < head.thresholds.approve <= scores[30]


def test_a_refit_that_refuses_a_head_keeps_serving_the_head_the_guard_passed_before() -> None:
    # the served layer re-scores spam; the refit on more labels passed toxicity but found its spam head worse on
    # the held-out slice (e.g. by log loss): the site keeps the spam head it had, not the global spam cuts
    served = _layer([0.5, -1.25, 3.0], global_weight=0.8, bias=-0.1)
    toxicity = _approvals_head(5, 1)
    new = SiteLayer(version=9, model_version="m1", heads={"toxicity": toxicity}, labels=300, created_at=2.0)
    refused = {"spam": "worse_on_held_out", "threat": "nothing_to_learn"}
    kept = keeping_served_heads(FitOutcome(layer=new, figures={}, refused=refused), served).layer
    assert kept is not None and (kept.version, kept.labels) == (9, 300)
    assert kept.heads == {"toxicity": toxicity, "spam": served.heads["spam"]}
    scored = Scores(scores={"spam": 0.2, "toxicity": 0.3}, language="fr", model_version="m1")
    assert kept.apply(scored, "Super vidéo !").scores["spam"] == served.apply(scored, "Super vidéo !").scores["spam"]
    # a head refused for want of labels or of anything to learn is not carried over, nor one the refit fitted again
    for why in ("too_few_labels", "nothing_to_learn"):
        outcome = FitOutcome(layer=new, figures={}, refused={"spam": why})
        assert keeping_served_heads(outcome, served).layer == new
    # a refit that refused every head publishes nothing: the served layer stays as it is
    assert keeping_served_heads(FitOutcome(layer=None, figures={}, refused=refused), served).layer is None


def test_a_link_and_its_domain_are_features_of_their_own_whatever_the_comment_s_length() -> None:
    featurizer = Featurizer()
    short = featurizer.parts("youtube.com/watch?v=abc")[1]
    long = featurizer.parts("Great video, the best I saw this year, look: https://www.YouTube.com/watch?v=x")[1]
    assert short.shape[0] == 2 and short.tolist() == long.tolist()  # "a link" and "a link to youtube.com"
    assert featurizer.parts("No link here, only words.")[1].shape[0] == 0
    columns, values = featurizer.row("youtube.com/watch?v=abc")
    assert all(values[np.searchsorted(columns, c)] >= 1.0 for c in short)  # worth 1, not 1/sqrt(n-grams)


@pytest.mark.parametrize(
    "text",
    [
        "Microsoft ambushing Nintendo, read it on gamenews(dot)com/?story=12",
        "Des bougies pas chères sur bougies-zorblax [.] net",
        "Free gift cards at freecards dot com today",
        "I watched the whole film on streamfilms. com !!!",
        "codes gratuits : ht tp: //w ww .codesgratuits .org",
        "the best remix ===&gt; /watch?v=VrdawgWHtTc",
    ],
)
def test_a_link_disguised_from_link_scanners_is_a_link_and_a_disguise_for_the_layer(text: str) -> None:
    disguised = _signals("gamenews(dot)com")
    plain = _signals("https://www.gamenews.com/page")  # "a link", "a link to gamenews.com"
    assert len(disguised) == 2 and len(disguised & plain) == 1  # "a link" and "a disguised link"
    assert _signals(text) >= disguised


@pytest.mark.parametrize(
    "text",
    [
        "C'est fini. De toute façon le match était plié.",
        "Thank you. Me too, I loved it. Info: the org chart is online. Net result: fine.",
        "Merci pour l'article, https://www.lemonde.fr/sport en parle aussi",
    ],
)
def test_sentences_and_plain_links_are_not_disguised_links(text: str) -> None:
    disguise = _signals("gamenews(dot)com") - _signals("https://gamenews.com")
    assert len(disguise) == 1
    assert not disguise & _signals(text)


def _signals(text: str) -> set[int]:
    """The layer's link-signal columns of `text`."""
    return set(Featurizer().parts(text)[1].tolist())


def _civil_and_abusive(global_civil_held: float) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Out-of-fold layer scores, labels and global scores of a site's 400 civil and 200 abusive labelled comments;
    the global cut 0.5 holds `global_civil_held` of the civil ones."""
    rng = np.random.default_rng(20)
    civil = rng.uniform(0.0, 0.9, 400)
    abusive = rng.uniform(0.3, 1.0, 200)
    scores = np.concatenate((civil, abusive))
    labels = np.concatenate((np.zeros(400, dtype=np.int64), np.ones(200, dtype=np.int64)))
    global_civil = np.where(np.arange(400) < global_civil_held * 400, 0.7, 0.2)
    return scores, labels, np.concatenate((global_civil, np.full(200, 0.8)))


@pytest.mark.parametrize(
    ("global_held", "desk_budget", "held"), [(0.30, 0.10, 0.10), (0.30, 0.20, 0.20), (0.05, 0.10, 0.05)]
)
def test_a_toxicity_cut_holds_what_the_global_cut_held_of_the_sites_civil_comments_within_the_desks_budget(
    global_held: float, desk_budget: float, held: float
) -> None:
    scores, labels, global_scores = _civil_and_abusive(global_held)
    profile = DeploymentProfile(max_civil_held=desk_budget)

    cut = site_thresholds(
        profile, head="toxicity", scores=scores, labels=labels, global_scores=global_scores,
        base=Thresholds(approve=0.5, reject=0.999),
    )  # fmt: skip

    civil_held = int(np.sum(scores[labels == 0] >= cut.approve))
    assert abs(civil_held - round(held * 400)) <= 1  # as many civil comments held as allowed (cuts kept to 6 digits)


def _separated(civil: int, abusive: int) -> tuple[np.ndarray, np.ndarray]:
    """A site's out-of-fold scores where no labelled civil comment reaches 0.8 and half the abusive ones do."""
    rng = np.random.default_rng(3)
    scores = np.concatenate((rng.uniform(0.0, 0.79, civil), rng.uniform(0.6, 1.0, abusive)))
    return scores, np.concatenate((np.zeros(civil, dtype=np.int64), np.ones(abusive, dtype=np.int64)))


@pytest.mark.parametrize("civil", [60, 600])
def test_a_few_hundred_civil_labels_do_not_license_an_auto_reject_cut_of_the_sites_own(civil: int) -> None:
    # no labelled civil comment scores above 0.79: 99% precision at 8% abuse looks met, but 0 of 600 bounds the
    # civil comments that would be rejected at 0.5% (95% confidence), far more than 99% precision allows
    scores, labels = _separated(civil, 200)
    base = Thresholds(approve=0.5, reject=0.9995)

    cut = site_thresholds(DeploymentProfile(), head="toxicity", scores=scores, labels=labels,
                          global_scores=scores, base=base)  # fmt: skip

    # the layer rejects nothing on its own scores: the global model's reject decision stands (intake/decision.py)
    assert cut.reject == NEVER


def test_enough_civil_labels_let_the_site_reject_at_its_own_cut() -> None:
    scores, labels = _separated(20_000, 400)

    cut = site_thresholds(DeploymentProfile(), head="toxicity", scores=scores, labels=labels,
                          global_scores=scores, base=Thresholds(approve=0.5, reject=0.9995))  # fmt: skip

    assert 0.78 < cut.reject < 0.9  # just above the highest civil score


@pytest.mark.parametrize(("genuine", "kept"), [(150, False), (400, True)])
def test_a_blog_marks_spam_at_its_own_cut_once_its_genuine_labels_bound_the_share_marked(
    genuine: int, kept: bool
) -> None:
    # the blog profile marks at most 1% of genuine comments: none of 150 above the cut bounds that share at 2%
    # (95% confidence), none of 400 at 0.75%
    scores, labels = _separated(genuine, 200)
    blog = DeploymentProfile(name="blog", spam_share=0.6, max_missed_spam=0.05, max_ham_held=0.05,
                             max_ham_marked=0.01, min_reject_precision=0.98)  # fmt: skip
    base = Thresholds(approve=0.5, reject=0.99)

    cut = site_thresholds(blog, head="spam", scores=scores, labels=labels, global_scores=scores, base=base)

    assert (cut.reject < 0.9) is kept
    assert kept or cut.reject == base.reject  # unproven, the global cut stays on the layer's spam score

"""How well the site layer ranks a played site's unseen comments, offline (issue 20's study; measures and prints).

Run: `.venv/bin/python benchmarks/site_layer_offline.py --site blog_spam --labels 300 [--slices 4] [--baselines]`.
The same eval-only source and split as `python -m training site-eval` (training/site_eval.py: the first N
shuffled comments labelled, the rest unseen), without the service: every comment is scored once by the served
model, `fit_layer` is called directly on the labelled part (one run per held-out slice: comment ids drawn from a
seeded generator, as the service's random ids would be), and the unseen part is scored by the layer. Printed per
slice: ROC-AUC of the site's head, the share of unseen positives scored above the 5% and 10% highest-scored
unseen negatives (what the ranking allows at that share held), and caught / held by the layer's cuts on every
head (as the service decides, without its rules and memory). First, for the global model alone: how much of the
unseen negatives a cut holding 5% (10%) of the labelled negatives holds (what the labelled sample says of the
unseen one, whatever the layer). `--baselines`: TF-IDF word and character n-gram
logistic regressions on the same labels, alone and with the global logit (scikit-learn: the training extra).
Nothing is tuned here: the sources are eval-only.
"""

from __future__ import annotations

import argparse
import random
import uuid
from pathlib import Path
from typing import cast

import numpy as np
import numpy.typing as npt

from moderation.scoring.artifact import load_current
from moderation.scoring.base import Scorer, Submission
from moderation.scoring.policy import SITE_PROFILES, floored
from moderation.site.layer.evaluation import roc_auc
from moderation.site.layer.fit import fit_layer
from moderation.site.layer.model import global_logit
from training.site_eval import SITES, CachedScorer, site_labels, site_rows

F64 = npt.NDArray[np.float64]


def caught_at(positive: npt.NDArray[np.bool_], score: F64, held: float) -> float:
    """Share of positives scored above the `held` share of highest-scored negatives."""
    negatives = np.sort(score[~positive])[::-1]
    return float(np.mean(score[positive] > negatives[int(np.floor(held * negatives.shape[0]))]))


def _held_beyond(labelled: F64, unseen: F64, share: float) -> float:
    """Share of `unseen` at or above the lowest cut that holds at most `share` of `labelled` (as the cuts are set)."""
    ordered = np.sort(labelled)[::-1]
    cut = float(np.nextafter(ordered[int(np.floor(share * ordered.shape[0]))], np.inf))
    return float(np.mean(unseen >= cut))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", choices=sorted(SITES), default="blog_spam")
    parser.add_argument("--labels", type=int, default=300)
    parser.add_argument("--slices", type=int, default=4, help="held-out slices (seeds of the comment ids)")
    parser.add_argument("--data", default="../shared/data")
    parser.add_argument("--model-dir", default="model")
    parser.add_argument("--baselines", action="store_true", help="TF-IDF + logistic regression on the same labels")
    args = parser.parse_args()

    play = SITES[args.site]
    rows = site_rows(play, Path(args.data))
    scorer = load_current(Path(args.model_dir), profile=play.profile)
    texts = [r.text for r in rows]
    scored = scorer.score_many([Submission(text=r.text, url="", lang=r.language or None) for r in rows])
    cached = CachedScorer(scorer.version, dict(scorer.thresholds), texts, scored)
    y = np.asarray([r.labels[play.head] == 1.0 for r in rows])
    unseen = np.arange(play.unseen_from, len(rows))
    positive = y[unseen]
    g = np.asarray([s.scores[play.head] for s in scored])
    print(f"{args.site}, {args.labels} labels, model {scorer.version}: {len(unseen)} unseen ({int(positive.sum())})")
    print(f"global   ROC-AUC {roc_auc(positive, g[unseen]):.3f}  caught at 5% / 10% held "
          f"{caught_at(positive, g[unseen], 0.05):.1%} / {caught_at(positive, g[unseen], 0.10):.1%}")  # fmt: skip
    labelled_negatives = g[: args.labels][~y[: args.labels]]
    print("global   the labelled negatives' top 5% / 10% (its own cut) holds of the unseen negatives "
          f"{_held_beyond(labelled_negatives, g[unseen][~positive], 0.05):.1%} / "
          f"{_held_beyond(labelled_negatives, g[unseen][~positive], 0.10):.1%}")  # fmt: skip
    base = {head: floored(cut) for head, cut in scorer.thresholds.items()}
    for seed in range(args.slices):
        ids = random.Random(seed)
        labels = site_labels([
            (uuid.UUID(int=ids.getrandbits(128)).hex, rows[i], play.positive_label if y[i] else play.negative_label)
            for i in range(args.labels)
        ])  # fmt: skip
        outcome = fit_layer(labels, scorer=cast(Scorer, cached), profile=SITE_PROFILES[play.profile], version=1)
        layer = outcome.layer
        cuts = layer.thresholds(base) if layer else base
        score, held = np.zeros(len(unseen)), np.zeros(len(unseen), dtype=np.bool_)
        for j, row in enumerate(unseen.tolist()):
            now = layer.apply(scored[row], texts[row]) if layer else scored[row]
            score[j] = now.scores[play.head]
            held[j] = any(value >= cuts[head].approve for head, value in now.scores.items() if head in cuts)
        print(f"slice {seed}  ROC-AUC {roc_auc(positive, score):.3f}  caught at 5% / 10% held "
              f"{caught_at(positive, score, 0.05):.1%} / {caught_at(positive, score, 0.10):.1%}  |  at the layer's "
              f"cuts: caught {np.mean(held[positive]):.1%}, held {np.mean(held[~positive]):.1%}  "
              f"({play.head} approve cut {cuts[play.head].approve:.3f})")  # fmt: skip
    if args.baselines:
        _baselines(texts, y, g, args.labels, unseen)


def _baselines(texts: list[str], y: npt.NDArray[np.bool_], g: F64, n: int, unseen: npt.NDArray[np.int64]) -> None:
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression

    from moderation.scoring.ngrams import feature_text

    folded = [feature_text(t) for t in texts]
    logit = global_logit(g)[:, None]
    positive = y[unseen]
    vectorizers = {
        "word 1-2-grams, C=10": (TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True), 10.0),
        "char 2-5-grams, C=3": (TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True,
                                                min_df=2), 3.0),
    }  # fmt: skip
    for name, (vectorizer, c) in vectorizers.items():
        x = vectorizer.fit_transform([folded[i] for i in range(n)] + [folded[i] for i in unseen]).tocsr()
        train, test = x[:n], x[n:]
        for extra in (False, True):
            a = sp.hstack([train, sp.csr_matrix(logit[:n])]).tocsr() if extra else train
            b = sp.hstack([test, sp.csr_matrix(logit[unseen])]).tocsr() if extra else test
            score = LogisticRegression(C=c, max_iter=3000).fit(a, y[:n]).decision_function(b)
            label = f"TF-IDF {name}{' + global logit' if extra else ''}"
            print(f"{label:<45} ROC-AUC {roc_auc(positive, score):.3f}  caught at 5% / 10% held "
                  f"{caught_at(positive, score, 0.05):.1%} / {caught_at(positive, score, 0.10):.1%}")  # fmt: skip


if __name__ == "__main__":
    main()

"""A small scorer with every kind of array the model format holds, for the format and migration tests."""

from __future__ import annotations

import numpy as np

from moderation.scoring.base import Submission
from moderation.scoring.features import Vocabulary
from moderation.scoring.model import DENSE_FEATURES, LinearScorer
from moderation.scoring.ngrams import feature_text
from moderation.scoring.phrases import PhraseTable

HEADS = ("spam", "toxicity")
TEXTS = [
    "Merci pour cet article, très clair.",
    "Thanks for the article, very clear.",
    "Casino en ligne, bonus gratuit sur https://casino.example",
    "Tu es un idiot, ferme-la.",
    "You are an idiot, shut up.",
    "Buy cheap pills online now",
]
SAMPLE = [Submission(text=t) for t in [*TEXTS, "Merci, bonus gratuit idiot", "", "autre chose encore"]]


def small_scorer() -> LinearScorer:
    """A small scorer with every kind of array the format holds (the phrase table included)."""
    rng = np.random.default_rng(5)
    vocabulary = Vocabulary.fit([feature_text(t) for t in TEXTS], min_df=1)
    return LinearScorer(
        version="trained-name",
        heads=HEADS,
        vocabulary=vocabulary,
        text_weights=rng.normal(size=(vocabulary.size, len(HEADS))).astype(np.float32),
        meta_weights=rng.normal(size=(len(DENSE_FEATURES), len(HEADS))).astype(np.float32),
        bias=np.array([-1.0, -2.0], dtype=np.float32),
        platt_a=np.array([1.5, 0.9]),
        platt_b=np.array([-0.2, 0.1]),
        thresholds={},
        phrases=PhraseTable.fit(["bonus gratuit", "cheap pills", "casino en ligne"]),
    )

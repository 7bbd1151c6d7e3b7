"""The served model's explanations mark the words a French moderator marks, not the neutral ones around them."""

from __future__ import annotations

from moderation.scoring.model import LinearScorer
from training.marked_words import agreement, highlighted_words

#: Words the explanations used to mark on held comments (issue 23): a moderator read "ministre" as the problem.
NEUTRAL = {"ministre", "journaliste", "journalistes", "va", "vais", "quelqu", "devrait", "député", "macron"}


def test_the_masked_insult_and_the_abbreviations_are_marked_and_the_minister_is_not(
    shipped_scorer: LinearScorer,
) -> None:
    heads, words = highlighted_words(shipped_scorer, "P*tain mais quel fdp ce ministre, ntm")
    assert "toxicity" in heads
    assert {"p*tain", "fdp", "ntm"} <= words
    assert "ministre" not in words


def test_explanations_agree_with_a_french_moderator_on_the_marked_words(shipped_scorer: LinearScorer) -> None:
    result = agreement(shipped_scorer)
    assert result.held >= 25  # the set is of held comments: the served model holds nearly all
    # 2026.11.30-1: precision 0.854, recall 0.814 (before issue 23: 0.517, 0.698); `python -m training.marked_words`
    assert result.precision >= 0.8 and result.recall >= 0.75, (result.precision, result.recall)
    assert not NEUTRAL & set(result.unmarked_highlights), result.unmarked_highlights

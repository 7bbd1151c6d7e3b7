"""The served model on the frames of its own hateful training templates, said civilly and said of a group.

The hate templates of training/threats.py blame a group in set frames ("of course a Jew wrote this", "typical",
"what else would you expect from", "derrière tout ça"). 2026.12.06-8 had seen those frames in hateful rows only and
held a reader asking "Who wrote this?" (toxicity 0.93) or writing "Another lecture from the finance minister,
typical." The comments (training/check_comments/hate_frames.tsv) were written for this check and are never trained
on; each civil one is posted from several ordinary readers' identities and decided by the intake's own decision.
"""

from __future__ import annotations

from moderation.scoring.model import LinearScorer
from tests.support.authored import authored_keys, text_key
from training.news_readers import HATE_FRAMES, hate_frame_figures

#: Civil comments on the frames that may be held (comment × identity): 2026.12.06-8 held 30% (18 of 60 comments),
#: 2026.12.06-9 holds 10% (6); the bar is what the served version reaches (`python -m training news-readers`), so
#: a version that learns the frames again fails. 2026.12.07-19 holds 11.7% (7): « Typique, encore une grève le jour des
#: vacances. » at toxicity 0.408 over the cut of 0.386 (-18: 0.375), moved by the vocabulary its spam rows brought, not
#: by a toxicity label (docs/models.md, 2026.12.07-19).
MAX_HELD = 0.117
#: Hateful comments on the frames the served model may approve, of 8: -8 approved 1, -9 approves 2 ("Of course a
#: woman wrote this.", "Typical, another article by a Muslim."; docs/models.md says what two more candidates traded).
MAX_HATEFUL_APPROVED = 2


def test_the_set_covers_both_languages_and_is_never_trained_on() -> None:
    for language in ("fr", "en"):
        assert sum(kind == "civil" and lang == language for kind, lang, _ in HATE_FRAMES) >= 20, language
        assert any(kind == "hateful" and lang == language for kind, lang, _ in HATE_FRAMES), language
    assert not authored_keys() & {text_key(text) for _, _, text in HATE_FRAMES}


def test_civil_comments_on_the_frames_are_approved_and_the_same_frames_on_a_group_are_not(
    shipped_scorer: LinearScorer,
) -> None:
    figures = hate_frame_figures(shipped_scorer)
    assert figures["spam"] == 0, figures["held_texts"]
    assert figures["held"] <= MAX_HELD, figures["held_texts"]
    assert figures["hateful_approved"] <= MAX_HATEFUL_APPROVED, figures["hateful_approved_texts"]

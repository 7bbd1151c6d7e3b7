"""The served model on a technical blog's readers using its jargon: "kill the process", "kill -9", "the daemon dies".

A tutorial blog's genuine comments talk about killing processes, dead links and zombie children every day;
2026.12.06-12 held 6 of the 20 comments of training/check_comments/tech_jargon.txt for toxicity ("You need to kill
the process first, then restart the daemon." at 0.52). They were written for this check, never trained on, and
each is decided by the intake's own decision.
"""

from __future__ import annotations

from moderation.scoring.model import LinearScorer
from tests.support.authored import authored_keys, text_key
from training.news_readers import ABUSIVE, IDENTITIES, TECH_JARGON, decide, in_turn

#: Jargon comments the served model may hold, of 20: -12 held 6, 2026.12.06-13 4 (a "damn", a "hell yeah", a "dumb
#: terminal", a "stupid question"), 2026.12.06-14 3 (the "stupid question" passes), 2026.12.06-17 4 ("I had to force
#: kill it with kill -9." at toxicity 0.387, its cut 0.3868; -16: 0.373 against 0.3892); the bar is what the served
#: version reaches (`python -m training news-readers`).
MAX_HELD = 4


def test_the_check_set_is_never_trained_on() -> None:
    assert len(TECH_JARGON) == 20
    assert not authored_keys() & {text_key(text) for text in TECH_JARGON}


def test_a_technical_blogs_readers_are_not_held_for_their_jargon(shipped_scorer: LinearScorer) -> None:
    held = [text for status, text in in_turn(shipped_scorer, TECH_JARGON) if status != "approved"]
    assert len(held) <= MAX_HELD, held


def test_the_same_words_aimed_at_a_person_are_still_held(shipped_scorer: LinearScorer) -> None:
    aimed = [text for text in ABUSIVE if "kill" in text.lower() or "tuer" in text.lower() or "crever" in text.lower()]
    assert aimed  # the plain threats name killing
    assert not [text for text in aimed if decide(shipped_scorer, text, IDENTITIES[0]) == "approved"]

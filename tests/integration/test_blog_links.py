"""The served model on a technical blog's readers who cite links, and on the praise spam with a link blogs receive.

Tutorial readers link to the docs, an issue, an answer or their own repository ("the numbers I got are in my repo:
github.com/..."), in the register praise spam imitates ("Great post! Visit my website"). The comments of
training/check_comments/tech_links.txt and praise_link_spam.txt were written for this check, never trained on; each
is decided by the intake's own decision, from one ordinary reader's identity in turn, with each profile's cuts.
"""

from __future__ import annotations

import pytest

from moderation.scoring.artifact import load_version
from moderation.scoring.base import Scorer
from moderation.scoring.model import LinearScorer
from tests.conftest import MODEL_DIR
from tests.support.authored import authored_keys, text_key
from training.news_readers import (
    BLOG_THANKS,
    IDENTITIES,
    MONEY_TALK,
    PRAISE_LINK_SPAM,
    TECH_LINKS,
    Profile,
    blog_link_figures,
    decide,
)

#: Of the 20 readers citing a link, the most each profile's cuts may hold; and of the 20 praise spam comments, the
#: most they may approve: what the served version reaches (`python -m training news-readers`). 2026.12.06-13 held 8
#: (news) and 6 (blog) and approved 1 and 1; 2026.12.06-14, trained with readers sharing their own work on code hosts
#: (training/references.py), holds 6 and 5 and approves 0 and 1: "Nice tutorial, it helped me a lot. I also wrote
#: about this topic here: https://techtipsdaily.blog/python-guide" (spam 0.43, between the news cut 0.40 and the
#: blog's 0.56), which reads as a reader's own follow-up, as one of the genuine comments does. 2026.12.06-16, whose
#: sources include code hosts, Q&A sites and projects' docs (`spam_signals._SOURCE_DOMAINS`), holds 2 and 2 (a
#: follow-up on the reader's own blog, a translation on medium.com) and approves 0 and 0. 2026.12.07-5, which reads how
#: much of a comment is links to no source (`spam_signals.link_share_value`: a link alone is the commonest spam on an
#: unseen source), holds 3 and 2: with the news cut (0.39) also "Thank you! There's a related discussion on the forum:
#: https://discourse.nixos.org/..." (spam 0.21 -> 0.40), a forum no list of sources names.
MAX_HELD = {"news": 3, "blog": 2}
MAX_SPAM_APPROVED = {"news": 0, "blog": 0}


def test_the_check_sets_are_never_trained_on() -> None:
    assert len(TECH_LINKS) == len(PRAISE_LINK_SPAM) == len(BLOG_THANKS) == len(MONEY_TALK) == 20
    checks = [*TECH_LINKS, *PRAISE_LINK_SPAM, *BLOG_THANKS, *MONEY_TALK]
    assert not authored_keys() & {text_key(text) for text in checks}


@pytest.mark.parametrize("profile", ["news", "blog"])
def test_readers_citing_links_pass_and_praise_spam_with_a_link_does_not(
    shipped_scorer: LinearScorer, profile: str
) -> None:
    scorer: Scorer = load_version(MODEL_DIR, shipped_scorer.version, profile=profile)
    figures = blog_link_figures(scorer)
    assert figures["tech_links"]["held"] <= MAX_HELD[profile], figures["tech_links"]["held_texts"]
    spam = figures["praise_link_spam"]
    assert spam["approved"] <= MAX_SPAM_APPROVED[profile], spam["approved_texts"]


#: Of the 20 readers of each check set, the most each profile's cuts may hold.
#: - blog_thanks.txt, saying what they did with a post (subscribed, bookmarked, shared): 2026.12.07-3 held 2 in both
#:   ("Thanks! Subscribed to the newsletter and shared this on Twitter." at spam 0.93: "Subscribed!" alone scored 0.97,
#:   learned from "subscribe to my channel"); 2026.12.07-4, trained with readers' "Subscribed!" as chatter
#:   (training/synthetic.py), holds 2 and 1 (that comment at 0.52, between the news cut 0.39 and the blog's 0.54;
#:   "Great post!!! 🔥🔥🔥 Bookmarked and shared..." at 0.60). 2026.12.07-10 holds 2 in both: the same comment at 0.53,
#:   the blog's cut fell from 0.539 to 0.497 (5% of the validation spam still missed, as the profile asks).
#: - money_talk.txt, talking of their pay, rent, bills, pension: 2026.12.07-4 held 3 and 1 (news: "Je gagne 1 800 € par
#:   mois comme aide-soignante..." at spam 0.49 against the cut 0.39; blog: "My pension is £900 a month..." at 0.58),
#:   the only amounts "per month" it had learned being offers; 2026.12.07-5, trained with readers' money talk beside
#:   money offers (`training/synthetic.py`, `money_records`), holds none in either.
GENUINE_CHECK_SETS = {
    "blog_thanks": (BLOG_THANKS, {"news": 2, "blog": 2}),
    "money_talk": (MONEY_TALK, {"news": 0, "blog": 0}),
}


@pytest.mark.parametrize("check_set", GENUINE_CHECK_SETS)
@pytest.mark.parametrize("profile", ["news", "blog"])
def test_readers_saying_they_subscribed_or_talking_of_their_pay_pass(
    shipped_scorer: LinearScorer, profile: Profile, check_set: str
) -> None:
    scorer: Scorer = load_version(MODEL_DIR, shipped_scorer.version, profile=profile)
    texts, max_held = GENUINE_CHECK_SETS[check_set]
    held = [text for text in texts if decide(scorer, text, IDENTITIES[0], profile) != "approved"]
    assert len(held) <= max_held[profile], held

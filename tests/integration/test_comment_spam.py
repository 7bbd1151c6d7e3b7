"""The shipped model on comment spam a news site receives (issue 19), and on readers who cite their sources.

The spam (training/check_comments/news_spam.txt: the issue's three examples first, then printer and antivirus support
numbers, guest-post offers, slimming pills, paid surveys, marabouts, services, French and English) and the
sourced comments (links to the UN, INSEE, Wikipedia, YouTube, newspapers) were written for this check and are
never trained on. Each is posted from an ordinary reader's identity, so no field gives the label away; the real
model decides, through the intake's own decision.
"""

from __future__ import annotations

import json

from moderation.scoring.artifact import load_version
from moderation.scoring.base import Submission
from moderation.scoring.model import LinearScorer
from tests.conftest import MODEL_DIR
from tests.support.authored import authored_keys, text_key
from training.news_readers import IDENTITIES, NEWS_SPAM, SOURCED, decide

ISSUE_EXAMPLES = (
    "Perdez 10 kg en 2 semaines avec cette gélule miracle… https://minceur-express.fr",
    "Great article, we offer professional translation… https://pro-translate.services",
)


def test_the_spam_and_sourced_sets_are_never_trained_on() -> None:
    assert NEWS_SPAM[0] == ISSUE_EXAMPLES[0] and len(NEWS_SPAM) >= 15 and len(SOURCED) >= 12
    assert not authored_keys() & {text_key(t) for t in [*NEWS_SPAM, *SOURCED]}


def test_news_site_comment_spam_is_never_approved_whoever_posts_it(shipped_scorer: LinearScorer) -> None:
    approved = [
        (text, identity[1])
        for text in [*NEWS_SPAM, *ISSUE_EXAMPLES]
        for identity in IDENTITIES[::4]
        if decide(shipped_scorer, text, identity) == "approved"
    ]
    assert not approved, approved


def test_readers_linking_to_their_sources_are_approved(shipped_scorer: LinearScorer) -> None:
    held = [
        (text, identity[1])
        for text in SOURCED
        for identity in IDENTITIES[::4]
        if decide(shipped_scorer, text, identity) != "approved"
    ]
    assert not held, held


def test_a_blog_site_serves_the_blog_profiles_spam_cuts(shipped_scorer: LinearScorer) -> None:
    manifest = json.loads((MODEL_DIR / shipped_scorer.version / "manifest.json").read_text(encoding="utf-8"))
    blog = load_version(MODEL_DIR, shipped_scorer.version, profile="blog")
    news = load_version(MODEL_DIR, shipped_scorer.version, profile="news")
    assert news.thresholds == shipped_scorer.thresholds  # news is the default profile
    assert blog.thresholds["spam"].approve == manifest["profiles"]["blog"]["spam"]["approve"]
    assert blog.thresholds["spam"].reject <= news.thresholds["spam"].reject  # a blog marks spam more readily
    # and holds at most 5% of genuine comments (of each validation source too: tests/unit/test_policy.py)
    assert manifest["policy"]["profiles"]["blog"]["heads"]["spam"]["expected_negative_held_share"] <= 0.05


def test_a_version_trained_before_the_spam_signals_still_loads_and_scores_as_it_did() -> None:
    old = load_version(MODEL_DIR, "2026.11.30-1")
    assert isinstance(old, LinearScorer) and old.phrases is None
    score = old.score(Submission(text=ISSUE_EXAMPLES[0]), explain=False).scores["spam"]
    assert 0.6 < score < 0.9  # the issue measured 0.74 with this version: it let this spam through

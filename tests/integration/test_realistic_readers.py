"""The shipped model on realistic readers: civil news comments from ordinary identities are approved.

Tried as a new user would, a quarter of ordinary comments on a war article were held, and
"Article intéressant, merci." from an e-mail with digits was held as spam. The comments (training/check_comments/)
were written for this check (French and English, the register of comments on politics and war), never trained on;
the identities are what real readers type: e-mails with and without digits at French and international
providers, personal websites, empty fields. The real model decides, through the intake's own decision.
"""

from __future__ import annotations

import pytest

from moderation.scoring.artifact import load_version
from moderation.scoring.base import Submission
from moderation.scoring.model import LinearScorer
from tests.conftest import MODEL_DIR
from tests.support.authored import authored_keys, text_key
from training.news_readers import (
    ABUSIVE,
    CIVIL,
    IDENTITIES,
    IDENTITY_KINDS,
    civil_cases,
    decide,
    identity_figures,
    not_approved,
    reader_figures,
    readers_markdown,
    with_readers_section,
)

CIVIL_FR, CIVIL_EN = CIVIL["fr"], CIVIL["en"]


def test_the_reader_sets_are_large_enough_and_never_trained_on() -> None:
    assert len(CIVIL_FR) + len(CIVIL_EN) >= 300 and len(CIVIL_EN) >= 100
    assert not authored_keys() & {text_key(t) for t in [*CIVIL_FR, *CIVIL_EN, *ABUSIVE]}


def test_civil_comments_from_realistic_identities_are_approved_and_never_spam(shipped_scorer: LinearScorer) -> None:
    for language in ("fr", "en"):
        cases = civil_cases(language)
        held = not_approved(shipped_scorer, cases)
        assert not [case for case in held if case[0] == "spam"], held
        assert 1 - len(held) / len(cases) >= 0.97, (language, held[:40])


def test_an_email_with_digits_does_not_move_the_spam_score(shipped_scorer: LinearScorer) -> None:
    spam = shipped_scorer.heads.index("spam")
    for text in ("Article intéressant, merci.", "Thanks, a very clear explainer.", CIVIL_FR[0], CIVIL_EN[0]):
        scores = {
            email: shipped_scorer.score(Submission(text=text, author=author, email=email), explain=False).scores["spam"]
            for author, email, _ in IDENTITIES
        }
        assert max(scores.values()) - min(scores.values()) < 1e-6, (text, scores, spam)


#: Readers who sign with their business's or association's site: the spam head learned these words and top-level
#: domains from authored spam alone (2026.12.07-1 held 15 of 60 civil comments signed "martin-avocat.pro").
BUSINESS_IDENTITIES = [
    ("Paul Girard", "p.girard@axa-assurance-lyon.fr", "https://www.axa-assurance-lyon.fr"),
    ("Claire Martin", "claire.martin@gmail.com", "https://claire-marketing.fr"),
    ("Maître Martin", "contact@martin-avocat.pro", "https://martin-avocat.pro"),
    ("Amis du vieux Lyon", "bureau@amis-du-vieux-lyon.info", "https://amis-du-vieux-lyon.info"),
]


def test_a_readers_own_website_does_not_move_the_spam_score(shipped_scorer: LinearScorer) -> None:
    # Frank Bernard's LinkedIn profile ("rank" in "frank") and Free's personal pages ("free" in tleroy.free.fr) read
    # as shop addresses raised « Le SMIC est à 1 398 € net par mois... » from spam 0.28 to 0.70 (held); a business's
    # site is the site memory's to hold once (`commercial_website`), not the model's to hold every time
    texts = ["Le SMIC est à 1 398 € net par mois, comment vivre avec ça à Paris ?", CIVIL_FR[0], CIVIL_EN[0]]
    for text in texts:
        plain = shipped_scorer.score(Submission(text=text, author="Marie"), explain=False).scores["spam"]
        for author, email, url in [*IDENTITIES, *BUSINESS_IDENTITIES]:
            scored = shipped_scorer.score(Submission(text=text, author=author, email=email, url=url), explain=False)
            assert abs(scored.scores["spam"] - plain) < 1e-6, (text, author, url, scored.scores["spam"], plain)


#: Issues 10 and 20 ask that none be approved. With the hold floor of policy.py (issue 23), 2026.11.30-1 approves 7
#: of 23 and 2026.12.05-2 approves 4 (group hate in plain words, "je vais lui péter les dents"); 2026.12.06-4
#: approves none (`python -m training news-readers`). The bar guards what is reached: a model that approves any
#: of them fails.
MAX_APPROVED_ABUSIVE = 0


def test_plain_threats_and_identity_hate_are_held_and_the_misses_do_not_grow(shipped_scorer: LinearScorer) -> None:
    approved = reader_figures(shipped_scorer)["abusive"]["approved_texts"]
    assert len(approved) <= MAX_APPROVED_ABUSIVE, approved
    for text in ABUSIVE:  # whatever the reader's identity, the same decision
        assert {decide(shipped_scorer, text, identity) == "approved" for identity in IDENTITIES[::6]} == {
            text in approved
        }, text


def test_the_served_model_card_reports_these_figures(shipped_scorer: LinearScorer) -> None:
    card = (MODEL_DIR / shipped_scorer.version / "report.md").read_text(encoding="utf-8")
    figures = reader_figures(shipped_scorer, blog=load_version(MODEL_DIR, shipped_scorer.version, profile="blog"))
    section = "\n".join(readers_markdown(figures))
    assert section.strip() in card  # `python -m training news-readers --write` (or training) put it there
    assert with_readers_section(card, figures) == card  # rewriting it changes nothing


@pytest.mark.parametrize("profile", ["news", "blog"])
def test_every_kind_of_reader_identity_is_approved_and_none_lets_a_threat_through(
    shipped_scorer: LinearScorer, profile: str
) -> None:
    # Digits in the e-mail, a free-mail provider, a personal site, an empty website field, no e-mail at all:
    # none of them may cost a civil reader their comment, nor carry a plain threat past the desk, whichever site
    # profile's cuts are served (the blog's spam cut differs)
    figures = identity_figures(load_version(MODEL_DIR, shipped_scorer.version, profile=profile))
    assert set(figures) == set(IDENTITY_KINDS)
    for kind, e in figures.items():
        assert e["civil"] > 0 and e["threats"] > 0, kind
        assert e["approved"] >= 0.97 and e["spam"] == 0, (kind, e)
        assert e["threats_approved"] == 0, (kind, e)

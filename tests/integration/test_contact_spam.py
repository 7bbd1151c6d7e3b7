"""Spam that gives only a contact, through the intake as a site lives it: the shipped model and the site memory.

Local-service ads, loans, marabouts and account-recovery offers leave a phone number, an e-mail address or a
handle instead of a link (training/check_comments/contact_spam.txt); readers sometimes give a number too (a
helpline, a town hall: civil_phones.txt), and quote figures that are no numbers (budgets grouped by thousands, a
salary per month, years in a row: civil_figures.txt). Product ads dress as a testimony or a tip and link to a shop
the site has never seen (an anti-ageing cream, a followers shop, a herbal cure: product_spam.txt). All were written
for these checks and are never trained on. Each comment is posted once, from an ordinary reader's identity, to a
site whose moderators have labelled nothing yet.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from moderation.config import Settings
from moderation.main import create_app
from tests.support.authored import authored_keys, text_key
from tests.support.comments import comment_fields
from training.news_readers import CIVIL_FIGURES, CIVIL_PHONES, CONTACT_SPAM, IDENTITIES, PRODUCT_SPAM, WEBSITE_SPAM

pytestmark = pytest.mark.redis

#: Identities the default discussion settings accept (a name and an e-mail address).
READERS = [identity for identity in IDENTITIES if identity[0] and identity[1]]
#: Civil comments giving a number that the intake may hold, of 10: with 2026.12.06-13 and -14, two: the model holds "La
#: préfecture a ouvert un numéro vert..." (spam 0.79) with or without the site memory, and the unseen-number rule
#: holds a reader whose website field raises the spam score of "I called the council on 020 7525 5000..." from 0.06
#: to 0.27. 2026.12.07-15 (support stories with no number as genuine rows, the same story with a support line's
#: number as spam) three: « Pour les victimes de violences conjugales, le 3919 est gratuit et anonyme, et le 01 40 33
#: 80 60... » at spam 0.27 (-14: 0.24) reaches the unseen-number rule's 0.25: held for review, not marked
#: (docs/models.md, -15).
MAX_CIVIL_HELD = 3
#: Civil comments quoting figures (civil_figures.txt, 20) the intake may hold: none since 2026.12.07-2, which reads no
#: website. With 2026.12.07-1, one in the news profile: Frank Bernard's LinkedIn profile read as a shop's address
#: ("rank" in "frank") raised "Ma retraite est de 1 200 euros par mois..." 0.18 -> 0.57. With 2026.12.06-18 two: its
#: phone count also read "491 900 000 000 €" as a number (0.58); before the site memory told figures from numbers
#: (2026-12-07) a third was held as an unseen number.
MAX_FIGURES_HELD = 0
#: Compliments signed with a commercial website (website_spam.tsv, 24) the intake may approve: with 2026.12.06-17, 11
#: (news) and 12 (blog) before the `unseen_website` rule, 3 and 4 with it: the compliments the `praise` signal does not
#: read ("Good read! Looking forward to more posts like this.", "Merci pour ces informations, c'est clair."). With
#: 2026.12.07-2 (no website read by the model) and the `commercial_website` rule, 2 in both profiles: a mover's and a
#: plumber's sites sign as no shop ("Article très utile, merci pour le partage.").
MAX_WEBSITE_SPAM_APPROVED = 2


@pytest.fixture(params=["news", "blog"])
def site(settings: Settings, request: pytest.FixtureRequest) -> Iterator[TestClient]:
    """The app with the shipped model and the site memory, in each deployment profile."""
    update = {"site_profile": request.param, "flood_seconds": 0}
    with TestClient(create_app(settings.model_copy(update=update))) as client:
        yield client


def _statuses(site: TestClient, texts: list[str]) -> dict[str, str]:
    """Each text posted once through the public API, from the readers in turn: its status and reason codes."""
    out = {}
    for i, text in enumerate(texts):
        author, email, url = READERS[i % len(READERS)]
        body = comment_fields(
            comment=text, author=author, email=email, url=url, comment_post_ID="7", user_ip=f"198.51.100.{i + 1}",
            permalink="https://journal.example.fr/2026/12/article/",
        )  # fmt: skip
        response = site.post("/v1/comments", json=body)
        assert response.status_code == 201, response.text
        answer = response.json()
        out[text] = f"{answer['status']} {[reason['code'] for reason in answer['reasons']]}"
    return out


def _approved(site: TestClient, texts: list[str]) -> list[str]:
    """The texts the intake approved, with their status and reasons."""
    return [f"{text}: {status}" for text, status in _statuses(site, texts).items() if status.startswith("approved")]


def _held(site: TestClient, texts: list[str]) -> list[str]:
    """The texts the intake did not approve, with their status and reasons."""
    return [f"{text}: {status}" for text, status in _statuses(site, texts).items() if not status.startswith("approved")]


def test_the_check_sets_are_never_trained_on() -> None:
    assert len(CONTACT_SPAM) == 30 and len(CIVIL_PHONES) == 10 and len(PRODUCT_SPAM) == 32 and len(WEBSITE_SPAM) == 24
    assert len(CIVIL_FIGURES) == 20
    compliments = [text for _, _, text in WEBSITE_SPAM]
    assert not authored_keys() & {
        text_key(text) for text in [*CONTACT_SPAM, *CIVIL_PHONES, *CIVIL_FIGURES, *PRODUCT_SPAM, *compliments]
    }


def test_spam_giving_only_a_phone_number_or_an_address_is_never_approved(site: TestClient) -> None:
    approved = _approved(site, CONTACT_SPAM)
    assert not approved, approved


def test_readers_giving_a_helpline_or_a_town_halls_number_are_approved(site: TestClient) -> None:
    held = _held(site, CIVIL_PHONES)
    assert len(held) <= MAX_CIVIL_HELD, held


def test_readers_quoting_budgets_salaries_and_years_are_approved(site: TestClient) -> None:
    # "175 000 000 000 dollars" was read as a phone number the site never approved and held (`unseen_phone`); the
    # model itself may hold MAX_FIGURES_HELD
    held = _held(site, CIVIL_FIGURES)
    assert len(held) <= MAX_FIGURES_HELD, held


def test_product_ads_dressed_as_testimonies_are_never_approved(site: TestClient) -> None:
    # by scores and cuts alone 2026.12.06-17 approves two of them with the blog's cut (0.584): the anti-ageing cream ad
    # (spam 0.42) and the followers shop (0.44), both linking to a shop the site never approved (`unseen_link`)
    approved = _approved(site, PRODUCT_SPAM)
    assert not approved, approved


def _signed(site: TestClient, *, with_website: bool) -> list[tuple[str, str, list[str]]]:
    """Each compliment posted once, signed as the spammer signs it (keyword name, its site) or by a reader with no
    website: (text, status, reason codes)."""
    out = []
    for i, (name, website, text) in enumerate(WEBSITE_SPAM):
        author, url = (name, website) if with_website else ("Claire Martin", "")
        body = comment_fields(
            comment=text, author=author, email=f"c.martin{i}@orange.fr", url=url, comment_post_ID="7",
            user_ip=f"198.51.100.{i + 1}", permalink="https://journal.example.fr/2026/12/article/",
        )  # fmt: skip
        response = site.post("/v1/comments", json=body)
        assert response.status_code == 201, response.text
        answer = response.json()
        out.append((text, answer["status"], [reason["code"] for reason in answer["reasons"]]))
    return out


def test_a_generic_compliment_signed_with_a_website_the_site_never_approved_is_held(site: TestClient) -> None:
    # the payload of most WordPress comment spam is the author link: the words are any reader's, and score low
    signed = _signed(site, with_website=True)
    approved = [text for text, status, _ in signed if status == "approved"]
    assert len(approved) <= MAX_WEBSITE_SPAM_APPROVED, approved
    assert sum("unseen_website" in codes for _, _, codes in signed) >= len(WEBSITE_SPAM) // 2
    # the same compliments from a reader who gives no website are a reader's (2026.12.07-1 held one: its spam head
    # learned the compliments of authored spam signed with a shop's site; -2 learns no row whose payload is the site)
    plain = [text for text, status, _ in _signed(site, with_website=False) if status != "approved"]
    assert not plain, plain

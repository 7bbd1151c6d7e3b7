"""Commerce words in a website or a name: spam sites' addresses, not readers' names and hosts."""

from __future__ import annotations

import pytest

from moderation.scoring.base import Submission
from moderation.scoring.commerce import commercial_name, commercial_website
from moderation.scoring.metadata import METADATA_FEATURES, metadata_values, shop_signature
from moderation.site.memory import Findings


@pytest.mark.parametrize(
    "url",
    [
        "https://casino-bonus-fr.com",
        "http://www.best-loans-now.com/?ref=12",
        "https://bestessays.com",  # a short word at a run's start
        "cheapnfljerseys.us",  # a long word anywhere
        "https://buyviagraonline.net",
        "https://onlineshop.fr",  # a shop's name ending
        "https://slots-paradise.bet",
        "https://tinyurl.com/win2026",
        "https://free-bets.co.uk",
        "https://cheap-loans.wordpress.com",  # a platform's page named for its payload
    ],
)
def test_a_spam_sites_address_is_commercial(url: str) -> None:
    assert commercial_website(url)


@pytest.mark.parametrize(
    ("url", "author"),
    [
        # "rank" in Frank read this LinkedIn profile as a shop: +1.7 on the spam head's logit
        ("https://www.linkedin.com/in/frank-bernard", "Frank Bernard"),
        ("https://www.linkedin.com/in/frank-bernard", ""),
        ("http://tleroy.free.fr", "Thomas Leroy"),  # Free's personal pages
        ("http://tleroy.free.fr", ""),
        ("https://elisabeth-dargent.fr", "Élisabeth Dargent"),  # "bet", "argent"
        ("https://goodwin-family.org", ""),  # "win"
        ("https://updating-linux.org", ""),  # "dating"
        ("https://winstonsmith.me", "Winston Smith"),  # the reader's own name
        ("https://johnwalker.substack.com", "John Walker"),
        ("https://github.com/ofontaine", "Olivier Fontaine"),
    ],
)
def test_a_readers_own_site_is_not_commercial(url: str, author: str) -> None:
    assert not commercial_website(url, author)


def test_a_name_that_is_a_commerce_word_is_not_taken_out_of_the_website() -> None:
    # a keyword author signing with the same keyword site stays commercial
    assert commercial_website("https://cheap-essays.com", "Cheap Essays")
    assert commercial_website("https://bestloans.net", "Best Loans")


@pytest.mark.parametrize("name", ["Frank Bernard", "Élisabeth Borne", "Bettina Müller", "Tom Goodwin", "Loane Le Gall"])
def test_readers_names_are_not_commercial(name: str) -> None:
    assert not commercial_name(name)


@pytest.mark.parametrize("name", ["Cheap Essays", "Casino Bonus", "BestLoans", "Free Bets"])
def test_keyword_names_are_commercial(name: str) -> None:
    assert commercial_name(name)


def test_the_spam_heads_column_reads_the_readers_site_as_personal() -> None:
    text = "Le SMIC est à 1 398 € net par mois, comment vivre avec ça à Paris ?"
    reader = Submission(text=text, author="Frank Bernard", url="https://www.linkedin.com/in/frank-bernard")
    shop = Submission(text=text, author="Frank Bernard", url="https://best-deals-shop.online")
    assert dict(zip(METADATA_FEATURES, metadata_values(reader, "fr"), strict=True))["url_field_commercial"] == 0.0
    assert dict(zip(METADATA_FEATURES, metadata_values(shop, "fr"), strict=True))["url_field_commercial"] == 1.0


def test_only_the_first_characters_of_a_field_are_read() -> None:
    assert commercial_website("https://example.com/" + "a" * 100_000 + "casino") is False  # past MAX_FIELD
    assert commercial_website("https://example.com/casino" + "a" * 100_000) is True
    assert commercial_name("Jean " * 100 + "Casino") is False


@pytest.mark.parametrize(
    ("url", "author", "shop"),
    [
        ("https://www.axa-assurance-lyon.fr", "Paul Girard", True),  # a commerce word
        ("https://amis-du-vieux-lyon.xyz", "Paul Girard", True),  # a top-level domain spam favours
        ("https://fast-help-now.com", "Payday Loans Online", True),  # a keyword for a name
        ("https://www.linkedin.com/in/frank-bernard", "Frank Bernard", False),
        ("https://plombier-lyon.fr", "Jean", False),  # a trade, not a commerce word: the praise rule's to read
        ("", "Payday Loans Online", False),  # no website signed: nothing for the site memory to hold
    ],
)
def test_a_shop_signature_is_a_commerce_word_a_spam_tld_or_a_keyword_name(url: str, author: str, shop: bool) -> None:
    assert shop_signature(url, author) is shop


def test_the_site_memory_holds_a_shop_signature_from_the_sites_spam_score() -> None:
    findings = Findings(unseen_website="axa-assurance-lyon.fr")
    cuts = {"unseen_link_spam_score": 0.3, "unseen_phone_spam_score": 0.25}

    def codes(spam_score: float | None, *, shop: bool, from_score: float) -> list[str]:
        verdicts = findings.verdicts(
            spam_score=spam_score, commercial_site=shop, commercial_site_spam_score=from_score, **cuts
        )
        return [reason.code for _, reason in verdicts]

    assert codes(0.01, shop=True, from_score=0.0) == ["commercial_website"]  # the default: whatever the score
    assert codes(None, shop=True, from_score=0.0) == ["commercial_website"]  # rules only: no score to wait for
    assert codes(0.4, shop=True, from_score=0.5) == []
    assert codes(0.6, shop=True, from_score=0.5) == ["commercial_website"]
    assert codes(1.0, shop=True, from_score=1.0) == []  # 1: the rule is off, even for a saturated score
    assert codes(0.9, shop=False, from_score=0.0) == []  # a reader's own site
    assert Findings().verdicts(spam_score=0.9, commercial_site=True, **cuts) == []  # a website the site approved

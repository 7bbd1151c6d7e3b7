"""The authored sales to readers: readers on buying, selling and trades (genuine), the same talk followed by the
commenter's own sale with nothing to follow in the text (spam)."""

from __future__ import annotations

import math

from moderation.scoring.base import Submission
from moderation.scoring.links import find_links
from moderation.scoring.metadata import phone_count
from moderation.scoring.spam_signals import private_sale_value
from tests.support.authored import word_runs
from training.data import TOXICITY_HEADS
from training.news_readers import SOFT_OFFERS
from training.synthetic import _EN_PRIVATE_SALES, _EN_SALE_TALK, _FR_PRIVATE_SALES, _FR_SALE_TALK, private_sale_records

SALES = (*_FR_PRIVATE_SALES, *_EN_PRIVATE_SALES)


def test_the_sales_carry_nothing_to_follow_and_the_readers_sell_nothing() -> None:
    rows = private_sale_records()
    ham = [r for r in rows if r.labels["spam"] == 0]
    spam = [r for r in rows if r.labels["spam"] == 1]
    assert len(ham) == len(spam) == 200 and {r.language for r in rows} == {"fr", "en"}
    assert all(not find_links(r.text) and not phone_count(r.text) and "@" not in r.text for r in rows)
    openings = [sale.split("{")[0] for sale in SALES]  # each sale's words up to its first filled field
    assert all(any(opening in r.text for opening in openings) for r in spam)
    assert not any(opening in r.text for r in ham for opening in openings)
    assert all(math.isnan(r.labels[head]) for r in rows for head in TOXICITY_HEADS)


def test_a_reader_s_line_says_what_they_sell_or_asks_others_to_act_never_both() -> None:
    # the column reads the two together: each line of the readers' talk alone never fires it, each sale does
    assert not any(private_sale_value(Submission(text=line)) for line in (*_FR_SALE_TALK, *_EN_SALE_TALK))
    assert all(private_sale_value(Submission(text=sale.format(city="Lille", topic="Gaza"))) for sale in SALES)


def test_the_sales_are_not_the_check_set_s_words() -> None:
    # soft_offers.txt measures the lesson on sales written before these: no run of five words in common
    check = set().union(*(word_runs(text, 5) for text in SOFT_OFFERS))
    assert not [sale for sale in SALES if word_runs(sale, 5) & check]

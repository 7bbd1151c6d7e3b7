"""The authored money talk: readers' pay, rent and bills as genuine comments, the same talk opening an offer as spam."""

from __future__ import annotations

import math
import re

from moderation.scoring.links import find_links
from moderation.scoring.metadata import phone_count
from training.data import TOXICITY_HEADS
from training.synthetic import money_records

_AMOUNT = re.compile(r"[$£€]\s?\d|\d\s?(?:€|euros)")


def test_readers_talk_money_with_no_offer_and_the_spam_carries_one() -> None:
    rows = money_records()
    ham = [r for r in rows if r.labels["spam"] == 0]
    spam = [r for r in rows if r.labels["spam"] == 1]
    assert len(ham) == len(spam) == 200 and {r.language for r in rows} == {"fr", "en"}
    assert all(_AMOUNT.search(r.text) for r in ham)  # every genuine comment names an amount, as spam does
    assert all(not find_links(r.text) and not phone_count(r.text) for r in ham)
    # the offer decides: a link, a number to call, or a company promising returns
    assert all(find_links(r.text) or phone_count(r.text) or "guaranteed" in r.text or "garantis" in r.text
               for r in spam)  # fmt: skip
    # spam label only: the toxicity heads train on the rows they trained on before
    assert all(math.isnan(r.labels[head]) for r in rows for head in TOXICITY_HEADS)  # unlabelled

"""The authored support stories: a brand's support told with no line to call (genuine), and with one (spam)."""

from __future__ import annotations

import math
import re

from moderation.scoring.metadata import phone_count
from training.data import TOXICITY_HEADS
from training.news_readers import SUPPORT_READERS
from training.synthetic import _SUPPORT_BRANDS, support_records

_SUPPORT = re.compile(
    r"support|service|assistance|hotline|helpline|customer care|NHS 111|3114|fraud line|opposition", re.IGNORECASE
)


def test_the_scams_give_a_number_to_call_and_the_readers_mostly_none() -> None:
    rows = support_records()
    ham = [r for r in rows if r.labels["spam"] == 0]
    spam = [r for r in rows if r.labels["spam"] == 1]
    assert len(ham) == len(spam) == 200 and {r.language for r in rows} == {"fr", "en"}
    assert all(phone_count(r.text) for r in spam)
    # a few readers give a public line's number (a bank's fraud line): a number alone is no scam
    assert 0 < sum(bool(phone_count(r.text)) for r in ham) < 40
    assert all(_SUPPORT.search(r.text) for r in rows)  # both sides name a support in the same words
    assert all(math.isnan(r.labels[head]) for r in rows for head in TOXICITY_HEADS)  # spam label only


def test_the_check_sets_brands_are_not_the_training_rows_brands() -> None:
    # support_readers.txt measures whether the lesson carries to other brands: none of its brands is trained on
    check = " ".join(SUPPORT_READERS)
    assert not [brand for brand in _SUPPORT_BRANDS if re.search(rf"\b{brand}\b", check)]

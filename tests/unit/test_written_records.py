"""The comments helpers wrote for training (training/written/): a kind of spam and readers on the same topics, line for
line, that differ in what the spam does and in nothing a real reader also varies in."""

from __future__ import annotations

import math
import re
import statistics
from pathlib import Path

import pytest

from moderation.scoring.links import find_links
from moderation.scoring.metadata import phone_count
from tests.support.authored import word_runs
from training.data import TOXICITY_HEADS, comment_lines
from training.written import PAIRS, WrittenPair, read_written, written_records

CHECKS = Path(__file__).parents[2] / "training" / "check_comments"
_AMOUNT = re.compile(r"\d[\d\s.,]*\s?(?:€|euros?\b|£|\$)|[€£$]\s?\d", re.IGNORECASE)


@pytest.mark.parametrize("pair", PAIRS, ids=lambda pair: pair.source)
def test_the_readers_match_the_spam_line_for_line_in_length_and_habits(pair: WrittenPair) -> None:
    spam, readers = read_written(pair.spam), read_written(pair.readers)
    assert len(spam) == len(readers) >= 80
    ratio = statistics.median(len(r) / len(s) for s, r in zip(spam, readers, strict=True))
    assert 0.8 <= ratio <= 1.25  # as long as the spam they face: length says nothing of the label
    for habit in ("!", "?", "€"):  # each habit's share within 15 points on both sides
        shares = [sum(habit in line for line in lines) / len(lines) for lines in (spam, readers)]
        assert abs(shares[0] - shares[1]) <= 0.15, (habit, shares)
    lowercase = [sum(line == line.lower() for line in lines) / len(lines) for lines in (spam, readers)]
    assert abs(lowercase[0] - lowercase[1]) <= 0.1
    # readers talk money too (a pension, a rent, a price): with amounts in the spam alone, « Avec 1 200 € de retraite,
    # je paie 650 € de loyer. » scored spam 0.37 (0.17 before the written pairs)
    amounts = [sum(bool(_AMOUNT.search(line)) for line in lines) / len(lines) for lines in (spam, readers)]
    assert abs(amounts[0] - amounts[1]) <= 0.08, amounts


def test_nothing_in_the_text_to_follow_and_every_commenter_drawn_one_way() -> None:
    rows = written_records()
    linkless = {pair.source for pair in PAIRS if not pair.links}
    assert all(not find_links(r.text) and "@" not in r.text for r in rows if r.source in linkless)
    phones = [
        sum(phone_count(r.text) for r in rows if r.labels["spam"] == label and r.source in linkless) for label in (0, 1)
    ]
    assert phones[0] == phones[1] <= 2  # "110000 km" on both sides of one pair: no number to call in any sale
    assert {r.language for r in rows} == {"fr", "en"}
    hosts = [{r.email.split("@")[-1] for r in rows if r.labels["spam"] == label and r.email} for label in (0, 1)]
    assert len(hosts[0] & hosts[1]) >= 5  # the same providers on both sides
    assert all(r.use == "train" for r in rows)
    assert all(math.isnan(r.labels[head]) for r in rows for head in TOXICITY_HEADS)
    assert [r.text for r in written_records(fast=True)] == [r.text for r in written_records(fast=True)]


def test_where_the_spam_carries_links_the_readers_carry_some_too() -> None:
    # a link alone must not read as spam: readers cite a video, an article, Wikipedia
    pairs = [pair for pair in PAIRS if pair.links]
    sides = [[text for pair in pairs for text in read_written(pair.spam if spam else pair.readers)] for spam in (1, 0)]
    shares = [sum(bool(find_links(text)) for text in lines) / len(lines) for lines in sides]
    assert shares[1] >= 0.08 and shares[0] <= 0.5, shares


def test_no_written_comment_shares_eight_words_in_a_row_with_a_check_set() -> None:
    # the check sets measure what the written comments teach: a shared run of eight words would be an echo
    lines = [line for path in sorted(CHECKS.glob("*.t*")) for line in comment_lines(path)]
    checks = set().union(*(word_runs(line, 8) for line in lines))
    written = [text for pair in PAIRS for name in (pair.spam, pair.readers) for text in read_written(name)]
    assert not [text for text in written if word_runs(text, 8) & checks]

"""The authored outreach: readers on what it sells (genuine), the same talk followed by a firm's offer (spam)."""

from __future__ import annotations

import math
import re

from moderation.scoring.links import find_links
from moderation.scoring.metadata import phone_count
from training.data import TOXICITY_HEADS
from training.synthetic import _EN_OUTREACH, _FR_OUTREACH, outreach_records

_GREETING = re.compile(r"^(?:Bonjour|Hello|Hi)\b")
_FREE = re.compile(r"\b(?:gratuit|free)\b", re.IGNORECASE)


def test_the_offers_carry_nothing_to_follow_and_the_readers_offer_nothing() -> None:
    rows = outreach_records()
    ham = [r for r in rows if r.labels["spam"] == 0]
    spam = [r for r in rows if r.labels["spam"] == 1]
    assert len(ham) == len(spam) == 200 and {r.language for r in rows} == {"fr", "en"}
    # what the check set measures: no link, number or address in the text, on either side
    assert all(not find_links(r.text) and not phone_count(r.text) and "@" not in r.text for r in rows)
    assert all(any(offer in r.text for offer in (*_FR_OUTREACH, *_EN_OUTREACH)) for r in spam)
    assert not any(offer in r.text for r in ham for offer in (*_FR_OUTREACH, *_EN_OUTREACH))
    # spam label only: the toxicity heads train on the rows they trained on before
    assert all(math.isnan(r.labels[head]) for r in rows for head in TOXICITY_HEADS)


def test_what_readers_also_write_is_no_tell_of_outreach() -> None:
    rows = outreach_records()
    for label in (0, 1):
        side = [r.text for r in rows if r.labels["spam"] == label]
        assert sum(bool(_GREETING.match(text)) for text in side) >= 10  # both sides greet the desk
        assert sum(bool(_FREE.search(text)) for text in side) >= 5  # "gratuit" / "free" on both sides
    # no offer says it: a build whose offers said « devis gratuit » held a helpline comment (docs/models.md, -14)
    assert not any(_FREE.search(offer) for offer in (*_FR_OUTREACH, *_EN_OUTREACH))

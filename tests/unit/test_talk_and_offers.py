"""Every authored "talk and offers" set: genuine readers and spam drawn from one identity distribution, stable rows."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from training.data import Record
from training.synthetic import (
    money_records,
    offer_records,
    outreach_records,
    private_sale_records,
    promotion_records,
    support_records,
)

GENERATORS: dict[str, Callable[..., list[Record]]] = {
    "money": money_records,
    "offers": offer_records,
    "promotion": promotion_records,
    "outreach": outreach_records,
    "support": support_records,
    "private_sales": private_sale_records,
}


@pytest.mark.parametrize("name", GENERATORS)
def test_both_sides_draw_the_commenter_the_same_way_and_the_rows_are_stable(name: str) -> None:
    generate = GENERATORS[name]
    rows = generate()
    hosts = [{r.email.split("@")[-1] for r in rows if r.labels["spam"] == label and r.email} for label in (0, 1)]
    assert len(hosts[0] & hosts[1]) >= 5  # the same providers on both sides: an e-mail says nothing of the label
    assert [r.text for r in generate(n=20)] == [r.text for r in generate(n=20)]

"""The masked e-mail a record keeps reads, to the spam model and to moderators, as the full address did."""

from __future__ import annotations

import pytest

from moderation.review.explanations import email_domain
from moderation.scoring.base import Submission
from moderation.scoring.metadata import metadata_values
from moderation.storage.records import CommentRecord, masked_email

ADDRESSES = [
    "claire@exemple.fr",
    "Jean.Dupont1984@GMAIL.com",
    "bot12@spam.example",
    "a1b2c3@site-promo.biz",
    "ab@",
    "sans-arobase",
    "  Zoé.Martin@Exemple.FR  ",
    "",
]


@pytest.mark.parametrize("address", ADDRESSES)
def test_the_masked_address_gives_the_spam_features_the_full_address_gave(address: str) -> None:
    url = "https://exemple.fr/boutique" if "exemple" in address.lower() else ""
    full = Submission(text="Bel article", author="Lecteur", email=address, url=url)
    masked = Submission(text="Bel article", author="Lecteur", email=masked_email(address), url=url)

    assert metadata_values(full, "fr") == metadata_values(masked, "fr")
    assert email_domain(masked_email(address)) == email_domain(address)


def test_the_masked_address_keeps_no_letter_or_digit_of_the_local_part() -> None:
    assert masked_email("Jean.Dupont1984@gmail.com") == "•••123@gmail.com"
    assert masked_email("claire@exemple.fr") == "•••@exemple.fr"
    assert masked_email("") == ""


def test_a_record_stored_before_masking_is_read_with_its_address_masked() -> None:
    legacy = {"id": "c1", "status": "approved", "created_at": "1", "updated_at": "1", "email": "lea.2001@exemple.fr"}

    record = CommentRecord.from_redis(legacy)

    assert record.email_masked == "•••123@exemple.fr"
    assert "email" not in record.to_redis()

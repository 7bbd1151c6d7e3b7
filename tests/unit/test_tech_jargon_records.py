"""The authored technical comments whose jargon sounds violent: civil on every toxicity head, in both languages."""

from __future__ import annotations

from training.data import TOXICITY_HEADS
from training.tech_jargon import jargon_records


def test_every_comment_is_civil_on_every_toxicity_head_and_not_spam() -> None:
    rows = jargon_records()
    assert len(rows) == 300 and {r.language for r in rows} == {"fr", "en"}
    for row in rows:
        assert all(row.labels[head] == 0 for head in TOXICITY_HEADS), row.text
        assert row.labels["spam"] == 0


def test_the_words_that_read_as_violence_elsewhere_are_the_ones_the_comments_use() -> None:
    texts = " ".join(r.text.lower() for r in jargon_records())
    for word in ("kill", "dies", "dead", "zombie", "fatal", "abort", "tuer", "meurt", "mort", "bête"):
        assert word in texts, word


def test_the_rows_are_the_same_at_every_call() -> None:
    assert [r.text for r in jargon_records(n=20)] == [r.text for r in jargon_records(n=20)]

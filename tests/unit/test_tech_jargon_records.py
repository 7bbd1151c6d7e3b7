"""The authored technical comments (violent-sounding jargon, questions with pasted output): civil and genuine."""

from __future__ import annotations

from moderation.scoring.metadata import phone_count
from training.data import TOXICITY_HEADS
from training.tech_jargon import jargon_records, question_records


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


def test_questions_paste_what_the_machine_printed_on_lines_of_their_own_and_are_genuine() -> None:
    rows = question_records()
    assert len(rows) == 300 and {r.language for r in rows} == {"fr", "en"}
    assert all(r.labels["spam"] == 0 and all(r.labels[h] == 0 for h in TOXICITY_HEADS) for r in rows)
    pasted = [r.text for r in rows if "\n" in r.text]
    assert len(pasted) > 150  # most are questions with their command's output below them
    assert all(not phone_count(text) for text in pasted)  # addresses, ports and exit codes are no phone numbers
    assert [r.text for r in question_records(n=20)] == [r.text for r in question_records(n=20)]

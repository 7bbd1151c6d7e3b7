"""The French and English tables: a reader or moderator never meets a missing text or a broken placeholder."""

from __future__ import annotations

import string

import pytest

from moderation.i18n import LANGS, Lang, text, texts, translate
from moderation.reasons import Reason
from moderation.review.texts import page_texts


def _placeholders(value: str) -> set[tuple[str, str]]:
    """The `{name:spec}` fields a text is formatted with."""
    return {(name, spec or "") for _, name, spec, _ in string.Formatter().parse(value) if name is not None}


def test_every_key_of_every_section_exists_in_both_languages() -> None:
    french, english = texts("fr"), texts("en")
    assert set(french) == set(english) == {"messages", "heads", "reason_labels", "page", "outcome"}
    for section in french:
        only_french = set(french[section]) - set(english[section])
        only_english = set(english[section]) - set(french[section])
        assert not only_french and not only_english, (section, only_french, only_english)


def test_each_text_has_the_same_placeholders_in_both_languages() -> None:
    french, english = texts("fr"), texts("en")
    mismatched = [
        (section, key, french[section][key], english[section][key])
        for section in french
        for key in french[section]
        if _placeholders(french[section][key]) != _placeholders(english[section][key])
    ]
    assert mismatched == []


def test_no_text_is_empty() -> None:
    empty = [(lang, section, key) for lang in LANGS for section, entries in texts(lang).items()
             for key, value in entries.items() if not value.strip()]  # fmt: skip
    assert empty == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_message_formats_with_its_own_placeholders(lang: Lang) -> None:
    for code, message in texts(lang)["messages"].items():
        params: dict[str, object] = {name: 0.5 if spec else "x" for name, spec in _placeholders(message)}
        assert "{" not in translate(code, lang, **params), code


def test_the_three_readers_of_the_tables_answer_from_the_same_table() -> None:
    # API errors and reasons (i18n.translate), the moderators' page (review/texts.py), the form's outcome page
    assert translate("flood", "fr") == text("fr", "messages", "flood") == texts("fr")["messages"]["flood"]
    assert translate("model_hold", "fr", label="toxicity") == "En attente de relecture : propos injurieux."
    assert Reason("campaign", "site", params={"count": 3}).label("en") == "spam: campaign (3 alike)"
    assert page_texts("en")["title"] == "Moderation queue"
    assert page_texts("fr") == dict(texts("fr")["page"])
    assert text("fr", "outcome", "back") == "« Retour"


def test_an_unknown_code_reads_as_itself() -> None:
    assert translate("no_such_code", "en") == "no_such_code"
    assert text("en", "messages", "no_such_code") is None

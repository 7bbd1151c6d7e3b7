"""The language guess: French and English from function words, elisions and accents; `und` when unsure."""

from __future__ import annotations

import pytest

from moderation.scoring.language import UNDETERMINED, detect_language, resolve_language
from moderation.scoring.normalize import normalize_text
from moderation.scoring.wordlists import words


def guess(text: str) -> str:
    return detect_language(normalize_text(text))


@pytest.mark.parametrize(
    "text",
    [
        "Merci !",
        "Très juste.",
        "C’est nul.",
        "Ça fait plaisir.",
        "Quel dossier !",
        "Du fond du cœur, merci",
        "Les Ukrainiens se battent avec un courage incroyable. Respect.",
        "Article intéressant, merci.",
    ],
)
def test_short_french_comments_are_french(text: str) -> None:
    assert guess(text) == "fr"


@pytest.mark.parametrize(
    "text",
    [
        "Great piece.",
        "Well said",
        "I don't agree.",
        "Thanks!",
        "I hate war. I hate that civilians always pay the price.",
    ],
)
def test_short_english_comments_are_english(text: str) -> None:
    assert guess(text) == "en"


@pytest.mark.parametrize("text", ["Excellent dossier, bravo.", "Bravo", "Ok", "👍👍", "2026 !"])
def test_comments_without_french_or_english_evidence_are_undetermined(text: str) -> None:
    assert guess(text) == UNDETERMINED


@pytest.mark.parametrize(
    "text",
    [
        "Das ist sehr gut, danke schön für den Artikel heute",
        "Mañana será otro día",
        "Dziękuję bardzo",
        "مرحبا بكم في الموقع",
    ],
)
def test_other_languages_are_other(text: str) -> None:
    assert guess(text) == "other"


def test_undetermined_falls_back_to_the_sites_language_and_a_detected_one_is_kept() -> None:
    assert resolve_language(UNDETERMINED, "en") == "en"
    assert resolve_language("fr", "en") == "fr"
    assert resolve_language("other", "fr") == "other"


@pytest.mark.parametrize("name", ["stopwords-fr", "stopwords-en", "markers-fr", "markers-en"])
def test_word_lists_are_lower_case_single_words_without_duplicates(name: str) -> None:
    from importlib import resources

    lines = resources.files("moderation.scoring.wordlists").joinpath(f"{name}.txt").read_text("utf-8").splitlines()
    assert lines[0].startswith("# ") and any("Source:" in line or "Licence:" in line for line in lines[:4])
    entries = [line for line in lines if line and not line.startswith("#")]
    assert len(entries) == len(set(entries)) == len(words(name))
    assert all(entry == entry.strip().lower() and " " not in entry for entry in entries)

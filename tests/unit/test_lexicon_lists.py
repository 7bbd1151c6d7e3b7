"""The lexicon's word lists are data files, and they are the very lists the served model's features were built from."""

from __future__ import annotations

import hashlib
from importlib import resources

import pytest

from moderation.scoring import wordlists
from moderation.scoring.characters import fold_accents
from moderation.scoring.lexicon import LEXICON_FEATURES, group_derogation_value, lexicon_values
from moderation.scoring.normalize import normalize_text

#: Each list's entries (in file order, joined by newlines): count and sha256, as the Python literals they replaced
#: held them. The shipped model was trained with these lists; a change to one changes its features: retrain.
TRAINED_LISTS = {
    "profanity-en": (64, "41ca53e2869b8c369a622e98904fbd33444dc97329d61fd0c7b98922a3eacba9"),
    "insults-en": (38, "cd6ed828aaca9ee4e6d56b684d8cdaa7fc1b418b74216b4943aac0cc09a8c199"),
    "slurs-en": (33, "8dc2ae597e339797be2482fe69c8466fc2a7addb078b22bef2b2a14e6b74bca1"),
    "profanity-fr": (70, "1cc7e6b9af5ba68b95a4bbeb36fbc93931f315a120a10fe9b99b9ceee3c42a09"),
    "insults-fr": (64, "41e3a8d301ed1f2e2ae934b5539847aa636eecece2f1d1f1a1ad6c8548a34168"),
    "slurs-fr": (27, "7f9cf3e6d6da1cf31cc2e3b5c3deb0ff481cb949d19b0eeb2f6a4cf9a846c9b4"),
    "threat-phrases": (37, "2fb48e0c3cb6a12c4bdb37b3e62fad2e58cabe97565447bd8aa01b08bfd8fab8"),
    "second-person": (22, "ecd94a6207d6fc33f306a58bfd4c1b5631ad4ba908dc9541b6acd6661ed840f2"),
    "groups": (88, "606fbd94b7b5a8e57c3b38bc257ee915cb7437cdfb9b0c39d92cd8174411504e"),
    "derogatory": (113, "5d5ef96a65823057b70be9381594b756eb5298da1dda31feaabc3ff5cdbefac9"),
}


def _lines(name: str) -> list[str]:
    return resources.files("moderation.scoring.wordlists").joinpath(f"{name}.txt").read_text("utf-8").splitlines()


@pytest.mark.parametrize("name", sorted(TRAINED_LISTS))
def test_each_lexicon_list_is_the_one_the_model_was_trained_with(name: str) -> None:
    lines = _lines(name)
    assert lines[0].startswith("# ") and any("Source:" in line for line in lines[:6])
    entries = [line for line in lines if line and not line.startswith("#")]
    assert all(entry == entry.strip() for entry in entries)
    count, digest = TRAINED_LISTS[name]
    assert (len(entries), hashlib.sha256("\n".join(entries).encode()).hexdigest()) == (count, digest)


def _features(text: str) -> dict[str, float]:
    return dict(zip(LEXICON_FEATURES, lexicon_values(fold_accents(normalize_text(text))), strict=True))


def test_the_lexicon_counts_words_from_each_list_in_its_own_column() -> None:
    # one entry of each file, read through the lexicon: the files are what it loads
    assert _features("what a fucking mess")["lex_en_profanity"] > 0
    assert _features("you are a moron")["lex_en_insult"] > 0
    assert _features("quel bordel, putain")["lex_fr_profanity"] > 0
    assert _features("quel abruti")["lex_fr_insult"] > 0
    assert _features("sale bougnoul")["lex_slur"] > 0
    assert _features("je vais te retrouver")["lex_threat"] > 0


def test_a_second_person_word_before_an_insult_makes_it_targeted() -> None:
    assert _features("espèce de connard")["lex_targeted"] > 0
    assert _features("ce connard de voisin")["lex_targeted"] == 0
    assert _features("Merci pour cet article très clair.")["lex_any"] == 0


def _group(text: str) -> float:
    return group_derogation_value(fold_accents(normalize_text(text)))


def test_a_group_given_a_vile_nature_fills_the_group_column_and_a_group_in_the_news_does_not() -> None:
    assert _group("Les migrants sont des parasites, tous sans exception.") > 0
    assert _group("Ces parasites d'immigrés profitent de tout.") > 0  # the word before the group, close
    assert _group("W0men are a burd3n on everyone.") > 0  # read as the featuriser reads it
    # the group alone, the word alone, or the two far apart: nothing
    assert _group("Les migrants secourus en mer ont été débarqués à Lampedusa.") == 0
    assert _group("Les terroristes du Hamas ont revendiqué l'attaque.") == 0
    assert _group("Women reporters covered the front line for months, and wrote about the rats in the trenches.") == 0
    # two groups each given a vile nature count twice
    assert _group("Les juifs sont des rats et les musulmans des cafards.") > _group("Les juifs sont des rats.")


def test_every_expletive_is_a_profanity_word_the_lexicon_counts() -> None:
    # `profanity_alone` approves a comment whose lexicon words are all expletives: an expletive the lexicon does not
    # count would never be seen there
    assert wordlists.words("expletives") <= wordlists.words("profanity-en") | wordlists.words("profanity-fr")

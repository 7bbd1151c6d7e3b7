"""Small, fast language guess (fr / en / other) from stopwords and French letters."""

from __future__ import annotations

import re

LANGUAGES: tuple[str, ...] = ("fr", "en", "other")

_FR_WORDS = frozenset(
    """le la les un une des du de et est sont je tu il elle nous vous ils elles on ne pas que qui quoi
    dans pour par sur avec sans mais ou donc ni car ce cette ces mon ma mes ton ta tes son sa ses leur
    leurs au aux suis es était être avoir ai as avait fait plus moins très tout tous toute toutes bien
    aussi comme quand si y en c'est n'est j'ai qu'il qu'on d'un d'une l'on cela ça ici oui non merci
    encore alors même déjà toujours jamais rien faut peut veut trop chez entre contre après avant
    depuis pendant sous vers vos nos notre votre lui eux moi toi t'es t'as j'suis c'était quel quelle""".split()
)
_EN_WORDS = frozenset(
    """the a an and is are was were be been being i you he she it we they me him her us them my your his
    its our their this that these those of to in for on with at by from as but or not no so if then
    than too very just have has had do does did will would can could should what which who whom when
    where why how all any some more most other such only own same into over under again further once
    here there about against between through during before after above below up down out off i'm
    it's don't can't you're that's there's isn't doesn't yes thanks please""".split()
)
# normalisation squeezes doubled letters ("elle" -> "ele"), so the lists are squeezed the same way
_FR_WORDS = frozenset(re.sub(r"(\w)\1+", r"\1", w) for w in _FR_WORDS)
_EN_WORDS = frozenset(re.sub(r"(\w)\1+", r"\1", w) for w in _EN_WORDS)
_WORD = re.compile(r"[a-zàâäçéèêëîïôöùûüÿœæ']+")
_FR_LETTERS = re.compile(r"[àâçéèêëîïôùûœ]")


def detect_language(normalized_text: str) -> str:
    """Return "fr", "en" or "other" for text already passed through `normalize_text`."""
    words = _WORD.findall(normalized_text[:2000])
    if not words:
        return "other"
    fr = sum(1 for w in words if w in _FR_WORDS)
    en = sum(1 for w in words if w in _EN_WORDS)
    fr += 0.5 * min(len(_FR_LETTERS.findall(normalized_text[:2000])), 4)
    if fr == 0 and en == 0:
        return "other"
    if max(fr, en) < 0.08 * len(words) and len(words) > 6:
        return "other"
    return "fr" if fr >= en else "en"

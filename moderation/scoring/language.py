"""Small, fast language guess (fr / en / other / und) from function words, elisions and accents.

Evidence per language: its stop words and short-comment markers (data files in `wordlists/`), French
elisions ("c'est", "l'armée", "qu'il"), English contractions ("don't", "it's") and French accented letters.
A comment with no evidence either way ("Excellent dossier, bravo.") is undetermined (`und`): the service
then uses the site's default language. Longer text in Latin letters with almost no French or English
function words, or text in another script, is `other`.
"""

from __future__ import annotations

import functools
import itertools
import re

from moderation.scoring.wordlists import normalized_words

LANGUAGES: tuple[str, ...] = ("fr", "en", "other", "und")
#: No evidence for French or English (a short comment of shared or unknown words): the site's default applies.
UNDETERMINED = "und"

#: How far into the text words are read.
_WINDOW = 2000
_WORD = re.compile(r"[a-z\u00c0-\u024f]+(?:['’][a-z\u00c0-\u024f]+)*")  # Latin letters, with elisions
_FR_LETTERS = re.compile(r"[àâçéèêëîïôùûœ]")
_OTHER_LATIN = re.compile(r"[áíóúñãõåäöøąćęłńśźżčďěňřšťůžđőű]")  # Spanish, Nordic, Central European...
_FR_ELISION = frozenset(["c", "d", "j", "l", "m", "n", "s", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"])
_EN_CONTRACTION = frozenset(["s", "t", "re", "ve", "l", "d", "m"])  # "ll" is squeezed to "l" by normalisation


@functools.cache
def _function_words() -> tuple[frozenset[str], frozenset[str]]:
    """Return the French and the English evidence words (stop words and markers), joined once per process."""
    fr = normalized_words("stopwords-fr") | normalized_words("markers-fr")
    en = normalized_words("stopwords-en") | normalized_words("markers-en")
    return fr, en


# `_WORD.findall` in two cheaper steps: the runs of letters and apostrophes (one character class, repeated, where
# `_WORD`'s repeated group costs re several times more per word), then, in the few runs holding an apostrophe, the
# words `_WORD` reads there: the pieces between runs of two or more apostrophes, without apostrophes at their ends.
_LETTERS_AND_APOSTROPHES = re.compile(r"[a-z\u00c0-\u024f'’]+")
_APOSTROPHE_RUN = re.compile(r"['’]{2,}")


def _words(window: str) -> tuple[list[str], list[str]]:
    """Return the words of `window` that `_WORD.findall` gives, split into those without and with an apostrophe."""
    runs = _LETTERS_AND_APOSTROPHES.findall(window)
    if "'" not in window and "’" not in window:
        return runs, []
    plain: list[str] = []
    elided: list[str] = []
    for run in runs:
        if "'" not in run and "’" not in run:
            plain.append(run)
            continue
        for piece in _APOSTROPHE_RUN.split(run) if "''" in run or "’" in run else (run,):
            word = piece.strip("'’")
            if word:
                (elided if "'" in word or "’" in word else plain).append(word)
    return plain, elided


def _evidence(plain: list[str], elided: list[str]) -> tuple[float, float]:
    fr_words, en_words = _function_words()
    # counted in C: each word is evidence for every list that holds it
    fr = float(sum(map(fr_words.__contains__, plain)))
    en = float(sum(map(en_words.__contains__, plain)))
    for token in elided:
        parts = token.replace("’", "'").split("'")  # as splitting at each of the two apostrophes
        if parts[0] in _FR_ELISION:
            fr += 1
        elif parts[-1] in _EN_CONTRACTION:
            en += 1
        for part in parts:
            fr += part in fr_words
            en += part in en_words
    return fr, en


def detect_language(normalized_text: str) -> str:
    """Return "fr", "en", "other" or "und" (undetermined) for text already passed through `normalize_text`."""
    window = normalized_text[:_WINDOW]
    plain, elided = _words(window)
    words = len(plain) + len(elided)
    if not words:
        # letters of another script (Arabic, CJK...) are another language; emoji or digits alone say nothing
        return "other" if any(ch.isalpha() for ch in window) else UNDETERMINED
    fr, en = _evidence(plain, elided)
    fr += 0.5 * sum(1 for _ in itertools.islice(_FR_LETTERS.finditer(window), 4))  # min(count, 4): stops at 4
    other_letters = len(_OTHER_LATIN.findall(window))
    if other_letters and other_letters >= fr + en:
        return "other"
    if max(fr, en) < 0.08 * words and words > 6:
        return "other"
    if fr == en:
        return UNDETERMINED
    return "fr" if fr > en else "en"


def resolve_language(detected: str, default: str) -> str:
    """Return the detected language, or `default` (the site's language) when detection was undetermined."""
    return default if detected == UNDETERMINED else detected

"""Rewrite text the way abusers dodge filters: leetspeak, spacing, look-alikes, zero-width, masking.

Used to build the obfuscated test sets of the robustness report, and to augment abusive training text.
"""

from __future__ import annotations

import random
import re

_LEET = {"a": "4", "e": "3", "i": "1", "o": "0", "s": "$", "t": "7"}
_LOOKALIKE = {"a": "а", "c": "с", "e": "е", "o": "о", "p": "р", "x": "х", "y": "у", "i": "і"}  # Cyrillic
_ZERO_WIDTH = ("\u200b", "\u200c", "\u200d", "\u2060")
_WORD = re.compile(r"[^\W\d_]{4,}")

STYLES: tuple[str, ...] = ("leet", "spacing", "lookalike", "zero_width", "masking", "fullwidth", "repeat")


def _leet(word: str, rng: random.Random) -> str:
    chars = list(word)
    inner = [i for i in range(1, len(chars) - 1) if chars[i].lower() in _LEET]
    for i in rng.sample(inner, k=min(len(inner), rng.randint(1, 2))):
        chars[i] = _LEET[chars[i].lower()]
    return "".join(chars)


def _spacing(word: str, rng: random.Random) -> str:
    return rng.choice((" ", ".", "-")).join(word)


def _lookalike(word: str, rng: random.Random) -> str:
    return "".join(_LOOKALIKE.get(c, c) if rng.random() < 0.6 else c for c in word)


def _zero_width(word: str, rng: random.Random) -> str:
    cut = rng.randint(1, len(word) - 1)
    return word[:cut] + rng.choice(_ZERO_WIDTH) + word[cut:]


def _masking(word: str, rng: random.Random) -> str:
    vowels = [i for i in range(1, len(word) - 1) if word[i].lower() in "aeiouéèy"]
    if not vowels:
        return word
    i = rng.choice(vowels)
    return word[:i] + "*" + word[i + 1 :]


def _fullwidth(word: str, rng: random.Random) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in word)


def _repeat(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word))
    return word[: i + 1] + word[i] * rng.randint(2, 4) + word[i + 1 :]


_REWRITERS = {
    "leet": _leet,
    "spacing": _spacing,
    "lookalike": _lookalike,
    "zero_width": _zero_width,
    "masking": _masking,
    "fullwidth": _fullwidth,
    "repeat": _repeat,
}


def obfuscate(text: str, rng: random.Random, *, rate: float = 0.5, styles: tuple[str, ...] = STYLES) -> str:
    """Rewrite about `rate` of the words of four letters or more, each with one random style."""

    def rewrite(match: re.Match[str]) -> str:
        if rng.random() >= rate:
            return match.group()
        return _REWRITERS[rng.choice(styles)](match.group(), rng)

    return _WORD.sub(rewrite, text)


def obfuscate_all(texts: list[str], *, seed: int = 99, rate: float = 0.5) -> list[str]:
    """Obfuscate many texts with one fixed seed."""
    rng = random.Random(seed)
    return [obfuscate(t, rng, rate=rate) for t in texts]

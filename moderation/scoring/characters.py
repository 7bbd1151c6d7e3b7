"""Step 1 of the normalisation, one character at a time, and accent folding.

Every character goes through NFKC and case folding; zero-width, format and control characters and combining
marks are dropped, whitespace becomes a space, and Cyrillic, Greek and enclosed (🅲🅾🅽) look-alike letters become
Latin (`CHAR_TABLE`, `map_characters`). `fold_accents` gives a same-length accent-less copy of a text.
"""

from __future__ import annotations

import functools
import re
import unicodedata

#: Largest growth of one input character: NFKC expands to at most 18 characters, case folding a
#: character to at most 3.
MAX_EXPANSION = 54

_LOOKALIKES: dict[str, str] = {
    # Cyrillic
    "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o", "р": "p",
    "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i", "ј": "j", "ԁ": "d",
    "ԛ": "q", "ԝ": "w", "һ": "h", "ɡ": "g", "ӏ": "l", "ь": "b", "з": "3", "п": "n", "и": "u",
    # Greek
    "α": "a", "β": "b", "γ": "y", "δ": "d", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v",
    "ο": "o", "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "ω": "w", "ς": "s", "σ": "o", "μ": "u",
    "ϲ": "c", "ϳ": "j",
    # Latin and symbols used as letters
    "ı": "i", "ł": "l", "ø": "o", "ð": "d", "ƒ": "f", "ʀ": "r", "ɪ": "i", "ᴀ": "a", "ʙ": "b",
    "ᴄ": "c", "ᴅ": "d", "ᴇ": "e", "ɢ": "g", "ʜ": "h", "ᴊ": "j", "ᴋ": "k", "ʟ": "l", "ᴍ": "m",
    "ɴ": "n", "ᴏ": "o", "ᴘ": "p", "ꜱ": "s", "ᴛ": "t", "ᴜ": "u", "ᴠ": "v", "ᴡ": "w", "ʏ": "y",
    "ᴢ": "z", "ß": "ss",
}  # fmt: skip
# Enclosed letters that NFKC leaves alone: negative circled (🅐), negative squared (🅰) and, for safety,
# squared (🄰) A-Z. Regional indicators are not mapped: in pairs they are flags (🇫🇷), not spelling.
_LOOKALIKES.update({chr(block + i): chr(ord("a") + i) for block in (0x1F130, 0x1F150, 0x1F170) for i in range(26)})


def _char_once(ch: str) -> str:
    """Map one character through NFKC, case folding and the look-alike table."""
    out: list[str] = []
    for c in unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", ch).casefold()):
        cat = unicodedata.category(c)
        if c in "\t\n\r\x0b\x0c" or cat == "Zs" or cat in ("Zl", "Zp"):
            out.append(" ")
        elif cat in ("Cc", "Cf", "Cs", "Co", "Cn", "Mn", "Me"):
            continue
        else:
            out.append(_LOOKALIKES.get(c, c))
    return "".join(out)


def _char_map(ch: str) -> str:
    """Map one character to its stable normalised form (a fixpoint of `_char_once`)."""
    current = _char_once(ch)
    for _ in range(4):
        again = "".join(_char_once(c) for c in current)
        if again == current:
            return current
        current = again
    return "".join(c for c in current if _char_once(c) == c)


class _CharTable(dict[int, str]):
    """A `str.translate` table filled lazily, one code point at a time."""

    def __missing__(self, key: int) -> str:
        value = _char_map(chr(key))
        if len(self) < 200_000:  # bound memory against adversarial input
            self[key] = value
        return value


CHAR_TABLE = _CharTable()


#: Control characters step 1 turns into a space (and `str.lower` keeps).
_SPACED_CONTROLS = "\t\n\r\x0b\x0c"


#: Where most comments' characters come from: Latin, general punctuation (’ “ ”) and currency signs (€). A text
#: with any other character (emoji, other scripts) is mapped through the table.
_PLAIN_BLOCKS = (range(0x250), range(0x2000, 0x2070), range(0x20A0, 0x20D0))


@functools.cache
def _table_needed() -> re.Pattern[str]:
    """A class of the characters step 1 may map otherwise than `str.lower` does (built on first use, ~20 ms)."""
    plain = "".join(
        c
        for block in _PLAIN_BLOCKS
        for c in map(chr, block)
        if len(c.lower()) == 1 and CHAR_TABLE[ord(c)] == c.lower() and unicodedata.category(c) != "Cs"
    )
    return re.compile(f"[^{re.escape(plain + _SPACED_CONTROLS)}]")


def map_characters(text: str) -> str:
    """Return `text.translate(CHAR_TABLE)` (step 1), as `str.lower` when no character needs the table.

    The table is read through a Python mapping, one look-up per character; most comments (French and English
    in Latin letters) map as their lower case, which `str.lower` gives in one C pass.
    """
    if _table_needed().search(text) is not None:
        return text.translate(CHAR_TABLE)
    lowered = text.lower()
    for control in _SPACED_CONTROLS:
        if control in lowered:
            lowered = lowered.replace(control, " ")
    return lowered


def _build_fold_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for code in range(0xC0, 0x250):
        ch = chr(code)
        base = unicodedata.normalize("NFD", ch)[0]
        if base != ch and base.isascii() and base.isalpha():
            table[code] = base.lower()
    return table


_FOLD = _build_fold_table()


_RE_FOLDABLE = re.compile("[\u00c0-\u024f]")


def _fold_one(match: re.Match[str]) -> str:
    ch = match.group()
    return _FOLD.get(ord(ch), ch)


def fold_accents(text: str) -> str:
    """Return `text` with Latin accents removed, keeping its length (so offsets stay valid)."""
    if text.isascii():
        return text
    return _RE_FOLDABLE.sub(_fold_one, text)

"""WordPress's discussion rules: link count and the moderation / disallowed word lists."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

# A link is an anchor tag or a bare URL; WordPress counts anchors, plain-text comments carry bare URLs.
_ANCHOR = re.compile(r"<a\s[^>]*href[^>]*>", re.IGNORECASE)
# One match per URL token, so "https://www.exemple.fr" counts once.
_BARE_URL = re.compile(r"(?:\bhttps?://|\bwww\.[^\s.<>]+\.)[^\s<>\"']*", re.IGNORECASE)


def fold(text: str) -> str:
    """Fold case and accents so "Crétin", "CRETIN" and "cretin" compare equal."""
    if text.isascii():  # NFKD leaves ASCII as it is and it has no combining marks: the common case, fast
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def count_links(text: str) -> int:
    """Count anchors and bare URLs in a comment."""
    anchors = len(_ANCHOR.findall(text))
    return anchors + len(_BARE_URL.findall(_ANCHOR.sub(" ", text)))


def first_listed_word(words: Sequence[str], fields: Iterable[str]) -> str | None:
    """Return the first list entry found inside any field (substring, case- and accent-insensitive)."""
    if not words:  # the usual empty list: folding every field for nothing dominated batch scoring
        return None
    folded_fields = [fold(field) for field in fields if field]
    for word in words:
        needle = fold(word.strip())
        if needle and any(needle in field for field in folded_fields):
            return word
    return None

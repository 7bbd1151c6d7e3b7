"""WordPress's discussion rules: link count and the moderation / disallowed word lists."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence

# A link is an anchor tag or a bare URL; WordPress counts anchors, plain-text comments carry bare URLs.
# An anchor is an `<a ...>` tag with `href` inside. The pattern matches every `<a ` tag, closed or not, in one
# pass that never gives back what it took (`*+`), and the code then looks for `href`: searching for `href`
# inside the pattern made each unclosed `<a ` rescan the rest of the comment (quadratic).
_A_TAG = re.compile(r"<a\s[^>]*+>?", re.IGNORECASE)
# One match per URL token, so "https://www.exemple.fr" counts once.
_BARE_URL = re.compile(r"(?:\bhttps?://|\bwww\.[^\s.<>]+\.)[^\s<>\"']*", re.IGNORECASE)
# A tag ends at the first ">" and cannot contain "<": each character is looked at once (linear time).
_TAG = re.compile(r"<[^<>]*>")


def fold(text: str) -> str:
    """Fold case and accents so "Crétin", "CRETIN" and "cretin" compare equal."""
    if text.isascii():  # NFKD leaves ASCII as it is and it has no combining marks: the common case, fast
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def count_links(text: str) -> int:
    """Count anchors and bare URLs in a comment."""
    anchors = 0

    def blank_anchor(match: re.Match[str]) -> str:
        nonlocal anchors
        tag = match.group()
        if tag.endswith(">") and "href" in tag.lower():
            anchors += 1
            return " "
        return tag

    without_anchors = _A_TAG.sub(blank_anchor, text)
    return anchors + len(_BARE_URL.findall(without_anchors))


def strip_tags(text: str) -> str:
    """Remove HTML tags, so "<b>half</b>way" reads "halfway" (WordPress's `wp_strip_all_tags`)."""
    return _TAG.sub("", text) if "<" in text else text


def fold_fields(fields: Iterable[str]) -> list[str]:
    """Fold each non-empty field once, for matching against both word lists.

    A field with HTML is matched both as sent and without its tags, as WordPress does (core ticket 37208):
    a word split by a tag ("<b>half</b>way") must not slip past the lists.
    """
    folded: list[str] = []
    for field in fields:
        if not field:
            continue
        folded.append(fold(field))
        stripped = strip_tags(field)
        if stripped != field:
            folded.append(fold(stripped))
    return folded


def first_listed_word(words: Sequence[str], folded_fields: Sequence[str]) -> str | None:
    """Return the first list entry found inside any folded field (substring, case- and accent-insensitive)."""
    for word in words:
        needle = _folded_entry(word)
        if needle and any(needle in field for field in folded_fields):
            return word
    return None


@functools.lru_cache(maxsize=4096)
def _folded_entry(word: str) -> str:
    # The lists are the same few strings for every comment: fold each once.
    return fold(word.strip())

"""WordPress's discussion rules: link count and the moderation / disallowed word lists."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from moderation.scoring.characters import fold_accents
from moderation.scoring.links import is_local_link
from moderation.scoring.model import MAX_INPUT_CHARS
from moderation.scoring.normalize import normalize_text

#: Longest folding of one character kept by `fold`: a longer NFKD expansion ("\ufdfa" is 18 characters)
#: becomes a space, so 65 KB of them cost what 65 KB of letters do. No listed word holds such a ligature.
MAX_FOLD_EXPANSION = 3

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
    # one table look-up per character, in C: NFKD, marks dropped and case folded per character give what they
    # give on the whole text (reordering only moves the marks that are dropped)
    return text.translate(_FOLD_TABLE)


class _FoldTable(dict[int, str]):
    """A `str.translate` table for `fold`, filled lazily; expansions past MAX_FOLD_EXPANSION become a space."""

    def __missing__(self, key: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(key))
        value = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
        if len(value) > MAX_FOLD_EXPANSION:  # "\ufdfa" is 18 characters: no listed word holds it
            value = " "
        if len(self) < 200_000:  # bound memory against adversarial input
            self[key] = value
        return value


_FOLD_TABLE = _FoldTable()


def scorer_fold(text: str) -> str:
    """Fold as the scorer reads text: zero-width and soft hyphens gone, look-alikes, leet, spaced letters joined.

    The stretch the scorer reads (MAX_INPUT_CHARS), accents folded, repeated letters squeezed; the comment's
    normalised form is the one the scorer just made (`normalize_text` keeps it), so this costs no second pass.
    WordPress's own fold (`fold`) still covers the whole text.
    """
    return fold_accents(normalize_text(text[:MAX_INPUT_CHARS]))


@dataclass(frozen=True, slots=True)
class FoldedField:
    """One field folded twice: as WordPress folds it, and as the scorer reads it."""

    wordpress: str
    scorer: str


def count_links(text: str) -> int:
    """Count anchors and bare URLs in a comment (WordPress counts anchors only: docs/wordpress-parity.md)."""
    anchors = 0

    def blank_anchor(match: re.Match[str]) -> str:
        nonlocal anchors
        tag = match.group()
        if tag.endswith(">") and "href" in tag.lower():
            anchors += 1
            return " "
        return tag

    without_anchors = _A_TAG.sub(blank_anchor, text)
    # a bare link no reader can follow ("http://127.0.0.1:5000", pasted from a terminal) is not counted; anchors are,
    # as WordPress counts them
    return anchors + sum(1 for url in _BARE_URL.findall(without_anchors) if not is_local_link(url))


def strip_tags(text: str) -> str:
    """Remove HTML tags, so "<b>half</b>way" reads "halfway" (WordPress's `wp_strip_all_tags`)."""
    return _TAG.sub("", text) if "<" in text else text


def fold_fields(fields: Iterable[str], *, plain: Iterable[str] = ()) -> list[FoldedField]:
    """Fold each non-empty field once (both ways), for matching against both word lists; `plain` fields only as
    WordPress folds them.

    A field with HTML is matched both as sent and without its tags, as WordPress does (core ticket 37208):
    a word split by a tag ("<b>half</b>way") must not slip past the lists. The scorer's reading (leetspeak, spaced
    letters) is for what a person writes (the name, the comment); an address, a URL, an IP or a user agent read
    that way turns digits into letters: "t5d1f0a5d.example.com" held "foo" (one random address in 85).
    """
    folded: list[FoldedField] = []
    for field, scorer_read in (*((f, True) for f in fields), *((f, False) for f in plain)):
        if not field:
            continue
        folded.append(FoldedField(fold(field), scorer_fold(field) if scorer_read else ""))
        stripped = strip_tags(field)
        if stripped != field:
            folded.append(FoldedField(fold(stripped), scorer_fold(stripped) if scorer_read else ""))
    return folded


def first_listed_word(words: Sequence[str], folded_fields: Sequence[FoldedField]) -> str | None:
    """Return the first list entry found inside any folded field (substring, case- and accent-insensitive).

    An entry matches as WordPress matches it, or as the scorer reads both it and the field: "con\u200bnard",
    "con\u00adnard", "cοnnard" (Greek ο) and "c o n n a r d" all hold "connard".
    """
    for word in words:
        needle = _folded_entry(word)
        if not needle.wordpress:
            continue
        if any(needle.wordpress in field.wordpress for field in folded_fields):
            return word
        if needle.scorer and any(needle.scorer in field.scorer for field in folded_fields):
            return word
    return None


@functools.lru_cache(maxsize=4096)
def _folded_entry(word: str) -> FoldedField:
    # The lists are the same few strings for every comment: fold each once.
    return FoldedField(fold(word.strip()), scorer_fold(word.strip()))

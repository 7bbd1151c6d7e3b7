"""The link scan: where a text holds links and bare domains, and which domain a link names."""

from __future__ import annotations

import re

_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9][a-z0-9-]{1,62}\.(?:com|net|org|info|biz|ru|xyz|top|io|co|me|"
    r"fr|de|uk|us|online|site|shop|club|casino|bet|win|vip|pro|link|click|ly|gl|tk|ml|ga|cf|gq|cn|in)"
    r"\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
# `://|www\.|\.(?:com|...)\b`, ignoring case, written to start with one character class (':', 'w' or '.', then a
# lookbehind says which): a class is skipped to in C, where an alternation is tried at every position.
URL_HINT = re.compile(
    r"[:wW.](?i:(?<=:)//|(?<=w)ww\.|(?<=\.)(?:com|net|org|info|biz|ru|xyz|top|io|co|me|fr|de|uk|us|online|site|shop|"
    r"club|casino|bet|win|vip|pro|link|click|ly|gl|tk|ml|ga|cf|gq|cn|in)\b)"
)
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([^/:?#\s]+)", re.IGNORECASE)


def domain_of(url: str) -> str:
    match = _DOMAIN.match(url.strip())
    return match.group(1).lower() if match else ""


def tld_of(domain: str) -> str:
    return domain.rsplit(".", 1)[-1] if "." in domain else ""


_NON_SPACE_RUN = re.compile(r"\S*")


def _run_length(text: str, at: int) -> int:
    """How many non-space characters run from `at` on."""
    run = _NON_SPACE_RUN.match(text, at)
    return run.end() - at if run else 0


def _positions(text: str, character: str) -> list[int]:
    found: list[int] = []
    at = text.find(character)
    while at >= 0:
        found.append(at)
        at = text.find(character, at + 1)
    return found


def has_url_hint(text: str) -> bool:
    """Whether `URL_HINT` matches in `text`, tried only where it can: at a ':' before "//", at a '.', 'w' or 'W'
    before a letter (a top-level domain, "ww."), found with `str.find` in C.

    `re` would test the pattern's first class at every position, and its top-level domains, ignoring case, after
    every full stop of the text: about as much as the link scan itself.
    """
    match = URL_HINT.match
    for at in _positions(text, ":"):
        if text.startswith("//", at + 1) and match(text, at):
            return True
    for first in ".wW":
        for at in _positions(text, first):
            if text[at + 1 : at + 2].isalpha() and match(text, at):
                return True
    return False


def find_links(text: str) -> list[tuple[int, int]]:
    """Return the character spans of links and bare domains in `text`.

    The same spans as `_URL.finditer(text)`, found in the runs of non-space characters around a ':' before "//"
    or a '.' before a character that is no space (every link holds one; the bare-domain branch would otherwise be
    tried at every word of the text, and a sentence's full stop is no link); each run is read once.
    """
    if not has_url_hint(text):  # most comments hold no link
        return []
    marks = [at for at in _positions(text, ":") if text.startswith("//", at + 1)]
    marks += [at for at in _positions(text, ".") if not text[at + 1 : at + 2].isspace() and at + 1 < len(text)]
    marks.sort()
    spans: list[tuple[int, int]] = []
    backwards = ""
    end = 0
    for at in marks:
        if at < end:
            continue  # in the run just read
        backwards = backwards or text[::-1]
        start = at - _run_length(backwards, len(text) - at)
        end = at + _run_length(text, at)
        # the run's neighbours are spaces (or the ends): `\b` and the pattern's classes read them as the text's ends
        spans.extend(m.span() for m in _URL.finditer(text, start, end))
    return spans

"""The link scan: where a text holds links and bare domains, and which domain a link names."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from moderation.scoring.anchored import literal_positions

#: The top-level domains a bare domain ("cheap-pills.shop", no scheme, no "www.") is read with: the common ones and
#: generic ones spam registers ("traduction-express.services", "cheap-meds.pharmacy" went unseen before
#: 2026.12.07-5). Not those that are words a sentence starts with ("Today", "One", "Work", "Help", "News"), nor French
#: two-letter words ("ca", "es"): a reader who leaves no space after a full stop ("the end.Today we...") writes no
#: link. Those are read after a scheme or "www." only.
_TLDS = (
    "com|net|org|info|biz|ru|xyz|top|io|co|me|fr|de|uk|us|online|site|shop|club|casino|bet|win|vip|pro|link|click|ly|"
    "gl|tk|ml|ga|cf|gq|cn|in|services|store|tech|website|agency|icu|cc|ws|su|eu|ch|nl|pl|app|blog|cloud|"
    "loan|loans|finance|solutions|digital|shopping|deals|mobi|tv|asia|pw|buzz|bid|racing|clinic|"
    "pharmacy|beauty|fitness|guru|expert|consulting|marketing|seo|ink|pics"
)
_URL = re.compile(
    rf"(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9][a-z0-9-]{{1,62}}\.(?:{_TLDS})\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
# `://|www\.|\.(?:com|...)\b`, ignoring case, written to start with one character class (':', 'w' or '.', then a
# lookbehind says which): a class is skipped to in C, where an alternation is tried at every position.
URL_HINT = re.compile(rf"[:wW.](?i:(?<=:)//|(?<=w)ww\.|(?<=\.)(?:{_TLDS})\b)")
_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([^/:?#\s]+)", re.IGNORECASE)


def within(domain: str, domains: Iterable[str]) -> bool:
    """Whether `domain` (lower-case) is one of `domains` or below one ("blog.exemple.fr" is within "exemple.fr")."""
    return any(domain == d or domain.endswith(f".{d}") for d in domains)


#: Names no one outside the writer's machine or network reaches (RFC 6761, RFC 6762, RFC 8375, the private
#: `.internal` and `.lan`, and `.corp`, `.home` and `.mail`, which ICANN will never delegate because so many private
#: networks use them), and the documentation domains (RFC 2606).
_LOCAL_SUFFIXES = (
    ".local", ".localhost", ".test", ".example", ".invalid", ".internal", ".lan", ".home.arpa", ".corp", ".home",
    ".mail",
)  # fmt: skip
_DOCUMENTATION_DOMAINS = ("example.com", "example.net", "example.org")


def is_local_host(host: str) -> bool:
    """Whether a host is one no reader can follow a link to: localhost, a loopback, private, link-local or unspecified
    IP address ("127.0.0.1", "192.168.1.1", "0.0.0.0", "::1"), a name of one label ("localhost", "proxy"), a
    reserved or private name ("myapp.local", "nas.lan", "proxy.corp") or a documentation domain ("example.com")."""
    host = host.strip("[]").rstrip(".").lower()
    if not host:
        return False
    if "." not in host and ":" not in host:  # one label ("http://proxy:3128", "http://nas/"): an intranet name
        return True
    if host.endswith(_LOCAL_SUFFIXES) or within(host, _DOCUMENTATION_DOMAINS):
        return True
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return address.is_private or address.is_loopback or address.is_link_local or address.is_unspecified


def is_local_link(link: str) -> bool:
    """Whether a link (with or without its scheme) points at a host no reader can follow it to (`is_local_host`): a
    technical blog's readers paste "http://localhost:3000/health" or "open http://192.168.1.1" from their terminal or
    their router's manual; such a link carries no one's payload, to the spam head or to the site memory. The host is
    read as a browser reads it ("http://10.0.0.1@shop.example.fr" goes to shop.example.fr)."""
    try:
        host = urlsplit(link if "://" in link[:12] else f"http://{link}").hostname
    except ValueError:
        return False
    return host is not None and is_local_host(host)


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


def has_url_hint(text: str) -> bool:
    """Whether `URL_HINT` matches in `text` (as `bool(URL_HINT.search(text))`), tried only where it can."""
    return _hinted(text, _schemes(text), literal_positions(text, "."))


def _schemes(text: str) -> list[int]:
    """Where a ':' stands before "//"."""
    return [at for at in literal_positions(text, ":") if text.startswith("//", at + 1)]


def _hinted(text: str, schemes: list[int], dots: list[int]) -> bool:
    """`has_url_hint` from the ':' before "//" and the '.' of `text`: `URL_HINT` tried at those, and at a 'w' or 'W',
    when a letter follows (a top-level domain, "ww."), found with `str.find` in C.

    `re` would test the pattern's first class at every position, and its top-level domains, ignoring case, after
    every full stop of the text: about as much as the link scan itself.
    """
    match = URL_HINT.match
    if any(match(text, at) for at in schemes):
        return True
    return any(text[at + 1 : at + 2].isalpha() and match(text, at) for at in (*dots, *literal_positions(text, "wW")))


def find_links(text: str) -> list[tuple[int, int]]:
    """Return the character spans of links and bare domains in `text`, but links no reader can follow
    (`is_local_link`: localhost, a private address, a reserved name).

    The same spans as `_URL.finditer(text)`, found in the runs of non-space characters around a ':' before "//"
    or a '.' before a character that is no space (every link holds one; the bare-domain branch would otherwise be
    tried at every word of the text, and a sentence's full stop is no link); each run is read once.
    """
    schemes, dots = _schemes(text), literal_positions(text, ".")
    if not _hinted(text, schemes, dots):  # most comments hold no link
        return []
    marks = sorted(schemes + [at for at in dots if at + 1 < len(text) and not text[at + 1].isspace()])
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
        spans.extend(m.span() for m in _URL.finditer(text, start, end) if not is_local_link(m.group()))
    return spans

"""What the site memory remembers of a comment: its link domains, phone numbers, e-mail domain and text print.

Every pass is linear in the text and capped: only the stretch the model scores (`MAX_CHARS`) is read, and
only the first `MAX_LINKS` domains and `MAX_PHONES` numbers are kept. The text print is a MinHash of the
set of the normalised text's content words (obfuscation folds first, so "ch3ap p1lls" and "cheap pills"
share it; stop words and words under three letters are left out): `BANDS` values, each looked up on its
own. Two texts that share `MIN_BAND_HITS` of them (a word-set Jaccard similarity of about 0.55 or more) are
near duplicates: a campaign reworded a few words at a time still matches, while unrelated comments almost
never do (figures and the command that measures them: docs/moderators.md, "The site memory").
"""

from __future__ import annotations

import functools
import re
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from importlib import resources
from urllib.parse import urlsplit

import idna
import numpy as np

from moderation.scoring.links import is_local_host
from moderation.scoring.metadata import is_phone
from moderation.scoring.ngrams import MAX_CHARS
from moderation.scoring.normalize import normalize_text
from moderation.scoring.wordlists import normalized_words

#: The first link domains and phone numbers of a comment that are remembered and looked up.
MAX_LINKS = 5
MAX_PHONES = 3
#: Text print: MinHash values (one lookup each), how many two texts must share, and the content words it needs.
BANDS = 16
MIN_BAND_HITS = 9
MIN_WORDS = 5
#: Campaigns: the print's values in BURST_BANDS groups of BURST_ROWS; two texts sharing a whole group are taken
#: for copies (unrelated texts almost never share four values; a reworded copy shares some group often).
BURST_BANDS = 4
BURST_ROWS = 4
#: Words of the normalised text read for the print (the scored stretch holds far fewer in practice).
MAX_WORDS = 1500

# A token is a run of characters that cannot border a URL; possessive, so each character is read once.
_TOKEN = re.compile(r"[^\s<>\"'()\[\]{},;]++")
# A bare host ("minceur-express.fr/x", "bit.ly/abc"): labels, then a top-level domain of letters.
_HOST = re.compile(r"(?:[a-z0-9-]{1,63}\.){1,8}[a-z]{2,24}", re.IGNORECASE)
# A phone number: an optional "+", then digits and the separators people type; possessive (linear).
_PHONE = re.compile(r"\+?\(?\d[\d \u00a0.\-()/]*+")
_WORD = re.compile(r"\w+")
# What every link has: a dot between a letter or digit and letters ("exemple.fr", "www.", "://x.y").
_LINK_HINT = re.compile(r"[a-z0-9-]\.[a-z]", re.IGNORECASE)
_STRIP = ".!?:*_-~"

# MinHash: one multiply-shift hash per value, on the crc32 of each content word (fixed seed: prints must
# match across processes and releases).
_SEEDS = np.random.default_rng(20261205).integers(1, 2**63, size=(2, BANDS), dtype=np.uint64)
_MULTIPLIERS = _SEEDS[0] | np.uint64(1)
_OFFSETS = _SEEDS[1]
_SHIFT = np.uint64(32)
_BAND_LABELS = tuple((f"{band}:", 8 * band) for band in range(BANDS))


@dataclass(frozen=True, slots=True)
class Marks:
    """One comment's marks, each a normalised value ("exemple.fr", "33612345678", "3:9f2c01aa")."""

    domains: tuple[str, ...] = ()  # the text's links
    website_domain: str = ""  # the website field's
    phones: tuple[str, ...] = ()
    email_domain: str = ""
    text_id: str = ""  # the whole print's digest: labels of the same text add up under it
    bands: tuple[str, ...] = ()  # "band:value" (hex), empty when the text is too short for a print
    #: The print's BURST_BANDS groups of BURST_ROWS values ("group:values"): a burst bucket each. Made once here:
    #: the intake reads them twice (the pre-check's lookup and the commit's buckets).
    burst_bands: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "burst_bands", _burst_bands(self.bands))  # frozen: set once, as __init__ would

    @property
    def empty(self) -> bool:
        """Whether there is nothing to look up or remember."""
        return not (self.domains or self.website_domain or self.phones or self.email_domain or self.bands)

    @property
    def all_domains(self) -> tuple[str, ...]:
        """The website field's domain, then the text's link domains not already named."""
        if not self.website_domain or self.website_domain in self.domains:
            return self.domains
        return (self.website_domain, *self.domains)


def _burst_bands(bands: tuple[str, ...]) -> tuple[str, ...]:
    """The print's bands in BURST_BANDS groups of BURST_ROWS values; none without a print."""
    if not bands:
        return ()
    values = [band.partition(":")[2] for band in bands]
    return tuple(
        f"{group}:{''.join(values[group * BURST_ROWS : (group + 1) * BURST_ROWS])}" for group in range(BURST_BANDS)
    )


def extract(*, text: str, url: str = "", email: str = "") -> Marks:
    """The marks of a comment's text, website field and e-mail address."""
    stretch = text[:MAX_CHARS]
    text_id, bands = text_print(stretch)
    return Marks(
        domains=link_domains(stretch),
        website_domain=registrable_domain(_link_host(url.strip())) if url else "",
        phones=phone_numbers(stretch),
        email_domain=registrable_domain(email.rpartition("@")[2]) if "@" in email else "",
        text_id=text_id,
        bands=bands,
    )


def link_domains(text: str) -> tuple[str, ...]:
    """The registrable domains of the text's links, first seen first, at most MAX_LINKS."""
    found: dict[str, None] = {}
    if _LINK_HINT.search(text) is None:  # most comments: no dot followed by letters, nothing to tokenise
        return tuple(found)
    for match in _TOKEN.finditer(text):
        if len(found) >= MAX_LINKS:
            break
        token = match.group()
        if "." in token:
            _add_domain(found, _link_host(token))
    return tuple(found)


def _add_domain(found: dict[str, None], host: str) -> None:
    if is_local_host(host):
        return  # "myapp.local", "example.com": no one's site, nothing to remember or to hold as unseen
    domain = registrable_domain(host)
    if domain and len(found) < MAX_LINKS:
        found.setdefault(domain, None)


def _link_host(token: str) -> str:
    """The host a token links to ("https://a.b/c", "href=http://...", "www.x.fr", "bit.ly/x"), else ""."""
    scheme = token.find("://")
    if scheme >= 0:
        try:
            return urlsplit("http" + token[scheme:]).hostname or ""
        except ValueError:
            return ""
    token = token.strip(_STRIP)
    match = _HOST.match(token)
    if match is None or (match.end() < len(token) and token[match.end()] not in "/:?#"):
        return ""
    host = match.group()
    if not host.lower().startswith("www.") and host.rpartition(".")[2].lower() not in _data("bare-tlds"):
        return ""
    return host


def site_domains(hosts: Iterable[str]) -> tuple[str, ...]:
    """The registrable domains of a site's hosts ("www.journal.fr" -> "journal.fr"; a single label as written)."""
    return tuple(dict.fromkeys(registrable_domain(h) or h.strip().lower() for h in hosts if h.strip()))


def registrable_domain(host: str) -> str:
    """A host's registrable domain, lower-case and IDNA-encoded ("Www.Exemple.FR" -> "exemple.fr"), else ""."""
    host = host.strip().rstrip(".").lower()
    if not host or len(host) > 253:
        return ""
    if not host.isascii():
        try:
            host = idna.encode(host, uts46=True).decode("ascii")
        except idna.IDNAError:
            return ""
    labels = host.split(".")
    if len(labels) < 2 or not all(labels) or host.replace(".", "").isdigit():
        return ""  # a single label or an IPv4 address: nothing a site would mark as a domain
    keep = 3 if ".".join(labels[-2:]) in _data("suffixes") else 2
    return ".".join(labels[-keep:])


def phone_numbers(text: str) -> tuple[str, ...]:
    """The text's phone numbers as international digits (French numbers by default), at most MAX_PHONES."""
    found: dict[str, None] = {}
    for match in _PHONE.finditer(text):
        if not is_phone(text, match.start(), match.group()):
            continue
        number = normalise_phone(match.group())
        if number:
            found.setdefault(number, None)
            if len(found) >= MAX_PHONES:
                break
    return tuple(found)


def normalise_phone(raw: str) -> str:
    """International digits without "+": "06 12 34 56 78" -> "33612345678", "+1 (800) 555-0199" -> "18005550199".

    France is the default region ("0" then nine digits); "00" is the international prefix; ten digits that
    do not start with "0", or eleven starting with "1", are North American. Anything else of 10 to 15 digits
    is kept as written; shorter runs (dates, prices, years) are not numbers.
    """
    # "+33 (0)1 84..." writes the national trunk 0 after the country code: it is not dialled from abroad.
    digits = "".join(ch for ch in raw.replace("(0)", "") if ch.isdigit())
    if raw.lstrip("(").startswith("+"):
        number = digits
    elif digits.startswith("00"):
        number = digits[2:]
    elif digits.startswith("0") and len(digits) == 10:
        number = "33" + digits[1:]
    elif len(digits) == 10:
        number = "1" + digits
    else:
        number = digits
    return number if 10 <= len(number) <= 15 else ""


def mask_phone(number: str) -> str:
    """A number as moderators see it: the country and first digits, then dots, then the last two digits."""
    return f"+{number[:3]}{'•' * max(0, len(number) - 5)}{number[-2:]}"


def text_print(text: str) -> tuple[str, tuple[str, ...]]:
    """The text's print digest and its bands ("band:value"); ("", ()) under MIN_WORDS distinct content words."""
    stop = _data("stop-words")
    content = (w for w in _WORD.findall(normalize_text(text))[:MAX_WORDS] if len(w) > 2 and w not in stop)
    words = {zlib.crc32(w.encode()) for w in content}
    if len(words) < MIN_WORDS:
        return "", ()
    hashed = np.fromiter(words, dtype=np.uint64, count=len(words))
    # Multiply-shift: the high 32 bits of a*x + b (mod 2**64) are a good hash of x for a random odd a. Arrays
    # wrap around silently (only numpy scalars warn), which is the arithmetic wanted.
    values = ((hashed[:, None] * _MULTIPLIERS + _OFFSETS) >> _SHIFT).min(axis=0).astype(">u4")
    raw = values.tobytes()
    hexed = raw.hex()  # big-endian: each value's 8 hex digits, in one call
    bands = tuple(label + hexed[start : start + 8] for label, start in _BAND_LABELS)
    return f"{zlib.crc32(raw):08x}{zlib.crc32(raw, 0x9E3779B9):08x}", bands


@functools.cache
def _data(name: str) -> frozenset[str]:
    """The lines of `data/<name>.txt` ("stop-words": the scorer's French and English stop words)."""
    if name == "stop-words":
        return normalized_words("stopwords-fr") | normalized_words("stopwords-en")
    text = resources.files("moderation.site").joinpath("data", f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))

"""Dense spam signals from a submission's text shape and its author, e-mail and url fields."""

from __future__ import annotations

import functools
import math
import re

from moderation.scoring.anchored import Anchored
from moderation.scoring.base import Submission
from moderation.scoring.commerce import commercial_name, commercial_website
from moderation.scoring.links import domain_of, find_links, tld_of

# Linear time: a pattern that can fail after a long run must not be retried from every position
# inside that run. The e-mail and money patterns therefore match every run (possessive `*+`, which never
# gives back what it took) and say through a group whether it was really an address or an amount; a run
# that is not one is skipped whole, in one pass, instead of being rescanned from each of its characters.
# Counts are unchanged: a start inside a run reaches the same end and fails the same way.
_EMAIL_OR_RUN = re.compile(r"\b[\w.+-]++(@[\w-]+\.[\w.-]+\b)?")
_PHONE = re.compile(r"(?:\+\d{1,3}[\s.-]?)?(?:\(?\d{2,4}\)?[\s.-]?){2,4}\d{2,4}")
# Speed: a pattern that starts with a character class is skipped to its next possible start in C; one that
# starts with an optional group, an alternation or `\b` is tried at every position (about ten times slower).
# Every phone number holds three groups of two or more digits with at most three separators between them,
# which this finds (starting with `\d`); the phone pattern runs only when it does.
_PHONE_HINT = re.compile(r"\d\d[\s.()\-]{0,3}\d{2,4}[\s.()\-]{0,3}\d\d")
# What a run of digits (`_PHONE` here, `site/marks.py`'s too) is when it is not a phone number: an amount grouped by
# thousands ("175 000 000 000", "2.000.000"; a phone's groups are of two or four digits, or start with 0), years in a
# row ("2017 2022 2027"), or one run of digits not starting with 0 with a currency, a scale or what it counts written
# next to it ("2000000000 €", "$1200500000", "2000000000 views", a car's "110000 km" or a farm's "250000 m²"; "06 12
# 34 56 78 €" stays a number). Each tested on one run: linear.
_AMOUNT = re.compile(r"[1-9]\d{0,2}(?:[ \u00a0.]\d{3})++")
_YEARS = re.compile(r"(?:19|20)\d\d(?:[ \u00a0.\-/]++(?:19|20)\d\d)++")
# A year beside one other number that starts with no 0, as people describe a vehicle or a machine: a model and its year
# ("vespa primavera 125 2020"), a year and a mileage ("Clio de 2016 110000 km", "yamaha 2019 8000 km"). Two groups that
# are a phone number hold no year or a national 0 ("555 0199", "07700 900412"); a "+" before them is part of the run.
_YEAR_AND_NUMBER = re.compile(r"(?:19|20)\d\d[ \u00a0][1-9]\d{1,5}|[1-9]\d{1,3}[ \u00a0](?:19|20)\d\d")
_UNIT_AFTER = re.compile(
    r"\s{0,2}(?:[$€£]|(?:euros?|eur|dollars?|usd|milliards?|millions?|billions?|views|vues|abonn[ée]s|subscribers|"
    r"followers|habitants|inhabitants|people|personnes|morts|deaths|victimes|victims|r[ée]fugi[ée]s|refugees|"
    r"soldats|soldiers|emplois|jobs|visiteurs|visitors|lecteurs|readers|t[ée]l[ée]chargements|downloads|votes|voix|"
    r"signatures|tonnes|tons|barils|barrels|km|kms|kilom[eè]tres?|kilometers?|miles|kg|kilos?|m2|km2)\b|km²|m²)",
    re.IGNORECASE,
)
_UNIT_BEFORE = re.compile(r"[$€£]\s?$")
# Numbers joined by dots that machines write, not people: `is_phone` reads an IPv4 address ("192.168.1.254") or a
# version ("10.0.19045.3803": a group of one digit after the first, or of five or more) as no phone number. People
# write "06.12.34.56.78" (five groups of two), "1.800.555.0199" or "+33.6.12.34.56.78" (a "+" first).
_DOTTED = re.compile(r"(?<![\d.+])\+?\d++(?:\.\d++){2,}+")
# `([$€£])\s?\d[\d\s.,]*+(?:k|m)?|\d[\d\s.,]*+([$€£]|(?:k€|...)\b)?`, written to start with one character class:
# the symbol or digit is taken first, then a lookbehind says which of the two it was (group 1 is the symbol).
_MONEY_OR_RUN = re.compile(
    r"[$€£\d](?:(?<=([$€£]))\s?\d[\d\s.,]*+(?:k|m)?"
    r"|(?<=\d)[\d\s.,]*+([$€£]|(?:k€|euros?|dollars?|usd|eur|btc|usdt|bitcoins?)\b)?)",
    re.IGNORECASE,
)
_CRYPTO_ADDRESS = re.compile(r"\b(?:0x[0-9a-fA-F]{30,}|bc1[0-9a-z]{20,}|[13][a-km-zA-HJ-NP-Z1-9]{30,})\b")
_CRYPTO = Anchored(_CRYPTO_ADDRESS, ("0x", "bc1", "1", "3"))
_HANDLE = re.compile(r"(?<![\w@])@[a-zA-Z0-9_.]{3,}")
# compiled once: `re.search(string_pattern, ...)` looks its pattern up in re's cache on every call
_URL_HOST = re.compile(r"^(?:https?://)?[^/]+")
_AUTHOR_LINK = re.compile(r"https?://|www\.|\.[a-z]{2,6}\b", re.IGNORECASE)
_TWO_DIGITS = re.compile(r"\d{2,}")
_DIGIT = re.compile(r"\d")
_EMOJI = re.compile("[\U0001f300-\U0001faff\u2600-\u27bf\U0001f000-\U0001f2ff]")
_SUSPICIOUS_TLDS = frozenset(
    [
        "ru",
        "xyz",
        "top",
        "info",
        "biz",
        "online",
        "site",
        "shop",
        "club",
        "casino",
        "bet",
        "win",
        "vip",
        "pro",
        "link",
        "click",
        "tk",
        "ml",
        "ga",
        "cf",
        "gq",
        "cn",
        "loan",
        "buzz",
        "live",
        "store",
        "icu",
        "cam",
        "monster",
    ]
)
_SHORTENERS = frozenset(
    ["bit.ly", "goo.gl", "tinyurl.com", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rb.gy", "t.me", "wa.me"]
)
_FREE_MAIL = frozenset(
    [
        "gmail.com",
        "yahoo.com",
        "yahoo.fr",
        "hotmail.com",
        "hotmail.fr",
        "outlook.com",
        "outlook.fr",
        "live.com",
        "live.fr",
        "orange.fr",
        "free.fr",
        "sfr.fr",
        "laposte.net",
        "wanadoo.fr",
        "icloud.com",
        "me.com",
        "aol.com",
        "gmx.fr",
        "gmx.com",
        "protonmail.com",
        "proton.me",
        "bbox.fr",
        "neuf.fr",
        "yahoo.co.uk",
        "btinternet.com",
        "gmx.de",
        "web.de",
        "googlemail.com",
        "msn.com",
        "club-internet.fr",
    ]
)
#: Names of the columns `metadata_values` returns, in order.
METADATA_FEATURES: tuple[str, ...] = (
    "links",
    "distinct_domains",
    "has_link",
    "suspicious_tld",
    "shortener",
    "url_field",
    "url_field_deep",
    "url_field_commercial",
    "url_field_suspicious_tld",
    "author_like_url",
    "author_commercial",
    "author_many_words",
    "author_digits",
    "email_field",
    "email_free",
    "email_custom_domain",
    "email_digits",
    "email_domain_matches_url",
    "emails_in_text",
    "phones",
    "money",
    "crypto_address",
    "handles",
    "uppercase_ratio",
    "emoji_ratio",
    "digit_ratio",
    "exclamations",
    "length",
    "language_mismatch",
)


def shop_signature(url: str, author: str = "") -> bool:
    """Whether a comment is signed as a shop: its website's address holds a commerce word
    (`commerce.commercial_website`) or a top-level domain spam favours (.xyz, .shop, .info, .pro), or its name is a
    commerce keyword ("Agence SEO", "Payday Loans Online"). The spam head learns none of it (readers have such
    sites too); the site memory holds such a website while no moderator approved it (`commercial_website`)."""
    return bool(url) and (
        commercial_website(url, author) or tld_of(domain_of(url)) in _SUSPICIOUS_TLDS or commercial_name(author)
    )


def _count_emails(text: str) -> int:
    # counted in C: a run that is no address has an empty group
    found = _EMAIL_OR_RUN.findall(text)
    return len(found) - found.count("")


def _count_money(text: str) -> int:
    found = _MONEY_OR_RUN.findall(text)
    return len(found) - found.count(("", ""))


def is_figure(text: str, start: int, raw: str) -> bool:
    """Whether the run of digits `raw` found at `start` in `text` is an amount, a count or years, not a phone number
    (a budget of "413 000 000 000 euros" read as twelve digits: one spam label on a money offer quoting a figure sent
    every later comment quoting it to spam, and the model's phone count raised a reader's spam score)."""
    run = raw.rstrip(" \u00a0.-/(")
    if _AMOUNT.fullmatch(run) or _YEARS.fullmatch(run) or _YEAR_AND_NUMBER.fullmatch(run):
        return True
    if not run.isdigit() or run[0] == "0":
        return False  # grouped as people write numbers, or a national "0": a currency sign beside it hides nothing
    end = start + len(run)
    return _UNIT_AFTER.match(text, end, end + 20) is not None or (
        _UNIT_BEFORE.search(text, max(0, start - 2), start) is not None
    )


def is_phone(text: str, start: int, raw: str) -> bool:
    """Whether the run of digits `raw` found at `start` in `text` may be a phone number: not a figure
    (`is_figure`), not glued to the letter before it (a hex error code "0x80070005", an update "KB5034441"), and no
    part of an IPv4 address or a version (`_DOTTED`: "PING 192.168.1.254 (192.168.1.254) 56(84)", "build
    10.0.19045.3803"; a technical blog's readers paste such output, and ten of its digits read as a North American
    number held them as unseen phones), nor of a link (`_in_link`). Bounded work per run (a window of 24 characters
    around it, 200 before it for a link): linear."""
    if is_figure(text, start, raw):
        return False
    if start and raw[0].isdigit() and text[start - 1].isalpha():
        return False
    if _in_link(text, start, raw):
        return False
    end = start + len(raw)
    window = max(0, start - 24)
    return not any(
        match.end() > start and match.start() < end and _machine_number(match.group())
        for match in _DOTTED.finditer(text, window, end + 24)
    )


#: Links whose digits are the number they dial: a WhatsApp chat link ("wa.me/33612345678") is a phone number.
_DIALLING_HOSTS = ("wa.me", "api.whatsapp.com", "whatsapp.com")


def _in_link(text: str, start: int, raw: str) -> bool:
    """Whether the digits `raw` at `start` are part of a link: an article's id ("lemonde.fr/..._6400123_3210.html"),
    a decision's number ("conseil-constitutionnel.fr/decision/2026/2026850DC.htm"), a video id. Read from the run of
    non-space characters before them, at most 200 (bounded work per run: linear); not a chat link
    (`_DIALLING_HOSTS`)."""
    before = text[max(0, start - 200) : start]
    run = before[max(before.rfind(" "), before.rfind("\n"), before.rfind("\t")) + 1 :]
    if not run:
        return False
    piece = run + raw
    for a, b in find_links(piece):
        if a < len(run) < b:
            return domain_of(piece[a:b]).removeprefix("www.") not in _DIALLING_HOSTS
    return False


def _machine_number(token: str) -> bool:
    """Whether digits joined by dots are an IPv4 address or a version (`_DOTTED`), not a phone number."""
    if token.startswith("+"):
        return False
    groups = token.split(".")
    if len(groups) == 4 and all(len(group) <= 3 and int(group) <= 255 for group in groups):
        return True
    return any(len(group) == 1 for group in groups[1:]) or any(len(group) >= 5 for group in groups)


@functools.lru_cache(maxsize=16)
def phone_count(text: str) -> int:
    """How many phone numbers `text` holds; the metadata and the spam signals both read it, counted once."""
    start = _first_digit_pair(text)
    if start < 0 or not _PHONE_HINT.search(text, start):
        return 0
    return sum(1 for match in _PHONE.finditer(text) if is_phone(text, match.start(), match.group()))


def _first_digit_pair(text: str) -> int:
    """Return where `_PHONE_HINT` (two digits first) may first match: -1 when it cannot.

    In a text of code points below U+0100 and "€" (`_latin_but_euro`) `\\d` is 0-9 only: the first two in a row
    are found in C on the character classes, where the pattern tests every character's Unicode category until
    there. Other texts: 0.
    """
    latin = text.encode("latin-1", errors="replace")
    return latin.translate(_CLASSES).find(b"dd") if _latin_but_euro(text, latin) else 0


def _latin_but_euro(text: str, latin: bytes) -> bool:
    """Whether every code point of `text` is below U+0100 or "€": its latin-1 encoding (`errors="replace"`)
    replaced only euro signs with "?"."""
    return latin.count(b"?") == text.count("?") + text.count("€")


def _class_table() -> bytes:
    table = bytearray(b"." * 256)
    for code in range(256):
        if 65 <= code <= 90 or 0xC0 <= code <= 0xDE:
            table[code] = ord("U")
        elif 97 <= code <= 122 or 0xDF <= code <= 0xFF:
            table[code] = ord("l")
        elif 48 <= code <= 57:
            table[code] = ord("d")
    return bytes(table)


_CLASSES = _class_table()


def _char_classes(text: str) -> tuple[int, int, int, bool]:
    """Return (letters, uppercase letters, digits), counting Latin-1 letters only, and whether the text holds no
    code point from U+0100 on but "€" (`_latin_but_euro`): then it holds no emoji, and `_EMOJI` need not scan it."""
    latin = text.encode("latin-1", errors="replace")
    classes = latin.translate(_CLASSES)
    upper = classes.count(b"U")
    return upper + classes.count(b"l"), upper, classes.count(b"d"), _latin_but_euro(text, latin)


def metadata_values(
    submission: Submission, detected_language: str, link_spans: list[tuple[int, int]] | None = None
) -> tuple[float, ...]:
    """Return the spam signals of one submission, each scaled to roughly [0, 1], as Python floats (the scorer
    makes one array of every dense column); `link_spans`: as `find_links`."""
    text = submission.text[:20000]
    links = [text[a:b] for a, b in (find_links(text) if link_spans is None else link_spans)]
    domains = {domain_of(u) for u in links} - {""}
    url = submission.url.strip()
    url_domain = domain_of(url) if url else ""
    url_path = _URL_HOST.sub("", url) if url else ""
    author = submission.author.strip()
    email = submission.email.strip().lower()
    email_domain = email.rsplit("@", 1)[-1] if "@" in email else ""
    email_local = email.rsplit("@", 1)[0] if "@" in email else ""
    n_alpha, n_upper, n_digits, no_emoji = _char_classes(text)
    n_letters = max(n_alpha, 1)
    n_chars = max(len(text), 1)
    has_at = "@" in text
    hinted = (submission.lang or "").lower()[:2]
    values = (
        math.log1p(len(links)) / 2,
        math.log1p(len(domains)) / 2,
        float(bool(links)),
        float(any(tld_of(d) in _SUSPICIOUS_TLDS for d in domains)),
        float(any(d in _SHORTENERS for d in domains)),
        float(bool(url)),
        float(url_path.strip("/").count("/") >= 1 or "?" in url_path or len(url_path) > 30),
        float(bool(url) and commercial_website(url, author)),
        float(tld_of(url_domain) in _SUSPICIOUS_TLDS),
        float(bool(_AUTHOR_LINK.search(author))),
        float(commercial_name(author)),
        float(len(author.split()) >= 4),
        float(bool(_TWO_DIGITS.search(author))),
        float(bool(email)),
        float(email_domain in _FREE_MAIL),
        float(bool(email_domain) and email_domain not in _FREE_MAIL),
        float(len(_DIGIT.findall(email_local)) >= 3),
        float(bool(email_domain) and bool(url_domain) and url_domain.endswith(email_domain)),
        math.log1p(_count_emails(text)) if has_at else 0.0,
        math.log1p(phone_count(text)) if n_digits >= 6 else 0.0,
        math.log1p(_count_money(text)) if n_digits else 0.0,
        float(_CRYPTO.search(text)) if n_digits >= 4 else 0.0,
        math.log1p(len(_HANDLE.findall(text))) / 2 if has_at else 0.0,
        n_upper / n_letters if n_alpha >= 8 else 0.0,
        min(len(_EMOJI.findall(text)) / n_chars * 10, 1.0) if not no_emoji else 0.0,
        n_digits / n_chars,
        min(text.count("!") / 5, 1.0),
        min(math.log1p(len(text)) / 8, 1.5),
        float(hinted in ("fr", "en") and detected_language in ("fr", "en") and hinted != detected_language),
    )
    return values

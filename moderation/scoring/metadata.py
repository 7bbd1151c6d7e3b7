"""Dense spam signals from a submission's text shape and its author, e-mail and url fields."""

from __future__ import annotations

import functools
import math
import re

import numpy as np
import numpy.typing as npt

from moderation.scoring.base import Submission
from moderation.scoring.phrases import PhraseTable

_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"']+|\b[a-z0-9][a-z0-9-]{1,62}\.(?:com|net|org|info|biz|ru|xyz|top|io|co|me|"
    r"fr|de|uk|us|online|site|shop|club|casino|bet|win|vip|pro|link|click|ly|gl|tk|ml|ga|cf|gq|cn|in)"
    r"\b(?:/[^\s<>\"']*)?",
    re.IGNORECASE,
)
# `://|www\.|\.(?:com|...)\b`, ignoring case, written to start with one character class (':', 'w' or '.', then a
# lookbehind says which): a class is skipped to in C, where an alternation is tried at every position.
_URL_HINT = re.compile(
    r"[:wW.](?i:(?<=:)//|(?<=w)ww\.|(?<=\.)(?:com|net|org|info|biz|ru|xyz|top|io|co|me|fr|de|uk|us|online|site|shop|"
    r"club|casino|bet|win|vip|pro|link|click|ly|gl|tk|ml|ga|cf|gq|cn|in)\b)"
)


class _Anchored:
    """A pattern every match of which starts with one of a few literals: tried only where one of them occurs.

    `str.find` locates the literals in C; the pattern is then matched at those positions only (`\\b` and
    lookbehinds still see the characters before), where `search` or `findall` would try it at every position
    of the text. Same matches, in the same order, at a fraction of the CPU. `starts` must hold a prefix of every
    match (tests/unit/test_scoring_fast_paths.py checks it against the pattern).
    """

    def __init__(self, pattern: re.Pattern[str], starts: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.starts = starts

    def _candidates(self, text: str) -> list[int]:
        found: set[int] = set()
        for literal in self.starts:
            at = text.find(literal)
            while at >= 0:
                found.add(at)
                at = text.find(literal, at + 1)
        return sorted(found)

    def search(self, text: str) -> bool:
        """Whether the pattern matches anywhere in `text` (as `bool(pattern.search(text))`)."""
        match = self.pattern.match
        return any(match(text, at) is not None for at in self._candidates(text))

    def count(self, text: str) -> int:
        """How many matches `pattern.findall(text)` would return (non-overlapping, leftmost first)."""
        count = end = 0
        match = self.pattern.match
        for at in self._candidates(text):
            if at >= end and (found := match(text, at)) is not None:
                count += 1
                end = found.end()
        return count


_DOMAIN = re.compile(r"^(?:https?://)?(?:www\.)?([^/:?#\s]+)", re.IGNORECASE)
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
# `([$€£])\s?\d[\d\s.,]*+(?:k|m)?|\d[\d\s.,]*+([$€£]|(?:k€|...)\b)?`, written to start with one character class:
# the symbol or digit is taken first, then a lookbehind says which of the two it was (group 1 is the symbol).
_MONEY_OR_RUN = re.compile(
    r"[$€£\d](?:(?<=([$€£]))\s?\d[\d\s.,]*+(?:k|m)?"
    r"|(?<=\d)[\d\s.,]*+([$€£]|(?:k€|euros?|dollars?|usd|eur|btc|usdt|bitcoins?)\b)?)",
    re.IGNORECASE,
)
_CRYPTO_ADDRESS = re.compile(r"\b(?:0x[0-9a-fA-F]{30,}|bc1[0-9a-z]{20,}|[13][a-km-zA-HJ-NP-Z1-9]{30,})\b")
_CRYPTO = _Anchored(_CRYPTO_ADDRESS, ("0x", "bc1", "1", "3"))
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
_COMMERCIAL = re.compile(
    r"casino|poker|bet|slot|crypto|bitcoin|btc|forex|trading|invest|loan|pret|credit|cheap|buy|best|"
    r"viagra|cialis|pharma|pills|seo|backlink|rank|marketing|promo|deal|bonus|cash|money|argent|gagner|"
    r"rencontre|dating|sexy|escort|porn|xxx|replica|rolex|discount|sale|shop|store|followers|likes|"
    r"casque|assurance|insurance|mutuelle|immo|rachat|free|gratuit|win",
    re.IGNORECASE,
)

#: Names of the columns `metadata_features` returns, in order.
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


def _count_emails(text: str) -> int:
    # counted in C: a run that is no address has an empty group
    found = _EMAIL_OR_RUN.findall(text)
    return len(found) - found.count("")


def _count_money(text: str) -> int:
    found = _MONEY_OR_RUN.findall(text)
    return len(found) - found.count(("", ""))


@functools.lru_cache(maxsize=16)
def _phone_count(text: str) -> int:
    """How many phone numbers `text` holds; the metadata and the spam signals both read it, counted once."""
    return len(_PHONE.findall(text)) if _PHONE_HINT.search(text) else 0


def _domain(url: str) -> str:
    match = _DOMAIN.match(url.strip())
    return match.group(1).lower() if match else ""


def _tld(domain: str) -> str:
    return domain.rsplit(".", 1)[-1] if "." in domain else ""


#: Every link holds a '.' or a ':' and no whitespace: only the runs of non-space characters around one are read.
_LINK_MARK = re.compile(r"[.:]")
_NON_SPACE_RUN = re.compile(r"\S*")


def _run_length(text: str, at: int) -> int:
    """How many non-space characters run from `at` on."""
    run = _NON_SPACE_RUN.match(text, at)
    return run.end() - at if run else 0


def find_links(text: str) -> list[tuple[int, int]]:
    """Return the character spans of links and bare domains in `text`.

    The same spans as `_URL.finditer(text)`, found in the runs of non-space characters that hold a '.' or a ':'
    (the bare-domain branch would otherwise be tried at every word of the text); each run is read once.
    """
    if not _URL_HINT.search(text):  # a cheap scan first: most comments hold no link
        return []
    spans: list[tuple[int, int]] = []
    backwards = ""
    end = 0
    for mark in _LINK_MARK.finditer(text):
        at = mark.start()
        if at < end:
            continue  # in the run just read
        backwards = backwards or text[::-1]
        start = at - _run_length(backwards, len(text) - at)
        end = at + _run_length(text, at)
        # the run's neighbours are spaces (or the ends): `\b` and the pattern's classes read them as the text's ends
        spans.extend(m.span() for m in _URL.finditer(text, start, end))
    return spans


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


def _char_classes(text: str) -> tuple[int, int, int]:
    """Return (letters, uppercase letters, digits), counting Latin-1 letters only."""
    classes = text.encode("latin-1", errors="replace").translate(_CLASSES)
    upper = classes.count(b"U")
    return upper + classes.count(b"l"), upper, classes.count(b"d")


def metadata_features(
    submission: Submission, detected_language: str, link_spans: list[tuple[int, int]] | None = None
) -> npt.NDArray[np.float32]:
    """Return the spam signals of one submission, each scaled to roughly [0, 1] (`link_spans`: as `find_links`)."""
    text = submission.text[:20000]
    links = [text[a:b] for a, b in (find_links(text) if link_spans is None else link_spans)]
    domains = {_domain(u) for u in links} - {""}
    url = submission.url.strip()
    url_domain = _domain(url) if url else ""
    url_path = _URL_HOST.sub("", url) if url else ""
    author = submission.author.strip()
    email = submission.email.strip().lower()
    email_domain = email.rsplit("@", 1)[-1] if "@" in email else ""
    email_local = email.rsplit("@", 1)[0] if "@" in email else ""
    n_alpha, n_upper, n_digits = _char_classes(text)
    n_letters = max(n_alpha, 1)
    n_chars = max(len(text), 1)
    has_at = "@" in text
    hinted = (submission.lang or "").lower()[:2]
    values = (
        math.log1p(len(links)) / 2,
        math.log1p(len(domains)) / 2,
        float(bool(links)),
        float(any(_tld(d) in _SUSPICIOUS_TLDS for d in domains)),
        float(any(d in _SHORTENERS for d in domains)),
        float(bool(url)),
        float(url_path.strip("/").count("/") >= 1 or "?" in url_path or len(url_path) > 30),
        float(bool(url) and bool(_COMMERCIAL.search(url))),
        float(_tld(url_domain) in _SUSPICIOUS_TLDS),
        float(bool(_AUTHOR_LINK.search(author))),
        float(bool(_COMMERCIAL.search(author))),
        float(len(author.split()) >= 4),
        float(bool(_TWO_DIGITS.search(author))),
        float(bool(email)),
        float(email_domain in _FREE_MAIL),
        float(bool(email_domain) and email_domain not in _FREE_MAIL),
        float(len(_DIGIT.findall(email_local)) >= 3),
        float(bool(email_domain) and bool(url_domain) and url_domain.endswith(email_domain)),
        math.log1p(_count_emails(text)) if has_at else 0.0,
        math.log1p(_phone_count(text)) if n_digits >= 6 else 0.0,
        math.log1p(_count_money(text)) if n_digits else 0.0,
        float(_CRYPTO.search(text)) if n_digits >= 4 else 0.0,
        math.log1p(len(_HANDLE.findall(text))) / 2 if has_at else 0.0,
        n_upper / n_letters if n_alpha >= 8 else 0.0,
        min(len(_EMOJI.findall(text)) / n_chars * 10, 1.0) if not text.isascii() else 0.0,
        n_digits / n_chars,
        min(text.count("!") / 5, 1.0),
        min(math.log1p(len(text)) / 8, 1.5),
        float(hinted in ("fr", "en") and detected_language in ("fr", "en") and hinted != detected_language),
    )
    return np.asarray(values, dtype=np.float32)


# ------------------------------------------------------------------ comment-spam signals (issue 19)
# Matched on the lower-cased text (no IGNORECASE: faster), each only when a cheap hint is present.

_MESSAGING = re.compile(
    r"\b(?:whats\s?app|telegram|viber|signal|wechat|wickr|kik|snapchat)\b|\b(?:wa\.me|t\.me|telegram\.me)/"
)
_SUPPORT = re.compile(
    r"\b(?:customer\s(?:service|care|support)|tech(?:nical)?\ssupport|support\s(?:number|phone|line|team)|"
    r"help\s?(?:line|desk)|toll[\s-]?free|hotline|service\s(?:client|apr[eè]s[\s-]vente)|assistance\s"
    r"(?:technique|t[ée]l[ée]phonique)|num[ée]ro\s(?:du\s)?(?:support|service|d'assistance|vert)|"
    r"(?:phone|contact)\snumber|call\s(?:us|now)|appelez(?:-nous)?|contactez[\s-](?:le|nous))\b"
)
_BRANDS = re.compile(
    r"\b(?:hp|canon|epson|brother|lexmark|printer|imprimante|norton|mcafee|avast|avg|kaspersky|bitdefender|"
    r"webroot|quickbooks|quicken|turbotax|sage|outlook|gmail|hotmail|yahoo|aol|cash\s?app|coinbase|binance|"
    r"metamask|paypal|venmo|amazon|microsoft|windows|apple|icloud|netflix|roku|netgear|linksys|garmin|"
    r"facebook|instagram|antivirus|router|routeur|livebox|freebox|sfr|bouygues)\b"
)
# Starts only at the start of a run of digits (the lookbehind), and takes the run whole (`*+`): linear time.
# `(?:[$€£]\s?\d[\d.,]*+|(?<![\d.,])\d[\d.,]*+\s?(?:[$€£]|...)(?![a-z]))...` written to start with one character
# class (see `_MONEY_OR_RUN`): the symbol or the run's first digit is taken, then lookbehinds say which it was.
_MONEY_RATE = re.compile(
    r"[$€£\d](?:(?<=[$€£])\s?\d[\d.,]*+|(?<=\d)(?<![\d.,].)[\d.,]*+\s?(?:[$€£]|k€|euros?|dollars?|usd|eur)(?![a-z]))"
    r"\s*(?:par|per|a|an|/|each|every|chaque|tous\sles)\s*(?:jour|journ[ée]e|semaine|mois|heure|h|day|week|"
    r"month|hour|hr)\b"
)
_MONEY_OFFER = re.compile(
    r"\b(?:(?:make|earn|making|earning)\s(?:(?:extra|real|easy|big)\s)?(?:money|cash|income)|work(?:ing)?\sfrom"
    r"\shome|paid\ssurveys?|passive\sincome|gagner\s(?:de\sl'argent|facilement|jusqu)|argent\sfacile|"
    r"(?:travail|travailler)\s(?:à|a)\sdomicile|sondages?\s(?:r[ée]mun[ée]r[ée]s|pay[ée]s)|revenus?\s"
    r"(?:passifs?|compl[ée]mentaires?)|sans\s(?:d[ée]p[oô]t|dipl[oô]me)|no\sdeposit|guest\sposts?|backlinks?|"
    r"(?:seo|link\sbuilding)\sservices?|pr[êe]t\sentre\sparticuliers|retour\sde\sl'[êe]tre\saim[ée]|"
    r"marabout|love\sspells?|spell\scaster|perd(?:re|ez|u)\s\d+\s?(?:kg|kilos)|lose\s\d+\s?(?:kg|lbs|pounds)|"
    r"weight\sloss|sans\sordonnance|without\s(?:a\s)?prescription|g[ée]lules?\s(?:miracle|minceur)|"
    r"(?:pilules?|comprim[ée]s)\sminceur)"
)
_PRAISE = re.compile(
    r"\b(?:(?:great|nice|awesome|excellent|amazing|wonderful|informative|useful|helpful)\s(?:post|article|blog|"
    r"site|website|content|information|info|read|write-?up|piece)|keep\s(?:it\sup|up\sthe\sgood\swork|"
    r"posting|writing)|bookmark|your\s(?:blog|site|website)|thanks?\s(?:you\s)?for\s(?:sharing|this\s"
    r"(?:post|article|information))|(?:super|excellent|très\sbon|bel|génial)\s(?:article|billet|site|blog|"
    r"contenu)|(?:article|billet)\s(?:génial|super|excellent)|(?:votre|ce)\s(?:blog|site)|mes\sfavoris|"
    r"merci\spour\s(?:ce|cet)\s(?:partage|article)|(?:came\sacross|stumbled\supon|found)\syour|"
    r"j'ai\s(?:découvert|trouvé)\svotre)"
)
#: Where readers cite their sources: reference works, statistics offices, institutions, video and the press.
_SOURCE_DOMAINS = re.compile(
    r"(?:^|\.)(?:wikipedia\.org|wikimedia\.org|un\.org|who\.int|europa\.eu|oecd\.org|imf\.org|"
    r"worldbank\.org|insee\.fr|gouv\.fr|gov\.uk|gov|assemblee-nationale\.fr|senat\.fr|"
    r"youtube\.com|youtu\.be|lemonde\.fr|lefigaro\.fr|liberation\.fr|francetvinfo\.fr|franceinfo\.fr|"
    r"radiofrance\.fr|ouest-france\.fr|mediapart\.fr|afp\.com|reuters\.com|apnews\.com|bbc\.co\.uk|bbc\.com|"
    r"theguardian\.com|nytimes\.com|washingtonpost\.com|lesechos\.fr|leparisien\.fr|20minutes\.fr|"
    r"lexpress\.fr|lepoint\.fr|nouvelobs\.com|arte\.tv|rfi\.fr|france24\.com|euronews\.com|ft\.com|"
    r"economist\.com|cnrs\.fr|inserm\.fr|ined\.fr|nature\.com|science\.org|arxiv\.org|doi\.org|"
    r"nih\.gov|vie-publique\.fr)$"
)

# Literals at least one of which every match contains: the pattern runs only when one is in the lower-cased
# text (a C substring search), which most comments skip. Same values, a fraction of the CPU.
_MONEY_RATE_HINTS = ("$", "€", "£", "eur", "dollar", "usd")
# The others start every match with one of these literals: they are matched only where one occurs (`_Anchored`).
_MESSAGING_AT = _Anchored(
    _MESSAGING, ("whats", "telegram", "viber", "signal", "wechat", "wickr", "kik", "snapchat", "wa.me", "t.me")
)
_SUPPORT_AT = _Anchored(_SUPPORT, ("customer", "tech", "support", "help", "toll", "hotline", "service", "assistance",
                                   "num", "phone", "contact", "call", "appelez"))  # fmt: skip
_MONEY_OFFER_AT = _Anchored(_MONEY_OFFER, ("mak", "earn", "work", "paid", "passive", "gagner", "argent", "travail",
                                           "sondage", "revenu", "sans", "no", "guest", "backlink", "seo", "link",
                                           "prêt", "pret", "retour", "marabout", "love", "spell", "perd", "lose",
                                           "weight", "without", "gélule", "gelule", "pilule", "comprim"))  # fmt: skip
_PRAISE_AT = _Anchored(_PRAISE, ("great", "nice", "awesome", "excellent", "amazing", "wonderful", "informative",
                                 "useful", "helpful", "keep", "bookmark", "your", "thank", "super", "très", "bel",
                                 "génial", "article", "billet", "votre", "ce", "mes", "merci", "came", "stumbled",
                                 "found", "j'ai"))  # fmt: skip


def _hinted(low: str, hints: tuple[str, ...]) -> bool:
    return any(hint in low for hint in hints)


#: Names of the columns `spam_signals` returns, in order (appended after the lexicon columns, so models
#: trained before them keep reading the columns they were trained on).
SPAM_SIGNAL_FEATURES: tuple[str, ...] = (
    "link_in_name",
    "link_matches_website",
    "source_links",
    "messaging_app",
    "support_line",
    "money_rate",
    "money_offer",
    "praise",
    "praise_with_link",
    "padding",
    "blocklist_text",
    "blocklist_fields",
)


def spam_signals(
    submission: Submission, phrases: PhraseTable | None, links: list[tuple[int, int]] | None = None
) -> npt.NDArray[np.float32]:
    """Return the comment-spam signals a bag of words misses, each scaled to roughly [0, 1].

    `links` are the text's link spans when the caller found them already (`find_links` of the same text).
    """
    text = submission.text[:20000]
    low = text.lower()
    spans = find_links(text) if links is None else links
    domains = {_domain(text[a:b]).removeprefix("www.") for a, b in spans} - {""}
    url = submission.url.strip()
    url_domain = _domain(url).removeprefix("www.") if url else ""
    author = submission.author.strip()
    sources = sum(1 for d in domains if _SOURCE_DOMAINS.search(d))
    digits = sum(map(low.count, "0123456789"))
    has_phone = digits >= 6 and _phone_count(text) > 0
    support = _SUPPORT_AT.search(low)
    praise = _PRAISE_AT.search(low)
    padding = text.count("\u00a0") + text.count("&nbsp;") + text.count("\n\n\n") + text.count("\u200b")
    fields = " ".join(f for f in (author, submission.email.strip(), url) if f)
    text_hits, field_hits = phrases.hits_per_part([text, fields]) if phrases is not None else (0, 0)
    values = (
        float(bool(_URL_HINT.search(author))) if author else 0.0,
        float(bool(url_domain) and url_domain in domains),
        sources / len(domains) if domains else 0.0,
        math.log1p(_MESSAGING_AT.count(low)),
        float(support and (has_phone or bool(_BRANDS.search(low)))),
        math.log1p(len(_MONEY_RATE.findall(low))) if digits and _hinted(low, _MONEY_RATE_HINTS) else 0.0,
        math.log1p(_MONEY_OFFER_AT.count(low)),
        float(praise),
        float(praise and len(domains) > sources),
        min(padding / 10, 1.0),
        math.log1p(text_hits) / 2,
        float(field_hits > 0),
    )
    return np.asarray(values, dtype=np.float32)

"""Commerce words in a reader's website or name ("casino-bonus.com", "best-loans-now.com", "Cheap Essays").

A spam site's address is made of such words; a reader's own site is made of their name and their host's. Read as
substrings of the whole field, the short words were in readers' names and hosts: "rank" in frank-bernard (a
LinkedIn profile), "free" in tleroy.free.fr (Free's personal pages), "bet" in Elisabeth, "win" in Goodwin. A
website the spam head read as commercial weighed +1.7 on its logit: « Le SMIC est à 1 398 € net par mois... »
went from spam 0.28 to 0.70 (held) when Frank Bernard gave his LinkedIn profile.

So the field is read as runs of letters, with the reader's own name and their hosting platform's domain taken out
first; a long word counts anywhere in a run ("cheapjerseys", "buyviagraonline"), a short one only as a whole run
("bet", "slots"), at a run's start before another commerce word ("bestessays", "freebets") or, for the words a
shop's name ends with, at its end ("onlineshop"). One pattern, tried in one pass over at most MAX_FIELD characters.
"""

from __future__ import annotations

import re

from moderation.scoring.characters import fold_accents
from moderation.scoring.links import domain_of

#: Words no one's name or host holds by chance: read anywhere in a run of letters.
_LONG = (
    "casino|poker|crypto|bitcoin|forex|trading|investment|investir|investissement|credit|cheap|viagra|cialis|pharma|"
    "backlink|marketing|promo|bonus|money|gagner|rencontre|sexy|escort|replica|rolex|discount|followers|casque|"
    "assurance|insurance|mutuelle|rachat|gratuit|jackpot|payday"
)
#: Words inside ordinary names and hosts (Frank, Elisabeth, Goodwin, free.fr, Dargent, updating): a whole run, or a
#: run's start before another commerce word (`_TAILS`).
_SHORT = (
    "bet|slot|btc|loan|pret|buy|best|seo|rank|cash|deal|sale|shop|store|porn|immo|free|win|likes|argent|dating|"
    "invest|pills|xxx"
)
#: What follows a short word at a run's start in a spam site's name ("bestessays", "freebets", "buynow"); a name
#: goes on otherwise ("Bettina", "Winston", "Freeman").
_TAILS = (
    "essay|paper|writer|writing|price|deal|loan|bet|online|now|shop|store|offer|buy|cash|money|seo|rank|agency|"
    "service|sale|pill|casino|bonus|review|coupon|discount|cheap|web|net|top|vip|win|club|market|hub|site|zone|link|"
    "spin|slot|game|follower|like|view|traffic|credit|rapide|facile|pascher"
)
#: Words a shop's name ends with ("onlineshop", "bigdeals"), after three letters or more.
_ENDINGS = "shop|store|deal|deals|loans|bets|sales|casino|bonus"
_COMMERCE = re.compile(
    rf"{_LONG}"  # anywhere
    rf"|(?<![a-z])(?:{_SHORT})s?(?![a-z])"  # a whole run ("bet", "slots")
    rf"|(?<![a-z])(?:{_SHORT})(?:{_TAILS})"  # a run's start before another commerce word ("bestessays")
    rf"|(?<=[a-z]{{3}})(?:{_ENDINGS})(?![a-z])"  # a run's end after three letters ("onlineshop")
)
#: Hosts of readers' own pages: their domain is the platform's, not the reader's payload.
_PLATFORMS = re.compile(
    r"(?:^|\.)(?:free\.fr|pagesperso-orange\.fr|orange\.fr|sfr\.fr|wanadoo\.fr|neuf\.fr|wordpress\.com|"
    r"blogspot\.[a-z.]+|over-blog\.com|canalblog\.com|hautetfort\.com|substack\.com|medium\.com|github\.io|"
    r"github\.com|gitlab\.com|linkedin\.com|wixsite\.com|tumblr\.com|mastodon\.[a-z.]+|x\.com|twitter\.com|"
    r"facebook\.com|instagram\.com|youtube\.com|bsky\.app)$"
)
_WORD = re.compile(r"[a-z]{3,}")
#: At most this many characters of a field are read (WordPress keeps 200 of a website, 245 of a name).
MAX_FIELD = 300


def _folded(field: str) -> str:
    return fold_accents(field[:MAX_FIELD].lower())


def commercial_name(name: str) -> bool:
    """Whether a name holds a commerce word ("Cheap Essays", "BestLoans"; not "Frank Bernard", "Elisabeth")."""
    return _COMMERCE.search(_folded(name)) is not None


def commercial_website(url: str, author: str = "") -> bool:
    """Whether a website's address holds a commerce word once its hosting platform's domain, its top-level domain (a
    column of its own) and the words of the reader's own name that are no commerce words ("frank", "bernard") are
    left out."""
    address = _folded(url.strip())
    host = domain_of(address)
    rest = address.split(host, 1)[1] if host else address
    host = _PLATFORMS.sub("", host).rsplit(".", 1)[0]
    read = f"{host} {rest}"
    for word in set(_WORD.findall(_folded(author))):
        if not _COMMERCE.search(word):
            read = read.replace(word, "")  # "johnwalker" of John Walker reads as ""
    return _COMMERCE.search(read) is not None

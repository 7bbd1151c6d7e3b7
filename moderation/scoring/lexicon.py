"""Insult, profanity, slur and threat lexicons (French and English) turned into a few dense features.

Words are matched on the featuriser's text (normalised and accent-folded), so "c0nn4rd", "enc*lé" and
"s a l o p e" hit the same entries as their plain spellings. The lists, authored for this project, are data files in
`wordlists/` (profanity-*, insults-*, slurs-*, threat-phrases, second-person), read once on first use.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from functools import cache, lru_cache

import ahocorasick_rs

from moderation.scoring import wordlists
from moderation.scoring.characters import fold_accents
from moderation.scoring.normalize import normalize_text


def _prepare(entries: Iterable[str]) -> frozenset[str]:
    return frozenset(fold_accents(normalize_text(w)) for w in entries)


@cache
def _lists() -> dict[str, frozenset[str]]:
    """Build the normalised word sets once, on first use (not at import)."""
    return {
        "en_profanity": _prepare(wordlists.words("profanity-en")),
        "en_insult": _prepare(wordlists.words("insults-en")),
        "fr_profanity": _prepare(wordlists.words("profanity-fr")),
        "fr_insult": _prepare(wordlists.words("insults-fr")),
        "slur": _prepare(wordlists.words("slurs-en") | wordlists.words("slurs-fr")),
    }


@cache
def _threats() -> tuple[str, ...]:
    return tuple(fold_accents(normalize_text(p)) for p in sorted(wordlists.words("threat-phrases")))


@cache
def _threat_searcher() -> ahocorasick_rs.AhoCorasick:
    """Every threat phrase, found in one pass (in C) where `phrase in text` scanned the text once per phrase."""
    return ahocorasick_rs.AhoCorasick(list(_threats()), matchkind=ahocorasick_rs.MatchKind.Standard)


def _threat_count(feature_text: str) -> int:
    """How many distinct threat phrases occur in `feature_text` (as `sum(p in feature_text for p in _threats())`)."""
    return len({phrase for phrase, _, _ in _threat_searcher().find_matches_as_indexes(feature_text, overlapping=True)})


@cache
def _second_person() -> frozenset[str]:
    """Words that, just before a lexicon word, make the abuse targeted; written as the featuriser's tokens."""
    return wordlists.words("second-person")


_TOKEN = re.compile(r"[a-z0-9à-ÿœæ\-]+")


@lru_cache(maxsize=16)
def _tokens(feature_text: str) -> tuple[str, ...]:
    """The words of the text's first 8,000 characters, read once for the lexicon's columns and the group column."""
    return tuple(_TOKEN.findall(feature_text[:8000]))


#: How far a derogatory word may follow a group word (tokens), or precede it ("ces parasites de migrants").
GROUP_WINDOW_AFTER = 8
GROUP_WINDOW_BEFORE = 3

#: Names of the columns `lexicon_values` returns, in order.
LEXICON_FEATURES: tuple[str, ...] = (
    "lex_en_profanity",
    "lex_en_insult",
    "lex_fr_profanity",
    "lex_fr_insult",
    "lex_slur",
    "lex_threat",
    "lex_targeted",
    "lex_any",
    "lex_share",
)


#: The column `group_derogation_value` fills, after every other dense column (models trained before it read fewer).
GROUP_FEATURES: tuple[str, ...] = ("lex_group_derogation",)


@cache
def _group_lists() -> tuple[frozenset[str], frozenset[str]]:
    """The group words and the derogatory words, as the featuriser writes them."""
    return _prepare(wordlists.words("groups")), _prepare(wordlists.words("derogatory"))


def group_derogation_value(feature_text: str) -> float:
    """log1p of how many group words ("juifs", "migrants", "women") have a derogatory word ("rats", "parasites",
    "burden") within GROUP_WINDOW_AFTER tokens after them or GROUP_WINDOW_BEFORE before: a group named, then given a
    vile nature, which n-grams score word by word ("Israelis are a cancer on the whole region."). Text as
    `lexicon_values` takes it; linear in its tokens."""
    groups, derogatory = _group_lists()
    tokens = _tokens(feature_text)
    if groups.isdisjoint(tokens) or derogatory.isdisjoint(tokens):  # most comments: one test in C each
        return 0.0
    # one pass each way: the nearest derogatory word before and after every position
    n, far = len(tokens), len(tokens) + GROUP_WINDOW_AFTER + GROUP_WINDOW_BEFORE + 1
    before, after = [-far] * n, [far] * n
    last = -far
    for i, token in enumerate(tokens):
        before[i] = last
        if token in derogatory:
            last = i
    last = far
    for i in range(n - 1, -1, -1):
        after[i] = last
        if tokens[i] in derogatory:
            last = i
    pairs = sum(
        1
        for i, token in enumerate(tokens)
        if token in groups and (after[i] - i <= GROUP_WINDOW_AFTER or i - before[i] <= GROUP_WINDOW_BEFORE)
    )
    return math.log1p(pairs)


@cache
def _expletives() -> frozenset[str]:
    return _prepare(wordlists.words("expletives"))


def profanity_alone(feature_text: str) -> bool:
    """Whether the text swears and does nothing else the lexicon knows: every lexicon word is an exclamation or an
    intensifier (`wordlists/expletives.txt`: "holy shit", "fucking love it", « putain »), and it names no one the
    swearing could aim at: no second-person word ("you", « toi »: "fuck you" is an insult), no group word (plural or
    singular: "of course a fucking woman wrote this"), no threat phrase. Text as `lexicon_values` takes it; one pass
    over its (cached) tokens."""
    tokens = _tokens(feature_text)
    index = _index()
    if index.keys().isdisjoint(tokens):
        return False
    expletives = _expletives()
    if any(t in index and t not in expletives for t in tokens):
        return False
    return not _names_group(tokens) and _second_person().isdisjoint(tokens) and _threat_count(feature_text) == 0


def _names_group(tokens: Iterable[str]) -> bool:
    """Whether a word of groups.txt (plurals: "jews", « juifs ») or its singular ("jew", « juif », "woman") is there."""
    groups, _ = _group_lists()
    return any(t in groups or t + "s" in groups or (t.endswith("man") and t[:-3] + "men" in groups) for t in tokens)


def without_expletives(feature_text: str) -> str:
    """The text's words with its swearing left out ("i will fucking kill him" -> "i will kill him"): what the
    comment says once `profanity_alone`'s words are gone, for scoring again."""
    expletives = _expletives()
    return " ".join(t for t in _tokens(feature_text) if t not in expletives)


@cache
def _index() -> dict[str, tuple[int, ...]]:
    """Map each normalised lexicon word to the categories (0-4) it belongs to."""
    index: dict[str, list[int]] = {}
    for category, words in enumerate(_lists().values()):
        for word in words:
            index.setdefault(word, []).append(category)
    return {word: tuple(categories) for word, categories in index.items()}


def is_lexicon_word(token: str) -> bool:
    """Whether a word of feature text (normalised, accent-folded) is one of the lexicon's abusive words."""
    return token in _index()


def lexicon_values(feature_text: str) -> tuple[float, ...]:
    """Return lexicon hit counts (log-scaled) for text already normalised and accent-folded, as Python floats
    (the scorer makes one array of every dense column)."""
    tokens = _tokens(feature_text)
    index = _index()
    second_person = _second_person()
    counts = [0, 0, 0, 0, 0]
    targeted = 0
    # most comments hold no lexicon word: a set test in C says so before any Python step per token
    hit_positions = [] if index.keys().isdisjoint(tokens) else [i for i, t in enumerate(tokens) if t in index]
    for i in hit_positions:
        for category in index[tokens[i]]:
            counts[category] += 1
        # every lexicon word is abusive: a second-person word just before it makes the abuse targeted
        if any(p in second_person for p in tokens[max(0, i - 4) : i]):
            targeted += 1
    hits = len(hit_positions)
    threat = _threat_count(feature_text)
    values = (
        math.log1p(counts[0]),
        math.log1p(counts[1]),
        math.log1p(counts[2]),
        math.log1p(counts[3]),
        math.log1p(counts[4]),
        math.log1p(threat),
        math.log1p(targeted),
        float(hits > 0),
        hits / max(len(tokens), 1) * 4,
    )
    return values

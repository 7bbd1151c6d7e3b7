"""Text normalisation shared by training and serving, with a map back to the original characters.

Steps, in order (the same code runs with or without offset tracking, so both give the same text):

1. per character: NFKC, case folding, zero-width / format / control characters removed, combining marks
   dropped, every whitespace turned into a space, Cyrillic, Greek and enclosed (🅲🅾🅽) look-alike letters
   mapped to Latin;
2. leetspeak inside words only (``0→o 1→i 3→e 4→a 5→s 7→t $→s @→a €→e`` when letters sit on both
   sides, and a leading ``$``/``€`` before letters), so "2026", "5€" or "covid19" survive;
3. masked profanity ("f*ck", "p*tain", "enc*lé") restored from a small lexicon;
4. repeated letters squeezed to one ("fuuuck", "connnard" and "connard" all become one form);
5. spaced or dotted single letters joined ("c o n n a r d", "e.n.c.u.l.é"), then squeezed again;
6. runs of spaces collapsed (before step 2) and the ends stripped.

French accents are kept in `Normalized.text`; `characters.fold_accents` gives a same-length accent-less copy
that the feature extractor uses, so "enculé" and "encule" share every n-gram.
"""

from __future__ import annotations

import functools
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from moderation.scoring.anchored import literal_positions
from moderation.scoring.characters import CHAR_TABLE, fold_accents, map_characters

#: Longest text the rewriting steps work on, after step 1: callers pass at most 20,000 characters and score
#: the first 8,000 normalised ones, so only an expansion past twofold ("\ufdfa" is 18 characters) is cut.
MAX_WORKING_CHARS = 40_000

_LEET: dict[str, str] = {
    "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "$": "s", "@": "a", "€": "e",
    "!": "i", "|": "l",
}  # fmt: skip

#: Profanity and insults (French and English) that masked spellings are restored to.
PROFANITY_LEXICON: tuple[str, ...] = (
    # French
    "putain", "connard", "connards", "connasse", "connasses", "salope", "salopes", "salaud", "salauds",
    "enculé", "enculés", "enculer", "encule", "pute", "putes", "merde", "merdique", "bite", "couille",
    "couilles", "nique", "niquer", "batard", "bâtard", "bâtards", "pédé", "pédés", "gouine", "abruti",
    "abrutis", "crétin", "crétins", "débile", "débiles", "bouffon", "enfoiré", "enfoirés", "ordure",
    "ordures", "pourriture", "gueule", "chier", "fdp", "conne", "con", "cons", "bougnoule", "négro",
    "youpin", "tapette", "raclure", "merdeux", "chienne", "catin", "grognasse", "pétasse", "cul",
    # English
    "fuck", "fucking", "fucker", "fucked", "motherfucker", "shit", "shitty", "bullshit", "bitch",
    "bitches", "asshole", "assholes", "bastard", "bastards", "cunt", "cunts", "dick", "dickhead", "cock",
    "pussy", "whore", "slut", "sluts", "fag", "faggot", "nigger", "nigga", "retard", "retarded", "idiot",
    "moron", "damn", "crap", "twat", "wanker", "prick", "douche", "douchebag", "ass", "jerk", "scum",
)  # fmt: skip

_LETTER = r"[^\W\d_]"
_LEET_CHARS = re.escape("".join(_LEET))
_MASK_CHARS = r"*#%"
# Both leet patterns start with the character they replace, then look behind it: a pattern that starts with a
# character class is skipped to its next possible start in C, one that starts with a lookbehind is tried at every
# position. `(?<=L)[leet]+(?=L)` and `(?<![\w$€@])[$€](?=L{2})` as written before (no leet sign is a letter, so the
# run cannot end early: taking it whole, `*+`, matches the same).
_RE_LEET_INNER = re.compile(rf"[{_LEET_CHARS}](?<={_LETTER}[{_LEET_CHARS}])[{_LEET_CHARS}]*+(?={_LETTER})")
_RE_LEET_LEAD = re.compile(rf"[$€](?<![\w$€@][$€])(?={_LETTER}{{2}})")
_RE_MASKED = re.compile(rf"(?<![\w{_MASK_CHARS}]){_LETTER}*[{_MASK_CHARS}]+[\w{_MASK_CHARS}]*")
_RE_REPEAT = re.compile(rf"({_LETTER})\1+")
_RE_SPACED = re.compile(rf"(?<!\w)(?:{_LETTER}[ .\-_·/]){{2,}}{_LETTER}(?!\w)")
_RE_SPACED_SEP = re.compile(r"[ .\-_·/]")
_RE_SPACES = re.compile(r"  +")


def _leet(match: re.Match[str]) -> str:
    return "".join(_LEET[c] for c in match.group())


@functools.cache
def _mask_index() -> dict[int, list[tuple[str, str]]]:
    """Lexicon words by length, each with its accent-folded spelling."""
    index: dict[int, list[tuple[str, str]]] = {}
    for word in PROFANITY_LEXICON:
        index.setdefault(len(word), []).append((word, fold_accents(word)))
    return index


#: Most masked tokens filled per text (each costs a dictionary look-up and a few comparisons): ordinary
#: comments hold a handful; past it, tokens stay as written, so a text of thousands of them stays cheap.
MAX_MASKED_FILLS = 256


class _Unmasker:
    """Restores masked tokens to lexicon words, at most MAX_MASKED_FILLS tokens per text."""

    def __init__(self) -> None:
        self.budget = MAX_MASKED_FILLS

    def __call__(self, match: re.Match[str]) -> str:
        self.budget -= 1  # every token looked at counts: the callers stop calling at 0 (`count`)
        token = match.group()
        if len(token) < 3:
            return token
        visible = sum(1 for c in token if c.isalpha())
        if visible < 1:
            return token
        core = token.rstrip(_MASK_CHARS) if token[-1] in _MASK_CHARS and visible >= 2 else token
        word = _fill_mask(core)
        return token if word is None else word + token[len(core) :].replace("*", "").replace("#", "").replace("%", "")


@functools.lru_cache(maxsize=4096)
def _fill_mask(core: str) -> str | None:
    """The lexicon word a masked token ("f*ck", "p*tain") stands for, or None; masked spellings repeat."""
    for word, folded in _mask_index().get(len(core), ()):
        if _fits(core, word) or _fits(core, folded):
            return word
    return None


def _fits(core: str, word: str) -> bool:
    """Whether `word` reads as `core` with each mask character standing for one letter."""
    return all(c == w or (c in _MASK_CHARS and w.isalpha()) for c, w in zip(core, word, strict=True))


#: `_RE_REPEAT`'s replacement: the repeated letter once (a C callable, no Python frame per match).
_squeeze = operator.methodcaller("group", 1)


def _join(match: re.Match[str]) -> str:
    return _RE_SPACED_SEP.sub("", match.group())


_RE_SPACED_HINT = re.compile(rf"[ .\-_·/]{_LETTER}[ .\-_·/]{_LETTER}[ .\-_·/]")
_SPACED_SEPARATORS = " .-_·/"


@functools.cache
def _spaced_classes() -> bytes:
    """A `bytes.translate` table of the latin-1 characters: S a separator of `_RE_SPACED_HINT`, L a letter, o the
    rest; L for "?" too, which stands for every character latin-1 cannot encode (any of them may be a letter)."""
    table = bytearray(b"o" * 256)
    for code in range(256):
        if chr(code) in _SPACED_SEPARATORS:
            table[code] = ord("S")
        elif re.fullmatch(_LETTER, chr(code)) or chr(code) == "?":
            table[code] = ord("L")
    return bytes(table)


def _may_hold_spaced_letters(text: str) -> bool:
    """False when `_RE_SPACED_HINT` cannot match in `f" {text} "`: its characters' classes, in C, hold no SLSLS.

    `re` would try the hint at every separator (every space) of the text; this costs a few instructions a character.
    """
    classes = text.encode("latin-1", errors="replace").translate(_spaced_classes())
    return b"SLSLS" in b"S" + classes + b"S"


_LEET_TRIGGERS = tuple(_LEET)
#: The characters every match of `_RE_LEET_INNER` starts with (`_RE_LEET_LEAD`'s: "$€").
_LEET_SIGNS = "".join(_LEET)
_MASK_TRIGGERS = tuple(_MASK_CHARS)
_MAX_ROUNDS = 4

_Step = tuple[re.Pattern[str], Callable[[re.Match[str]], str]]
#: A replacement: a function of the match, or a literal string without backslashes.
_Repl = Callable[[re.Match[str]], str] | str


class _Rewriter(Protocol):
    text: str

    def apply(self, pattern: re.Pattern[str], repl: _Repl, count: int = 0) -> bool: ...

    def apply_at(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], starts: str) -> bool: ...

    def squeeze(self) -> None: ...


def _run_steps(state: _Rewriter) -> None:
    """Run steps 2-6 on `state` until nothing changes (a step can enable an earlier one)."""
    unmask = _Unmasker()
    joined = True  # the first round squeezes and joins whatever steps 2-3 did
    for _ in range(_MAX_ROUNDS):
        text = state.text
        changed = False
        if "  " in text:
            state.apply(_RE_SPACES, " ")
        # cheap substring checks skip regex scans that cannot match
        if any(c in text for c in _LEET_TRIGGERS):
            changed |= state.apply_at(_RE_LEET_INNER, _leet, _LEET_SIGNS)
        if "$" in text or "€" in text:
            changed |= state.apply_at(_RE_LEET_LEAD, _leet, "$€")
        if unmask.budget > 0 and any(c in text for c in _MASK_TRIGGERS):
            changed |= state.apply(_RE_MASKED, unmask, count=unmask.budget)
        # Squeezing and joining change nothing in a text they have already been through: squeezing is idempotent,
        # and the join had nothing to join unless it joined (which can leave a new run of spaced letters). Steps
        # 2-3 may have enabled them again, only if they changed the text since: else both are skipped.
        if joined or state.text != text:
            state.squeeze()
            joined = False
            spaced = _may_hold_spaced_letters(state.text) and _RE_SPACED_HINT.search(f" {state.text} ")
            if spaced and state.apply(_RE_SPACED, _join):
                state.squeeze()
                changed = joined = True
        # squeezing can turn an unknown masked spelling into a known one ("fuu*k" -> "fu*k")
        if not changed and (unmask.budget <= 0 or not any(c in state.text for c in _MASK_TRIGGERS)):
            return


class _Plain:
    """Rewrites text without tracking offsets (the scoring path)."""

    def __init__(self, text: str) -> None:
        self.text = text

    def apply(self, pattern: re.Pattern[str], repl: _Repl, count: int = 0) -> bool:
        new = pattern.sub(repl, self.text, count=count)
        changed = new != self.text
        self.text = new
        return changed

    def apply_at(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], starts: str) -> bool:
        """`apply(pattern, repl)` for a pattern every match of which starts with one of the characters `starts`.

        `str.find` locates those characters (in C); the pattern is matched there only (its lookbehinds still see
        the text before), where `sub` would test the pattern's first character class at every position. Same
        matches, leftmost first and not overlapping, so the same text.
        """
        text = self.text
        match = pattern.match
        pieces: list[str] = []
        last = 0
        for at in literal_positions(text, starts):
            if at < last:
                continue  # inside the previous match: `sub` goes on from its end
            found = match(text, at)
            if found is not None:
                pieces.append(text[last:at])
                pieces.append(repl(found))
                last = found.end()
        if not pieces:
            return False
        pieces.append(text[last:])
        new = "".join(pieces)
        changed = new != text
        self.text = new
        return changed

    def squeeze(self) -> None:
        """Squeeze repeated letters (step 4), as `apply(_RE_REPEAT, _squeeze)` does."""
        self.text = _squeeze_runs(self.text)


class _Tracked:
    """Rewrites text and carries, for each character, the original span it came from."""

    def __init__(self, text: str, starts: list[int], ends: list[int]) -> None:
        self.text = text
        self.starts = starts
        self.ends = ends

    def apply(self, pattern: re.Pattern[str], repl: _Repl, count: int = 0) -> bool:
        new, self.starts, self.ends = _sub_tracked(pattern, repl, self.text, self.starts, self.ends, count)
        changed = new != self.text
        self.text = new
        return changed

    def squeeze(self) -> None:
        """Squeeze repeated letters (step 4)."""
        self.apply(_RE_REPEAT, _squeeze)

    def apply_at(self, pattern: re.Pattern[str], repl: Callable[[re.Match[str]], str], starts: str) -> bool:
        """`apply(pattern, repl)`: the offset map is carried match by match anyway."""
        return self.apply(pattern, repl)


#: Below this length the pattern squeezes faster than numpy's fixed cost per call.
_SQUEEZE_NUMPY_FROM = 160
_RE_NOT_LETTER = re.compile(r"[\W\d_]")


def _squeeze_runs(text: str) -> str:
    """Return `_RE_REPEAT.sub(_squeeze, text)`: every run of one repeated letter as that letter once.

    The pattern tries a match at every letter of the text; numpy finds the characters equal to the one before
    them in one pass, and only those are checked for being letters (non-letters set to NUL by one `sub`) and
    cut out (a few per comment: a Python step each costs less than numpy's fixed cost per call).
    """
    if len(text) < _SQUEEZE_NUMPY_FROM:
        return _RE_REPEAT.sub(_squeeze, text)
    try:  # step 1 dropped lone surrogates: the error handler's slower path is never needed after it
        encoded = text.encode("utf-32-le")
    except UnicodeEncodeError:
        encoded = text.encode("utf-32-le", "surrogatepass")
    codes = np.frombuffer(encoded, dtype=np.uint32)
    again: list[int] = np.flatnonzero(codes[1:] == codes[:-1]).tolist()  # text[i + 1] == text[i]
    if not again:
        return text
    marks = _RE_NOT_LETTER.sub("\0", "".join([text[i] for i in again]))
    pieces: list[str] = []
    last = 0
    for i, mark in zip(again, marks, strict=True):
        if mark != "\0":  # a letter repeated: text[i + 1] goes
            pieces.append(text[last : i + 1])
            last = i + 2
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


@dataclass(frozen=True, slots=True)
class Normalized:
    """Normalised text and, for each of its characters, the span of original text it came from."""

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Return the original character span covering normalised characters `start:end`."""
        if end <= start:
            raise ValueError("empty span")
        return self.starts[start], self.ends[end - 1]


@functools.lru_cache(maxsize=16)
def normalize_text(text: str) -> str:
    """Return the normalised form of `text` (fast path, no offset map), at most MAX_WORKING_CHARS after step 1.

    The last few results are kept: the site memory, the scorer and the word lists read the same comment one
    after the other.
    """
    state = _Plain(map_characters(text)[:MAX_WORKING_CHARS])
    _run_steps(state)
    return state.text.strip(" ")


def normalize(text: str) -> Normalized:
    """Normalise `text` and keep, for each output character, its original span."""
    # Each original character i yields len(CHAR_TABLE[i]) characters, all mapped back to i: map and repeat in C
    # rather than a Python step per character (the explanation path reads up to 20,000 characters).
    lengths = list(map(len, map(CHAR_TABLE.__getitem__, map(ord, text))))
    origin = np.repeat(np.arange(len(text), dtype=np.int64), lengths)[:MAX_WORKING_CHARS]
    state = _Tracked(text.translate(CHAR_TABLE)[:MAX_WORKING_CHARS], origin.tolist(), (origin + 1).tolist())
    _run_steps(state)
    current, starts, ends = state.text, state.starts, state.ends
    lead = len(current) - len(current.lstrip(" "))
    trail = len(current.rstrip(" "))
    return Normalized(current[lead:trail], tuple(starts[lead:trail]), tuple(ends[lead:trail]))


def _sub_tracked(
    pattern: re.Pattern[str],
    repl: _Repl,
    text: str,
    starts: list[int],
    ends: list[int],
    count: int = 0,
) -> tuple[str, list[int], list[int]]:
    """Apply `pattern.sub(repl, text, count=count)` while carrying the offset map along."""
    pieces: list[str] = []
    new_starts: list[int] = []
    new_ends: list[int] = []
    last = 0
    for done, match in enumerate(pattern.finditer(text)):
        if count and done == count:
            break
        a, b = match.span()
        pieces.append(text[last:a])
        new_starts.extend(starts[last:a])
        new_ends.extend(ends[last:a])
        replacement = repl if isinstance(repl, str) else repl(match)
        pieces.append(replacement)
        if len(replacement) == b - a:
            new_starts.extend(starts[a:b])
            new_ends.extend(ends[a:b])
        elif b > a:
            new_starts.extend([starts[a]] * len(replacement))
            new_ends.extend([ends[b - 1]] * len(replacement))
        last = b
    if last == 0:
        return text, starts, ends
    pieces.append(text[last:])
    new_starts.extend(starts[last:])
    new_ends.extend(ends[last:])
    return "".join(pieces), new_starts, new_ends

"""Patterns tried only where one of the literals that start every match occurs."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence

import ahocorasick_rs


def literal_positions(text: str, literals: Iterable[str]) -> list[int]:
    """Every position of `text` where one of `literals` starts, in order, each once (`str.find`: in C)."""
    found: set[int] = set()
    for literal in literals:
        at = text.find(literal)
        while at >= 0:
            found.add(at)
            at = text.find(literal, at + 1)
    return sorted(found)


class Anchored:
    """A pattern every match of which starts with one of a few literals: tried only where one of them occurs.

    `str.find` locates the literals in C (or `AnchoredSet` does, for several patterns in one pass); the pattern is
    then matched at those positions only (`\\b` and lookbehinds still see the characters before), where `search`
    or `findall` would try it at every position of the text. Same matches, in the same order, at a fraction of the
    CPU. `starts` must hold a prefix of every match (tests/unit/test_scoring_fast_paths.py checks it against the
    pattern).
    """

    def __init__(self, pattern: re.Pattern[str], starts: tuple[str, ...]) -> None:
        self.pattern = pattern
        self.starts = starts

    def _candidates(self, text: str) -> list[int]:
        return literal_positions(text, self.starts)

    def search(self, text: str, candidates: list[int] | None = None) -> bool:
        """Whether the pattern matches anywhere in `text` (as `bool(pattern.search(text))`); `candidates`: where
        the literals start, when the caller found them already (`AnchoredSet.candidates`)."""
        match = self.pattern.match
        at_literals = self._candidates(text) if candidates is None else candidates
        return any(match(text, at) is not None for at in at_literals)

    def count(self, text: str, candidates: list[int] | None = None) -> int:
        """How many matches `pattern.findall(text)` would return (non-overlapping, leftmost first)."""
        count = end = 0
        match = self.pattern.match
        for at in self._candidates(text) if candidates is None else candidates:
            if at >= end and (found := match(text, at)) is not None:
                count += 1
                end = found.end()
        return count


class AnchoredSet:
    """Several anchored patterns read from one text: their literals found in one Aho-Corasick pass (in C).

    One `str.find` scan per literal costs more than the whole pass once the patterns hold dozens of literals.
    """

    def __init__(self, patterns: Sequence[Anchored]) -> None:
        self.patterns = tuple(patterns)

    @functools.cached_property
    def _searcher(self) -> tuple[ahocorasick_rs.AhoCorasick, tuple[tuple[int, ...], ...]]:
        """The automaton of every distinct literal, and for each, the patterns (by index) it starts."""
        owners: dict[str, list[int]] = {}
        for index, anchored in enumerate(self.patterns):
            for literal in anchored.starts:
                owners.setdefault(literal, []).append(index)
        literals = list(owners)
        automaton = ahocorasick_rs.AhoCorasick(literals, matchkind=ahocorasick_rs.MatchKind.Standard)
        return automaton, tuple(tuple(owners[literal]) for literal in literals)

    def candidates(self, text: str) -> list[list[int]]:
        """Return, per pattern, the sorted positions of `text` where one of its literals starts."""
        automaton, owners = self._searcher
        found: list[set[int]] = [set() for _ in self.patterns]
        for literal, start, _end in automaton.find_matches_as_indexes(text, overlapping=True):
            for index in owners[literal]:
                found[index].add(start)
        return [sorted(positions) for positions in found]

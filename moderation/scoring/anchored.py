"""Patterns tried only where one of the literals that start every match occurs."""

from __future__ import annotations

import re


class Anchored:
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

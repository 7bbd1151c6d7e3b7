"""Word lists shipped as data files: one word a line, a header of `#` lines naming source and licence."""

from __future__ import annotations

import functools
import re
from importlib import resources

from moderation.scoring.characters import fold_accents

_REPEATS = re.compile(r"(\w)\1+")


@functools.cache
def words(name: str) -> frozenset[str]:
    """Return the words of `<name>.txt` in this folder, as written (read once, then cached)."""
    text = resources.files(__name__).joinpath(f"{name}.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#"))


@functools.cache
def normalized_words(name: str) -> frozenset[str]:
    """Return the words of `<name>.txt` as `normalize_text` writes them (repeated letters squeezed)."""
    return frozenset(_REPEATS.sub(r"\1", w) for w in words(name))


@functools.cache
def folded_words(name: str) -> frozenset[str]:
    """Return the words of `<name>.txt` as the featuriser sees them (squeezed, then accent-folded)."""
    return frozenset(fold_accents(w) for w in normalized_words(name))

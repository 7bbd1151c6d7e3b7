"""The texts training writes for itself, for the checks that the check sets (training/check_comments/) are never
trained on."""

from __future__ import annotations

import functools
import string

from moderation.scoring.characters import fold_accents
from moderation.scoring.normalize import normalize_text
from training.dataset import authored_records


def text_key(text: str) -> str:
    """A text as training de-duplicates it: normalised, accents folded."""
    return fold_accents(normalize_text(text))


@functools.cache
def authored_keys() -> frozenset[str]:
    """Every authored row's key, as `build_records` adds them (the spam generator without the contact-form lexicon,
    which only varies the spam rows' phrases)."""
    return frozenset(text_key(r.text) for r in authored_records())


def word_runs(text: str, size: int) -> set[tuple[str, ...]]:
    """Every run of `size` words of a text, case folded, the punctuation around each word dropped (« n'hésitez » and
    "I'll" stay one word): what an echo of a check set shares."""
    words = [word for word in (raw.strip(_EDGES) for raw in text.casefold().split()) if word]
    return {tuple(words[i : i + size]) for i in range(len(words) - size + 1)}


_EDGES = string.punctuation + "«»“”‘’…–—"

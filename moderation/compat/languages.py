"""The languages both imitated APIs name (BCP 47 tags, locales) read as the two the model knows."""

from __future__ import annotations

import re
from collections.abc import Sequence

#: The languages the model scores.
SUPPORTED_LANGUAGES: tuple[str, ...] = ("fr", "en")


def primary_language(tag: str) -> str:
    """The primary subtag of a BCP 47 or locale tag: "fr-FR", "fr_CA" and "FR" give "fr"."""
    return re.split(r"[-_]", tag.strip().lower(), maxsplit=1)[0]


def first_supported(tags: Sequence[str]) -> str | None:
    """The first of `tags` the model knows (fr or en), else None."""
    for tag in tags:
        lang = primary_language(tag)
        if lang in SUPPORTED_LANGUAGES:
            return lang
    return None

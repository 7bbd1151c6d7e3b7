"""The service's texts in French and English (one table per language, a data file each) and the choice of language."""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from importlib import resources
from types import MappingProxyType
from typing import Literal

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")

#: The sections of each language's table (moderation/texts/<lang>.json):
#: - messages: API errors and the reasons for a decision, formatted with their parameters by `translate`
#:   (`model_reject`/`model_hold` name the head in words; its score is shown beside them as a band with the
#:   exact figure, since a rounded figure in the sentence read "score 1.00" under a reject cut of 0.9996);
#: - heads: a model head's name in words; reason_labels: a reason in a few words for the moderators' list;
#: - page: the moderators' page (its template and script share the keys); outcome: the page a browser gets
#:   after posting the comment form.
Section = Literal["messages", "heads", "reason_labels", "page", "outcome"]


@functools.cache
def texts(lang: Lang) -> Mapping[str, Mapping[str, str]]:
    """Every text in one language, by section then key; read once from its data file."""
    data = json.loads((resources.files("moderation") / "texts" / f"{lang}.json").read_text(encoding="utf-8"))
    return MappingProxyType({section: MappingProxyType(entries) for section, entries in data.items()})


def text(lang: Lang, section: Section, key: str) -> str | None:
    """The text of `key` in one section of a language's table, or None when there is none."""
    return texts(lang)[section].get(key)


def translate(code: str, lang: Lang, /, **params: object) -> str:
    """Return the message for `code` in `lang`, formatted with `params`."""
    message = text(lang, "messages", code)
    if message is None:
        return code
    if "label" in params and isinstance(params["label"], str):
        params["label"] = head_label(params["label"], lang)
    return message.format(**params)


def head_label(head: str, lang: Lang) -> str:
    """A model head's name in words ("propos injurieux"); the head itself when it has none."""
    label = text(lang, "heads", head)
    return head if label is None else label


def negotiate(accept_language: str | None, default: Lang) -> Lang:
    """Pick fr or en from an `Accept-Language` header by quality, else the site's default."""
    if not accept_language:
        return default
    best: tuple[float, int, Lang] | None = None
    for position, item in enumerate(accept_language.split(",")):
        tag, _, params = item.strip().partition(";")
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                continue
        primary = tag.strip().lower().split("-")[0]
        if primary in LANGS and quality > 0:
            candidate = (quality, -position, primary)
            if best is None or candidate[:2] > best[:2]:
                best = candidate
    return best[2] if best else default

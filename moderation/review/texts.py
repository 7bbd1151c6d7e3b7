"""The moderators' page's texts: the `page` section of each language's table (moderation/texts/<lang>.json)."""

from __future__ import annotations

from moderation.i18n import Lang, texts


def page_texts(lang: Lang) -> dict[str, str]:
    """Every page string in one language; the template and the script (through a data attribute) use its keys."""
    return dict(texts(lang)["page"])

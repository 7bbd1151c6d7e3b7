"""Why a comment got its status: the reason type stored with a comment and shown by intake and review."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from moderation.i18n import Lang, translate


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a status was chosen: a stable code, where it came from, and message parameters."""

    code: str
    source: Literal["rule", "model", "system"]
    head: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: Lang) -> str:
        """The reason in the reader's or moderator's language."""
        params = dict(self.params)
        if self.head is not None:
            params.setdefault("label", self.head)
        return translate(self.code, lang, **params)

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        """JSON form used by the API and stored with the comment."""
        out: dict[str, Any] = {"code": self.code, "source": self.source, "message": self.message(lang)}
        if self.head is not None:
            out["head"] = self.head
        return out


def localized_reasons(stored: Iterable[Mapping[str, Any]], lang: Lang) -> list[dict[str, Any]]:
    """The reasons stored with a comment, as the API shows them in `lang`."""
    return [
        Reason(code=r["code"], source=r["source"], head=r.get("head"), params=r.get("params", {})).to_dict(lang)
        for r in stored
    ]

"""Why a comment got its status: the reason type stored with a comment and shown by intake and review."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from moderation.i18n import Lang, head_label, text, translate


@dataclass(frozen=True, slots=True)
class Reason:
    """Why a status was chosen: a stable code, where it came from, and message parameters."""

    code: str
    source: Literal["rule", "model", "system", "site"]  # "site": the site memory (moderation/site/memory.py)
    head: str | None = None
    params: dict[str, Any] = field(default_factory=dict)

    def message(self, lang: Lang) -> str:
        """The reason in the reader's or moderator's language."""
        params = dict(self.params)
        if self.head is not None:
            params.setdefault("label", self.head)
        return translate(self.code, lang, **params)

    def label(self, lang: Lang) -> str:
        """The reason in a few words for a moderator's list ("menace", "spam : lien déjà signalé")."""
        short = text(lang, "reason_labels", self.code)
        if short is not None:
            try:
                return short.format(**self.params)
            except (KeyError, IndexError, ValueError):
                pass  # parameters missing from an older record: the head's name or the whole message then
        if self.head is not None:
            return head_label(self.head, lang)
        return self.message(lang)

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        """JSON form used by the API and stored with the comment."""
        out: dict[str, Any] = {"code": self.code, "source": self.source, "message": self.message(lang)}
        if self.head is not None:
            out["head"] = self.head
        return out


#: Reasons that reject (or mark spam) on their own: they drove the status ahead of any hold.
REJECTING_CODES = frozenset(
    {"model_reject", "banned", "honeypot", "disallowed_word", "known_spam_link", "known_spam_phone", "known_spam_text"}
)
#: Within a tier, what the site learnt speaks first, then the model, then the site's rules, then the system.
_SOURCE_ORDER = {"site": 0, "model": 1, "rule": 2, "system": 3}


def drive_order(reason: Mapping[str, Any]) -> tuple[int, int, float]:
    """Sort key putting first the reason that drove the status: rejecting ones, then the highest model score."""
    params = reason.get("params") or {}
    score = params.get("score") if isinstance(params, Mapping) else None
    weight = float(score) if isinstance(score, int | float) else 0.0
    tier = 0 if reason.get("code") in REJECTING_CODES else 1
    return (tier, _SOURCE_ORDER.get(str(reason.get("source")), 4), -weight)


def localized_reasons(
    stored: Iterable[Mapping[str, Any]], lang: Lang, *, labelled: bool = False
) -> list[dict[str, Any]]:
    """The reasons stored with a comment, as the API shows them in `lang`, the one that drove the status first.

    With `labelled`, each also carries its `label` in a few words and the model's `score` (the review page).
    """
    out = []
    for r in sorted(stored, key=drive_order):
        reason = Reason(code=r["code"], source=r["source"], head=r.get("head"), params=r.get("params", {}))
        shown = reason.to_dict(lang)
        if labelled:
            shown["label"] = reason.label(lang)
            score = reason.params.get("score")
            if reason.source == "model" and isinstance(score, int | float):
                shown["score"] = float(score)
        out.append(shown)
    return out

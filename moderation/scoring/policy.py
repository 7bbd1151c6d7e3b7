"""Turn model scores and thresholds into a lean per head: approve, hold or reject."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from moderation.scoring.base import Thresholds

Lean = Literal["approve", "hold", "reject"]

#: Heads whose reject means "spam" rather than "rejected" (abusive).
SPAM_HEADS = frozenset({"spam"})


@dataclass(frozen=True, slots=True)
class HeadVerdict:
    """One head's score and where it falls against its thresholds."""

    head: str
    score: float
    lean: Lean
    thresholds: Thresholds


def effective_thresholds(
    model: Mapping[str, Thresholds], overrides: Mapping[str, Mapping[str, float]]
) -> dict[str, Thresholds]:
    """Merge settings' per-head overrides (`{"spam": {"reject": 0.9}}`) over the manifest's."""
    merged = dict(model)
    for head, values in overrides.items():
        base = merged.get(head, Thresholds(approve=0.5, reject=1.01))
        merged[head] = Thresholds(
            approve=float(values.get("approve", base.approve)),
            reject=float(values.get("reject", base.reject)),
        )
    return merged


def judge(scores: Mapping[str, float], thresholds: Mapping[str, Thresholds]) -> list[HeadVerdict]:
    """Place each thresholded head's score: reject at or above `reject`, approve below `approve`."""
    verdicts = []
    for head, cut in thresholds.items():
        if head not in scores:
            continue
        score = scores[head]
        lean: Lean = "reject" if score >= cut.reject else "approve" if score < cut.approve else "hold"
        verdicts.append(HeadVerdict(head=head, score=score, lean=lean, thresholds=cut))
    return verdicts

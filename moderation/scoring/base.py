"""The one interface through which the service asks a model for scores."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol, runtime_checkable

#: Every head a scorer may return; a scorer returns a subset (the rules-only scorer returns none).
HEADS: tuple[str, ...] = (
    "spam",
    "toxicity",
    "severe_toxicity",
    "insult",
    "threat",
    "identity_attack",
    "profanity",
)


@dataclass(frozen=True, slots=True)
class Submission:
    """What a scorer sees of one comment: its text and the reader-supplied metadata."""

    text: str
    author: str = ""
    email: str = ""
    url: str = ""
    lang: str | None = None  # the site's or the client's hint; the scorer detects its own too
    # the site's own domains, as its operator names them (`site.marks.site_domains`): links to them are sources
    own_hosts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the *original* text that pushed a head's score up."""

    start: int
    end: int
    text: str
    weight: float


AuthorField = Literal["email", "website", "name"]


@dataclass(frozen=True, slots=True)
class FieldInfluence:
    """How far one author field raised a head's probability: the score as given and with the field left empty."""

    field: AuthorField
    head: str
    score: float
    without: float


@dataclass(frozen=True, slots=True)
class Thresholds:
    """Per-head cut-offs: at or above `reject` the head rejects; below `approve` it approves."""

    approve: float
    reject: float


@dataclass(frozen=True, slots=True)
class Scores:
    """One comment's calibrated probabilities per head, with the spans that drove them."""

    scores: dict[str, float]
    language: str
    model_version: str
    spans: dict[str, list[Span]] = field(default_factory=dict)


@runtime_checkable
class Scorer(Protocol):
    """A loaded model version; safe to share between threads (scoring does not mutate it)."""

    @property
    def version(self) -> str:
        """Name of the model version (the folder name under `model/`), or `rules-only`."""
        ...

    @property
    def thresholds(self) -> dict[str, Thresholds]:
        """Cut-offs per head, as chosen on validation and written in the manifest."""
        ...

    def score(self, submission: Submission, *, explain: bool = True) -> Scores:
        """Score one submission; with `explain`, fill `spans` for heads that lean positive."""
        ...

    def score_many(self, submissions: Sequence[Submission]) -> list[Scores]:
        """Score many submissions at once (no spans), in input order."""
        ...

    def explain(self, submission: Submission, heads: Sequence[str]) -> dict[str, list[Span]]:
        """Return the spans of the original text that pushed each of `heads` up (no scoring)."""
        ...

    def field_influence(self, submission: Submission, heads: Sequence[str]) -> list[FieldInfluence]:
        """Return the author fields (e-mail, website, name) that raised each of `heads`, largest effect first."""
        ...

"""A site layer as served: per head, a logistic regression on the global logit and hashed n-grams (numpy only).

For a head the layer covers, the score becomes sigmoid(a * logit(global) + b + w . x), where x is the comment's
hashed n-gram row (the global featuriser's char 3-5-grams and word 1-2-grams, hashed into `dimension` columns,
counts scaled by 1/sqrt(occurrences)) plus a 1 in the column of each link signal ("a link", "a link to
<domain>"): what a link means is the site's to learn (on a news site a YouTube link cites a source; under a
YouTube video it is spam). Heads the layer does not cover keep the global score.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any

import numpy as np
import numpy.typing as npt

from moderation.scoring.base import Scores, Thresholds
from moderation.scoring.links import find_links
from moderation.scoring.ngrams import HashedNGrams, feature_text
from moderation.scoring.policy import NEVER

#: Columns the n-grams are hashed into (a power of two: the column is the hash's low bits).
DIMENSION = 2**18
#: Longest stretch of a comment the layer reads (as the global model, it reads the start of long comments).
MAX_LAYER_CHARS = 4000
#: Global logits are clipped to this, so a global certainty never swamps the site's own evidence.
MAX_LOGIT = 12.0

#: Links written so that link scanners miss them: "name(dot)com", "name[.]com", "name dot com", "name. com",
#: "ht tp: //", a bare "/watch?v=" path. Read in the featuriser's folded text (lower case, spaces single, letter
#: runs shortened: "http" reads "htp"). Spaced forms ("name. com") only with the domain endings that are no word
#: ("fini. de", "it. me", "Résultat. Net", "it. Info" are sentences).
DISGUISED_LINK = re.compile(
    r"[(\[{] ?(?:dot|\.) ?[)\]}]"
    r"|\w dot (?:com|net|org|info|biz|xyz)\b"
    r"|\w(?:\. | \. ?)(?:com|org)\b"
    r"|h ?t ?t? ?p ?s? ?: ?/ ?/"
    r"|(?<![\w.])/watch\?v="
)
#: Literals one of which every text the pattern matches holds, by the character they need: a comment holding
#: none (most) costs a few `in` scans (C loops, ~10 µs over 600 characters), not a regex pass (~60 µs).
_SPACED_HINTS = (". com", ". org", " .com", " .org")
_SCHEME_HINTS = ("h tp", "t tp", "ht p", "tp :", "tps :", "p: /", "s: /", ":/ /")
_BRACKET_HINTS = ("(.", "( .", "[.", "[ .", "{.", "{ .")
#: What the scheme branch matches in a plain link (find_links sees those): not a disguise.
_PLAIN_SCHEMES = frozenset({"htp://", "htps://"})


def disguised_link(folded: str) -> bool:
    """Whether the folded text (`feature_text`) holds a link written to escape link scanners."""
    hinted = (
        "dot" in folded
        or "watch?v=" in folded
        or (("com" in folded or "org" in folded) and any(hint in folded for hint in _SPACED_HINTS))
        or (":" in folded and any(hint in folded for hint in _SCHEME_HINTS))
        or (("(" in folded or "[" in folded or "{" in folded) and any(hint in folded for hint in _BRACKET_HINTS))
    )
    if not hinted:
        return False
    return any(m.group() not in _PLAIN_SCHEMES for m in DISGUISED_LINK.finditer(folded))


F32 = npt.NDArray[np.float32]
F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]


def _link_domain(link: str) -> str:
    """The host a link names, without scheme, "www." or port ("youtube.com" for ".youtube.com/watch?v=...")."""
    host = link.strip(" .").split("://", 1)[-1].split("/", 1)[0].split("?", 1)[0].split(":", 1)[0]
    return host.lower().removeprefix("www.")


def global_logit(probability: float | npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Return the clipped logit of a calibrated global probability."""
    p = np.clip(np.asarray(probability, dtype=np.float64), 1e-7, 1 - 1e-7)
    return np.asarray(np.clip(np.log(p / (1 - p)), -MAX_LOGIT, MAX_LOGIT), dtype=np.float64)


class Featurizer:
    """Turns comment text into the layer's hashed n-gram row: each n-gram occurrence adds 1/sqrt(n) to its column.

    (n is the text's number of n-gram occurrences: counts, normalised so long comments do not weigh more.)
    """

    def __init__(self, dimension: int = DIMENSION) -> None:
        if dimension & (dimension - 1):
            raise ValueError("the dimension must be a power of two")
        self.dimension = dimension
        self._mask = np.uint64(dimension - 1)
        self._ngrams = HashedNGrams()

    def parts(self, text: str) -> tuple[I64, I64]:
        """The serving fast path: every n-gram occurrence's column (repeats included), and the distinct columns
        of the link signals: "a link", "a link to <domain>", and "a disguised link" (which is "a link" too).
        """
        head = text[:MAX_LAYER_CHARS]
        folded = feature_text(head)
        columns = (self._ngrams.hashes(folded) & self._mask).astype(np.int64)
        spans = find_links(head)
        disguised = disguised_link(folded)
        if not spans and not disguised:
            return columns, np.zeros(0, dtype=np.int64)
        tokens = {"link"} | {f"link:{_link_domain(head[a:b])}" for a, b in spans}
        if disguised:  # the site's labels say what a hidden link means, apart from a plain one
            tokens.add("link:disguised")
        signals = np.fromiter((self._token_column(t) for t in tokens), dtype=np.int64, count=len(tokens))
        return columns, np.unique(signals)

    def _token_column(self, token: str) -> int:
        digest = hashlib.blake2b(token.encode(), digest_size=8, person=b"site-layer").digest()
        return int.from_bytes(digest, "little") & (self.dimension - 1)

    def row(self, text: str) -> tuple[I64, F32]:
        """Return `text`'s distinct columns and their values (count / sqrt(occurrences), plus 1 per signal)."""
        occurrences, signals = self.parts(text)
        values = np.ones(occurrences.shape[0] + signals.shape[0], dtype=np.float64)
        if occurrences.shape[0]:
            values[: occurrences.shape[0]] /= np.sqrt(occurrences.shape[0])
        cols, inverse = np.unique(np.concatenate((occurrences, signals)), return_inverse=True)
        summed = np.zeros(cols.shape[0], dtype=np.float64)
        np.add.at(summed, inverse, values)
        return cols, summed.astype(np.float32)


@dataclass(frozen=True, slots=True)
class HeadFigures:
    """What the guard measured for one head on the held-out slice of the site's labels."""

    labels: int  # labelled comments for this head (train and held-out)
    positives: int
    held_out: int
    auc_global: float | None
    auc_layer: float | None
    log_loss_global: float
    log_loss_layer: float
    errors_global: int  # held-out comments the global cuts decide wrongly (a positive approved, a negative held)
    errors_layer: int  # the same with the layer's scores and cuts

    def as_dict(self) -> dict[str, Any]:
        """JSON form (rounded), with the points gained."""
        rounded: dict[str, Any] = {k: (None if v is None else round(v, 4)) for k, v in asdict(self).items()}
        rounded["points"] = self.points
        return rounded

    @property
    def points(self) -> float | None:
        """ROC-AUC points the layer gains over the global model on the held-out slice (x 100)."""
        if self.auc_global is None or self.auc_layer is None:
            return None
        return round(100 * (self.auc_layer - self.auc_global), 1)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> HeadFigures:
        """Rebuild from `as_dict`."""
        return cls(**{f.name: data[f.name] for f in fields(cls)})


@dataclass(frozen=True, slots=True)
class HeadLayer:
    """One head's stacked regression: global-logit weight, bias, and sparse n-gram weights."""

    global_weight: float
    bias: float
    columns: npt.NDArray[np.int32]  # sorted
    weights: F32
    figures: HeadFigures
    thresholds: Thresholds | None = None  # re-derived from the site's labels, else None: the global cuts

    @property
    def rescores(self) -> bool:
        """Whether the head changes the global score (a head learned from approvals alone only moves its cut)."""
        return bool(self.columns.shape[0]) or self.global_weight != 1.0 or self.bias != 0.0


@dataclass(frozen=True, slots=True)
class SiteLayer:
    """One version of a site's layer: the heads it re-scores or re-cuts, for one global model version."""

    version: int
    model_version: str  # the global model its global-logit weights were fitted on
    heads: dict[str, HeadLayer]
    labels: int  # comments with a resolved label it was learned from
    created_at: float
    dimension: int = DIMENSION
    # derived on construction (frozen, so set once with object.__setattr__): every covered head's weights side by
    # side, so one gather per comment serves them all
    _order: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _matrix: F32 = field(init=False, repr=False, compare=False)  # (dimension x covered heads)
    _global_weight: F64 = field(init=False, repr=False, compare=False)
    _bias: F64 = field(init=False, repr=False, compare=False)
    _featurizer: Featurizer = field(init=False, repr=False, compare=False)
    #: re-scored heads whose labels proved no reject cut of their own: the global model rejects for them
    global_rejects: tuple[str, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        order = tuple(sorted(h for h, part in self.heads.items() if part.rescores))
        matrix = np.zeros((self.dimension, len(order)), dtype=np.float32)
        for j, head in enumerate(order):
            matrix[self.heads[head].columns.astype(np.int64), j] = self.heads[head].weights
        derived = {
            "_order": order,
            "_matrix": matrix,
            "_global_weight": np.asarray([self.heads[h].global_weight for h in order], dtype=np.float64),
            "_bias": np.asarray([self.heads[h].bias for h in order], dtype=np.float64),
            "_featurizer": Featurizer(self.dimension),
            "global_rejects": tuple(
                h for h in order if (cut := self.heads[h].thresholds) is not None and cut.reject >= NEVER
            ),
        }
        for name, value in derived.items():
            object.__setattr__(self, name, value)

    def applies_to(self, model_version: str) -> bool:
        """Whether this layer was fitted on the given global model (else its global-logit weights mean nothing)."""
        return self.model_version == model_version

    def thresholds(self, base: Mapping[str, Thresholds]) -> dict[str, Thresholds]:
        """The global cuts with the layer's re-derived ones over them."""
        merged = dict(base)
        for head, layer in self.heads.items():
            if layer.thresholds is not None:
                merged[head] = layer.thresholds
        return merged

    def apply(self, scored: Scores, text: str) -> Scores:
        """Return the global `scored` of `text` with each covered head's score replaced by the layer's."""
        if not self._order or not all(head in scored.scores for head in self._order):
            return scored  # only cuts moved; or a model without one of the heads: the layer was not fitted on it
        z = self._global_weight * global_logit(np.asarray([scored.scores[h] for h in self._order])) + self._bias
        columns, signals = self._featurizer.parts(text)
        if columns.shape[0]:
            z += self._matrix[columns].sum(axis=0, dtype=np.float64) / np.sqrt(columns.shape[0])
        if signals.shape[0]:
            z += self._matrix[signals].sum(axis=0, dtype=np.float64)
        probabilities = 1.0 / (1.0 + np.exp(-np.clip(z, -35.0, 35.0)))
        scores = dict(scored.scores)
        scores.update(zip(self._order, probabilities.tolist(), strict=True))
        return replace(scored, scores=scores)

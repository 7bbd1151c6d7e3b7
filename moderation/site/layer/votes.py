"""Turn the label stream into one label per comment and head: what the site layer learns from.

The rule, per comment id (entries without one, e.g. an Akismet submit-spam, each stand alone):
- every labeller (a moderator by name, the site's feedback, Akismet or Perspective clients) has one vote per
  head: their latest label;
- a revert clears every vote given on the comment before it (the reverted decision teaches nothing, and a
  bulk mistake undone by reverts leaves no trace); labels given after the revert count again;
- per head the majority of the votes wins, and a tie goes to the latest vote: a later decision overrides an
  earlier one, and one moderator is outvoted when two other labellers (another moderator and the site's
  feedback, say) agree against them;
- a comment that is not toxic holds no insult, threat... either: `toxicity` 0 makes every toxicity sub-head
  not named 0 too (the rule the training data follows, training/data.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from moderation.labels import LabelledExample
from moderation.scoring.base import HEADS

#: The heads a non-toxic comment is a negative of too.
TOXICITY_SUB_HEADS = tuple(h for h in HEADS if h not in ("spam", "toxicity"))


@dataclass(frozen=True, slots=True)
class ResolvedLabel:
    """One comment's labels after the votes, with what the layer reads of it."""

    key: str  # the comment id, or the stream id of an entry without one
    text: str
    url: str
    language: str
    labels: dict[str, int]


@dataclass(slots=True)
class _Ballot:
    """The votes given on one comment so far: labeller -> (order of their latest vote, their labels)."""

    votes: dict[str, tuple[int, dict[str, int]]] = field(default_factory=dict)
    example: LabelledExample | None = None
    order: int = 0


def resolve(entries: Iterable[tuple[str, LabelledExample]]) -> list[ResolvedLabel]:
    """Resolve stream entries (oldest first) into one label set per comment, in the order last labelled."""
    ballots: dict[str, _Ballot] = {}
    for order, (entry_id, example) in enumerate(entries):
        key = example.comment_id or entry_id
        ballot = ballots.pop(key, None) or _Ballot()
        ballots[key] = ballot  # re-inserted: dict order is the order comments were last labelled
        ballot.order = order
        if not example.labels:  # a revert (a correction without labels): what came before is undone
            ballot.votes.clear()
            continue
        ballot.votes[example.labeller] = (order, dict(example.labels))
        ballot.example = example
    resolved = []
    for key, ballot in ballots.items():
        if ballot.example is None or not ballot.votes:
            continue
        labels = _majority(ballot.votes.values())
        if labels:
            example = ballot.example
            resolved.append(
                ResolvedLabel(key=key, text=example.text, url=example.url, language=example.language, labels=labels)
            )
    return resolved


def _majority(votes: Iterable[tuple[int, dict[str, int]]]) -> dict[str, int]:
    """Per head, the value most labellers gave; on a tie, the value of the latest vote."""
    tallies: dict[str, list[int]] = {}  # head -> [votes for 0, votes for 1, latest order, latest value]
    for order, labels in votes:
        for head, value in labels.items():
            tally = tallies.setdefault(head, [0, 0, -1, 0])
            tally[1 if value else 0] += 1
            if order > tally[2]:
                tally[2], tally[3] = order, 1 if value else 0
    out = {}
    for head, (zeros, ones, _, latest) in tallies.items():
        out[head] = 1 if ones > zeros else 0 if zeros > ones else latest
    if out.get("toxicity") == 0:
        for head in TOXICITY_SUB_HEADS:
            out.setdefault(head, 0)
    return out

"""How well explanations agree with a French moderator on which words make a held comment abusive.

`training/check_comments/marked_words_fr.tsv` holds held comments with the words a moderator marks. For each comment
the served decision names the heads that held or rejected it; their explanation spans are compared, word by
word, with the marked ones: precision (spans that are marked words), recall (marked words that got a span),
F1, and the words highlighted that no moderator marked. Run `python -m training.marked_words`.
"""

from __future__ import annotations

import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from moderation.config import Settings
from moderation.intake.decision import assess
from moderation.scoring.base import Scorer, Submission

MARKED = Path(__file__).resolve().parent / "check_comments" / "marked_words_fr.tsv"


def read_marked(path: Path = MARKED) -> list[tuple[str, frozenset[str]]]:
    """The comments and their marked words (case-folded), in file order."""
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        comment, _tab, words = line.partition("\t")
        rows.append((comment, frozenset(w.strip().casefold() for w in words.split("|") if w.strip())))
    return rows


@dataclass
class Agreement:
    """Word-level agreement of explanation spans with the marked words, over the comments the model held."""

    held: int = 0
    not_held: list[str] = field(default_factory=list)
    highlighted: int = 0
    marked: int = 0
    agreed: int = 0
    unmarked_highlights: Counter[str] = field(default_factory=Counter)
    missed: Counter[str] = field(default_factory=Counter)

    @property
    def precision(self) -> float:
        """Share of highlighted words a moderator marked."""
        return self.agreed / self.highlighted if self.highlighted else 0.0

    @property
    def recall(self) -> float:
        """Share of marked words that were highlighted."""
        return self.agreed / self.marked if self.marked else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def highlighted_words(scorer: Scorer, comment: str) -> tuple[list[str], set[str]]:
    """The heads the served decision held or rejected the comment on, and the words their spans cover."""
    submission = Submission(text=comment, lang="fr")
    settings = Settings(model_dir=Path("unused"))  # only the decision's rules are read: all at their defaults
    assessment = assess(submission=submission, scorer=scorer, settings=settings, explain=False)
    heads = list(dict.fromkeys(r.head for r in assessment.reasons if r.source == "model" and r.head))
    spans = scorer.explain(submission, heads) if heads else {}
    return heads, {span.text.casefold() for items in spans.values() for span in items if span.text}


def agreement(scorer: Scorer, rows: list[tuple[str, frozenset[str]]] | None = None) -> Agreement:
    """Compare the served explanations with the marked words."""
    out = Agreement()
    for comment, marked in rows if rows is not None else read_marked():
        heads, words = highlighted_words(scorer, comment)
        if not heads:
            out.not_held.append(comment)
            continue
        out.held += 1
        out.highlighted += len(words)
        out.marked += len(marked)
        out.agreed += len(words & marked)
        out.unmarked_highlights.update(words - marked)
        out.missed.update(marked - words)
    return out


def report(result: Agreement, version: str) -> str:
    """The figures as printed (and quoted in docs/models.md)."""
    lines = [
        f"model {version}: {result.held} held comments of {result.held + len(result.not_held)} "
        f"({len(result.not_held)} approved by the model, left out)",
        f"highlighted {result.highlighted} words, marked {result.marked}, agreed {result.agreed}",
        f"precision {result.precision:.3f}  recall {result.recall:.3f}  F1 {result.f1:.3f}",
        "highlighted, not marked: " + ", ".join(f"{w} ({n})" for w, n in result.unmarked_highlights.most_common()),
        "marked, not highlighted: " + ", ".join(f"{w} ({n})" for w, n in result.missed.most_common()),
    ]
    return "\n".join(lines)


def main() -> None:
    """Print the agreement of the served model's explanations (model dir from argv[1], default `model`)."""
    from moderation.scoring.artifact import load_current

    scorer = load_current(Path(sys.argv[1] if len(sys.argv) > 1 else "model"))
    print(report(agreement(scorer), scorer.version))


if __name__ == "__main__":
    main()

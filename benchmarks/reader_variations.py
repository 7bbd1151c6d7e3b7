"""Realistic readers varied on what real readers vary in: length and style, decided by a version's scores and cuts.

The civil comments of `training/check_comments/civil_comments_{fr,en}.txt` (never trained on), from one ordinary
identity, news profile, the model alone (no site memory):
- length: 60 comments made of 1, 2, 4, 8 and 12 civil sentences of a language joined (seeded draws);
- style: every comment as written, in capitals, ending "!!!", with emoji, ending "...", in lower case, with a figure.
Prints how many are not approved, how many are marked spam, and the mean spam score. The authored training rows must
not differ in these from what readers write (the brief's shortcut rule): a figure that grows with length or style
is a shortcut. A script that measures and prints, not a test:

    .venv/bin/python benchmarks/reader_variations.py [--version 2026.12.07-2]
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Callable
from pathlib import Path

from moderation.scoring.artifact import load_current, load_version
from moderation.scoring.base import Scorer, Submission
from training.news_readers import CIVIL, decide

READER = ("Marie Dupont", "marie.dupont@gmail.com", "")
STYLES: dict[str, Callable[[str], str]] = {
    "as written": lambda text: text,
    "capitals": str.upper,
    "ending !!!": lambda text: text.rstrip(".!? ") + " !!!",
    "emoji": lambda text: text + " 😡🙏",
    "ending ...": lambda text: text.rstrip(".") + "...",
    "lower case": str.lower,
    "a figure": lambda text: text + " (+12,5 % en 2024)",
}


def _row(scorer: Scorer, label: str, texts: list[str]) -> str:
    statuses = [decide(scorer, text, READER) for text in texts]
    spam = [scorer.score(Submission(text=text, author=READER[0], email=READER[1]), explain=False).scores["spam"]
            for text in texts]  # fmt: skip
    held = sum(status != "approved" for status in statuses)
    marked = sum(status == "spam" for status in statuses)
    return f"| {label} | {held} of {len(texts)} | {marked} | {sum(spam) / len(spam):.3f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--version", help="model version (default: CURRENT)")
    parser.add_argument("--model-dir", type=Path, default=Path("model"))
    args = parser.parse_args()
    scorer = load_version(args.model_dir, args.version) if args.version else load_current(args.model_dir)
    print(f"model {scorer.version}\n\n| variation | not approved | marked spam | mean spam score |\n|---|---|---|---|")
    rng = random.Random(7)
    for language in ("fr", "en"):
        for sentences in (1, 2, 4, 8, 12):
            texts = [" ".join(rng.sample(CIVIL[language], sentences)) for _ in range(60)]
            mean = sum(map(len, texts)) // len(texts)
            print(_row(scorer, f"{language}, {sentences} sentence(s), ~{mean} characters", texts))
        for name, style in STYLES.items():
            print(_row(scorer, f"{language}, {name}", [style(text) for text in CIVIL[language]]))


if __name__ == "__main__":
    main()

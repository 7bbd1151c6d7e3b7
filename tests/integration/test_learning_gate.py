"""The gate's rule: a guarded metric may be worse by at most the tolerance, in its own direction."""

from __future__ import annotations

import numpy as np

from training.compare import Comparison, Metric, compare_metrics, roc_metric
from training.data import Record, make_labels


def _auc(value: float | None, n: int = 100, guardable: bool = True) -> Metric:
    return Metric(value=value, n=n, higher_is_better=True, guardable=guardable)


def _fp(value: float, n: int = 100) -> Metric:
    return Metric(value=value, n=n, higher_is_better=False, guardable=True, rate=True)


def test_a_loss_within_the_tolerance_passes_and_beyond_it_fails() -> None:
    base = {"a.roc_auc": _auc(0.90), "b.roc_auc": _auc(0.90)}
    cand = {"a.roc_auc": _auc(0.89), "b.roc_auc": _auc(0.8899)}
    rows = {r.metric: r for r in compare_metrics(cand, base, tolerance=0.01)}
    assert not rows["a.roc_auc"].failed  # exactly the tolerance
    assert rows["b.roc_auc"].failed and rows["b.roc_auc"].delta == -0.0101


def test_false_positive_rates_fail_when_they_rise_not_when_they_fall() -> None:
    base = {"fp": _fp(0.01), "fp2": _fp(0.05)}
    cand = {"fp": _fp(0.03), "fp2": _fp(0.0)}
    rows = {r.metric: r for r in compare_metrics(cand, base, tolerance=0.01)}
    assert rows["fp"].failed and not rows["fp2"].failed


def test_a_rate_over_few_rows_does_not_fail_on_a_single_row_but_does_on_two() -> None:
    # 82 benign comments: one more rejected moves the rate by 0.0122, beyond a 0.01 tolerance
    base = {"one": _fp(1 / 82, n=82), "two": _fp(1 / 82, n=82)}
    cand = {"one": _fp(2 / 82, n=82), "two": _fp(3 / 82, n=82)}
    rows = {r.metric: r for r in compare_metrics(cand, base, tolerance=0.01)}
    assert rows["one"].guarded and not rows["one"].failed
    assert rows["two"].failed


def _records(labels: list[int]) -> list[Record]:
    return [Record(text=f"t{i}", language="fr", source="s", use="train", labels=make_labels(spam=y))
            for i, y in enumerate(labels)]  # fmt: skip


def test_thin_or_one_sided_metrics_are_reported_but_not_guarded() -> None:
    thin = _records([0, 1] * 5)  # 10 rows: too few to guard
    one_class = _records([0] * 200)  # no positive: no ROC-AUC
    enough = _records([0, 1] * 50)
    p = np.linspace(0, 1, 200)

    def metric(records: list[Record]) -> Metric:
        return roc_metric(records, list(range(len(records))), p[: len(records)], "spam")

    assert not metric(thin).guardable
    assert not metric(one_class).guardable
    assert metric(enough).guardable
    base = {"thin": metric(thin), "one_class": metric(one_class)}
    cand = {"thin": _auc(0.0, n=10, guardable=False), "one_class": metric(one_class)}
    rows = compare_metrics(cand, base, tolerance=0.01)
    assert [r.failed for r in rows] == [False, False] and not any(r.guarded for r in rows)


def test_without_a_served_model_the_first_candidate_passes() -> None:
    comparison = Comparison(candidate="v1", baseline=None, tolerance=0.01)
    comparison.rows = compare_metrics({"a.roc_auc": _auc(0.7)}, None, tolerance=0.01)
    assert comparison.passed and comparison.to_json()["failures"] == []
    assert comparison.rows[0].baseline is None and not comparison.rows[0].guarded

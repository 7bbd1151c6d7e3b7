"""The gate's rule: a guarded metric may be worse by at most the tolerance, in its own direction."""

from __future__ import annotations

from training.compare import Comparison, Metric, compare_metrics


def _auc(value: float | None, n: int = 100, guardable: bool = True) -> Metric:
    return Metric(value=value, n=n, higher_is_better=True, guardable=guardable)


def _fp(value: float, n: int = 100) -> Metric:
    return Metric(value=value, n=n, higher_is_better=False, guardable=True)


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


def test_thin_or_one_sided_metrics_are_reported_but_not_guarded() -> None:
    base = {"thin": _auc(0.99, n=10, guardable=False), "one_class": _auc(None, guardable=False)}
    cand = {"thin": _auc(0.50, n=10, guardable=False), "one_class": _auc(None, guardable=False)}
    rows = compare_metrics(cand, base, tolerance=0.01)
    assert [r.failed for r in rows] == [False, False] and not any(r.guarded for r in rows)


def test_without_a_served_model_the_first_candidate_passes() -> None:
    comparison = Comparison(candidate="v1", baseline=None, tolerance=0.01)
    comparison.rows = compare_metrics({"a.roc_auc": _auc(0.7)}, None, tolerance=0.01)
    assert comparison.passed and comparison.to_json()["failures"] == []
    assert comparison.rows[0].baseline is None and not comparison.rows[0].guarded

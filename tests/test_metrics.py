"""Evaluation metrics."""

from __future__ import annotations

import pytest

from rag.evaluation.metrics import (
    answer_score,
    bootstrap_interval,
    citation_precision,
    covers,
    hit_at,
    key_fact_recall,
    mean,
    normalize,
    percentile,
    reciprocal_rank,
    refusal_scores,
)


def test_normalize_folds_case_quotes_and_space() -> None:
    assert normalize("  Children’s  “Services”\n") == 'children\'s "services"'


@pytest.mark.parametrize(
    ("text", "groups", "recall"),
    [
        ("Children are seen alone.", [["seen alone"], ["regularly"]], 0.5),
        ("The council’s plan", [["council's plan", "the plan"]], 1.0),
        ("Nothing relevant", [["seen alone"]], 0.0),
        ("Anything", [], 1.0),
    ],
)
def test_key_fact_recall(text: str, groups: list[list[str]], recall: float) -> None:
    assert key_fact_recall(text, groups) == recall


@pytest.mark.parametrize(
    ("text", "refused", "should_refuse", "score"),
    [
        ("Children are seen alone.", False, False, 0.5),
        ("Not in the record.", True, True, 1.0),
        ("Not in the record.", True, False, 0.0),
        ("Children are seen alone and regularly.", False, True, 0.0),
    ],
)
def test_answer_score_scores_a_refusal_as_right_or_wrong(
    text: str, refused: bool, should_refuse: bool, score: float
) -> None:
    assert answer_score(text, refused, should_refuse, [["seen alone"], ["regularly"]]) == score


def test_covers_any_alternative() -> None:
    assert covers("IROs are not tracking", ["independent reviewing", "iros"])
    assert not covers("IROs are not tracking", [])


@pytest.mark.parametrize(
    ("retrieved", "expected", "h1", "h5", "rr"),
    [
        (["a", "b"], ["a"], True, True, 1.0),
        (["b", "c", "a"], ["a"], False, True, 1 / 3),
        (["b", "c"], ["a"], False, False, 0.0),
        ([], ["a"], False, False, 0.0),
    ],
)
def test_retrieval_metrics(
    retrieved: list[str], expected: list[str], h1: bool, h5: bool, rr: float
) -> None:
    assert hit_at(retrieved, expected, 1) is h1
    assert hit_at(retrieved, expected, 5) is h5
    assert reciprocal_rank(retrieved, expected) == pytest.approx(rr)


def test_citation_precision() -> None:
    assert citation_precision(["a", "b", "a", "c"], ["a"]) == 0.5
    assert citation_precision([], ["a"]) is None


def test_refusal_scores() -> None:
    precision, recall = refusal_scores([True, True, False, False], [True, False, True, False])
    assert (precision, recall) == (0.5, 0.5)
    assert refusal_scores([False], [False]) == (1.0, 1.0)


def test_percentile_and_mean() -> None:
    assert percentile([1.0, 2.0, 3.0, 4.0], 50) == 2.5
    assert percentile([5.0], 95) == 5.0
    assert percentile([], 50) == 0.0
    assert mean([1.0, 2.0]) == 1.5
    assert mean([]) is None


def test_bootstrap_interval_brackets_the_mean_and_narrows_with_more_questions() -> None:
    few = [1.0, 0.0, 1.0, 0.5, 1.0, 0.0, 1.0, 1.0]
    low, high = bootstrap_interval(few) or (0.0, 0.0)
    assert low < sum(few) / len(few) < high
    many_low, many_high = bootstrap_interval(few * 20) or (0.0, 0.0)
    assert many_high - many_low < high - low
    assert bootstrap_interval(few) == bootstrap_interval(few)  # seeded: repeatable
    assert bootstrap_interval([]) is None
    assert bootstrap_interval([0.5] * 10) == (0.5, 0.5)

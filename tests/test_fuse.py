"""Reciprocal rank fusion."""

from __future__ import annotations

import pytest

from rag.search.fuse import reciprocal_rank_fusion


@pytest.mark.parametrize(
    ("rankings", "weights", "order"),
    [
        ([["a", "b", "c"], ["a", "b", "c"]], None, ["a", "b", "c"]),
        # found by both retrievers beats first place in one
        ([["a", "b"], ["c", "b"]], None, ["b", "a", "c"]),
        ([["a"], []], None, ["a"]),
        ([[], []], None, []),
        # a heavier list wins ties
        ([["a"], ["b"]], [1.0, 2.0], ["b", "a"]),
    ],
)
def test_order(rankings: list[list[str]], weights: list[float] | None, order: list[str]) -> None:
    assert [key for key, _ in reciprocal_rank_fusion(rankings, weights)] == order


def test_scores_follow_the_formula() -> None:
    fused = dict(reciprocal_rank_fusion([["a", "b"], ["b"]], k=60))
    assert fused["a"] == pytest.approx(1 / 61)
    assert fused["b"] == pytest.approx(1 / 62 + 1 / 61)


def test_weights_must_match_rankings() -> None:
    with pytest.raises(ValueError, match="one weight per ranking"):
        reciprocal_rank_fusion([["a"]], [1.0, 2.0])

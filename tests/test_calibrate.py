"""Calibration's pure parts: the objective, the ranking pairs, the learned weights, the file."""

from __future__ import annotations

import json
from dataclasses import asdict, fields
from pathlib import Path

import numpy as np
import pytest

from rag.answer.select import AGAINST, FEATURES, Weights
from rag.evaluation.calibrate import (
    Calibration,
    learned_weights,
    objective,
    ranking_pairs,
    write_calibration,
)
from rag.evaluation.evaluate import QuestionResult
from rag.pipeline import load_weights


def _result(should_refuse: bool, refused: bool, recall: float = 0.0) -> QuestionResult:
    return QuestionResult(
        system="calibration",
        id="q",
        type="unanswerable" if should_refuse else "factual",
        split="train",
        question="?",
        should_refuse=should_refuse,
        refused=refused,
        retrieved=(),
        sources=(),
        cited=(),
        quotes=0,
        verbatim=0,
        key_fact_recall=recall,
        attributed=None,
        latency_ms=1.0,
        answer="",
    )


@pytest.mark.parametrize(
    ("results", "expected"),
    [
        # every fact found, every refusal right
        ([_result(False, False, 1.0), _result(True, True)], (1.0, 1.0, 1.0)),
        # no question to refuse and none refused: refusals are perfect
        ([_result(False, False, 1.0), _result(False, False, 0.5)], (0.875, 0.75, 1.0)),
        # the wrong one refused: refusal precision and recall are both 0
        ([_result(False, True, 0.5), _result(True, False)], (0.25, 0.5, 0.0)),
        # only questions to refuse: no key-fact recall to average counts as 0
        ([_result(True, True), _result(True, True)], (0.5, 0.0, 1.0)),
        # one of two refused, nothing wrongly: precision 1, recall 1/2, F1 2/3
        (
            [_result(True, True), _result(True, False), _result(False, False, 0.0)],
            (1 / 3, 0.0, 2 / 3),
        ),
    ],
)
def test_objective(results: list[QuestionResult], expected: tuple[float, float, float]) -> None:
    assert objective(results) == pytest.approx(expected)


def test_ranking_pairs_shapes_and_signs() -> None:
    rows = np.array([[3.0, 1.0], [1.0, 0.0], [0.0, 2.0]])
    labels = np.array([True, False, False])
    features, targets = ranking_pairs([(rows, labels)])
    # one sentence with a key fact against two without, each pair scaled by 1/sqrt(2)
    pairs = np.array([[2.0, 1.0], [3.0, -1.0]]) / np.sqrt(2)
    np.testing.assert_allclose(features, np.vstack([pairs, -pairs]))
    np.testing.assert_array_equal(targets, [1, 1, 0, 0])


def test_ranking_pairs_weigh_each_question_alike_and_skip_one_sided_questions() -> None:
    small = (np.array([[1.0], [0.0]]), np.array([True, False]))  # one pair
    large = (np.arange(6.0).reshape(6, 1), np.array([True, True, True, False, False, False]))
    no_fact = (np.array([[5.0], [4.0]]), np.array([False, False]))
    all_facts = (np.array([[5.0], [4.0]]), np.array([True, True]))
    features, targets = ranking_pairs([small, no_fact, large, all_facts])
    assert features.shape == (2 * (1 + 9), 1) and targets.shape == (20,)
    positive = features[targets == 1]
    np.testing.assert_allclose(positive, -features[targets == 0])
    # a question's pairs are divided by the square root of their number: 1 here, 3 below
    np.testing.assert_allclose(positive[:1, 0], [1.0])
    large_differences = np.array([a - b for a in (0, 1, 2) for b in (3, 4, 5)], dtype=float)
    np.testing.assert_allclose(positive[1:, 0], large_differences / 3)
    assert (positive[1:] < 0).all()  # here the sentences with the facts score lower


def _questions(
    rng: np.random.Generator,
    separating: dict[str, float],
    count: int = 40,
    sentences: int = 8,
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Synthetic retrieved sentences: noise on every feature, and each feature named in
    `separating` shifted by its value on the sentences holding a key fact."""
    shift = np.array([separating.get(name, 0.0) for name in FEATURES])
    questions = []
    for _ in range(count):
        labels = np.zeros(sentences, dtype=bool)
        labels[rng.choice(sentences, size=2, replace=False)] = True
        rows = rng.normal(0.0, 0.3, size=(sentences, len(FEATURES))) + labels[:, None] * shift
        questions.append((rows, labels))
    return questions


def test_learned_weights_follow_the_feature_that_separates_key_facts() -> None:
    rng = np.random.default_rng(7)
    # lexical separates strongly, similarity a little; meta marks the sentences without the
    # facts (it should count against them); fragment marks those with them (and is clipped)
    questions = _questions(rng, {"similarity": 0.3, "lexical": 1.5, "meta": -1.0, "fragment": 1.0})
    start = Weights(min_support=0.42, margin=0.2, max_quotes=2, duplicate=0.9)
    learned = learned_weights(questions, start)
    assert learned.similarity == 1.0  # the unit the others are measured in
    assert learned.lexical > 1.0 and learned.lexical > abs(learned.rank)
    assert learned.meta > 0.0 and learned.fragment == 0.0
    assert all(getattr(learned, name) >= 0.0 for name in AGAINST)
    untouched = [f.name for f in fields(Weights) if f.name not in FEATURES]
    assert {n: getattr(learned, n) for n in untouched} == {n: getattr(start, n) for n in untouched}


def test_learned_weights_refuse_a_similarity_that_does_not_help() -> None:
    rng = np.random.default_rng(3)
    questions = _questions(rng, {"similarity": -1.0, "lexical": 1.0})
    with pytest.raises(ValueError, match="similarity is not positive"):
        learned_weights(questions, Weights())


def test_write_calibration_writes_every_weight_and_a_note(tmp_path: Path) -> None:
    weights = Weights(lexical=0.37, meta=0.5, min_support=-0.1, max_quotes=4)
    calibration = Calibration(weights, 0.6123, 0.7, 0.5246, questions=57, sentences=812)
    path = tmp_path / "calibration.json"
    write_calibration(path, calibration)
    values = json.loads(path.read_text(encoding="utf-8"))
    assert set(values) == {f.name for f in fields(Weights)} | {"_calibrated_on"}
    assert {k: v for k, v in values.items() if k != "_calibrated_on"} == asdict(weights)
    note = values["_calibrated_on"]
    for said in ("57 questions", "812 retrieved sentences", "0.612", "0.700", "0.525"):
        assert said in note
    assert load_weights(path) == weights  # the file answers are scored with reads it back

"""Calibration: set the answer weights and the refusal threshold from the evaluation set.

Only the training split is used. Retrieval does not depend on these weights, so each
question is retrieved once; answers are then recomposed for every setting tried, one
weight at a time over a few values, for two rounds (coordinate ascent).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

from rag.answer import compose_answer
from rag.chain import Query, prepare_retrieval
from rag.evaluate import EvalQuestion, QuestionResult, score_answer
from rag.metrics import mean, refusal_scores
from rag.retrieve import RecordIndex
from rag.select import Weights

# Similarity keeps weight 1: the other weights and the threshold are relative to it.
GRID: dict[str, tuple[float, ...]] = {
    "min_support": (0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85),
    "lexical": (0.0, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8),
    "rank": (0.0, 0.05, 0.1, 0.15, 0.2, 0.3),
    "context": (0.0, 0.1, 0.2, 0.3),
    "speaker": (0.0, 0.05, 0.1, 0.15),
    "event": (0.0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3),
    "answer_type": (0.0, 0.05, 0.1, 0.15, 0.2),
    "margin": (0.04, 0.08, 0.12, 0.16),
    "fragment": (0.0, 0.1, 0.2),
    "meta": (0.0, 0.1, 0.2, 0.3),
    "list_margin": (-0.1, -0.05, 0.0, 0.05, 0.1),
    "timeline_margin": (0.1, 0.15, 0.2, 0.25, 0.3, 0.4),
}
ROUNDS = 2


@dataclass(frozen=True)
class Calibration:
    """The weights chosen and how well they did on the training split."""

    weights: Weights
    objective: float
    key_fact_recall: float
    refusal_f1: float
    questions: int


def objective(results: Sequence[QuestionResult]) -> tuple[float, float, float]:
    """Half key-fact recall on answerable questions, half F1 of refusals: (score, kfr, f1)."""
    recall = mean([r.key_fact_recall for r in results if not r.should_refuse]) or 0.0
    precision, refusal_recall = refusal_scores(
        [r.refused for r in results], [r.should_refuse for r in results]
    )
    f1 = 2 * precision * refusal_recall / (precision + refusal_recall or 1.0)
    return (recall + f1) / 2, recall, f1


def calibrate(
    index: RecordIndex,
    questions: Sequence[EvalQuestion],
    texts: Mapping[str, str],
    start: Weights,
    default_k: int,
    progress: Callable[[str, int], None] | None = None,
    grid: Mapping[str, Sequence[float]] = GRID,
) -> Calibration:
    """Coordinate ascent over the grid on the training questions, from the `start` weights."""
    train = [q for q in questions if q.split == "train"]
    prepared = [prepare_retrieval(index, Query(q.question), default_k) for q in train]

    def evaluate(weights: Weights) -> tuple[float, float, float]:
        results = []
        for question, (intent, retrieval) in zip(train, prepared, strict=True):
            answer = compose_answer(index, retrieval, intent, weights)
            results.append(score_answer("calibration", question, answer, texts))
        if progress:
            progress("calibrate", 1)
        return objective(results)

    best, best_score = start, evaluate(start)
    for _ in range(ROUNDS):
        for name, values in grid.items():
            for value in values:
                change: dict[str, Any] = {name: value}
                trial = replace(best, **change)
                score = evaluate(trial)
                if score[0] > best_score[0] + 1e-9:
                    best, best_score = trial, score
    return Calibration(best, best_score[0], best_score[1], best_score[2], len(train))


def write_calibration(path: Path, calibration: Calibration) -> None:
    """Save the weights with a note of how they were chosen."""
    values: dict[str, Any] = asdict(calibration.weights)
    values["_calibrated_on"] = (
        f"train split of the evaluation set ({calibration.questions} questions): "
        f"objective {calibration.objective:.3f} = (key-fact recall "
        f"{calibration.key_fact_recall:.3f} + refusal F1 {calibration.refusal_f1:.3f}) / 2"
    )
    path.write_text(json.dumps(values, indent=2) + "\n", encoding="utf-8")

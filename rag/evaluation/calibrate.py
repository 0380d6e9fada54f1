"""Calibration: learn the sentence scorer's weights and set the thresholds, on the tuning
splits only (the cross-council set's dev councils and the Newham set's train split).

The weights are learned: a linear ranking of the retrieved sentences of each tuning question
(`select.FEATURES`), fitted by logistic regression (scikit-learn) on pairs of sentences of one
question, one holding a key fact and one not. Its coefficients, divided by similarity's, are
the weights. The thresholds (when to refuse, how close a second quote or a list must be) are
then set by coordinate ascent over a few values each, on half key-fact recall and half refusal
F1. Retrieval does not depend on any of these, so each question is retrieved once.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np

from rag.answer.chain import Query, prepare_retrieval
from rag.answer.compose import compose_answer, gather_sentences
from rag.answer.select import AGAINST, FEATURES, Weights
from rag.evaluation.evaluate import EvalQuestion, QuestionResult, score_answer
from rag.evaluation.metrics import covers, mean, refusal_scores
from rag.query.understand import Intent
from rag.records import Retrieval
from rag.search.index import RecordIndex

TUNING_SPLITS = frozenset({"train", "dev"})
GRID: dict[str, tuple[float, ...]] = {
    "min_support": tuple(round(x, 2) for x in np.arange(-0.6, 1.21, 0.1)),
    "margin": (0.04, 0.08, 0.12, 0.16, 0.24, 0.32, 0.4, 0.5),
    "list_margin": (-0.2, -0.1, -0.05, 0.0, 0.05, 0.1),
    "timeline_margin": (0.1, 0.2, 0.3, 0.4, 0.6, 0.8, 1.0),
}
ROUNDS = 2
REGULARISATION = 1.0  # scikit-learn's C


@dataclass(frozen=True)
class TuningSet:
    """One record and its tuning questions."""

    index: RecordIndex
    questions: Sequence[EvalQuestion]
    texts: Mapping[str, str]


@dataclass(frozen=True)
class Calibration:
    """The weights chosen and how well they did on the tuning questions."""

    weights: Weights
    objective: float
    key_fact_recall: float
    refusal_f1: float
    questions: int
    sentences: int


def objective(results: Sequence[QuestionResult]) -> tuple[float, float, float]:
    """Half key-fact recall on answerable questions, half F1 of refusals: (score, kfr, f1)."""
    recall = mean([r.key_fact_recall for r in results if not r.should_refuse]) or 0.0
    precision, refusal_recall = refusal_scores(
        [r.refused for r in results], [r.should_refuse for r in results]
    )
    f1 = 2 * precision * refusal_recall / (precision + refusal_recall or 1.0)
    return (recall + f1) / 2, recall, f1


def labelled_sentences(
    index: RecordIndex, prepared: Sequence[tuple[EvalQuestion, Intent, Retrieval]]
) -> list[tuple[np.ndarray, np.ndarray]]:
    """Per answerable question: the features of its retrieved sentences, and whether each
    holds one of the question's key facts."""
    found = []
    for question, intent, retrieval in prepared:
        if question.refuse:
            continue
        vectors = index.sentence_vectors([h.chunk for h in retrieval.hits])
        sentences = gather_sentences(index, retrieval, intent, vectors)
        if sentences:
            rows = np.array([s.features for s in sentences])
            labels = np.array(
                [any(covers(s.text, g) for g in question.key_facts) for s in sentences]
            )
            found.append((rows, labels))
    return found


def ranking_pairs(
    questions: Sequence[tuple[np.ndarray, np.ndarray]],
) -> tuple[np.ndarray, np.ndarray]:
    """Within each question, the feature differences of a sentence holding a key fact and one
    that does not (label 1), and the reverse (label 0): what a linear scorer must order."""
    differences: list[np.ndarray] = []
    for rows, labels in questions:
        good, bad = rows[labels], rows[~labels]
        if len(good) and len(bad):
            pairs = (good[:, None, :] - bad[None, :, :]).reshape(-1, rows.shape[1])
            differences.append(pairs / len(pairs) ** 0.5)  # each question weighs alike
    positive = np.vstack(differences)
    return np.vstack([positive, -positive]), np.r_[np.ones(len(positive)), np.zeros(len(positive))]


def learned_weights(questions: Sequence[tuple[np.ndarray, np.ndarray]], start: Weights) -> Weights:
    """A linear ranking of sentences learned by logistic regression on pairs (a sentence
    with a key fact against one without, from the same question); its coefficients, in units
    of similarity's, are the weights."""
    from sklearn.linear_model import LogisticRegression

    features, labels = ranking_pairs(questions)
    model = LogisticRegression(C=REGULARISATION, fit_intercept=False, max_iter=2000)
    model.fit(features, labels)
    coefficients = model.coef_[0]
    scale = coefficients[FEATURES.index("similarity")]
    if scale <= 0:
        raise ValueError("The learned weight of similarity is not positive: too few examples.")
    values: dict[str, Any] = {
        name: round(float(c / scale) * (-1.0 if name in AGAINST else 1.0), 4)
        for name, c in zip(FEATURES, coefficients, strict=True)
    }
    for name in AGAINST:  # a fragment or a self-description never gains by being one
        values[name] = max(values[name], 0.0)
    return replace(start, **values)


def calibrate(
    sets: Sequence[TuningSet],
    start: Weights,
    default_k: int,
    progress: Callable[[str, int], None] | None = None,
    grid: Mapping[str, Sequence[float]] = GRID,
) -> Calibration:
    """Learn the weights, then set the thresholds, on the sets' tuning questions."""
    prepared = []
    for tuning in sets:
        chosen = [q for q in tuning.questions if q.split in TUNING_SPLITS]
        found = [prepare_retrieval(tuning.index, Query(q.question), default_k) for q in chosen]
        prepared.append([(q, i, r) for q, (i, r) in zip(chosen, found, strict=True)])
    labelled = [
        question
        for t, p in zip(sets, prepared, strict=True)
        for question in labelled_sentences(t.index, p)
    ]
    best = learned_weights(labelled, start)

    def evaluate(weights: Weights) -> tuple[float, float, float]:
        results = [
            score_answer("calibration", q, compose_answer(t.index, r, i, weights), t.texts)
            for t, rows in zip(sets, prepared, strict=True)
            for q, i, r in rows
        ]
        if progress:
            progress("calibrate", 1)
        return objective(results)

    best_score = evaluate(best)
    for _ in range(ROUNDS):
        for name, values in grid.items():
            for value in values:
                change: dict[str, Any] = {name: value}
                trial = replace(best, **change)
                score = evaluate(trial)
                if score[0] > best_score[0] + 1e-9:
                    best, best_score = trial, score
    questions = sum(len(rows) for rows in prepared)
    return Calibration(best, *best_score, questions, sum(len(y) for _, y in labelled))


def write_calibration(path: Path, calibration: Calibration) -> None:
    """Save the weights with a note of how they were chosen."""
    values: dict[str, Any] = asdict(calibration.weights)
    values["_calibrated_on"] = (
        f"tuning splits (dev councils and the Newham set's train split, "
        f"{calibration.questions} questions, {calibration.sentences} retrieved sentences): "
        f"weights learned by logistic regression, thresholds by coordinate ascent; objective "
        f"{calibration.objective:.3f} = (key-fact recall {calibration.key_fact_recall:.3f} + "
        f"refusal F1 {calibration.refusal_f1:.3f}) / 2"
    )
    path.write_text(json.dumps(values, indent=2) + "\n", encoding="utf-8")

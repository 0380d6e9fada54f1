"""Evaluation metrics, as pure functions over answers, citations and expected facts."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Lower case, straight quotes, single spaces: how key facts are matched."""
    return _SPACE.sub(" ", text.translate(_QUOTES).lower()).strip()


def covers(text: str, alternatives: Sequence[str]) -> bool:
    """Whether the text contains any of the alternative phrasings of one fact."""
    norm = normalize(text)
    return any(normalize(a) in norm for a in alternatives)


def key_fact_recall(text: str, groups: Sequence[Sequence[str]]) -> float:
    """Share of the fact groups the text covers."""
    if not groups:
        return 1.0
    return sum(covers(text, g) for g in groups) / len(groups)


def answer_score(
    text: str, refused: bool, should_refuse: bool, groups: Sequence[Sequence[str]]
) -> float:
    """One answer's score, as the failure views print it: 1 or 0 for whether a refusal was
    right (the answer refused, or should have), else the key-fact recall."""
    if should_refuse or refused:
        return float(refused == should_refuse)
    return key_fact_recall(text, groups)


def hit_at(retrieved: Sequence[str], expected: Sequence[str], k: int) -> bool:
    """Whether any of the first k retrieved documents is an expected source."""
    return any(doc in expected for doc in retrieved[:k])


def reciprocal_rank(retrieved: Sequence[str], expected: Sequence[str], k: int = 10) -> float:
    """1 / rank of the first expected source among the first k retrieved, else 0."""
    for rank, doc in enumerate(retrieved[:k], start=1):
        if doc in expected:
            return 1.0 / rank
    return 0.0


def citation_precision(cited: Sequence[str], expected: Sequence[str]) -> float | None:
    """Share of cited passages that come from an expected source (None: nothing cited)."""
    if not cited:
        return None
    return sum(doc in expected for doc in cited) / len(cited)


def refusal_scores(refused: Sequence[bool], expected: Sequence[bool]) -> tuple[float, float]:
    """Precision and recall of refusals against the questions that should be refused."""
    true_positive = sum(r and e for r, e in zip(refused, expected, strict=True))
    precision = true_positive / sum(refused) if any(refused) else 1.0
    recall = true_positive / sum(expected) if any(expected) else 1.0
    return precision, recall


def percentile(values: Sequence[float], p: float) -> float:
    """The p-th percentile (0-100) by linear interpolation; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    position = (len(ordered) - 1) * p / 100
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


def mean(values: Sequence[float]) -> float | None:
    """The average, or None for no values."""
    return sum(values) / len(values) if values else None


def bootstrap_interval(
    values: Sequence[float], level: float = 0.95, resamples: int = 2000, seed: int = 0
) -> tuple[float, float] | None:
    """The bootstrap confidence interval of the mean (percentile method, fixed seed so a run
    is repeatable): how far the mean could move with another draw of questions."""
    if not values:
        return None
    import numpy as np

    data = np.asarray(values, dtype=float)
    draws = np.random.default_rng(seed).integers(0, len(data), size=(resamples, len(data)))
    means = data[draws].mean(axis=1)
    tail = (1.0 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return round(float(low), 4), round(float(high), 4)

"""Sentence selection: score the retrieved passages' sentences against the question, pick quotes.

A sentence's score mixes its cosine similarity to the question (vectors computed at ingest),
the share of the question's rarer words it contains, and the rank of the passage it sits in.
All functions here are pure: they take vectors and texts and return choices.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

import numpy as np

from rag.chunk import list_runs
from rag.records import Evidence, Hit, Span

QuestionKind = Literal["factual", "list", "timeline", "attribution"]

_LIST = re.compile(
    r"\b(list|name all|what are the|which)\b.*\b(areas?|improvements|weaknesses|strengths|"
    r"concerns|issues|priorities|measures|steps|actions|things|findings|aspects|changes|"
    r"recommendations|failings|criticisms)\b|\b(areas|improvements|weaknesses|strengths|"
    r"priorities|measures|failings)\b.*\b(needed|need|still|highlighted|identified|found|"
    r"included|were|are)\b|\bfocus(ed)? on\b",
    re.IGNORECASE,
)
_TIMELINE = re.compile(
    r"\b(timeline|chronolog\w*|in order|sequence|over time|story|journey|history|"
    r"changed?|evolv\w*|progress(ed)? (from|since|between)|between .+ and|since (the )?\d{4}|"
    r"what happened (after|next|since)|from \d{4} to \d{4})\b",
    re.IGNORECASE,
)
_SPEAKER_WORDS = {
    "ofsted": re.compile(
        r"\b(ofsted|inspectors?|inspectorate|hmi|watchdog|monitoring letter)\b", re.I
    ),
    "council": re.compile(r"\b(council|councillors?|cllr|mayor|local authority say)\b", re.I),
    "press": re.compile(
        r"\b(press|news(papers?)?|media|journalists?|reported|community care|"
        r"recorder)\b",
        re.I,
    ),
}
_MONTHS = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
_EVENT_KINDS = ("monitoring visit", "focused visit", "inspection")
_ATTRIBUTION = re.compile(
    r"^\s*(who|according to whom|which (person|organisation|body|publication|newspaper))\b|"
    r"\bwho (said|says|wrote|described|called|warned|apologised|stated|claimed|reported)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Weights:
    """How sentence scores are mixed and when the evidence is too weak to answer."""

    similarity: float = 0.6
    lexical: float = 0.25
    rank: float = 0.15
    speaker: float = 0.05
    event: float = 0.05
    context: float = 0.25
    fragment: float = 0.1
    min_support: float = 0.30
    margin: float = 0.08
    max_quotes: int = 3
    duplicate: float = 0.88


@dataclass(frozen=True)
class Candidate:
    """A quotable sentence from a retrieved passage, with its scores."""

    doc_id: str
    chunk_id: str
    hit_rank: int
    span: Span
    text: str
    similarity: float
    lexical: float
    score: float
    vector: np.ndarray = field(compare=False, repr=False)


def classify_question(question: str) -> QuestionKind:
    """What shape of answer the question wants."""
    if _ATTRIBUTION.search(question):
        return "attribution"
    if _TIMELINE.search(question):
        return "timeline"
    if _LIST.search(question):
        return "list"
    return "factual"


def speaker_intent(question: str) -> frozenset[str]:
    """The source types a question asks about ("what did inspectors say" -> ofsted)."""
    return frozenset(kind for kind, pattern in _SPEAKER_WORDS.items() if pattern.search(question))


def event_intent(question: str, events: Iterable[str]) -> frozenset[str]:
    """The events (inspections, visits) a question names: by month and year, by year and kind
    ("the 2019 inspection"), by kind alone when only one event is of that kind, or by year."""
    asked = _event_parts(question)
    parsed = {event: _event_parts(event) for event in set(events)}
    tests: list[Callable[[_EventParts], bool]] = [
        lambda e: bool(e.years & asked.years and e.months & asked.months),
        lambda e: bool(e.years & asked.years and e.kinds & asked.kinds),
    ]
    for test in tests:
        found = frozenset(event for event, parts in parsed.items() if test(parts))
        if found:
            return found
    by_kind = [event for event, parts in parsed.items() if parts.kinds & asked.kinds]
    if len(by_kind) == 1:
        return frozenset(by_kind)
    return frozenset(event for event, parts in parsed.items() if parts.years & asked.years)


@dataclass(frozen=True)
class _EventParts:
    years: frozenset[str]
    months: frozenset[str]
    kinds: frozenset[str]


def _event_parts(text: str) -> _EventParts:
    lowered = text.lower()
    return _EventParts(
        frozenset(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", lowered)),
        frozenset(m for m in _MONTHS if re.search(rf"\b{m}\b", lowered)),
        frozenset(k for k in _EVENT_KINDS if k in lowered),
    )


def lexical_overlap(
    query_terms: Sequence[str], sentence_terms: set[str], idf: Callable[[str], float]
) -> float:
    """Share of the question's word weight (by IDF) that the sentence contains."""
    unique = set(query_terms)
    total = sum(idf(t) for t in unique)
    if total <= 0:
        return 0.0
    return sum(idf(t) for t in unique if t in sentence_terms) / total


def score_candidates(
    hits: Sequence[Hit],
    texts: Sequence[Sequence[str]],
    vectors: Mapping[str, np.ndarray],
    query_vector: np.ndarray,
    lexical: Sequence[Sequence[float]],
    bonus: Mapping[str, float],
    weights: Weights,
) -> list[Candidate]:
    """Score every quotable sentence of the hits; texts and lexical scores align with them.

    A sentence also earns part of its best neighbour's score (the sentence after "X was
    appointed" says what X did before). `bonus` adds to the score of sentences by document
    (the speaker or the visit the question asks about)."""
    out: list[Candidate] = []
    for rank, (hit, hit_texts, hit_lexical) in enumerate(zip(hits, texts, lexical, strict=True)):
        matrix = vectors.get(hit.chunk.chunk_id)
        if matrix is None:
            continue
        similarities = matrix @ query_vector
        prior = 1.0 / (1.0 + rank)
        extra = bonus.get(hit.chunk.doc_id, 0.0)
        own = [
            weights.similarity * float(similarities[i])
            + weights.lexical * float(hit_lexical[i])
            - weights.fragment * _is_fragment(hit_texts[i])
            for i in range(len(hit_texts))
        ]
        for i, span in enumerate(hit.chunk.quotable):
            neighbours = own[max(0, i - 1) : i] + own[i + 1 : i + 2]
            context = weights.context * max(neighbours, default=0.0)
            score = own[i] + context + weights.rank * prior + extra
            out.append(
                Candidate(
                    hit.chunk.doc_id,
                    hit.chunk.chunk_id,
                    rank,
                    span,
                    hit_texts[i],
                    float(similarities[i]),
                    float(hit_lexical[i]),
                    score,
                    matrix[i],
                )
            )
    return sorted(out, key=lambda c: -c.score)


def _is_fragment(text: str) -> bool:
    """Lines that are not sentences (an address, a signature): rarely what a question wants."""
    return "\n" in text and not text.rstrip("\"'”’)").endswith((".", "!", "?"))


def select_sentences(
    candidates: Sequence[Candidate],
    weights: Weights,
    source_priority: Mapping[str, int],
    limit: int | None = None,
) -> list[Candidate]:
    """The best sentences: within `margin` of the best, near-duplicates dropped (keeping
    the primary source's wording), at most `limit`."""
    if not candidates:
        return []
    limit = limit or weights.max_quotes
    floor = max(weights.min_support, candidates[0].score - weights.margin)
    chosen: list[Candidate] = []
    for candidate in candidates:
        if candidate.score < floor or len(chosen) >= limit:
            break
        twin = next(
            (c for c in chosen if float(c.vector @ candidate.vector) >= weights.duplicate), None
        )
        if twin is None:
            chosen.append(candidate)
        elif source_priority[candidate.doc_id] < source_priority[twin.doc_id]:
            chosen[chosen.index(twin)] = candidate
    return chosen


def select_list(
    candidates: Sequence[Candidate], hits: Sequence[Hit], weights: Weights
) -> Evidence | None:
    """The best-supported list among the passages, whole, lead-in included."""
    by_span = {(c.chunk_id, c.span.start): c for c in candidates}
    best: tuple[float, Evidence] | None = None
    for hit in hits:
        spans = hit.chunk.quotable
        text_of = _span_text(hit)
        for first, last in list_runs(spans, text_of):
            if last - first < 1:
                continue
            members = [by_span.get((hit.chunk.chunk_id, s.start)) for s in spans[first : last + 1]]
            scores = [m.score for m in members if m is not None]
            if not scores:
                continue
            support = max(scores)
            if support >= weights.min_support and (best is None or support > best[0]):
                evidence = Evidence(
                    hit.chunk.doc_id,
                    spans[first].start,
                    spans[last].end,
                    spans[first].paragraph,
                    support,
                    is_list=True,
                )
                best = (support, evidence)
    return best[1] if best else None


def select_timeline(
    candidates: Sequence[Candidate],
    events: Mapping[str, str],
    dates: Mapping[str, dt.date],
    priority: Mapping[str, int],
    weights: Weights,
) -> list[Candidate]:
    """One sentence per event, oldest event first: the best, or the primary source's best
    when it is within `margin` of it (Ofsted's own words before a report of them)."""
    by_event: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.score >= weights.min_support:
            by_event.setdefault(events[candidate.doc_id], []).append(candidate)
    chosen = []
    for group in by_event.values():
        best = group[0]
        close = [c for c in group if c.score >= best.score - weights.margin]
        chosen.append(min(close, key=lambda c: (priority[c.doc_id], -c.score)))
    return sorted(chosen, key=lambda c: (dates[c.doc_id], c.doc_id, c.span.start))


def to_evidence(candidate: Candidate) -> Evidence:
    """A chosen sentence as evidence to cite."""
    return Evidence(
        candidate.doc_id,
        candidate.span.start,
        candidate.span.end,
        candidate.span.paragraph,
        candidate.score,
    )


def _span_text(hit: Hit) -> Callable[[Span], str]:
    def text_of(span: Span) -> str:
        return hit.chunk.text[span.start - hit.chunk.start : span.end - hit.chunk.start]

    return text_of

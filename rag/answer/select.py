"""Sentence selection: score the retrieved passages' sentences against the question, pick quotes.

A sentence's score mixes its cosine similarity to the question (vectors computed at ingest),
the share of the question's rarer words it contains, and the rank of the passage it sits in.
All functions here are pure: they take vectors and texts and return choices.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np

from rag.query.answer_type import AnswerType, states
from rag.query.question import describes_itself
from rag.records import Chunk, Evidence, Hit, Span
from rag.search.index import sentence_key
from rag.text.lists import list_runs
from rag.text.sections import GRADE, section_kind

# A sentence that leans on the one before it ("They ...", "This ...", "However, ...").
_DEPENDENT = re.compile(r"(They|It|This|These|Their|Its|He|She|However|But|As a result)\b")
# A "Label: value" line ("Inspection dates: 9 to 20 May 2022"), not a lead-in ending ":".
FIELD_LINE = re.compile(r"[A-Z][\w’' ]{2,40}:\s+\S")
# A line that ends in a grade: a judgement ("2.1 Adoption performance Inadequate").
GRADE_LINE = re.compile(rf"\b{GRADE}$", re.IGNORECASE)
# How many sentences a question about change quotes from each visit: a finding and the one
# beside it that carries its evidence or its other half (a product choice, set by hand).
PER_EVENT = 3
# A sentence saying what changed: better or worse, since an earlier time.
_CHANGE = re.compile(
    r"\b(?:has|have|had)\s+(?:\w+\s+)?(?:improved|declined|deteriorated|worsened|"
    r"strengthened|weakened|increased|decreased|reduced|fallen|risen)\b|"
    r"\b(?:deteriorat\w*|declin\w+|no longer|since the (?:last|previous) inspection|"
    r"since \d{4}|from \S+ in \d{4} to)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Weights:
    """How sentence scores are mixed and when the evidence is too weak to answer. The values
    answers use come from the one tuning file (`pipeline.load_weights`, every key required);
    these defaults are only a neutral start, similarity alone, for learning and for tests."""

    similarity: float = 1.0
    lexical: float = 0.0
    rank: float = 0.0
    speaker: float = 0.0
    event: float = 0.0
    context: float = 0.0
    fragment: float = 0.0
    answer_type: float = 0.0
    meta: float = 0.0
    summary: float = 0.0
    judgement: float = 0.0
    boilerplate: float = 0.0
    background: float = 0.0
    recommendation: float = 0.0
    list_margin: float = 0.0
    timeline_margin: float = 0.25
    min_support: float = 0.3
    margin: float = 0.1
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


def lexical_overlap(
    query_terms: Sequence[str], sentence_terms: set[str], idf: Callable[[str], float]
) -> float:
    """Share of the question's word weight (by IDF) that the sentence contains."""
    unique = set(query_terms)
    total = sum(idf(t) for t in unique)
    if total <= 0:
        return 0.0
    return sum(idf(t) for t in unique if t in sentence_terms) / total


# The features a sentence is scored on, in the order of the score's weights. Those in AGAINST
# count against a sentence, the others for it (weights learned by rag/evaluation/calibrate.py).
FEATURES = (
    "similarity",
    "lexical",
    "rank",
    "speaker",
    "event",
    "context",
    "fragment",
    "answer_type",
    "meta",
    "summary",
    "judgement",
    "boilerplate",
    "background",
    "recommendation",
)
AGAINST = frozenset({"fragment", "meta", "boilerplate", "background", "recommendation"})


def weight_vector(weights: Weights) -> np.ndarray:
    """The weights in FEATURES order, signed (a weight against a sentence is negative)."""
    return np.array(
        [getattr(weights, f) * (-1.0 if f in AGAINST else 1.0) for f in FEATURES],
        dtype=np.float64,
    )


@dataclass(frozen=True)
class Sentence:
    """A quotable sentence of a retrieved passage and its features (FEATURES order)."""

    hit_rank: int
    chunk: Chunk
    index: int
    text: str
    similarity: float
    lexical: float
    features: np.ndarray


def sentence_features(
    hits: Sequence[Hit],
    texts: Sequence[Sequence[str]],
    vectors: Mapping[str, np.ndarray],
    query_vector: np.ndarray,
    lexical: Sequence[Sequence[float]],
    doc_flags: Mapping[str, tuple[bool, bool]],
    answer_type: AnswerType = None,
    about_document: bool = False,
    common: frozenset[str] = frozenset(),
    contact_ok: bool | None = None,
    findings: bool = False,
    other_forms: Sequence[np.ndarray] = (),
) -> list[Sentence]:
    """Every quotable sentence of the hits with its features: its similarity to the question
    and share of the question's rarer words; the rank of its passage (1 / (1 + rank); a list
    item other than the list's best match takes none);
    whether its document is by the speaker and about the visit asked (`doc_flags`); its best
    prose neighbour's similarity (the sentence after "X was appointed" says what X did
    before; a list item has none);
    whether it is a fragment (an address, a front-page line) or about its own document
    ("This letter summarises ...") unless the question is about the document; whether it
    states the number or date asked for; whether it sits in a summary or judgement
    section; and whether it is one of the `common` sentences (boilerplate, by its lower-case,
    single-spaced text); and, for a question wanting `findings`, whether it is one of a
    report's recommendations (what must improve is not what was found). A sentence's
    similarity is to the question or to its `other_forms` (the same question with its
    acronyms written out or abbreviated), whichever is closer. Contact details (a
    letterhead's telephone and email) are left out unless the question asks for them or, by
    default, is about the document."""
    out: list[Sentence] = []
    keep_contact = answer_type == "contact" or (
        about_document if contact_ok is None else contact_ok
    )
    for rank, (hit, hit_texts, hit_lexical) in enumerate(zip(hits, texts, lexical, strict=True)):
        matrix = vectors.get(hit.chunk.chunk_id)
        if matrix is None:
            continue
        # the question as put, or in its other wording (acronyms swapped), whichever is closer
        products = np.max([matrix @ v for v in (query_vector, *other_forms)], axis=0)
        similarities = [float(x) for x in products]
        best_item = max(
            (
                x
                for x, span in zip(similarities, hit.chunk.quotable, strict=True)
                if span.kind == "item"
            ),
            default=None,
        )
        speaker, event = doc_flags.get(hit.chunk.doc_id, (False, False))
        for i, text in enumerate(hit_texts):
            if not keep_contact and is_contact_details(text):
                continue
            neighbours = _prose_neighbours(similarities, hit.chunk.quotable, i)
            values = (
                similarities[i],
                float(hit_lexical[i]),
                _rank_share(similarities[i], hit.chunk.quotable[i], best_item) / (1.0 + rank),
                float(speaker),
                float(event),
                max(neighbours, default=0.0),
                *_text_features(text, hit.chunk, i, answer_type, about_document, common),
                float(findings and section_kind(hit.chunk.section) == "improve"),
            )
            features = np.array(values, dtype=np.float64)
            out.append(
                Sentence(rank, hit.chunk, i, text, similarities[i], float(hit_lexical[i]), features)
            )
    return out


def _rank_share(similarity: float, span: Span, best_item: float | None) -> float:
    """How much of its passage's rank a sentence takes: all of it, except a list item other
    than the passage's best-matching item (`best_item`, its similarity): a list ranks by its
    best item; the rest are points of their own, not carried by it."""
    if span.kind != "item" or best_item is None:
        return 1.0
    return float(similarity >= best_item)


def _prose_neighbours(similarities: Sequence[float], spans: Sequence[Span], i: int) -> list[float]:
    """The similarities of the sentences on either side that carry on the same prose: a
    list's items are points of their own, so an item neither lends to nor borrows from the
    lines around it."""
    if spans[i].kind == "item":
        return []
    return [
        similarities[j] for j in (i - 1, i + 1) if 0 <= j < len(spans) and spans[j].kind != "item"
    ]


def _text_features(
    text: str,
    chunk: Chunk,
    i: int,
    answer_type: AnswerType,
    about_document: bool,
    common: frozenset[str],
) -> tuple[float, ...]:
    """The features read from the sentence itself and its section (FEATURES from
    "fragment" on). A fragment that states what is asked (a front page's "Inspection dates:
    ..." for a date, "Lead inspector: ..." for a person) or a grade line ("Adoption
    performance Good") is not held against it; a whole judgement table is."""
    kind = section_kind(chunk.section)
    stated = answer_type is not None and states(answer_type, text)
    grade_line = "\n" not in text and GRADE_LINE.search(text) is not None
    fragment = _is_fragment(text, chunk, i) and not stated and not grade_line
    return (
        float(not about_document and fragment),
        float(stated),
        float(not about_document and describes_itself(text)),
        float(kind == "summary"),
        float(kind == "judgement"),
        float(sentence_key(text) in common),
        float(kind == "background"),
    )


def score_candidates(
    sentences: Sequence[Sentence],
    vectors: Mapping[str, np.ndarray],
    weights: Weights,
) -> list[Candidate]:
    """The sentences as candidates, scored by the weights over their features, best first."""
    w = weight_vector(weights)
    out = [
        Candidate(
            s.chunk.doc_id,
            s.chunk.chunk_id,
            s.hit_rank,
            s.chunk.quotable[s.index],
            s.text,
            s.similarity,
            s.lexical,
            float(s.features @ w),
            vectors[s.chunk.chunk_id][s.index],
        )
        for s in sentences
    ]
    return sorted(out, key=lambda c: -c.score)


def is_judgement_table(text: str) -> bool:
    """Whether a passage is a report's judgement table: two lines or more that each end in a
    grade ("Overall effectiveness Good")."""
    lines = [line for line in text.splitlines() if line.strip()]
    return sum(bool(GRADE_LINE.search(line.strip())) for line in lines) >= 2


def is_contact_details(text: str) -> bool:
    """Whether a sentence gives a telephone number, an email or a web address: a letterhead
    or a sign-off, never a finding (only an answer to a question for contact details)."""
    return states("contact", text)


def _is_fragment(text: str, chunk: Chunk, i: int) -> bool:
    """Lines that are not sentences (an address, a signature, a line of a report's front page
    or a "Label: value" line): rarely what a question wants. List items need not end in a
    full stop."""
    if text.rstrip("\"'”’)").endswith((".", "!", "?", ":")):
        return False
    line = chunk.quotable[i].kind == "text" and (
        chunk.position == 0 or bool(FIELD_LINE.match(text))
    )
    return "\n" in text or line


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


@dataclass(frozen=True)
class ListBlock:
    """A list in a retrieved chunk: its spans (lead-in first, if it has one)."""

    doc_id: str
    chunk_id: str
    spans: tuple[Span, ...]
    has_lead_in: bool

    def evidence(self, score: float) -> Evidence:
        """The whole list, lead-in included, as one quotation."""
        first, last = self.spans[0], self.spans[-1]
        return Evidence(self.doc_id, first.start, last.end, first.paragraph, score, is_list=True)


def list_blocks(hits: Sequence[Hit]) -> list[ListBlock]:
    """Every list of two items or more in the retrieved chunks."""
    blocks = []
    for hit in hits:
        spans = hit.chunk.quotable
        for first, last in list_runs(spans, _span_text(hit)):
            block = spans[first : last + 1]
            lead = block[0].kind == "text"
            if len(block) - lead >= 2:
                blocks.append(ListBlock(hit.chunk.doc_id, hit.chunk.chunk_id, block, lead))
    return blocks


def select_list(
    candidates: Sequence[Candidate], hits: Sequence[Hit], weights: Weights
) -> Evidence | None:
    """The best-supported list, whole, if it competes with the best single sentence: its
    support is the mean of its best member's score and its top three members' average."""
    if not candidates:
        return None
    by_span = {(c.chunk_id, c.span.start): c.score for c in candidates}
    floor = max(weights.min_support, candidates[0].score - weights.list_margin)
    best: tuple[float, ListBlock] | None = None
    for block in list_blocks(hits):
        scores = sorted(
            (
                by_span[(block.chunk_id, s.start)]
                for s in block.spans
                if (block.chunk_id, s.start) in by_span
            ),
            reverse=True,
        )
        if not scores:
            continue
        support = (scores[0] + float(np.mean(scores[:3]))) / 2
        if support >= floor and (best is None or support > best[0]):
            best = (support, block)
    return best[1].evidence(best[0]) if best else None


def complete_evidence(chosen: Sequence[Candidate], hits: Sequence[Hit]) -> list[Evidence]:
    """Chosen sentences as evidence, made whole. A list's lead-in ("... including:") brings
    its list and a list item the lead-in that says what the list is; a sentence brings the
    next sentence of its paragraph (a report's paragraph states a finding, then its evidence,
    example, exception or consequence), and the sentence before it when that one opens the
    paragraph or the quote leans on it ("They ...", "This ..."), so no quote loses the other
    half of its point."""
    blocks = list_blocks(hits)
    chunks = {h.chunk.chunk_id: h.chunk for h in hits}
    evidence: list[Evidence] = []
    for candidate in chosen:
        block = next(
            (b for b in blocks if b.chunk_id == candidate.chunk_id and candidate.span in b.spans),
            None,
        )
        if block is not None and block.has_lead_in and candidate.span == block.spans[0]:
            evidence.append(block.evidence(candidate.score))
            continue
        if block is not None and block.has_lead_in:
            evidence.append(_span_evidence(candidate.doc_id, block.spans[0], candidate.score))
        elif block is None:
            evidence += _neighbours(chunks[candidate.chunk_id], candidate)
        evidence.append(to_evidence(candidate))
    return evidence


def _neighbours(chunk: Chunk, candidate: Candidate) -> list[Evidence]:
    """The sentences of the candidate's paragraph that complete it: the next one, and the one
    before when the candidate leans on it or that one opens the paragraph (the finding the
    candidate bears out)."""
    spans = chunk.quotable
    i = spans.index(candidate.span)
    out = []
    for j, before in ((i - 1, True), (i + 1, False)):
        if not 0 <= j < len(spans):
            continue
        span = spans[j]
        if span.kind != "text" or span.paragraph != candidate.span.paragraph:
            continue
        if _opens_paragraph(chunk, i if before else j):
            continue  # another paragraph
        if before and not (_DEPENDENT.match(candidate.text) or _opens_paragraph(chunk, j)):
            continue
        out.append(_span_evidence(candidate.doc_id, span, candidate.score))
    return out


def _opens_paragraph(chunk: Chunk, i: int) -> bool:
    """Whether the chunk's i-th sentence is the first of its paragraph."""
    spans = chunk.quotable
    return (
        i == 0 or "\n" in chunk.text[spans[i - 1].end - chunk.start : spans[i].start - chunk.start]
    )


def _span_evidence(doc_id: str, span: Span, score: float) -> Evidence:
    return Evidence(doc_id, span.start, span.end, span.paragraph, score)


def select_timeline(
    candidates: Sequence[Candidate],
    events: Mapping[str, str],
    dates: Mapping[str, dt.date],
    priority: Mapping[str, int],
    weights: Weights,
) -> list[Candidate]:
    """Up to PER_EVENT sentences per event, oldest event first: the best, or the primary
    source's best when it is within `margin` of it (Ofsted's own words before a report of
    them), then the same document's next best within `margin` of that one, unless it says
    the same, and for a later visit one more saying what changed since, if none does. An
    event whose best sentence is more than `timeline_margin` below the best overall is left
    out: it has nothing on the question."""
    if not candidates:
        return []
    floor = max(weights.min_support, candidates[0].score - weights.timeline_margin)
    by_event: dict[str, list[Candidate]] = {}
    for candidate in candidates:
        if candidate.score >= floor:
            by_event.setdefault(events[candidate.doc_id], []).append(candidate)
    chosen = []
    first_event = min(by_event, key=lambda e: min(dates[c.doc_id] for c in by_event[e]))
    for event, group in by_event.items():
        best = group[0]
        close = [c for c in group if c.score >= best.score - weights.margin]
        first = min(close, key=lambda c: (priority[c.doc_id], -c.score))
        more = [
            c
            for c in close
            if c is not first
            and c.doc_id == first.doc_id
            and c.score >= first.score - weights.margin
            and float(c.vector @ first.vector) < weights.duplicate
        ]
        picked = [first, *more[: PER_EVENT - 1]]
        if event != first_event and not any(states_change(c.text) for c in picked):
            picked += [c for c in more if states_change(c.text)][:1]  # what changed since
        chosen += picked
    return sorted(chosen, key=lambda c: (dates[c.doc_id], c.doc_id, c.span.start))


def states_change(text: str) -> bool:
    """Whether a sentence says what changed since an earlier time ("performance has
    improved", "caseloads are no longer too high", "since the last inspection", "rose from
    40% in 2016 to 75%")."""
    return _CHANGE.search(text) is not None


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

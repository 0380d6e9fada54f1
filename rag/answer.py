"""Answers: choose the sentences that answer the question and quote them with citations.

No language model is involved: the answer is made of the record's own sentences, quoted
verbatim and attributed to whoever wrote them, or a plain statement that the record does
not answer the question, with the closest passages found.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from functools import cache

from rag.cite import merge_adjacent, number_citations, quote_line
from rag.grades import Report, grade_evidence, grade_summary, is_grade_question, wants_history
from rag.keyword import terms
from rag.question import (
    NOT_FOCUS_WORDS,
    QuestionKind,
    about_document,
    event_intent,
    expected_answer,
    speaker_intent,
    states_number,
    wants_number,
)
from rag.records import Answer, Citation, DocumentMeta, Evidence, Retrieval
from rag.retrieve import RecordIndex
from rag.scope import councils_named, out_of_scope
from rag.select import (
    Candidate,
    Weights,
    complete_evidence,
    lexical_overlap,
    score_candidates,
    select_list,
    select_sentences,
    select_timeline,
    to_evidence,
)
from rag.store import IndexedDocument

NOT_ANSWERED = "The inspection record does not answer this question."
NO_FIGURE = "It gives no figure for what is asked."
SOURCE_PRIORITY = {"ofsted": 0, "council": 1, "press": 2}
CLOSEST = 3
LIST_SENTENCES = 5  # a list question answered in prose may need several sentences


def compose_answer(
    index: RecordIndex, retrieval: Retrieval, kind: QuestionKind, weights: Weights
) -> Answer:
    """Answer from the retrieved passages, or refuse when the record does not support one."""
    candidates = gather_candidates(index, retrieval, weights)
    metas = {doc_id: d.meta for doc_id, d in index.documents.items()}
    reason = out_of_scope(retrieval.question, index.scope)
    if not reason and is_grade_question(retrieval.question):
        graded = grade_answer(index, retrieval, metas)
        if graded is not None:
            return graded
    support = candidates[0].score if candidates else 0.0
    if reason or support < weights.min_support:
        return _refusal(index, retrieval, candidates, metas, reason)
    evidence = choose_evidence(candidates, retrieval, kind, metas, weights)
    if not evidence:
        return _refusal(index, retrieval, candidates, metas, None)
    texts = {e.doc_id: index.text(e.doc_id) for e in evidence}
    quoted = [texts[e.doc_id][e.start : e.end] for e in evidence]
    if wants_number(retrieval.question) and not gives_figure(retrieval.topic_text, quoted):
        return _refusal(index, retrieval, candidates, metas, NO_FIGURE)
    text, citations = render_answer(evidence, kind, metas, texts)
    return Answer(
        question=retrieval.question,
        text=text + filters_note(retrieval),
        refused=False,
        citations=tuple(citations),
        filters=retrieval.filters,
    )


def gather_candidates(
    index: RecordIndex, retrieval: Retrieval, weights: Weights
) -> list[Candidate]:
    """Every quotable sentence of the retrieved passages, scored against the question's
    topic (the question without the words naming a visit: those choose documents instead)."""
    hits = retrieval.hits
    vectors = index.store.sentence_vectors([h.chunk for h in hits])
    texts = [
        [h.chunk.text[s.start - h.chunk.start : s.end - h.chunk.start] for s in h.chunk.quotable]
        for h in hits
    ]
    query_terms = terms([retrieval.topic_text or retrieval.searched_text])[0]
    sentence_terms = terms([t for hit_texts in texts for t in hit_texts])
    lexical: list[list[float]] = []
    row = 0
    for hit_texts in texts:
        lexical.append(
            [
                lexical_overlap(query_terms, set(sentence_terms[row + i]), index.keyword.idf)
                for i in range(len(hit_texts))
            ]
        )
        row += len(hit_texts)
    bonus = document_bonus(retrieval.question, index.documents.values(), weights)
    return score_candidates(
        hits,
        texts,
        vectors,
        retrieval.query_vector,
        lexical,
        bonus,
        weights,
        expected_answer(retrieval.question),
        about_document(retrieval.question),
    )


def document_bonus(
    question: str, documents: Iterable[IndexedDocument], weights: Weights
) -> dict[str, float]:
    """Score bonus per document for matching the speaker and the visit the question names."""
    documents = list(documents)
    speakers = speaker_intent(question)
    events = event_intent(question, (d.meta.event for d in documents))
    bonus = {}
    for d in documents:
        extra = weights.speaker * (d.meta.source_type in speakers)
        extra += weights.event * (d.meta.event in events)
        if extra:
            bonus[d.doc_id] = extra
    return bonus


def choose_evidence(
    candidates: Sequence[Candidate],
    retrieval: Retrieval,
    kind: QuestionKind,
    metas: Mapping[str, DocumentMeta],
    weights: Weights,
) -> list[Evidence]:
    """The passages to quote, by the shape of answer the question wants."""
    priority = {d: SOURCE_PRIORITY[m.source_type] for d, m in metas.items()}
    if kind == "timeline":
        events = {d: m.event for d, m in metas.items()}
        dates = {d: m.date for d, m in metas.items()}
        chosen = select_timeline(candidates, events, dates, priority, weights)
        return complete_evidence(chosen, retrieval.hits)
    if kind == "list":
        listed = select_list(candidates, retrieval.hits, weights)
        if listed is not None:
            return [listed]
        chosen = select_sentences(candidates, weights, priority, LIST_SENTENCES)
    else:
        chosen = select_sentences(candidates, weights, priority)
    return complete_evidence(chosen, retrieval.hits)


def render_answer(
    evidence: Sequence[Evidence],
    kind: QuestionKind,
    metas: Mapping[str, DocumentMeta],
    texts: Mapping[str, str],
) -> tuple[str, list[Citation]]:
    """The answer text, one line per document, and its numbered citations."""
    merged = merge_adjacent(evidence, texts)
    best = {e.doc_id: max(x.score for x in merged if x.doc_id == e.doc_id) for e in merged}
    if kind == "timeline":
        order = sorted(best, key=lambda d: (metas[d].date, d))
    else:
        order = sorted(best, key=lambda d: -best[d])
    ordered = [e for d in order for e in merged if e.doc_id == d]
    citations = number_citations(ordered, metas, texts)
    lines = []
    for doc_id in order:
        mine = [
            (c, e.is_list) for c, e in zip(citations, ordered, strict=True) if c.doc_id == doc_id
        ]
        line = quote_line([c for c, _ in mine], [listed for _, listed in mine])
        if kind == "timeline":
            line = f"**{metas[doc_id].event}**: {line}"
        lines.append(line)
    intro = "In date order:\n\n" if kind == "timeline" and len(lines) > 1 else ""
    return intro + "\n\n".join(lines), citations


def gives_figure(topic_text: str, quoted: Sequence[str]) -> bool:
    """Whether a quote states a figure about what the question counts: a sentence with a
    number and one of the question's particular words ("complaints", "caseloads")."""
    focus = set(terms([topic_text])[0]) - _not_focus()
    quoted_terms = terms(list(quoted))
    return any(
        states_number(text) and (not focus or focus & set(words))
        for text, words in zip(quoted, quoted_terms, strict=True)
    )


@cache
def _not_focus() -> set[str]:
    return set(terms([NOT_FOCUS_WORDS])[0])


def grade_answer(
    index: RecordIndex, retrieval: Retrieval, metas: Mapping[str, DocumentMeta]
) -> Answer | None:
    """Answer a question about grades from the judgement tables of the reports it concerns
    (None when the record holds no such report)."""
    question = retrieval.question
    reports = [
        Report(doc_id, meta, index.text(doc_id))
        for doc_id, meta in metas.items()
        if meta.judgements and retrieval.filters.accepts(doc_id, meta)
    ]
    named = councils_named(question)
    reports = [r for r in reports if not named or r.meta.authority in named]
    asked = event_intent(question, {r.meta.event for r in reports})
    if asked and not wants_history(question):
        reports = [r for r in reports if r.meta.event in asked]
    elif reports and not wants_history(question) and not re.search(r"grades|judgements", question):
        latest = max(r.meta.date for r in reports)
        reports = [r for r in reports if r.meta.date == latest]
    rows = grade_evidence(question, reports)
    if not rows:
        return None
    texts = {r.doc_id: r.text for r, *_ in rows}
    text, citations = render_answer([e for *_, e in rows], "timeline", metas, texts)
    authorities = sorted({r.meta.authority or "The council" for r, *_ in rows})
    summary = grade_summary(" and ".join(authorities), rows)
    return Answer(
        question=question,
        text=summary + "\n\n" + text + filters_note(retrieval),
        refused=False,
        citations=tuple(citations),
        filters=retrieval.filters,
    )


def filters_note(retrieval: Retrieval) -> str:
    """Lines saying which filters were in force and what the question narrowed the search
    to, if anything."""
    note = ""
    if retrieval.narrowed:
        note += f"\n\n(Searched {retrieval.narrowed}, as the question asks.)"
    if retrieval.filters.active:
        note += f"\n\n(Filters in force: {retrieval.filters.describe()}.)"
    return note


def _refusal(
    index: RecordIndex,
    retrieval: Retrieval,
    candidates: Sequence[Candidate],
    metas: Mapping[str, DocumentMeta],
    reason: str | None,
) -> Answer:
    closest: list[Candidate] = []
    for candidate in candidates:
        if all(c.chunk_id != candidate.chunk_id for c in closest):
            closest.append(candidate)
        if len(closest) == CLOSEST:
            break
    texts = {c.doc_id: index.text(c.doc_id) for c in closest}
    cited = number_citations([to_evidence(c) for c in closest], metas, texts)
    text = NOT_ANSWERED + (f" {reason}" if reason else "")
    if cited:
        text += " The closest passages found are listed, but they do not answer it."
    return Answer(
        question=retrieval.question,
        text=text + filters_note(retrieval),
        refused=True,
        closest=tuple(cited),
        filters=retrieval.filters,
    )

"""Answers: choose the sentences that answer the question and quote them with citations.

No language model is involved: the answer is made of the record's own sentences, quoted
verbatim and attributed to whoever wrote them, or a plain statement that the record does
not answer the question, with the closest passages found.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

import numpy as np

from rag.answer.checks import lacks
from rag.answer.cite import merge_adjacent, number_citations, quote_line
from rag.answer.facts import report_facts, reports_asked
from rag.answer.improve import section_evidence
from rag.answer.route import Route, route
from rag.answer.select import (
    FIELD_LINE,
    Candidate,
    Sentence,
    Weights,
    complete_evidence,
    is_judgement_table,
    lexical_overlap,
    score_candidates,
    select_list,
    select_sentences,
    select_timeline,
    sentence_features,
    to_evidence,
)
from rag.answer.story import story_evidence
from rag.answer.tracker import STATUS_TEXT, TrackedDocument, items_asked, track
from rag.query.question import QuestionKind
from rag.query.understand import Intent
from rag.records import Answer, Citation, DocumentMeta, Evidence, Retrieval
from rag.search.index import RecordIndex, sentence_key
from rag.search.keyword import terms
from rag.search.store import IndexedDocument
from rag.text.grades import area_evidence, is_letter, is_report
from rag.text.sections import SectionKind

NOT_ANSWERED = "The inspection record does not answer this question."
NO_TEAM = "The report names its lead inspector only, not the rest of the team."
SOURCE_PRIORITY = {"ofsted": 0, "council": 1, "press": 2}
CLOSEST = 3
MIN_TITLE = 20  # characters: a shorter line (a council's name) may also end a title
LIST_SENTENCES = 5  # a list question answered in prose may need several sentences


def compose_answer(
    index: RecordIndex, retrieval: Retrieval, intent: Intent, weights: Weights
) -> Answer:
    """Answer from the retrieved passages by the question's route, or refuse when the
    record does not support an answer."""
    candidates = gather_candidates(index, retrieval, intent, weights)
    metas = {doc_id: d.meta for doc_id, d in index.documents.items()}
    chosen = route(intent)
    if chosen == "refuse":
        return _refusal(index, retrieval, candidates, metas, intent.unanswerable)
    structured = _structured_route(chosen, index, retrieval, intent, candidates, weights)
    if structured is not None:
        return structured
    support = candidates[0].score if candidates else 0.0
    if support < weights.min_support:
        return _refusal(index, retrieval, candidates, metas, None)
    evidence = choose_evidence(
        candidates, retrieval, intent.kind, metas, _for_asks(weights, intent)
    )
    if not evidence:
        return _refusal(index, retrieval, candidates, metas, None)
    if intent.kind == "timeline":  # how an area's grade changed, beside the findings
        if retrieval.events:  # the reports of the visits the question spans, and no others
            every = reports_asked(
                index, retrieval.filters, metas, replace(intent, history=True), graded=True
            )
            reports = [r for r in every if r.meta.event in retrieval.events]
        else:
            reports = reports_asked(index, retrieval.filters, metas, intent, graded=True)
        evidence = area_evidence(intent.question, reports) + evidence
    texts = {e.doc_id: index.text(e.doc_id) for e in evidence}
    quoted = [texts[e.doc_id][e.start : e.end] for e in evidence]
    lacking = lacks(intent, evidence, quoted, metas)
    if lacking is not None:
        return _refusal(index, retrieval, candidates, metas, lacking)
    text, citations = render_answer(evidence, intent.kind, metas, texts)
    return _structured(retrieval, text, citations)


def _for_asks(weights: Weights, intent: Intent) -> Weights:
    """The selection's limits for a question that asks two things: a quotation more, and
    twice the margin below the best (the second ask's sentence matches half the question)."""
    if not intent.two_asks:
        return weights
    return replace(weights, max_quotes=weights.max_quotes + 1, margin=2 * weights.margin)


def _structured_route(
    chosen: Route,
    index: RecordIndex,
    retrieval: Retrieval,
    intent: Intent,
    candidates: Sequence[Candidate],
    weights: Weights,
) -> Answer | None:
    """The answer of a route read from the reports' structure (front page, grades,
    improvement lists); None for the other routes, or when no report in scope has it."""
    metas = {doc_id: d.meta for doc_id, d in index.documents.items()}
    if chosen == "front page":
        if intent.two_asks and len(intent.front_page) < 2:
            # a front-page fact and something else (the team's size, say): the front page
            # answers the one, the report's best sentence the other
            return report_answer(index, retrieval, metas, intent, candidates, weights)
        answer = report_answer(index, retrieval, metas, intent)
        if answer is None and intent.front_page == ("team inspectors",):
            reports = reports_asked(index, retrieval.filters, metas, intent, graded=False)
            if reports and all(is_report(r.meta) for r in reports):
                return _refusal(index, retrieval, candidates, metas, NO_TEAM)
        return answer
    if chosen == "grades":
        return report_answer(
            index, retrieval, metas, intent, candidates, weights, findings=intent.judged_how
        )
    if chosen == "improvements":
        return improvements_answer(index, retrieval, metas, intent)
    if chosen == "areas covered":
        return areas_covered_answer(index, retrieval, metas, intent)
    if chosen == "story":
        return story_answer(index, retrieval, metas, intent)
    if chosen == "tracker":
        return tracker_answer(index, retrieval, metas, intent, weights)
    return None


def tracker_answer(
    index: RecordIndex,
    retrieval: Retrieval,
    metas: Mapping[str, DocumentMeta],
    intent: Intent,
    weights: Weights,
) -> Answer | None:
    """What an earlier inspection asked for on the question's subject, and what each later
    document said about it, in date order, with the status read from the record (None when
    no item of the inspection asked about matches the subject)."""
    origin = reports_asked(index, retrieval.filters, metas, replace(intent, history=False), False)
    origin = [r for r in origin if r.meta.event in intent.events]
    # "between the 2015 and 2018 inspections": what the later of those said, not a third
    within = intent.events if len(intent.events) > 1 else None
    documents = track(
        index, weights.lexical, doc_ids={r.doc_id for r in origin}, later_events=within
    )
    words = terms([intent.topic])[0]
    asked = items_asked(index, documents, retrieval.query_vector, words, weights.lexical)
    if not asked and intent.improvements and documents:  # "the 2019 recommendations"
        return _every_item(retrieval, documents, metas, index)
    if not asked:
        return None
    document, tracked = asked[0]
    evidence = [tracked.item.evidence, *(m.evidence for m in tracked.mentions)]
    texts = {e.doc_id: index.text(e.doc_id) for e in evidence}
    text, citations = render_answer(evidence, "timeline", metas, texts)
    lead = (
        f"What the {document.meta.event} asked for, and what later documents said "
        f"({STATUS_TEXT[tracked.status].lower()}):\n\n"
    )
    return _structured(retrieval, lead + text, citations)


def story_answer(
    index: RecordIndex, retrieval: Retrieval, metas: Mapping[str, DocumentMeta], intent: Intent
) -> Answer | None:
    """The story so far: each Ofsted inspection and visit in date order, its grade and its
    headline finding (None when the record holds no Ofsted report or letter in scope)."""
    summary, evidence = story_evidence(index, retrieval.filters, metas, intent)
    if not evidence:
        return None
    texts = {e.doc_id: index.text(e.doc_id) for e in evidence}
    text, citations = render_answer(evidence, "timeline", metas, texts)
    lead = f"{summary}\n\n" if summary else ""
    return _structured(retrieval, lead + text, citations)


def gather_candidates(
    index: RecordIndex, retrieval: Retrieval, intent: Intent, weights: Weights
) -> list[Candidate]:
    """Every quotable sentence of the retrieved passages, scored against the question's
    topic (the question without the words naming a council or a visit: those choose
    documents instead). An Ofsted document's title line is not a finding, nor, for a
    question about findings, a framework's set wording; a whole judgement table is quoted
    only for a question about grades or about change over time. A question about the
    document itself may quote its title."""
    vectors = index.sentence_vectors([h.chunk for h in retrieval.hits])
    scored = score_candidates(gather_sentences(index, retrieval, intent, vectors), vectors, weights)
    if not intent.about_document:
        metas = {c.doc_id: index.documents[c.doc_id].meta for c in scored}
        titles = {d: sentence_key(m.title) for d, m in metas.items() if m.source_type == "ofsted"}
        scored = [c for c in scored if not is_title(c.text, titles.get(c.doc_id, ""))]
    if intent.grades or intent.kind == "timeline":
        return scored
    if intent.kind == "factual" and not intent.about_document:
        # a framework's set wording (a grade's descriptor, printed word for word in every
        # report of the framework) says what a grade means, not what was found
        scored = [c for c in scored if sentence_key(c.text) not in index.boilerplate]
    return [c for c in scored if not is_judgement_table(c.text)]


def is_title(text: str, title_key: str) -> bool:
    """Whether a sentence is its document's title (an Ofsted report's front-page heading,
    "Inspection of services for children in need of help and protection, ...", with or
    without a footnote mark): what the document is, never what it found."""
    key = sentence_key(text).rstrip("0123456789")
    return len(key) >= MIN_TITLE and title_key.endswith(key)


def gather_sentences(
    index: RecordIndex, retrieval: Retrieval, intent: Intent, vectors: Mapping[str, np.ndarray]
) -> list[Sentence]:
    """The retrieved passages' quotable sentences with the features they are scored on."""
    hits = retrieval.hits
    texts = [
        [h.chunk.text[s.start - h.chunk.start : s.end - h.chunk.start] for s in h.chunk.quotable]
        for h in hits
    ]
    query_terms = terms([retrieval.topic_text or retrieval.searched_text])[0]
    sentence_terms = index.keyword.terms_of([t for hit_texts in texts for t in hit_texts])
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
    return sentence_features(
        hits,
        texts,
        vectors,
        retrieval.query_vector,
        lexical,
        document_flags(intent, index.documents.values()),
        intent.answer_type,
        intent.about_document or intent.kind == "attribution",
        index.boilerplate,
        contact_ok=intent.about_document,  # who said something is not in a letterhead
        # what was found, said or changed: a recommendation is none of these
        findings=intent.kind in ("factual", "attribution", "timeline") and not intent.improvements,
        other_forms=retrieval.other_forms,
    )


def document_flags(
    intent: Intent, documents: Iterable[IndexedDocument]
) -> dict[str, tuple[bool, bool]]:
    """Per document: whether it is by the speaker and about the visit the question names."""
    return {
        d.doc_id: (d.meta.source_type in intent.speakers, d.meta.event in intent.events)
        for d in documents
    }


def choose_evidence(
    candidates: Sequence[Candidate],
    retrieval: Retrieval,
    kind: QuestionKind,
    metas: Mapping[str, DocumentMeta],
    weights: Weights,
) -> list[Evidence]:
    """The passages to quote, by the shape of answer the question wants."""
    priority = _priorities(metas)
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


def _priorities(metas: Mapping[str, DocumentMeta]) -> dict[str, int]:
    """Each document's source priority (Ofsted's own words first, then the council's)."""
    return {d: SOURCE_PRIORITY[m.source_type] for d, m in metas.items()}


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


def report_answer(
    index: RecordIndex,
    retrieval: Retrieval,
    metas: Mapping[str, DocumentMeta],
    intent: Intent,
    candidates: Sequence[Candidate] = (),
    weights: Weights | None = None,
    findings: bool = False,
) -> Answer | None:
    """Answer a question about grades, a lead inspector or inspection dates from the
    reports it concerns (None when no report says). A grade comes with the report's own
    words about it, when `candidates` hold a sentence of that report strong enough to
    quote (the best one, above `weights.min_support`); with `findings` (a question how an
    area was judged), with the findings a question about the area gets from those reports."""
    found = report_facts(index, retrieval, metas, intent)
    if found is None:
        return None
    summary, evidence, texts = found
    if weights is not None and findings:
        quoted = {e.doc_id for e in evidence}
        mine = [c for c in candidates if c.doc_id in quoted and _beside(c, evidence)]
        priority = _priorities(metas)
        chosen = select_sentences(mine, weights, priority)
        evidence = evidence + complete_evidence(chosen, retrieval.hits)
    elif weights is not None:
        evidence = evidence + _in_their_words(evidence, candidates, weights)
    text, citations = render_answer(evidence, "timeline", metas, texts)
    return _structured(retrieval, summary + "\n\n" + text, citations)


def _in_their_words(
    evidence: Sequence[Evidence], candidates: Sequence[Candidate], weights: Weights
) -> list[Evidence]:
    """For each report quoted for its grade, its best-scoring sentence that is not the grade
    line itself, a table or a front-page line."""
    quoted = {e.doc_id for e in evidence}
    best: dict[str, Candidate] = {}
    for c in candidates:
        fresh = c.doc_id in quoted and c.doc_id not in best and _beside(c, evidence)
        if fresh and c.score >= weights.min_support:
            best[c.doc_id] = c
    return [to_evidence(c) for c in best.values()]


def _beside(candidate: Candidate, evidence: Sequence[Evidence]) -> bool:
    """Whether a candidate is a sentence to quote beside a report's grade or front-page
    evidence: not that evidence itself, nor a table or a front-page line."""
    c = candidate
    overlaps = any(
        e.doc_id == c.doc_id and e.start < c.span.end and c.span.start < e.end for e in evidence
    )
    return "\n" not in c.text and not FIELD_LINE.match(c.text) and not overlaps


def improvements_answer(
    index: RecordIndex, retrieval: Retrieval, metas: Mapping[str, DocumentMeta], intent: Intent
) -> Answer | None:
    """Answer "what needs to improve?" with the list the report asked about gives (None
    when no report in scope has one)."""
    heading = "What the report says needs to improve:"
    return _section_answer(index, retrieval, metas, intent, "improve", heading)


def areas_covered_answer(
    index: RecordIndex, retrieval: Retrieval, metas: Mapping[str, DocumentMeta], intent: Intent
) -> Answer | None:
    """Answer "what did the visit look at?" with the section of the visit's letter that says
    ("Areas covered by the visit"); None when no letter in scope has one."""
    heading = "What the visit looked at:"
    return _section_answer(index, retrieval, metas, intent, "focus", heading, letters_only=True)


def _section_answer(
    index: RecordIndex,
    retrieval: Retrieval,
    metas: Mapping[str, DocumentMeta],
    intent: Intent,
    kind: SectionKind,
    heading: str,
    letters_only: bool = False,
) -> Answer | None:
    """Each document in scope's section of this kind, quoted whole under a heading; None when
    none has one."""
    reports = reports_asked(index, retrieval.filters, metas, intent, graded=False)
    evidence = [
        found
        for r in reports
        if (is_letter(r.meta) or not letters_only)
        and (found := section_evidence(index.document_chunks(r.doc_id), kind)) is not None
    ]
    if not evidence:
        return None
    texts = {r.doc_id: r.text for r in reports}
    text, citations = render_answer(evidence, "timeline", metas, texts)
    return _structured(retrieval, f"{heading}\n\n{text}", citations)


def _every_item(
    retrieval: Retrieval,
    documents: Sequence[TrackedDocument],
    metas: Mapping[str, DocumentMeta],
    index: RecordIndex,
) -> Answer:
    """Every item of the inspection's list, each with its status and the latest later
    passage that speaks to it."""
    evidence = [
        e
        for d in documents
        for t in d.items
        for e in (t.item.evidence, *(m.evidence for m in t.mentions[:1]))
    ]
    texts = {e.doc_id: index.text(e.doc_id) for e in evidence}
    numbered = number_citations(evidence, metas, texts)
    citations = iter(numbered)
    lines = []
    for document in documents:
        lines.append(f"What the {document.meta.event} asked for, and what came of it:")
        for k, tracked in enumerate(document.items, start=1):
            item = next(citations)
            line = f"{k}. “{item.quote}” [{item.n}]: {STATUS_TEXT[tracked.status].lower()}"
            if tracked.mentions:
                later = next(citations)
                line += f"; {later.meta.publisher}, {later.meta.event}: “{later.quote}” [{later.n}]"
            lines.append(line)
    return _structured(retrieval, "\n".join(lines), numbered)


def _structured(retrieval: Retrieval, text: str, citations: Sequence[Citation]) -> Answer:
    """The answer: its text with the note of the filters in force, and its citations."""
    return Answer(
        question=retrieval.question,
        text=text + filters_note(retrieval),
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
    chosen = retrieval.requested if retrieval.requested is not None else retrieval.filters
    if chosen.active:
        note += f"\n\n(Filters in force: {chosen.describe()}.)"
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

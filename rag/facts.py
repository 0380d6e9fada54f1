"""Facts from the reports themselves: the evidence for a question about grades, a lead
inspector or inspection dates, taken from the judgement tables and front pages of the
inspection reports the question concerns."""

from __future__ import annotations

import re
from collections.abc import Mapping

from rag.grades import (
    Report,
    front_page_evidence,
    front_page_field,
    front_page_summary,
    grade_evidence,
    grade_summary,
    is_grade_question,
    wants_history,
)
from rag.names import councils_named
from rag.question import event_intent
from rag.records import DocumentMeta, Evidence, Retrieval
from rag.retrieve import RecordIndex

_PLURAL = re.compile(r"\b(grades|judgements|inspections|inspectors|each|every|all)\b", re.I)


def report_facts(
    index: RecordIndex, retrieval: Retrieval, metas: Mapping[str, DocumentMeta]
) -> tuple[str, list[Evidence], dict[str, str]] | None:
    """A plain summary line, the passages to quote and the reports' texts; None when the
    question is not about grades or front-page facts, or no report says."""
    question = retrieval.question
    field = front_page_field(question)
    if field is None and not is_grade_question(question):
        return None
    reports = reports_asked(index, retrieval, metas, graded=field is None)
    if field is not None:
        facts = front_page_evidence(field, reports)
        summary = front_page_summary(field, facts) if facts else ""
        evidence = [e for *_, e in facts]
    else:
        rows = grade_evidence(question, reports)
        councils = sorted({r.meta.authority or "The council" for r, *_ in rows})
        summary = grade_summary(" and ".join(councils), rows) if rows else ""
        evidence = [e for *_, e in rows]
    if not evidence:
        return None
    return summary, evidence, {r.doc_id: r.text for r in reports}


def reports_asked(
    index: RecordIndex, retrieval: Retrieval, metas: Mapping[str, DocumentMeta], graded: bool
) -> list[Report]:
    """The inspection reports a question concerns: of the council it names, of the visit it
    names, else every one for a question about change or in the plural, else the latest."""
    question = retrieval.question
    reports = [
        Report(doc_id, meta, index.text(doc_id))
        for doc_id, meta in metas.items()
        if meta.kind == "inspection report"
        and retrieval.filters.accepts(doc_id, meta)
        and (meta.judgements or not graded)
    ]
    named = councils_named(question)
    reports = [r for r in reports if not named or r.meta.authority in named]
    asked = event_intent(question, {r.meta.event for r in reports})
    if asked and not wants_history(question):
        return [r for r in reports if r.meta.event in asked]
    if reports and not wants_history(question) and not _PLURAL.search(question):
        latest = max(r.meta.date for r in reports)
        return [r for r in reports if r.meta.date == latest]
    return reports

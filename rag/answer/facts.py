"""Facts from the reports themselves: the evidence for a question about grades, a lead
inspector or inspection dates, taken from the judgement tables and front pages of the
inspection reports the question concerns."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from rag.query.understand import Intent
from rag.records import DocumentMeta, Evidence, Filters, Retrieval
from rag.search.index import RecordIndex
from rag.text.grades import (
    Report,
    front_page_evidence,
    front_page_summary,
    grade_evidence,
    grade_summary,
    is_letter,
    is_report,
)


def report_facts(
    index: RecordIndex, retrieval: Retrieval, metas: Mapping[str, DocumentMeta], intent: Intent
) -> tuple[str, list[Evidence], dict[str, str]] | None:
    """A plain summary line, the passages to quote and the reports' texts; None when the
    question is not about grades or front-page facts, or no report says."""
    fields = intent.front_page
    if not fields and not intent.grades:
        return None
    reports = reports_asked(index, retrieval.filters, metas, intent, graded=not fields)
    if fields:  # each fact asked, in the order asked
        found = [(f, facts) for f in fields if (facts := front_page_evidence(f, reports))]
        summary = " ".join(front_page_summary(f, facts) for f, facts in found)
        evidence = [e for _, facts in found for *_, e in facts]
    else:
        rows = grade_evidence(intent.question, reports)
        councils = sorted({r.meta.authority or "The council" for r, *_ in rows})
        summary = grade_summary(" and ".join(councils), rows) if rows else ""
        evidence = [e for *_, e in rows]
    if not evidence:
        return None
    return summary, evidence, {r.doc_id: r.text for r in reports}


def reports_asked(
    index: RecordIndex,
    filters: Filters,
    metas: Mapping[str, DocumentMeta],
    intent: Intent,
    graded: bool,
) -> list[Report]:
    """The inspection reports a question concerns: of the council it names, of the visit it
    names; for a question about change, every one, or those from the first to the last it
    names when it names two or more ("between the 2016 and 2019 inspections"); else every
    one for a question in the plural, else the latest of each council."""
    reports = [
        Report(doc_id, meta, index.text(doc_id))
        for doc_id, meta in metas.items()
        if (is_report(meta) or (is_letter(meta) and not graded))
        and filters.accepts(doc_id, meta)
        and (meta.judgements or not graded)
        and (not intent.councils or meta.authority in intent.councils)
    ]
    asked = [r for r in reports if r.meta.event in intent.events]
    if asked and not intent.history:
        return asked
    if intent.history and len({r.meta.event for r in asked}) >= 2:
        first, last = min(r.meta.date for r in asked), max(r.meta.date for r in asked)
        return [r for r in reports if first <= r.meta.date <= last]
    if reports and not intent.history and not intent.plural:
        return latest_of_each_council(reports)
    return reports


def latest_of_each_council(reports: Sequence[Report]) -> list[Report]:
    """Each council's most recent report (all reports of that date)."""
    latest: dict[str | None, dt.date] = {}
    for r in reports:
        latest[r.meta.authority] = max(latest.get(r.meta.authority, r.meta.date), r.meta.date)
    return [r for r in reports if r.meta.date == latest[r.meta.authority]]

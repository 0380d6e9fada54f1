""" "The story so far", for new managers: each Ofsted inspection and visit of the council asked
about, in date order, with its overall grade where it gave one and its headline finding in
Ofsted's words: the first sentence of the report's summary ("Headline findings", "Summary of
key findings"), or of a letter's findings after its opening paragraph.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from rag.query.question import describes_itself
from rag.query.understand import Intent
from rag.records import OVERALL, Chunk, DocumentMeta, Evidence, Filters
from rag.search.index import RecordIndex
from rag.text.grades import Report, grade_evidence, grade_summary, is_letter, is_report
from rag.text.sections import section_kind

MIN_WORDS = 10  # a headline is a sentence, not a heading or a table line
_LINE = re.compile(r"[A-Z][\w’' ]{2,40}:\s")


def story_evidence(
    index: RecordIndex,
    filters: Filters,
    metas: Mapping[str, DocumentMeta],
    intent: Intent,
) -> tuple[str, list[Evidence]]:
    """The grade path as a line, and for each Ofsted report or letter of the councils asked
    (oldest first) its overall grade row and its headline sentence."""
    documents = sorted(
        (
            (doc_id, meta)
            for doc_id, meta in metas.items()
            if (is_report(meta) or is_letter(meta))
            and filters.accepts(doc_id, meta)
            and (not intent.councils or meta.authority in intent.councils)
        ),
        key=lambda item: (item[1].date, item[0]),
    )
    reports = [Report(d, m, index.text(d)) for d, m in documents if m.judgements]
    rows = grade_evidence(OVERALL, reports)
    councils = sorted({r.meta.authority or "The council" for r, *_ in rows})
    summary = grade_summary(" and ".join(councils), rows) if rows else ""
    graded = {e.doc_id: e for *_, e in rows}
    evidence: list[Evidence] = []
    for doc_id, _ in documents:
        if doc_id in graded:
            evidence.append(graded[doc_id])
        headline = headline_sentence(doc_id, index.document_chunks(doc_id))
        if headline is not None:
            evidence.append(headline)
    return summary, evidence


def headline_sentence(doc_id: str, chunks: Sequence[Chunk]) -> Evidence | None:
    """The document's headline finding: the first full sentence of its summary section, else
    the first of its body after the opening passage."""
    sentences = [
        (chunk, span)
        for chunk in chunks
        for span in chunk.quotable
        if span.kind == "text"
        and _is_sentence(chunk.text[span.start - chunk.start : span.end - chunk.start])
    ]
    summary = [(c, s) for c, s in sentences if section_kind(c.section) == "summary"]
    body = [(c, s) for c, s in sentences if c.position > 0]
    chosen = (summary or body)[:1]
    if not chosen:
        return None
    span = chosen[0][1]
    return Evidence(doc_id, span.start, span.end, span.paragraph, 1.0)


def _is_sentence(text: str) -> bool:
    """A finding's sentence: ends as one, long enough, not a "Label: value" line and not about
    its own document ("This letter summarises ...")."""
    return (
        text.rstrip("”’\"')").endswith(".")
        and len(text.split()) >= MIN_WORDS
        and not _LINE.match(text)
        and "\n" not in text
        and not describes_itself(text)
    )

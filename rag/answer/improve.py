"""Answers from a document's own lists: what needs to improve, the section a report heads
"What needs to improve?" (ILACS), "What does the local authority need to improve?" (SIF) or
"Areas for improvement" (earlier frameworks); and what a visit looked at, the section a visit
letter heads "Areas covered by the visit". Each is quoted whole, for the document the question
asks about. Which section a passage sits in is read from the document's headings at ingest."""

from __future__ import annotations

from collections.abc import Sequence

from rag.records import Chunk, Evidence
from rag.text.sections import SectionKind, section_kind

MAX_SPANS = 24  # a list longer than this is quoted from its start


def section_evidence(chunks: Sequence[Chunk], kind: SectionKind) -> Evidence | None:
    """The document's first run of sections of this kind (one section, or a heading and its
    subsections: "Priority and immediate action", "Areas for improvement") as one quotation
    of the items; None when the document has none."""
    run: list[Chunk] = []
    for chunk in chunks:
        if section_kind(chunk.section) == kind:
            run.append(chunk)
        elif run:
            break
    spans = [(c, s) for c in run for s in c.quotable][:MAX_SPANS]
    if not spans:
        return None
    (chunk, first), (_, last) = spans[0], spans[-1]
    # from the start of the first item's line, so that its bullet is quoted with it
    start = chunk.start + chunk.text.rfind("\n", 0, first.start - chunk.start) + 1
    return Evidence(chunk.doc_id, start, last.end, first.paragraph, 1.0, is_list=True)

"""Answers from a document's own lists: what needs to improve, the section a report heads
"What needs to improve?" (ILACS), "What does the local authority need to improve?" (SIF) or
"Areas for improvement" (earlier frameworks); and what a visit looked at, the section a visit
letter heads "Areas covered by the visit". Each is quoted whole, for the document the question
asks about. Which section a passage sits in is read from the document's headings at ingest."""

from __future__ import annotations

from collections.abc import Sequence

from rag.records import Chunk, Evidence
from rag.text.sections import SectionKind, is_recommendation, section_kind

MAX_SPANS = 24  # a list longer than this is quoted from its start


def section_evidence(chunks: Sequence[Chunk], kind: SectionKind) -> Evidence | None:
    """The document's first run of sections of this kind (see `section_run`) as one quotation
    of the items; None when the document has none."""
    run = section_run(chunks, kind)
    spans = [(c, s) for c in run for s in c.quotable][:MAX_SPANS]
    if not spans:
        return None
    (chunk, first), (_, last) = spans[0], spans[-1]
    # from the start of the first item's line, so that its bullet is quoted with it
    start = chunk.start + chunk.text.rfind("\n", 0, first.start - chunk.start) + 1
    return Evidence(chunk.doc_id, start, last.end, first.paragraph, 1.0, is_list=True)


def section_run(chunks: Sequence[Chunk], kind: SectionKind) -> list[Chunk]:
    """The document's first run of sections of this kind: one section, or a heading and its
    subsections ("Priority and immediate action", "Areas for improvement"). A run opens at a
    section of the kind, or under a heading of the kind with subheadings stacked below it
    ("What does the local authority need to improve?" / "Priority and immediate action" /
    "Care leavers"); a subheading of an improvement list whose first line is a
    recommendation ("3. Ensure that ...", "4. Managers should ...") goes on with it; anything
    else ends it."""
    run: list[Chunk] = []
    for chunk in chunks:
        found = section_kind(chunk.section)
        if not run:
            if found == kind or headed_by(chunk, kind):
                run.append(chunk)
            continue
        same = chunk.section == run[-1].section
        if found == kind or same or (kind == "improve" and found == "body" and _recommends(chunk)):
            run.append(chunk)
        else:
            break
    return run


def headed_by(chunk: Chunk, kind: SectionKind) -> bool:
    """Whether a heading of this kind stands above the chunk's first sentence, over the
    subheading that names its section ("Areas for improvement" / "Quality of practice")."""
    if not chunk.quotable:
        return False
    above = chunk.text[: chunk.quotable[0].start - chunk.start]
    return any(section_kind(line.strip()) == kind for line in above.splitlines() if line.strip())


def _recommends(chunk: Chunk) -> bool:
    """Whether the chunk's first line is put as a recommendation (in the imperative, or
    saying what the council should do)."""
    if not chunk.quotable:
        return False
    first = chunk.quotable[0]
    line_start = chunk.text.rfind("\n", 0, first.start - chunk.start) + 1
    return is_recommendation(chunk.text[line_start : first.end - chunk.start])

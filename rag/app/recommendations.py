"""The recommendations tracker shown to people: a plain-text table for the terminal, and a
committee paper in Markdown and in Word (python-docx): one row per recommendation, what
each later document said quoted with its source, and the status read from the record."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from rag.answer.tracker import STATUS_TEXT, Mention, Tracked, TrackedDocument
from rag.records import DocumentMeta

SPEAKER = {"council": "the council", "press": "the press"}


def source_line(mention: Mention, metas: Mapping[str, DocumentMeta]) -> str:
    """Who said it, where and when: "Ofsted, July 2022 inspection (2022-09-21), paragraph 12"."""
    meta = metas[mention.doc_id]
    where = f", paragraph {mention.evidence.paragraph}" if mention.evidence.paragraph else ""
    page = meta.page_at(mention.evidence.start)
    where += f", page {page}" if page else ""
    speaker = (
        "Ofsted"
        if meta.source_type == "ofsted"
        else f"{meta.publisher} ({SPEAKER.get(meta.source_type, meta.source_type)})"
    )
    listed = " (listed again as still to improve or look at)" if mention.relisted else ""
    return f"{speaker}, {meta.event} ({meta.date.isoformat()}){where}{listed}"


def _heading(document: TrackedDocument) -> str:
    meta = document.meta
    return f"{meta.authority or ''}: {meta.event}, {meta.title} ({meta.date.isoformat()})".strip(
        ": "
    )


def _item_source(document: TrackedDocument, tracked: Tracked) -> str:
    paragraph = tracked.item.evidence.paragraph
    page = document.meta.page_at(tracked.item.evidence.start)
    parts = [f"paragraph {paragraph}" if paragraph else "", f"page {page}" if page else ""]
    return ", ".join(p for p in parts if p)


def terminal_table(documents: Sequence[TrackedDocument], metas: Mapping[str, DocumentMeta]) -> str:
    """The tracker as text: each report's items, numbered, each with its status and what
    later documents said."""
    if not documents:
        return "No Ofsted report or visit letter in the record has a list of what to improve."
    lines: list[str] = []
    for document in documents:
        lines += [_heading(document), ""]
        for n, tracked in enumerate(document.items, start=1):
            where = _item_source(document, tracked)
            lines.append(f"  {n}. {tracked.item.text}" + (f" ({where})" if where else ""))
            lines.append(f"     Status: {STATUS_TEXT[tracked.status]}")
            for mention in tracked.mentions:
                lines.append(f"     - {source_line(mention, metas)}:")
                lines.append(f"       “{mention.text}”")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def committee_markdown(
    documents: Sequence[TrackedDocument], metas: Mapping[str, DocumentMeta], title: str
) -> str:
    """A committee paper in Markdown: a table per report (recommendation, status, what later
    documents said), then the sources listed."""
    lines = [f"# {title}", ""]
    sources: dict[str, DocumentMeta] = {}
    for document in documents:
        sources[document.doc_id] = document.meta
        lines += [f"## {_heading(document)}", ""]
        lines += [
            "| # | Recommendation | Status | What later documents said |",
            "|---|---|---|---|",
        ]
        for n, tracked in enumerate(document.items, start=1):
            said = "<br>".join(
                f"{_cell(source_line(m, metas))}: “{_cell(m.text)}”" for m in tracked.mentions
            )
            for m in tracked.mentions:
                sources[m.doc_id] = metas[m.doc_id]
            lines.append(
                f"| {n} | {_cell(tracked.item.text)} | {STATUS_TEXT[tracked.status]} | "
                f"{said or '-'} |"
            )
        lines.append("")
    lines += ["## Sources", ""]
    for _, meta in sorted(sources.items(), key=lambda kv: (kv[1].date, kv[0])):
        url = f" {meta.url}" if meta.url else ""
        lines.append(f"- {meta.title}. {meta.publisher}, {meta.date.isoformat()}.{url}")
    return "\n".join(lines) + "\n"


def committee_docx(
    documents: Sequence[TrackedDocument],
    metas: Mapping[str, DocumentMeta],
    title: str,
    path: Path,
) -> Path:
    """The same committee paper as a Word document, one table row per recommendation."""
    from docx import Document

    paper = Document()
    paper.add_heading(title, level=1)
    sources: dict[str, DocumentMeta] = {}
    for document in documents:
        sources[document.doc_id] = document.meta
        paper.add_heading(_heading(document), level=2)
        table = paper.add_table(rows=1, cols=4)
        table.style = "Table Grid"
        for cell, text in zip(
            table.rows[0].cells,
            ("#", "Recommendation", "Status", "What later documents said"),
            strict=True,
        ):
            cell.text = text
        for n, tracked in enumerate(document.items, start=1):
            row = table.add_row().cells
            row[0].text = str(n)
            row[1].text = tracked.item.text
            row[2].text = STATUS_TEXT[tracked.status]
            row[3].text = (
                "\n".join(f"{source_line(m, metas)}: “{m.text}”" for m in tracked.mentions) or "-"
            )
            for m in tracked.mentions:
                sources[m.doc_id] = metas[m.doc_id]
    paper.add_heading("Sources", level=2)
    for _, meta in sorted(sources.items(), key=lambda kv: (kv[1].date, kv[0])):
        url = f" {meta.url}" if meta.url else ""
        paper.add_paragraph(f"{meta.title}. {meta.publisher}, {meta.date.isoformat()}.{url}")
    paper.save(str(path))
    return path
